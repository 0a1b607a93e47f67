#!/bin/sh
# Writes evo's man page from its own help text: help2man turns `evo --help` and
# `evo --version` into the page, and a COMMANDS section holds `evo CMD --help` of every
# command and subcommand, so the page says what the binary says.
#   evo_man_page.sh HELP2MAN EVO OUTPUT
set -eu
help2man=$1 evo=$2 output=$3
include="$output.include"
export NO_COLOR=1 COLUMNS=100

# The names under "Subcommands:" in the help of `evo $*`.
subcommands() {
  "$evo" "$@" --help | awk '/^Subcommands:/ { inside = 1; next }
    inside && /^$/ { exit }
    inside && /^  [^ ]/ { print $1 }'
}

# One command's help, verbatim in roff: backslashes escaped, no line read as a request.
section() {
  printf '.SS "evo %s"\n.nf\n' "$*"
  "$evo" "$@" --help | sed -e 's/\\/\\e/g' -e "s/^[.']/\\\\\&&/"
  printf '.fi\n'
}

{
  printf '[COMMANDS]\n'
  for command in $(subcommands); do
    section "$command"
    for sub in $(subcommands "$command"); do
      section "$command" "$sub"
    done
  done
  printf '[SEE ALSO]\nThe full documentation is in the docs/ folder of evo'"'"'s sources:\n'
  printf 'docs/manifest.md (every manifest key), docs/providers.md, docs/plugins.md.\n'
  printf 'Shell completion: \\fBevo completion bash|zsh|fish\\fR.\n'
} >"$include"

"$help2man" --no-info --no-discard-stderr --section 1 \
  --name "generate, validate and evolve code through composable plugins" \
  --include "$include" --output "$output" "$evo"
rm -f "$include"
