"""The anthropic provider through the real evo binary, against fake_llm.py's Messages wire
(run by netns.py), every fault included.

Every run has ANTHROPIC_API_KEY set to a canary, which the manifest passes as api_key: it must
reach the server as x-api-key and appear in nothing evo prints.
"""
import os
import tempfile
import unittest
import uuid

from support import FakeLLM, run_evo, toml_value

CANARY = "sk-ant-canary-" + uuid.uuid4().hex
FAST_RETRIES = {"max_retries": 2, "retry_base_ms": 10, "retry_max_ms": 50}


class AnthropicProvider(unittest.TestCase):
    def setUp(self):
        self.server = FakeLLM().__enter__()
        self.addCleanup(self.server.__exit__)
        scratch = tempfile.TemporaryDirectory(prefix="evo-anthropic-")
        self.addCleanup(scratch.cleanup)
        self.scratch = scratch.name

    def manifest(self, **table):
        """A manifest whose only provider is an anthropic instance named claude, checked by
        python-syntax so that a passing answer is a validated one."""
        config = {"base_url": f"http://127.0.0.1:{self.server.port}",
                  "api_key": "${ANTHROPIC_API_KEY}", **FAST_RETRIES, **table}
        lines = ["[pipeline]", 'provider = ["claude"]', 'validators = ["python-syntax"]', "",
                 "[request]", 'model = "claude-test"', 'language = "python"', "",
                 "[plugins.claude]", 'plugin = "anthropic"']
        lines += [f"{key} = {toml_value(value)}" for key, value in config.items()]
        lines += ["", "[plugins.python-syntax]"]
        path = os.path.join(self.scratch, "evo.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def gen(self, rules, prompt="hello", **table):
        self.server.script(rules)
        result = run_evo(["-m", self.manifest(**table), "gen", prompt],
                         env={"ANTHROPIC_API_KEY": CANARY})
        self.assertNotIn(CANARY, result.stdout + result.stderr, "the API key leaked")
        return result

    def requests(self):
        return self.server.requests()

    def assert_generated(self, result):
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("def answer", result.stdout)

    def assert_failed(self, result, *words, code=3):
        self.assertEqual(result.returncode, code, result.stderr)
        self.assertNotIn("def answer", result.stdout)
        for word in words:
            self.assertIn(word, result.stderr)

    # Success.

    def check_success(self, stream):
        result = self.gen([], stream=stream)
        self.assert_generated(result)
        [request] = self.requests()
        self.assertEqual(request["path"], "/v1/messages")
        headers = {k.lower(): v for k, v in request["headers"].items()}
        self.assertEqual(headers["x-api-key"], CANARY)
        self.assertEqual(headers["anthropic-version"], "2023-06-01")
        body = request["body"]
        self.assertIsInstance(body["system"], str)
        self.assertTrue(body["system"])
        self.assertEqual({m["role"] for m in body["messages"]}, {"user"})
        self.assertIn("hello", body["messages"][-1]["content"])
        self.assertIsInstance(body["max_tokens"], int)
        self.assertEqual(body["model"], "claude-test")
        self.assertEqual(body["stream"], stream)

    def test_streamed_success(self):
        self.check_success(stream=True)

    def test_whole_answer_success(self):
        self.check_success(stream=False)

    def test_configured_model_and_version(self):
        result = self.gen([], model="claude-other", anthropic_version="2099-01-01")
        self.assert_generated(result)
        [request] = self.requests()
        self.assertEqual(request["body"]["model"], "claude-other")
        headers = {k.lower(): v for k, v in request["headers"].items()}
        self.assertEqual(headers["anthropic-version"], "2099-01-01")

    # Retried, then answered.

    def check_retried_then_answered(self, rule, stream=True, **table):
        result = self.gen([dict(rule, times=1)], stream=stream, **table)
        self.assert_generated(result)
        self.assertEqual(len(self.requests()), 2, result.stderr)
        self.assertIn("retry 1 of 2", result.stderr)
        return result

    def test_rate_limit_waits_for_retry_after_then_answers(self):
        # retry-after is the least wait: 1 s, far above the 10 ms backoff.
        result = self.check_retried_then_answered({"status": 429, "retry_after": 1},
                                                  retry_max_ms=5000)
        self.assertIn("rate_limit_error", result.stderr)
        self.assertIn("retry 1 of 2 in 1000 ms", result.stderr)

    def test_overloaded_529_is_retried(self):
        self.check_retried_then_answered({"status": 529})

    def test_server_error_500_is_retried(self):
        self.check_retried_then_answered({"status": 500})

    def test_error_inside_a_200_body_is_retried(self):
        for stream in (False, True):
            with self.subTest(stream=stream):
                result = self.check_retried_then_answered({"error_body": True}, stream=stream)
                self.assertIn("an error inside a 200 answer", result.stderr)

    def test_whole_answer_cut_short_is_retried(self):
        self.check_retried_then_answered({"cut": True}, stream=False)

    # Never retried.

    def check_not_retried(self, rule, *words, **table):
        result = self.gen([rule], **table)
        self.assert_failed(result, *words)
        self.assertEqual(len(self.requests()), 1, "retried: " + result.stderr)
        return result

    def test_quota_is_not_retried(self):
        self.check_not_retried({"quota": True}, "quota exhausted", "credit balance is too low")

    def test_authentication_failure_is_not_retried(self):
        self.check_not_retried({"status": 401}, "HTTP 401")

    def test_bad_request_is_not_retried(self):
        self.check_not_retried({"status": 400}, "HTTP 400")

    def test_missing_key_is_refused_by_the_server_not_retried(self):
        self.server.script([])
        manifest = self.manifest(api_key="${ANTHROPIC_API_KEY:-}")
        result = run_evo(["-m", manifest, "gen", "hello"], env={"ANTHROPIC_API_KEY": ""})
        self.assert_failed(result, "HTTP 401", "x-api-key")
        self.assertEqual(len(self.requests()), 1)

    # Failures after text was streamed, and malformed answers.

    def test_stall_names_the_idle_limit(self):
        result = self.check_not_retried({"stall": 30}, "idle_timeout_ms", idle_timeout_ms=300)
        self.assertIn("claude", result.stderr)

    def test_stream_cut_after_text_is_not_retried(self):
        self.check_not_retried({"cut": True, "chunk_size": 4})

    def test_malformed_stream_event(self):
        self.check_not_retried({"malformed": True}, "malformed JSON")

    def test_malformed_whole_answer(self):
        result = self.gen([{"malformed": True}], stream=False)
        self.assert_failed(result, "malformed JSON")
        self.assertEqual(len(self.requests()), 1)

    def test_truncated_answer_is_a_failed_answer(self):
        result = self.gen([{"truncated": True}])
        self.assertNotEqual(result.returncode, 0, result.stderr)
        self.assertIn("truncated", result.stderr)

    def test_midstream_error_is_an_error_never_accepted_text(self):
        # The server's message quotes the key: what evo prints must not.
        result = self.check_not_retried({"midstream_error": "Overloaded (key " + CANARY + ")"},
                                        "overloaded_error", "[redacted]")
        self.assertIn("overloaded", result.stderr)

    def test_midstream_error_before_any_text_is_retried(self):
        # An empty answer: the one delta before the error event carries no text.
        self.check_retried_then_answered({"midstream_error": "Overloaded", "response": ""})


if __name__ == "__main__":
    unittest.main()
