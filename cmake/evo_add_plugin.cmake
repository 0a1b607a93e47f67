# evo_add_plugin(NAME SOURCES src... [LIBRARIES lib...])
#
# Builds one evo plugin: a MODULE library named evo-NAME.so that links only evo::sdk (plus the
# LIBRARIES the plugin itself needs), with hidden visibility and no undefined symbols, so a
# missing dependency fails at link time rather than at load time. The C++ runtime is linked
# in within evo's tree and shared outside it (EVO_PLUGIN_SHARED_RUNTIME overrides), see below.
# Used by evo's own tree and, through find_package(evo), by third-party projects.
function(evo_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  set(target evo-plugin-${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  # Every plugin of a project, for a target that builds them all (evo's evo_runtime).
  set_property(GLOBAL APPEND PROPERTY EVO_PLUGIN_TARGETS ${target})
  target_link_libraries(${target} PRIVATE evo::sdk ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME evo-${name}
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # Export the entry point alone, whatever default-visibility symbols headers bring along.
  set(version_script ${CMAKE_CURRENT_BINARY_DIR}/${target}.map)
  file(WRITE ${version_script} "{ global: evo_plugin_entry; local: *; };\n")
  target_link_options(${target} PRIVATE -Wl,--version-script=${version_script})
  # clang's sanitizer runtime lives in the executable, so a sanitized clang plugin has
  # undefined __asan_* symbols by design.
  if(NOT (EVO_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang"))
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  # libstdc++ and libgcc linked in, made local by the version script: a plugin then needs only
  # libc from the loader. Loading the shared libstdc++ costs every evo that loads a plugin
  # ~3 M instructions of symbol lookups (its own relocations bind through the symbol table);
  # linked in, its references are resolved at link time and the dropped parts never load.
  # Nothing of the runtime crosses the C ABI, so each plugin having its own copy is safe.
  # Not under the sanitizers, whose runtime wants the shared libstdc++. Nor, unless asked, in a
  # project outside evo's tree: there the SDK's Boost.JSON is the shared libboost_json, and an
  # exception it throws (a parse error) unwinding into a plugin with its own libgcc aborts the
  # process; evo's own plugins have Boost.JSON compiled in (evo_plugin_boost_json).
  set(shared_runtime ${EVO_PLUGIN_SHARED_RUNTIME})
  if(NOT DEFINED EVO_PLUGIN_SHARED_RUNTIME AND NOT TARGET evo_plugin_boost_json)
    set(shared_runtime ON)
  endif()
  if(NOT EVO_SANITIZE AND NOT shared_runtime)
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc -Wl,--gc-sections)
  endif()
  if(TARGET evo_warnings)
    target_link_libraries(${target} PRIVATE evo_warnings)
  endif()
  if(DEFINED EVO_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${EVO_PLUGIN_OUTPUT_DIR})
  endif()
  if(DEFINED EVO_INSTALL_PLUGINDIR AND EVO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${EVO_INSTALL_PLUGINDIR})
  endif()
endfunction()
