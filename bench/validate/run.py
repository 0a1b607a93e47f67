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

# What two cores of this machine give two compile() loops that share nothing: the ceiling
# for any two-process compile of the same files.
CEILING = "python compile() loops, 2 processes on halves"

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


def run_once(commands):
    """Runs the commands at once; wall seconds until all ended, and the first one's result."""
    start = time.monotonic()
    processes = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    outputs = [p.communicate() for p in processes]
    elapsed = time.monotonic() - start
    first = processes[0]
    return elapsed, subprocess.CompletedProcess(first.args, first.returncode, *outputs[0])


def balanced_halves(files):
    """Two lists of files of about equal total size, largest first (greedy)."""
    halves, totals = ([], []), [0, 0]
    for path in sorted(files, key=os.path.getsize, reverse=True):
        smaller = 0 if totals[0] <= totals[1] else 1
        halves[smaller].append(path)
        totals[smaller] += os.path.getsize(path)
    return halves


def timed_together(commands, runs):
    """Each entry (commands run at once) once as a warm-up, then `runs` rounds running each
    once in turn, so that a machine that speeds up or slows down during the run affects every
    entry alike. Per entry: (median, min, max) wall seconds and the last round's result."""
    results = {name: run_once(command)[1] for name, command in commands.items()}
    seconds = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, results[name] = run_once(command)
            seconds[name].append(elapsed)
    return {name: (statistics.median(s), min(s), max(s), results[name]) for name, s in seconds.items()}


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

        halves = []
        for i, half in enumerate(balanced_halves(files)):
            halves.append(os.path.join(tmp, f"half{i}.txt"))
            with open(halves[-1], "w") as f:
                f.write("\n".join(half))
        commands = {"python compile() loop, 1 process": [[args.python, loop, listing]],
                    CEILING: [[args.python, loop, half] for half in halves]}
        evo_names = {}
        for validators in (["python-syntax"], ["python-security"], ["python-syntax", "python-security"]):
            manifest = write_manifest(tmp, validators)
            name = "evo validate: " + " + ".join(validators)
            evo_names[tuple(validators)] = name
            commands[name] = [[args.evo, "-m", manifest, "validate", "--format", "json", "--jobs", str(args.jobs)] + files]
        measured = timed_together(commands, args.runs)
        for name, (median, lo, hi, result) in measured.items():
            if name in evo_names.values() and result.returncode not in (0, 1):
                sys.exit(f"evo: error: bench-validate: evo failed ({result.returncode}): {result.stderr.strip()}")
            rows.append((name, median, lo, hi))
        compile_seconds, _, _, compile_result = measured["python compile() loop, 1 process"]
        ceiling_seconds = measured[CEILING][0]
        compile_rejects = {p for p in compile_result.stdout.splitlines() if p}
        evo_rows = {v: (measured[name][0], measured[name][3].stdout) for v, name in evo_names.items()}

        bandit_seconds = None
        if not args.skip_bandit:
            bandit = {"bandit (all its rules)": [["bandit", "-q", "-f", "json", "-o", os.path.join(tmp, "b.json")] + files]}
            median, lo, hi, _ = timed_together(bandit, max(1, args.runs // 2))["bandit (all its rules)"]
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
    print(f"{'(this machine: 2 compile() loops on halves vs 1 loop':<60}{compile_seconds / ceiling_seconds:>9.2f}x{'':>10})")
    same = evo_rejects == compile_rejects
    print(f"\nverdicts: compile() rejects {len(compile_rejects)} files, python-syntax rejects {len(evo_rejects)}: "
          f"{'identical' if same else 'DIFFERENT'}")
    if not same:
        for path in sorted(evo_rejects ^ compile_rejects)[:10]:
            print("  differs:", path)
        sys.exit(1)


if __name__ == "__main__":
    main()
