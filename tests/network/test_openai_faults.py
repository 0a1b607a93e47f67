"""Every fault of tests/fake_llm against the openai provider, through the real evo binary (run
by netns.py): what the provider kit retries (429 after Retry-After, 5xx, a body cut before any
text, an error object inside a 200 answer), what it never retries (quota, 400, 401, malformed
JSON, time limits after the request was sent, anything after text arrived), and that each
failure ends in one clear "evo: error:" line naming what happened (the time limits by their
manifest keys), never with the text accepted.
"""
import unittest

from support import FakeLLM, Scratch, run_evo

# Quick retries: the tests count requests, they never time waits.
QUICK = {"max_retries": 3, "retry_base_ms": 1, "retry_max_ms": 5}


class OpenAIFaults(unittest.TestCase):
    def setUp(self):
        self.scratch = Scratch()
        self.addCleanup(self.scratch.cleanup)

    def gen(self, rules, **table):
        """Runs `evo gen` against a fake scripted with `rules`; returns (result, requests)."""
        with FakeLLM() as server:
            server.script(rules)
            manifest = self.scratch.manifest({"llm": {"base_url": server.base_url,
                                                      **QUICK, **table}})
            result = run_evo(["-m", manifest, "gen", "hello"])
            return result, len(server.requests())

    def assert_answered(self, result):
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("def answer", result.stdout)

    def assert_one_error(self, result, *words):
        """Exit 3, one "evo: error:" line holding `words`, and no code accepted."""
        self.assertEqual(result.returncode, 3, result.stderr)
        errors = [line for line in result.stderr.splitlines() if line.startswith("evo: error:")]
        self.assertEqual(len(errors), 1, result.stderr)
        for word in words:
            self.assertIn(word, errors[0])
        self.assertNotIn("def answer", result.stdout)
        return errors[0]

    def test_a_429_waits_out_retry_after_then_answers(self):
        # Retry-After is the minimum wait, capped by retry_max_ms: the WARN line shows the cap
        # for a wait longer than it, whichever way the server spells it.
        for retry_after in (30, "Sat, 06 Nov 2094 08:49:37 GMT"):
            with self.subTest(retry_after=retry_after):
                result, requests = self.gen(
                    [{"status": 429, "retry_after": retry_after, "times": 1}],
                    retry_max_ms=200)
                self.assert_answered(result)
                self.assertEqual(requests, 2)
                self.assertIn("HTTP 429", result.stderr)
                self.assertIn("retry 1 of 3 in 200 ms", result.stderr)

    def test_an_exhausted_quota_is_not_retried(self):
        result, requests = self.gen([{"quota": True}])
        self.assert_one_error(result, "quota exhausted", "not retried")
        self.assertEqual(requests, 1)

    def test_server_errors_are_retried_then_answered(self):
        for status in (500, 502, 503):
            with self.subTest(status=status):
                result, requests = self.gen([{"status": status, "times": 2}])
                self.assert_answered(result)
                self.assertEqual(requests, 3)

    def test_server_errors_give_up_after_the_retries(self):
        result, requests = self.gen([{"status": 503}])
        self.assert_one_error(result, "HTTP 503", "(4 attempts)")
        self.assertEqual(requests, 4)

    def test_client_errors_are_not_retried(self):
        for status in (400, 401, 404):
            with self.subTest(status=status):
                result, requests = self.gen([{"status": status}])
                self.assert_one_error(result, f"HTTP {status}")
                self.assertEqual(requests, 1)

    def test_a_stalled_stream_ends_with_idle_timeout_ms(self):
        for key in ("idle_timeout_ms", "stall_timeout_ms"):  # the old name still works
            with self.subTest(key=key):
                result, requests = self.gen([{"stall": 30}], **{key: 300})
                self.assert_one_error(result, "for 300 ms (idle_timeout_ms)")
                self.assertEqual(requests, 1)

    def test_a_server_silent_past_the_first_token_limit(self):
        result, requests = self.gen([{"latency": 30}], first_token_timeout_ms=300)
        self.assert_one_error(result, "no first token", "within 300 ms (first_token_timeout_ms)")
        self.assertEqual(requests, 1)

    def test_timeout_ms_bounds_the_whole_call(self):
        result, _ = self.gen([{"stall": 30}], timeout_ms=400)
        self.assert_one_error(result, "no answer within 400 ms (timeout_ms)")

    def test_an_answer_cut_before_any_text_is_retried(self):
        result, requests = self.gen([{"cut": True, "times": 1}], stream=False)
        self.assert_answered(result)
        self.assertEqual(requests, 2)

    def test_a_stream_cut_after_text_is_not_retried(self):
        result, requests = self.gen([{"cut": True}])
        self.assert_one_error(result, "cut off")
        self.assertEqual(requests, 1)

    def test_malformed_json_is_a_protocol_error(self):
        for stream in (True, False):
            with self.subTest(stream=stream):
                result, requests = self.gen([{"malformed": True}], stream=stream)
                self.assert_one_error(result, "protocol error", "malformed JSON")
                self.assertEqual(requests, 1)

    def test_an_error_inside_a_200_answer_is_an_error(self):
        for stream in (True, False):
            with self.subTest(stream=stream):
                result, requests = self.gen([{"error_body": True}], stream=stream)
                self.assert_one_error(result, "scripted error inside a 200 answer",
                                      "(4 attempts)")
                self.assertEqual(requests, 4)
                result, requests = self.gen([{"error_body": True, "times": 1}], stream=stream)
                self.assert_answered(result)
                self.assertEqual(requests, 2)

    def test_an_error_in_the_middle_of_a_stream_is_never_accepted_text(self):
        result, requests = self.gen([{"midstream_error": "The server is overloaded"}])
        self.assert_one_error(result, "The server is overloaded")
        self.assertEqual(requests, 1)


if __name__ == "__main__":
    unittest.main()
