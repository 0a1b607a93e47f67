#!/bin/sh
# Installs the current build into a scratch prefix and, with the installed evo alone, writes a
# project of each kind with `evo plugins new`, builds it against the prefix and runs its own
# tests (the test host and `evo plugins inspect`). The validator then goes the README's way:
# `evo plugins install`, found by name from a manifest, its finding reported by `evo
# validate`. Last, a validator broken on purpose must fail its project's tests: they test
# something.
#
# usage: plugin_scaffold.sh CMAKE BUILD_DIR GENERATOR CXX_COMPILER
set -u
cmake=$1 build=$2 generator=$3 cxx=$4

scratch=$(mktemp -d "${TMPDIR:-/tmp}/evo-scaffold-test.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix
evo=$prefix/bin/evo
. "$(dirname "$0")/steps.sh"
export XDG_DATA_HOME="$scratch/data" # evo plugins install writes the user's plugin directory

run 0 install "$cmake" --install "$build" --prefix "$prefix" || exit 1

# build_and_test NAME: configures and builds project $scratch/NAME, then runs its ctest.
build_and_test() {
    dir=$scratch/$1
    run 0 "$1-configure" "$cmake" -S "$dir" -B "$dir/build" -G "$generator" \
        -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF || return 1
    run 0 "$1-build" "$cmake" --build "$dir/build" || return 1
    run 0 "$1-ctest" ctest --test-dir "$dir/build" --output-on-failure
}

for kind in provider validator cache scheduler; do
    project=my-$kind # not $name: run() sets that
    run 0 "$project-new" "$evo" plugins new "$kind" "$project" "$scratch/$project" || continue
    build_and_test "$project" || continue
    expect "$project-ctest" out "100% tests passed, 0 tests failed out of 2"
    run 0 "$project-example" "$evo" -m "$scratch/$project/evo.example.toml" manifest check
    expect "$project-example" out "$project: $project 0.1.0 ($kind)"
done

# The README's way: installed for this user, found by name, run by evo validate.
validator=$scratch/my-validator
run 0 user-install "$evo" plugins install "$validator/build/evo-my-validator.so"
expect user-install out "$XDG_DATA_HOME/evo/plugins/evo-my-validator.so"
printf '[pipeline]\nvalidators = ["my-validator"]\n\n[plugins.my-validator]\nmarker = "XXX"\n' >"$scratch/evo.toml"
printf 'x = 1\ny = 2  # XXX\n' >"$scratch/marked.py"
run 0 validate "$evo" -m "$scratch/evo.toml" validate "$scratch/marked.py"
expect validate out "marked.py:2:10: low [my-validator MARKER] line holds 'XXX'"

# A validator that finds nothing fails its own tests.
sed -i 's/text.find(marker_)/std::string_view::npos/' "$validator/plugin.cpp"
grep -q 'std::string_view::npos; at != ' "$validator/plugin.cpp" || fail "broken: the plugin was not changed"
run 0 broken-build "$cmake" --build "$validator/build" &&
    run 8 broken-ctest ctest --test-dir "$validator/build" --output-on-failure
expect broken-ctest out "FAIL: one marker, one finding"

finish "every kind's project built against the installed evo and passed its tests"
