# evo's man page and shell completions, generated at build time from the built evo itself
# (its --help text and `evo completion SHELL`), laid out in the build tree as installed:
#   share/man/man1/evo.1
#   share/bash-completion/completions/evo
#   share/zsh/site-functions/_evo
#   share/fish/vendor_completions.d/evo.fish
# The man page needs help2man (Debian package help2man, in scripts/setup); without it the
# page is skipped with a warning and the rest is built and installed as usual.
set(evo_shell_dir ${PROJECT_BINARY_DIR}/${CMAKE_INSTALL_DATADIR})
set(evo_completion_files
  ${evo_shell_dir}/bash-completion/completions/evo
  ${evo_shell_dir}/zsh/site-functions/_evo
  ${evo_shell_dir}/fish/vendor_completions.d/evo.fish)
set(evo_completion_shells bash zsh fish)
set(evo_shell_outputs)
foreach(shell file IN ZIP_LISTS evo_completion_shells evo_completion_files)
  get_filename_component(dir ${file} DIRECTORY)
  add_custom_command(OUTPUT ${file}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND $<TARGET_FILE:evo> completion ${shell} > ${file}
    DEPENDS evo
    COMMENT "evo completion ${shell}"
    VERBATIM)
  list(APPEND evo_shell_outputs ${file})
  if(EVO_INSTALL) # where the build tree has it, under the prefix
    file(RELATIVE_PATH installed_dir ${PROJECT_BINARY_DIR} ${dir})
    install(FILES ${file} DESTINATION ${installed_dir})
  endif()
endforeach()

find_program(EVO_HELP2MAN help2man)
set(evo_man_page ${evo_shell_dir}/man/man1/evo.1)
if(EVO_HELP2MAN)
  add_custom_command(OUTPUT ${evo_man_page}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${evo_shell_dir}/man/man1
    COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/evo_man_page.sh ${EVO_HELP2MAN} $<TARGET_FILE:evo>
      ${evo_man_page}
    DEPENDS evo ${PROJECT_SOURCE_DIR}/cmake/evo_man_page.sh
    COMMENT "evo.1 from evo --help (help2man)"
    VERBATIM)
  list(APPEND evo_shell_outputs ${evo_man_page})
else()
  message(WARNING "help2man not found: evo's man page is not built (apt-get install help2man)")
endif()
add_custom_target(evo_shell_files ALL DEPENDS ${evo_shell_outputs})

if(EVO_INSTALL)
  if(EVO_HELP2MAN)
    install(FILES ${evo_man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  endif()
endif()
