#!/usr/bin/env python3
"""bench/validate corpus: evo's security findings beside bandit's and shellcheck's, per rule,
on real code that is already on the machine (nothing is fetched).

Corpora
  stdlib         the machine's Python standard library (/usr/lib/python3.11, test dirs excluded)
  dist-packages  the system's Python packages (/usr/lib/python3/dist-packages, every .py)
  shell          the system's shell scripts: files under /usr/bin, /usr/sbin, /etc,
                 /usr/share, /usr/lib whose first line is a sh/bash/dash shebang or whose
                 name ends in .sh (symlinks resolved once, capped by --max-shell)

Each tool runs on the same file list: evo validate --no-cache with python-security (the
median of 3 runs) resp. shell-security (which runs shellcheck itself) with --jobs N, then
bandit (all its default rules) and `shellcheck -f json` once, each one process as people
run them. Findings are matched per
rule (bandit test id = evo's external_id, shellcheck code = evo's SC external_id): same file
and same line ("exact"), else same file and the evo line within one line of bandit's, or
inside the statement's line_range bandit reports ("near": multi-line statements, where one
tool names the first line and the other the call's). Recall = matched / bandit's findings on
the rules evo covers (its rules.hpp); the issue's target is >= 95%, and >= 50x bandit's
files/s on the standard library. Numbers never fail the run: exit 1 only when a tool that
is installed fails to run, 2 for bad arguments.

usage: corpus.py --evo BUILD/bin/evo [--quick] [--json OUT] [--examples N] [--max-shell N]
"""
import argparse
import collections
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RULES_HPP = os.path.join(HERE, "..", "..", "plugins", "validators", "python-security", "rules.hpp")
STDLIB = "/usr/lib/python3.11"
DIST_PACKAGES = "/usr/lib/python3/dist-packages"
SHELL_ROOTS = ["/usr/bin", "/usr/sbin", "/etc", "/usr/share", "/usr/lib"]
EXCLUDED_DIRS = {"test", "tests", "idle_test", "__pycache__", "site-packages", "dist-packages"}
SHEBANG = re.compile(rb"^#!\s*(/usr)?/bin/(env\s+)?(sh|bash|dash)\b")
MAX_SHELL_BYTES = 512 * 1024

MANIFEST = """
[pipeline]
validators = ["{validator}"]
scheduler = "threadpool"
fail_on = "high"
[plugins.{validator}]
[plugins.threadpool]
adaptive = false # measure throughput at a fixed --jobs
"""


def python_files(root, excluded):
    files = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in excluded)
        files += [os.path.join(directory, n) for n in sorted(names) if n.endswith(".py")]
    return files


def is_shell_script(path):
    if path.endswith(".sh"):
        return True
    try:
        with open(path, "rb") as f:
            return bool(SHEBANG.match(f.read(64)))
    except OSError:
        return False


def shell_files(limit):
    """Regular files (each once, symlinks resolved) that are sh/bash scripts, up to limit."""
    seen, files = set(), []
    for root in SHELL_ROOTS:
        for directory, subdirs, names in os.walk(root):
            subdirs[:] = sorted(d for d in subdirs if d not in {"__pycache__", "doc"})
            for name in sorted(names):
                path = os.path.realpath(os.path.join(directory, name))
                if path in seen or not os.path.isfile(path):
                    continue
                seen.add(path)
                if 0 < os.path.getsize(path) <= MAX_SHELL_BYTES and is_shell_script(path):
                    files.append(path)
                    if len(files) >= limit:
                        return files
    return files


def count_lines(files):
    total = 0
    for path in files:
        with open(path, "rb") as f:
            total += f.read().count(b"\n")
    return total


def covered_bandit_ids():
    """The bandit ids evo's python-security maps (its rule table), or None when not found."""
    try:
        with open(RULES_HPP) as f:
            source = f.read()
    except OSError:
        return None
    return set(re.findall(r'rule_info\{[^}]*?"(B\d{3})"', source, re.S))


def timed(command):
    start = time.monotonic()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return time.monotonic() - start, result


def run_evo(evo, tmp, validator, files, jobs, runs=1):
    """The median wall time of `runs` runs (evo takes a second where its peers take a minute:
    a few runs cost nothing and steady the ratio) and the last run's report."""
    manifest = os.path.join(tmp, validator + ".toml")
    with open(manifest, "w") as f:
        f.write(MANIFEST.format(validator=validator))
    command = [evo, "-m", manifest, "validate", "--no-cache", "--format", "json", "--jobs", str(jobs)] + files
    seconds = []
    for _ in range(runs):
        elapsed, result = timed(command)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"evo exited {result.returncode}: {result.stderr.strip()[:300]}")
        seconds.append(elapsed)
    return statistics.median(seconds), json.loads(result.stdout)


def run_bandit(bandit, tmp, files):
    out = os.path.join(tmp, "bandit.json")
    seconds, result = timed(bandit + ["-q", "-f", "json", "-o", out] + files)
    if result.returncode not in (0, 1) or not os.path.exists(out):
        raise RuntimeError(f"bandit exited {result.returncode}: {result.stderr.strip()[:300]}")
    with open(out) as f:
        report = json.load(f)
    findings = [{"file": r["filename"], "line": r["line_number"], "id": r["test_id"],
                 "range": r.get("line_range") or [r["line_number"]], "text": r["issue_text"]}
                for r in report["results"]]
    return seconds, findings, len(report.get("errors", []))


def run_shellcheck(shellcheck, files):
    seconds, result = timed([shellcheck, "-f", "json"] + files)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"shellcheck exited {result.returncode}: {result.stderr.strip()[:300]}")
    findings = [{"file": c["file"], "line": c["line"], "id": f"SC{c['code']}", "range": [c["line"]],
                 "text": c["message"]} for c in json.loads(result.stdout or "[]")]
    return seconds, findings


def evo_findings(report, prefix):
    return [{"file": f["file"], "line": f["line"], "id": f.get("external_id") or "", "rule": f["rule_id"],
             "text": f["message"]}
            for f in report["findings"] if (f.get("external_id") or "").startswith(prefix)]


def match(evo, peer):
    """Per rule id: counts of exact and near matches, and the unmatched findings of each side."""
    evo_by = collections.defaultdict(list)
    for f in evo:
        evo_by[(f["file"], f["id"])].append(f)
    peer_by = collections.defaultdict(list)
    for f in peer:
        peer_by[(f["file"], f["id"])].append(f)
    stats = collections.defaultdict(lambda: {"peer": 0, "evo": 0, "exact": 0, "near": 0,
                                             "evo_only": [], "peer_only": []})
    for key in sorted(set(evo_by) | set(peer_by)):
        rule = stats[key[1]]
        mine, theirs = list(evo_by.get(key, [])), list(peer_by.get(key, []))
        rule["evo"] += len(mine)
        rule["peer"] += len(theirs)
        for kind, fits in (("exact", lambda e, p: e["line"] == p["line"]),
                           ("near", lambda e, p: abs(e["line"] - p["line"]) <= 1
                            or min(p["range"]) <= e["line"] <= max(p["range"]))):
            for p in list(theirs):
                partner = next((e for e in mine if fits(e, p)), None)
                if partner is not None:
                    mine.remove(partner)
                    theirs.remove(p)
                    rule[kind] += 1
        rule["evo_only"] += mine
        rule["peer_only"] += theirs
    return stats


def print_speed(rows):
    print(f"{'tool':<58}{'files':>7}{'seconds':>10}{'files/s':>10}")
    for name, files, seconds in rows:
        print(f"{name:<58}{files:>7}{seconds:>10.2f}{files / seconds:>10.1f}")


def print_rules(title, peer_name, stats, covered, limit):
    print(f"\n{title}")
    print(f"{'rule':<7}{'cov':>4}{peer_name:>10}{'evo':>7}{'exact':>7}{'±1':>5}{'evo-only':>10}"
          f"{peer_name + '-only':>{len(peer_name) + 7}}{'recall':>8}")
    ordered = sorted(stats.items(), key=lambda kv: (-(kv[1]["peer"] + kv[1]["evo"]), kv[0]))
    for rule_id, s in ordered[:limit]:
        is_covered = covered is None or rule_id in covered
        recall = f"{(s['exact'] + s['near']) / s['peer']:.0%}" if s["peer"] and is_covered else "-"
        print(f"{rule_id:<7}{'yes' if is_covered else 'no':>4}{s['peer']:>10}{s['evo']:>7}{s['exact']:>7}"
              f"{s['near']:>5}{len(s['evo_only']):>10}{len(s['peer_only']):>{len(peer_name) + 7}}{recall:>8}")
    if len(ordered) > limit:
        print(f"... {len(ordered) - limit} more rules (all of them with --json)")
    picked = [s for r, s in stats.items() if covered is None or r in covered]
    peer = sum(s["peer"] for s in picked)
    matched = sum(s["exact"] + s["near"] for s in picked)
    near = sum(s["near"] for s in picked)
    evo_only = sum(len(s["evo_only"]) for s in picked)
    print(f"covered rules: {peer_name} {peer}, matched {matched} ({near} of them ±1/line range), "
          f"evo-only {evo_only}, {peer_name}-only {peer - matched}; "
          f"recall {matched / peer if peer else 1:.1%}")
    renamed = other_id_pairs(stats, covered)
    if renamed:
        pairs = ", ".join(f"{theirs}->{mine} {n}" for (theirs, mine), n in renamed.most_common())
        print(f"{peer_name}-only findings with an evo-only finding of another id on the same line: {pairs}")
    return {"peer": peer, "matched": matched, "near": near, "evo_only": evo_only,
            "recall": matched / peer if peer else None,
            "other_id_same_line": {f"{t}->{m}": n for (t, m), n in renamed.items()}}


def other_id_pairs(stats, covered):
    """(peer id, evo id) -> how many unmatched peer findings on a covered rule have an unmatched
    evo finding of another id on the same file and line: the same finding under two names
    (bandit 1.6.2's B303 for hashlib.md5 is B324 in newer bandit and in evo)."""
    evo_lines = collections.defaultdict(set)
    for rule_id, s in stats.items():
        for f in s["evo_only"]:
            evo_lines[(f["file"], f["line"])].add(rule_id)
    pairs = collections.Counter()
    for rule_id, s in stats.items():
        if covered is not None and rule_id not in covered:
            continue
        for f in s["peer_only"]:
            others = sorted(evo_lines.get((f["file"], f["line"]), set()) - {rule_id})
            if others:
                pairs[(rule_id, others[0])] += 1
    return pairs


def print_examples(stats, side, count, groups=5):
    biggest = sorted(stats.items(), key=lambda kv: -len(kv[1][side]))[:groups]
    for rule_id, s in biggest:
        if not s[side]:
            continue
        print(f"  {rule_id} {side} ({len(s[side])}):")
        for f in s[side][:count]:
            print(f"    {f['file']}:{f['line']}  {f['text'][:90]}")


def jsonable(stats):
    return {r: {k: (v if not isinstance(v, list) else [f"{f['file']}:{f['line']}" for f in v])
                for k, v in s.items()} for r, s in sorted(stats.items())}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--evo", required=True)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--max-shell", type=int, default=600, help="shell scripts at most (600)")
    parser.add_argument("--quick", action="store_true",
                        help="30 files per corpus: shows that every row runs; not to be read")
    parser.add_argument("--examples", type=int, default=0, help="unmatched findings shown per largest group")
    parser.add_argument("--rules", type=int, default=40, help="rows per rule table (40)")
    parser.add_argument("--json", help="also write everything, every unmatched finding included, here")
    args = parser.parse_args()
    if not os.access(args.evo, os.X_OK):
        parser.error(f"--evo {args.evo}: not an executable")

    bandit = ["bandit"] if shutil.which("bandit") else None
    shellcheck = shutil.which("shellcheck")
    cap = 30 if args.quick else None
    corpora = {"stdlib": python_files(STDLIB, EXCLUDED_DIRS)[:cap],
               "dist-packages": python_files(DIST_PACKAGES, {"__pycache__"})[:cap]}
    shell = shell_files(min(args.max_shell, cap or args.max_shell))
    covered = covered_bandit_ids()
    for name, files in list(corpora.items()) + [("shell", shell)]:
        print(f"corpus {name}: {len(files)} files, {count_lines(files)} lines", file=sys.stderr)

    failed, report, speed = [], {"corpora": {}}, []
    with tempfile.TemporaryDirectory() as tmp:
        bandit_all, evo_all = [], []
        for name, files in corpora.items():
            entry = report["corpora"][name] = {"files": len(files)}
            try:
                seconds, evo = run_evo(args.evo, tmp, "python-security", files, args.jobs, runs=3)
                speed.append((f"evo python-security, {name} (--jobs {args.jobs}, median of 3)", len(files), seconds))
                entry["evo_seconds"] = seconds
                evo_all += evo_findings(evo, "B")
                entry["evo_not_mapped"] = sum(1 for f in evo["findings"] if not f.get("external_id"))
            except (RuntimeError, ValueError) as error:
                failed.append(f"evo on {name}: {error}")
                continue
            if not bandit:
                speed.append((f"bandit, {name}: not installed", len(files), float("nan")))
                continue
            try:
                seconds, found, errors = run_bandit(bandit, tmp, files)
            except (RuntimeError, ValueError) as error:
                failed.append(f"bandit on {name}: {error}")
                continue
            speed.append((f"bandit, {name} (1 process)", len(files), seconds))
            entry.update(bandit_seconds=seconds, bandit_errors=errors,
                         ratio=seconds / entry["evo_seconds"])
            bandit_all += found

        entry = report["corpora"]["shell"] = {"files": len(shell)}
        evo_sc, shellcheck_found = [], []
        try:
            seconds, evo = run_evo(args.evo, tmp, "shell-security", shell, args.jobs)
            speed.append((f"evo shell-security + its shellcheck (--jobs {args.jobs})", len(shell), seconds))
            entry["evo_seconds"] = seconds
            evo_sc = evo_findings(evo, "SC")
            own = collections.Counter(f["rule_id"] for f in evo["findings"] if not f.get("external_id"))
            entry["evo_own_rules"] = dict(own)
            entry["evo_errors"] = len(evo.get("errors", []))
        except (RuntimeError, ValueError) as error:
            failed.append(f"evo on shell: {error}")
        if shellcheck:
            try:
                seconds, shellcheck_found = run_shellcheck(shellcheck, shell)
                speed.append(("shellcheck -f json (1 process)", len(shell), seconds))
                entry["shellcheck_seconds"] = seconds
            except (RuntimeError, ValueError) as error:
                failed.append(f"shellcheck on shell: {error}")

    print_speed(speed)
    print(f"\n{'ratio (files/s)':<60}{'measured':>10}{'target':>10}")
    for name, entry in report["corpora"].items():
        if "ratio" in entry:
            target = ">= 50x" if name == "stdlib" else ""
            print(f"{'evo python-security vs bandit, ' + name:<60}{entry['ratio']:>9.1f}x{target:>10}")
    shell_entry = report["corpora"]["shell"]
    if "shellcheck_seconds" in shell_entry and "evo_seconds" in shell_entry:
        ratio = shell_entry["shellcheck_seconds"] / shell_entry["evo_seconds"]
        print(f"{'evo shell-security (with shellcheck) vs shellcheck':<60}{ratio:>9.2f}x{'':>10}")

    python_stats = match(evo_all, bandit_all)
    report["bandit"] = print_rules("python-security vs bandit, stdlib + dist-packages, per bandit id",
                                   "bandit", python_stats, covered, args.rules)
    report["bandit"]["rules"] = jsonable(python_stats)
    shell_stats = match(evo_sc, shellcheck_found)
    report["shellcheck"] = print_rules("shell-security's SC findings vs shellcheck -f json, per code",
                                       "shellchk", shell_stats, None, args.rules)
    report["shellcheck"]["rules"] = jsonable(shell_stats)
    if shell_entry.get("evo_own_rules"):
        own = ", ".join(f"{r} {n}" for r, n in sorted(shell_entry["evo_own_rules"].items(), key=lambda kv: -kv[1]))
        print(f"shell-security's own rules (no shellcheck peer): {own}")
    if args.examples:
        print("\nexamples, largest groups")
        print_examples(python_stats, "peer_only", args.examples)
        print_examples(python_stats, "evo_only", args.examples)
        print_examples(shell_stats, "peer_only", args.examples)
        print_examples(shell_stats, "evo_only", args.examples)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    for error in failed:
        print("FAILED:", error)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
