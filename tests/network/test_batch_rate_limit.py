"""evo batch through the threadpool against a provider that answers 429 (run by netns.py).

Requests that end rate limited make the pool run fewer at once, and the ones that pass after
make it run more again; the pool logs each change, and that log is what is checked: which
numbers, in which direction, never how long anything took.
"""
import json
import os
import re
import unittest

from support import FakeLLM, Scratch, run_evo, toml_value

CHANGE = re.compile(r"\[pool\] (?:rate limited \(429\)|no rate limit lately): "
                    r"at most (\d+) tasks? at once, (down|up) from (\d+)")
THREADS = 4
LIMITED = 4   # the first requests the server sees; each fails the request it answers
REQUESTS = 24


def manifest(scratch, base_url):
    text = "\n".join([
        "[pipeline]", 'provider = "busy"', 'validators = ["python-syntax"]',
        'scheduler = "pool"', "",
        "[request]", 'model = "test-model"', 'language = "python"', "",
        "[plugins.busy]", 'plugin = "openai"', f"base_url = {toml_value(base_url)}",
        "max_retries = 0  # a 429 fails its request at once", "",
        "[plugins.python-syntax]", "",
        "[plugins.pool]", 'plugin = "threadpool"', f"threads = {THREADS}",
        "adaptive = false  # the machine's load must not be what lowers it", ""])
    path = os.path.join(scratch.dir.name, "evo.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class RateLimitedBatch(unittest.TestCase):
    def setUp(self):
        self.scratch = Scratch()
        self.addCleanup(self.scratch.cleanup)

    def test_the_pool_runs_fewer_requests_under_429_and_more_again_after(self):
        with FakeLLM() as busy:
            busy.script([{"status": 429, "retry_after": 0, "times": LIMITED}])
            requests = os.path.join(self.scratch.dir.name, "requests.jsonl")
            with open(requests, "w", encoding="utf-8") as f:
                for n in range(REQUESTS):
                    f.write(json.dumps({"prompt": f"a Python function number {n}"}) + "\n")
            result = run_evo(["-v", "-m", manifest(self.scratch, busy.base_url),
                              "batch", requests])

        self.assertEqual(result.returncode, 3, result.stderr)  # some provider failed
        outcomes = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertEqual(len(outcomes), REQUESTS)
        failed = [o for o in outcomes if o["outcome"] == "provider_failed"]
        self.assertEqual(len(failed), LIMITED, result.stdout)
        for o in failed:
            self.assertIn("rate limited", o["error"])
        self.assertEqual(sum(o["outcome"] == "passed" for o in outcomes), REQUESTS - LIMITED)

        changes = [(int(to), way, int(was)) for to, way, was in CHANGE.findall(result.stderr)]
        self.assertTrue(changes, result.stderr)
        # The first 429 halves the pool; each change is a halving or a step of one.
        self.assertEqual(changes[0], (THREADS // 2, "down", THREADS), result.stderr)
        for to, way, was in changes:
            self.assertEqual(to, max(1, was // 2) if way == "down" else was + 1, changes)
        # After the 429s stop, the requests that pass bring it back to where it started.
        self.assertEqual(changes[-1], (THREADS, "up", THREADS - 1), result.stderr)


if __name__ == "__main__":
    unittest.main()
