#!/bin/sh
# Installs the current build into a scratch prefix, builds the example plugin of
# docs/examples/max-line-length out of tree against that prefix alone, and drives the
# installed evo with it: plugins inspect, plugins, manifest check (good and bad config),
# and gen through the installed replay provider (a line of exactly the limit passes, one
# character more is rejected). Then the man page and the shell completions: installed, the
# page rendered without a warning, the installed bash completion completing a command.
#
# usage: out_of_tree_plugin.sh CMAKE BUILD_DIR EXAMPLE_DIR GENERATOR CXX_COMPILER
set -u
cmake=$1 build=$2 example=$3 generator=$4 cxx=$5

scratch=$(mktemp -d "${TMPDIR:-/tmp}/evo-install-test.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix
example_build=$scratch/example-build
evo=$prefix/bin/evo
. "$(dirname "$0")/steps.sh"

# Steps whose failure makes every later step meaningless stop the test at once.
run 0 install "$cmake" --install "$build" --prefix "$prefix" || exit 1
run 0 configure "$cmake" -S "$example" -B "$example_build" -G "$generator" \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF || exit 1
grep -qxF "evo_DIR:PATH=$prefix/lib/cmake/evo" "$example_build/CMakeCache.txt" ||
    { fail "the example did not find evo in $prefix"; exit 1; }
run 0 build "$cmake" --build "$example_build" || exit 1
plugin=$example_build/evo-max-line-length.so
[ -f "$plugin" ] || { fail "no $plugin"; exit 1; }

run 0 inspect "$evo" plugins inspect "$plugin"
expect inspect out '"name":"max-line-length"'
expect inspect out '"kind":"validator"'
expect inspect out '"abi":"1.0"'
expect inspect out '"minimum":1'

# plugin_path and the cassette are relative to the manifest; replay comes from the install.
mkdir "$scratch/plugins" && cp "$plugin" "$scratch/plugins/"
cat >"$scratch/cassette.jsonl" <<'JSONL'
{"request": {"messages": [{"role": "user", "content": "short lines"}]}, "response": "```python\ndef add(a, b):\n    return a + b  # exactly at the limit\n```\n"}
{"request": {"messages": [{"role": "user", "content": "a long line"}]}, "response": "```python\ndef add(a, b):\n    return a + b  # exactly at the limit.\n```\n"}
JSONL
cat >"$scratch/evo.toml" <<'TOML'
plugin_path = "plugins"

[pipeline]
provider = "replay"
validators = ["line-length"]

[plugins.replay]
cassette = "cassette.jsonl"
match = "prompt"

[plugins.line-length]
plugin = "max-line-length"
on_fail = "reject"
max = 40
TOML
sed 's/^max = .*/max = 0/' "$scratch/evo.toml" >"$scratch/bad.toml"

run 0 check "$evo" manifest check "$scratch/evo.toml"
expect check out 'line-length: max-line-length 1.0.0 (validator)'
expect check out 'replay: replay'

run 0 list "$evo" -m "$scratch/evo.toml" plugins --json
expect list out "\"file\":\"$scratch/plugins/evo-max-line-length.so\""
expect list out "\"file\":\"$prefix/lib/evo/plugins/evo-replay.so\""

run 2 bad-config "$evo" manifest check "$scratch/bad.toml"
expect bad-config err "$scratch/bad.toml:14:7: [plugins.line-length] max: must be at least 1"

run 0 gen-pass "$evo" -m "$scratch/evo.toml" gen --lang python "short lines"
printf 'def add(a, b):\n    return a + b  # exactly at the limit\n' | cmp -s - "$scratch/gen-pass.out" ||
    fail "gen-pass: stdout is not the replayed code"

run 1 gen-reject "$evo" -m "$scratch/evo.toml" gen --lang python "a long line"
expect gen-reject err '<generated>:2:41: medium [line-length MAX-LINE-LENGTH] line is 41 characters long, the limit is 40'
[ -s "$scratch/gen-reject.out" ] && fail "gen-reject: rejected code reached stdout"

# The man page (when the build had help2man) and the completions, made from evo's help.
man_page=$prefix/share/man/man1/evo.1
grep -q '^EVO_HELP2MAN:FILEPATH=/' "$build/CMakeCache.txt" || man_page=
for file in $man_page "$prefix/share/bash-completion/completions/evo" \
    "$prefix/share/zsh/site-functions/_evo" "$prefix/share/fish/vendor_completions.d/evo.fish"; do
    [ -s "$file" ] || fail "not installed: $file"
done
if [ -n "$man_page" ] && command -v groff >/dev/null 2>&1; then
    run 0 man-render groff -man -Tutf8 -ww "$man_page"
    [ -s "$scratch/man-render.err" ] && fail "man-render: groff warns: $(head -n 3 "$scratch/man-render.err")"
    expect man-render out 'evo init'
    expect man-render out 'evo completion'
    expect man-render out '--local-llm'
fi
if [ -n "$man_page" ] && command -v man >/dev/null 2>&1; then
    run 0 man-l env MANPAGER=cat MANWIDTH=80 man -l "$man_page"
    expect man-l out 'evo - generate, validate and evolve code'
fi
# shellcheck disable=SC2016 # expanded by that bash, from its arguments
run 0 bash-completion bash -c '. "$1"; COMP_WORDS=("$2" va); COMP_CWORD=1; _evo; echo "${COMPREPLY[*]}"' \
    sh "$prefix/share/bash-completion/completions/evo" "$evo"
grep -qx validate "$scratch/bash-completion.out" || fail "bash-completion: 'evo va' did not complete to validate"

finish "installed evo built and loaded the out-of-tree plugin"
