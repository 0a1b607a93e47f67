# Shared by the install tests (sourced): steps run with their output captured in $scratch,
# failures counted. The sourcing script sets $scratch first.

failures=0
# The installed evo must not write the user's attempt log (~/.local/share/evo/logs.db).
export EVO_LOG=off

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run EXPECTED_EXIT NAME COMMAND...: runs COMMAND with stdout and stderr in $scratch/NAME.*
run() {
    expected=$1 name=$2
    shift 2
    "$@" >"$scratch/$name.out" 2>"$scratch/$name.err"
    status=$?
    if [ "$status" -ne "$expected" ]; then
        fail "$name: exit $status, expected $expected: $*"
        sed 's/^/  stdout: /' "$scratch/$name.out" >&2
        sed 's/^/  stderr: /' "$scratch/$name.err" >&2
        return 1
    fi
}

# expect NAME STREAM TEXT: the captured stream (out or err) of step NAME contains TEXT.
expect() {
    grep -qF -- "$3" "$scratch/$1.$2" || fail "$1: $2 lacks '$3'"
}

# finish SUCCESS_LINE: the exit status of the whole test.
finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures check(s) failed" >&2
        exit 1
    fi
    echo "$1"
}
