"""A provider whose quota is used up, through the real evo binary (run by netns.py).

An exhausted quota (OpenAI's 429 "insufficient_quota", or a 403 saying so) does not pass with
time: the provider must not retry it, and the pipeline must ask its next provider at once.
"""
import unittest

from support import FakeLLM, Scratch, run_evo


class ProviderQuota(unittest.TestCase):
    def setUp(self):
        self.scratch = Scratch()
        self.addCleanup(self.scratch.cleanup)

    def test_an_exhausted_quota_falls_through_to_the_next_provider_at_once(self):
        for rule in ({"quota": True}, {"quota": True, "status": 403}):
            with self.subTest(rule=rule), FakeLLM() as broke, FakeLLM() as paid:
                broke.script([rule])
                manifest = self.scratch.manifest({
                    # Retries it would spend on a rate limit, with waits long enough to notice.
                    "broke": {"base_url": broke.base_url, "max_retries": 3,
                              "retry_base_ms": 5000, "retry_max_ms": 5000},
                    "paid": {"base_url": paid.base_url, "max_retries": 0}})
                result = run_evo(["-m", manifest, "gen", "hello"])
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("def answer", result.stdout)
                self.assertEqual(len(broke.requests()), 1, "an exhausted quota was retried")
                self.assertEqual(len(paid.requests()), 1)
                self.assertRegex(result.stderr, r"attempt 1 via broke .*: failed after \d+ ms: "
                                                 r"rate limited: quota exhausted")
                self.assertIn("via paid", result.stderr)

    def test_a_plain_rate_limit_is_still_retried(self):
        with FakeLLM() as busy:
            busy.script([{"status": 429, "retry_after": 0, "times": 1}])
            manifest = self.scratch.manifest({"busy": {"base_url": busy.base_url}})
            result = run_evo(["-m", manifest, "gen", "hello"])
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(len(busy.requests()), 2)


if __name__ == "__main__":
    unittest.main()
