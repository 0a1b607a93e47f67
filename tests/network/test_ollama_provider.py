"""The ollama provider through the real evo binary against fake_llm.py's Ollama wire
(POST /api/chat, NDJSON), every fault included (run by netns.py)."""
import tempfile
import unittest

from provider_manifest import write_manifest
from support import FakeLLM, run_evo

# No waits worth noticing between retries; one retry unless a test says otherwise.
FAST = {"max_retries": 1, "retry_base_ms": 1, "retry_max_ms": 1}


class OllamaProvider(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="evo-ollama-")
        self.addCleanup(self.dir.cleanup)
        self.server = FakeLLM().__enter__()
        self.addCleanup(self.server.__exit__)

    def gen(self, rules=(), prompt="hello", **table):
        self.server.script(list(rules))
        config = {"base_url": f"http://127.0.0.1:{self.server.port}", **FAST, **table}
        manifest = write_manifest(self.dir.name, "ollama", config)
        return run_evo(["-m", manifest, "gen", prompt])

    def requests(self):
        return self.server.requests()

    def assert_failed(self, result, *words):
        self.assertNotEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "")
        for word in words:
            self.assertIn(word, result.stderr)

    def test_a_streamed_answer_is_validated(self):
        result = self.gen()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("return 'hello'", result.stdout)
        [request] = self.requests()
        self.assertEqual(request["path"], "/api/chat")
        body = request["body"]
        self.assertEqual((body["model"], body["stream"]), ("test-model", True))
        self.assertIn("num_predict", body["options"])
        self.assertNotIn("num_ctx", body["options"])
        self.assertEqual([m["role"] for m in body["messages"]], ["system", "user"])

    def test_a_plain_answer_is_validated(self):
        result = self.gen(stream=False, model="qwen2.5-coder", num_ctx=8192)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("return 'hello'", result.stdout)
        [request] = self.requests()
        self.assertEqual((request["body"]["stream"], request["body"]["model"]),
                         (False, "qwen2.5-coder"))
        self.assertEqual(request["body"]["options"]["num_ctx"], 8192)

    def test_a_rate_limit_is_retried_after_retry_after(self):
        result = self.gen([{"status": 429, "retry_after": 0, "times": 1}])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(self.requests()), 2)
        self.assertIn("HTTP 429", result.stderr)  # the retry's warning

    def test_a_server_error_is_retried(self):
        result = self.gen([{"status": 500, "times": 1}])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(self.requests()), 2)

    def test_a_missing_model_is_not_retried(self):
        result = self.gen([{"status": 404}], max_retries=3)
        self.assert_failed(result, "not found, try pulling it first", "HTTP 404")
        self.assertEqual(len(self.requests()), 1)

    def test_a_used_up_quota_is_not_retried(self):
        result = self.gen([{"quota": True}], max_retries=3)
        self.assert_failed(result, "quota")
        self.assertEqual(len(self.requests()), 1)

    def test_a_stalled_stream_names_idle_timeout_ms(self):
        result = self.gen([{"stall": 30}], idle_timeout_ms=300)
        self.assert_failed(result, "idle_timeout_ms")

    def test_a_stream_cut_after_text_fails_and_is_not_retried(self):
        result = self.gen([{"cut": True}], max_retries=3)
        self.assert_failed(result, "cut off")
        self.assertEqual(len(self.requests()), 1)

    def test_an_answer_cut_before_any_text_is_retried(self):
        result = self.gen([{"cut": True, "times": 1}], stream=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(self.requests()), 2)

    def test_a_malformed_line_is_a_protocol_error(self):
        result = self.gen([{"malformed": True}], max_retries=3)
        self.assert_failed(result, "malformed")
        self.assertEqual(len(self.requests()), 1)

    def test_done_reason_length_is_a_truncated_answer(self):
        result = self.gen([{"truncated": True}])
        self.assert_failed(result, "truncated")

    def test_an_error_line_mid_stream_is_an_error_never_text(self):
        result = self.gen([{"midstream_error": "model runner has unexpectedly stopped"}],
                          max_retries=3)
        self.assert_failed(result, "model runner has unexpectedly stopped")
        self.assertEqual(len(self.requests()), 1)

    def test_an_error_in_a_200_body_is_an_error_and_retried(self):
        result = self.gen([{"error_body": True, "times": 1}])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(self.requests()), 2)
        result = self.gen([{"error_body": True}], max_retries=0)
        self.assert_failed(result, "scripted error inside a 200 answer")

    def test_a_prompt_truncated_to_num_ctx_fails(self):
        result = self.gen(num_ctx=5)
        self.assert_failed(result, "the prompt was truncated to num_ctx=5 tokens "
                                   "(prompt_eval_count 5): raise num_ctx")


if __name__ == "__main__":
    unittest.main()
