#!/usr/bin/env python3
"""Records the `evo evolve slugify` answers of the offline demo into manifests/cassettes/demo.jsonl.

    record_demo.py BUILD_DIR

The answers are the files beside this script: the first (command_v1.py) fails one of its own
tests, the repair (command.py) passes them, and the underscores version
(command_underscores.py) passes its own. The replay cassette matches on the last user message,
and a repair's is the prompt the pipeline builds from the findings (the failing test's output
included), so the answers are recorded by running evo itself: a replay provider in record mode
asks tests/fake_llm/fake_llm.py, scripted with these answers. Run it again whenever the repair
prompt or the sandbox validator's findings change; it replaces the demo's old entries.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
CASSETTE = ROOT / "manifests" / "cassettes" / "demo.jsonl"
FIRST = "turn each line of stdin into a URL slug"
UNDERSCORES = "turn each line of stdin into a URL slug, using underscores"


def answer(intro, program, tests):
    return (f"{intro}\n\n```python\n{(HERE / program).read_text()}```\n\n"
            f"Its tests (test_command.py):\n\n```python\n{(HERE / tests).read_text()}```\n")


RULES = [
    {"match": "The code failed validation", "times": 1,
     "response": answer("Accented letters are now decomposed (NFKD) and their marks dropped, so they keep "
                        "their base letter:", "command.py", "test_command.py")},
    {"regex": "^" + UNDERSCORES + "$", "times": 1,
     "response": answer("The same slugs, with underscores between the words:", "command_underscores.py",
                        "test_command_underscores.py")},
    {"regex": "^" + FIRST + "$", "times": 1,
     "response": answer("Here is a slugify command that reads stdin line by line:", "command_v1.py",
                        "test_command.py")},
]


def of_the_demo(line):
    """Whether a cassette entry answers the demo: its first user message is one of the demo's
    requests (a repair's is too, its last message being the findings)."""
    messages = json.loads(line)["request"]["messages"]
    first = next((m["content"] for m in messages if m["role"] == "user"), None)
    return first in (FIRST, UNDERSCORES)


def main():
    build = Path(sys.argv[1]).resolve()
    evo = build / "bin" / "evo"
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "rules.json").write_text(json.dumps(RULES))
        server = subprocess.Popen([sys.executable, str(ROOT / "tests/fake_llm/fake_llm.py"), "--script",
                                   str(scratch / "rules.json")], stdout=subprocess.PIPE, text=True)
        try:
            port = int(server.stdout.readline().split()[1])
            offline = (ROOT / "manifests" / "offline.toml").read_text()
            manifest = offline.replace('cassette = "cassettes/demo.jsonl" # relative to this file\n',
                                       f'cassette = "{scratch / "recorded.jsonl"}"\nmode = "record"\n'
                                       'record_from = "llm"\n')
            manifest += f'\n[plugins.llm]\nplugin = "openai"\nbase_url = "http://127.0.0.1:{port}/v1"\n'
            (scratch / "record.toml").write_text(manifest)
            env = dict(os.environ, XDG_DATA_HOME=str(scratch / "data"))
            for description in (FIRST, UNDERSCORES):
                subprocess.run([str(evo), "-m", str(scratch / "record.toml"), "evolve", "--no-cache", "slugify",
                                description], env=env, check=True)
        finally:
            server.terminate()
            server.wait()
        recorded = (scratch / "recorded.jsonl").read_text().splitlines()
    kept = [line for line in CASSETTE.read_text().splitlines() if not of_the_demo(line)]
    CASSETTE.write_text("\n".join(kept + recorded) + "\n")
    print(f"{CASSETTE}: {len(recorded)} answers recorded for the evolve demo")


if __name__ == "__main__":
    main()
