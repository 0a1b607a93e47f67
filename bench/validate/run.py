#!/usr/bin/env python3
"""bench/validate: evo's validators against their peers, on the same files, in one run.

Measures files/s and lines/s over the standard library of the machine's Python (test
directories excluded) for
  - evo validate with python-syntax, with python-security, and with both,
  - Debian's `bandit -r`-equivalent on the same file list,
  - a one-process Python loop calling compile() on each file (Debian's python3.11, the
    interpreter evo's python-syntax embeds),
checks that python-syntax's verdicts equal compile()'s on every file, and prints the ratios.

usage: run.py --evo BUILD/bin/evo [--root /usr/lib/python3.11] [--runs 3] [--jobs N]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

EXCLUDED_DIRS = {"test", "tests", "idle_test", "__pycache__", "site-packages", "dist-packages"}

COMPILE_LOOP = r"""
import sys
failed = []
for path in open(sys.argv[1]).read().splitlines():
    with open(path, 'rb') as f:
        source = f.read()
    try:
        compile(source, path, 'exec', dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        failed.append(path)
print('\n'.join(failed))
"""

MANIFEST = """
[pipeline]
validators = [{validators}]
scheduler = "threadpool"
fail_on = "high"
{tables}
[plugins.threadpool]
adaptive = false # measure throughput at a fixed --jobs, as the peers run unthrottled
"""


def python_files(root):
    files = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in EXCLUDED_DIRS)
        files += [os.path.join(directory, n) for n in sorted(names) if n.endswith(".py")]
    return files


def timed(command, runs, **kwargs):
    """Median wall seconds over `runs` runs after one warm-up, and the last run's result."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    seconds = []
    for _ in range(runs):
        start = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, **kwargs)
        seconds.append(time.monotonic() - start)
    return statistics.median(seconds), min(seconds), max(seconds), result


def write_manifest(directory, validators):
    tables = "".join(f"[plugins.{v}]\n" for v in validators)
    path = os.path.join(directory, "-".join(validators) + ".toml")
    with open(path, "w") as f:
        f.write(MANIFEST.format(validators=", ".join(f'"{v}"' for v in validators), tables=tables))
    return path


def syntax_rejects(evo_json):
    findings = json.loads(evo_json)["findings"]
    return {f["file"] for f in findings if f["layer"] == "python-syntax"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--evo", required=True)
    parser.add_argument("--root", default="/usr/lib/python3.11")
    parser.add_argument("--python", default="/usr/bin/python3.11")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--skip-bandit", action="store_true")
    args = parser.parse_args()

    files = python_files(args.root)
    lines = 0
    for path in files:
        with open(path, "rb") as f:
            lines += f.read().count(b"\n")
    print(f"corpus: {len(files)} files, {lines} lines under {args.root} (test dirs excluded); "
          f"{os.cpu_count()} CPUs, {args.runs} runs after a warm-up, median\n", file=sys.stderr)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        listing = os.path.join(tmp, "files.txt")
        with open(listing, "w") as f:
            f.write("\n".join(files))
        loop = os.path.join(tmp, "compile_loop.py")
        with open(loop, "w") as f:
            f.write(COMPILE_LOOP)

        median, lo, hi, result = timed([args.python, loop, listing], args.runs)
        compile_rejects = {p for p in result.stdout.splitlines() if p}
        rows.append(("python compile() loop, 1 process", median, lo, hi))
        compile_seconds = median

        evo_rows = {}
        for validators in (["python-syntax"], ["python-security"], ["python-syntax", "python-security"]):
            manifest = write_manifest(tmp, validators)
            command = [args.evo, "-m", manifest, "validate", "--format", "json", "--jobs", str(args.jobs)] + files
            median, lo, hi, result = timed(command, args.runs)
            if result.returncode not in (0, 1):
                sys.exit(f"evo failed ({result.returncode}): {result.stderr.strip()}")
            evo_rows[tuple(validators)] = (median, result.stdout)
            rows.append(("evo validate: " + " + ".join(validators), median, lo, hi))

        bandit_seconds = None
        if not args.skip_bandit:
            median, lo, hi, _ = timed(["bandit", "-q", "-f", "json", "-o", os.path.join(tmp, "b.json")] + files,
                                      max(1, args.runs // 2))
            bandit_seconds = median
            rows.append(("bandit (all its rules)", median, lo, hi))

    print(f"{'tool':<46}{'median s':>10}{'min-max s':>16}{'files/s':>10}{'lines/s':>12}")
    for name, median, lo, hi in rows:
        print(f"{name:<46}{median:>10.3f}{f'{lo:.3f}-{hi:.3f}':>16}{len(files) / median:>10.0f}{lines / median:>12.0f}")

    syntax_seconds, syntax_json = evo_rows[("python-syntax",)]
    security_seconds, _ = evo_rows[("python-security",)]
    both_seconds, _ = evo_rows[("python-syntax", "python-security")]
    evo_rejects = syntax_rejects(syntax_json)
    print()
    print(f"{'ratio':<60}{'measured':>10}{'target':>10}")
    if bandit_seconds:
        print(f"{'python-security files/s vs bandit files/s':<60}{bandit_seconds / security_seconds:>9.1f}x{'>= 50x':>10}")
    print(f"{'python-syntax files/s vs compile() loop':<60}{compile_seconds / syntax_seconds:>9.2f}x{'>= 1.8x':>10}")
    print(f"{'syntax + security files/s vs compile() loop':<60}{compile_seconds / both_seconds:>9.2f}x{'>= 1.2x':>10}")
    same = evo_rejects == compile_rejects
    print(f"\nverdicts: compile() rejects {len(compile_rejects)} files, python-syntax rejects {len(evo_rejects)}: "
          f"{'identical' if same else 'DIFFERENT'}")
    if not same:
        for path in sorted(evo_rejects ^ compile_rejects)[:10]:
            print("  differs:", path)
        sys.exit(1)


if __name__ == "__main__":
    main()
