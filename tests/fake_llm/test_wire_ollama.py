"""Tests of fake_llm.py's Ollama wire (POST /api/chat) through real HTTP on loopback
(python3 -m unittest test_wire_ollama)."""
import http.client
import json
import unittest

from test_fake_llm import FakeLLM


def chat(server, prompt, stream=None, options=None, **kwargs):
    body = {"model": "llama3", "messages": [{"role": "system", "content": "be brief"},
                                            {"role": "user", "content": prompt}]}
    if stream is not None:
        body["stream"] = stream
    if options is not None:
        body["options"] = options
    return server.request("POST", "/api/chat", body, **kwargs)


def lines(body):
    return [json.loads(line) for line in body.decode().split("\n") if line]


def streamed_text(body):
    return "".join(line["message"]["content"] for line in lines(body))


class OllamaAnswers(unittest.TestCase):
    def test_streams_ndjson_by_default_then_a_done_line(self):
        with FakeLLM() as server:
            status, headers, body = chat(server, "same")
            _, _, plain = chat(server, "same", stream=False)
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/x-ndjson")
        answer = json.loads(plain)
        self.assertEqual(streamed_text(body), answer["message"]["content"])
        self.assertIn("return 'same'", answer["message"]["content"])
        every = lines(body)
        self.assertTrue(all(not line["done"] for line in every[:-1]))
        self.assertEqual((every[-1]["done"], every[-1]["done_reason"]), (True, "stop"))
        self.assertEqual(every[-1]["prompt_eval_count"], 3)  # "be brief" + "same"
        self.assertGreater(every[-1]["eval_count"], 0)
        self.assertEqual((answer["done"], answer["model"]), (True, "llama3"))

    def test_a_prompt_longer_than_num_ctx_reports_num_ctx(self):
        with FakeLLM() as server:
            _, _, small = chat(server, "one two three four five", stream=False,
                               options={"num_ctx": 4})
            _, _, large = chat(server, "one two three four five", stream=False,
                               options={"num_ctx": 4096})
        self.assertEqual(json.loads(small)["prompt_eval_count"], 4)
        self.assertEqual(json.loads(large)["prompt_eval_count"], 7)

    def test_truncated_is_done_reason_length(self):
        with FakeLLM() as server:
            server.script([{"truncated": True, "response": "half"}])
            self.assertEqual(json.loads(chat(server, "x", stream=False)[2])["done_reason"],
                             "length")
            self.assertEqual(lines(chat(server, "x")[2])[-1]["done_reason"], "length")


class OllamaFaults(unittest.TestCase):
    def test_errors_are_ollama_error_objects(self):
        with FakeLLM() as server:
            server.script([{"status": 404, "times": 1}, {"status": 429, "retry_after": 2,
                                                         "times": 1}, {"quota": True}])
            missing = chat(server, "x")
            limited = chat(server, "x")
            broke = chat(server, "x")
        self.assertEqual(missing[0], 404)
        self.assertEqual(json.loads(missing[2]),
                         {"error": 'model "llama3" not found, try pulling it first'})
        self.assertEqual((limited[0], limited[1]["Retry-After"]), (429, "2"))
        self.assertIsInstance(json.loads(limited[2])["error"], str)
        self.assertEqual(broke[0], 429)
        self.assertIn("quota", json.loads(broke[2])["error"])

    def test_errors_inside_a_200_answer_and_mid_stream(self):
        with FakeLLM() as server:
            server.script([{"error_body": True, "times": 1}, {"midstream_error": "overloaded"}])
            status, _, body = chat(server, "x")
            self.assertEqual(status, 200)
            self.assertIn("error", json.loads(body))
            every = lines(chat(server, "x")[2])
        self.assertIn("message", every[0])
        self.assertEqual(every[-1], {"error": "overloaded"})

    def test_malformed_body_and_stream_line(self):
        with FakeLLM() as server:
            server.script([{"malformed": True}])
            with self.assertRaises(ValueError):
                json.loads(chat(server, "x", stream=False)[2])
            with self.assertRaises(ValueError):
                lines(chat(server, "x")[2])

    def test_cut_and_stall(self):
        with FakeLLM() as server:
            server.script([{"cut": True, "times": 2}, {"stall": 30}])
            self.assertIsInstance(chat(server, "x")[2], http.client.IncompleteRead)
            self.assertIsInstance(chat(server, "x", stream=False)[2], http.client.IncompleteRead)
            status, _, body = chat(server, "x", timeout=0.5)
        self.assertEqual(status, 200)
        self.assertNotIsInstance(body, bytes)

    def test_chunk_size_sets_the_pieces(self):
        with FakeLLM() as server:
            server.script([{"response": "abcdefgh", "chunk_size": 3}])
            every = lines(chat(server, "x")[2])
        self.assertEqual([line["message"]["content"] for line in every[:-1]],
                         ["abc", "def", "gh"])

    def test_a_bad_request_is_an_ollama_error(self):
        with FakeLLM() as server:
            status, _, body = server.request("POST", "/api/chat", {"model": "m"})
        self.assertEqual(status, 400)
        self.assertIn("messages", json.loads(body)["error"])


if __name__ == "__main__":
    unittest.main()
