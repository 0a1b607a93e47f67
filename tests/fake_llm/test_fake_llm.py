"""Tests of fake_llm.py through real HTTP on loopback (python3 -m unittest test_fake_llm)."""
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake_llm.py")
START_TIMEOUT_S = 20


class FakeLLM:
    """Runs fake_llm.py on a free port for the duration of a `with` block."""

    def __init__(self, *args):
        self.process = subprocess.Popen([sys.executable, SERVER, "--port", "0", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def __enter__(self):
        first = self.process.stdout.readline().split()
        if first[:1] != ["PORT"]:
            self.__exit__()
            raise RuntimeError("fake_llm did not start: " + self.process.stderr.read())
        self.port = int(first[1])
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait(timeout=START_TIMEOUT_S)
        self.process.stdout.close()
        self.process.stderr.close()

    def request(self, method, path, payload=None, timeout=START_TIMEOUT_S):
        """(status, headers, body bytes or the exception that ended the body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            body = None if payload is None else json.dumps(payload)
            connection.request(method, path, body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            try:
                data = response.read()
            except (http.client.IncompleteRead, socket.timeout) as e:
                data = e
            return response.status, dict(response.getheaders()), data
        finally:
            connection.close()

    def chat(self, prompt, stream=False, **kwargs):
        return self.request("POST", "/v1/chat/completions", {
            "model": "m", "stream": stream,
            "messages": [{"role": "system", "content": "be brief"},
                         {"role": "user", "content": prompt}]}, **kwargs)

    def script(self, rules):
        status, _, body = self.request("POST", "/_script", rules)
        return status, json.loads(body)


def sse_events(body):
    """The data payloads of an SSE body, comments dropped."""
    return [line[len("data: "):] for line in body.decode().split("\n")
            if line.startswith("data: ")]


def streamed_text(body):
    events = sse_events(body)
    return "".join(json.loads(e)["choices"][0]["delta"].get("content", "")
                   for e in events if e != "[DONE]")


class DefaultAnswer(unittest.TestCase):
    def test_echo_is_a_fenced_valid_python_function(self):
        with FakeLLM() as server:
            status, _, body = server.chat("it's \"quoted\"\nand multi-line")
        answer = json.loads(body)
        text = answer["choices"][0]["message"]["content"]
        self.assertEqual(status, 200)
        self.assertTrue(text.startswith("```python\n") and text.endswith("```\n"))
        namespace = {}
        exec(compile(text.split("\n", 1)[1].rsplit("```", 1)[0], "answer", "exec"), namespace)
        self.assertEqual(namespace["answer"](), "it's \"quoted\"\nand multi-line")
        self.assertEqual(answer["choices"][0]["finish_reason"], "stop")
        self.assertEqual(answer["model"], "m")
        self.assertGreater(answer["usage"]["completion_tokens"], 0)

    def test_stream_carries_the_same_text_then_done(self):
        with FakeLLM() as server:
            _, _, plain = server.chat("same")
            status, headers, body = server.chat("same", stream=True)
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "text/event-stream")
        self.assertEqual(streamed_text(body),
                         json.loads(plain)["choices"][0]["message"]["content"])
        events = sse_events(body)
        self.assertEqual(events[-1], "[DONE]")
        self.assertEqual(json.loads(events[-2])["choices"][0]["finish_reason"], "stop")
        self.assertTrue(body.startswith(b":"), "a comment precedes the events")

    def test_models_health_and_unknown_paths(self):
        with FakeLLM() as server:
            self.assertEqual(server.request("GET", "/health")[0], 200)
            models = json.loads(server.request("GET", "/v1/models")[2])
            self.assertEqual(models["data"][0]["id"], "fake-model")
            self.assertEqual(server.request("GET", "/nope")[0], 404)
            status, _, body = server.request("POST", "/v1/chat/completions", {"no": "messages"})
            self.assertEqual(status, 400)
            self.assertIn("messages", json.loads(body)["error"]["message"])


class Rules(unittest.TestCase):
    def test_first_matching_rule_answers_by_substring_or_regex(self):
        with FakeLLM() as server:
            server.script([{"match": "weather", "response": "sunny"},
                           {"regex": "^add \\d+$", "response": "sum"}])
            self.assertIn(b"sunny", server.chat("what weather today")[2])
            self.assertIn(b"sum", server.chat("add 12")[2])
            self.assertIn(b"```python", server.chat("add twelve")[2])

    def test_times_falls_through_after_n_requests(self):
        with FakeLLM() as server:
            server.script([{"match": "x", "status": 503, "times": 2},
                           {"match": "x", "response": "finally"}])
            statuses = [server.chat("x")[0] for _ in range(3)]
            self.assertEqual(statuses, [503, 503, 200])

    def test_429_sends_retry_after(self):
        with FakeLLM() as server:
            server.script([{"status": 429, "retry_after": 3}])
            status, headers, body = server.chat("x")
        self.assertEqual((status, headers["Retry-After"]), (429, "3"))
        self.assertEqual(json.loads(body)["error"]["code"], 429)

    def test_echo_headers_quotes_the_request_headers_in_the_error(self):
        with FakeLLM() as server:
            server.script([{"status": 401, "echo_headers": True, "times": 1},
                           {"error_body": True, "echo_headers": True, "times": 1},
                           {"status": 401}])
            unauthorised, in_body, plain = (server.chat("x")[2] for _ in range(3))
        for body in (unauthorised, in_body):
            self.assertIn("application/json", json.loads(body)["error"]["message"])
        self.assertNotIn("application/json", json.loads(plain)["error"]["message"])

    def test_quota_answers_as_openai_does_when_the_quota_is_used_up(self):
        with FakeLLM() as server:
            server.script([{"quota": True, "times": 1}, {"quota": True, "status": 403}])
            first = server.chat("x")
            second = server.chat("x")
        for status, expected in ((first[0], 429), (second[0], 403)):
            self.assertEqual(status, expected)
        error = json.loads(first[2])["error"]
        self.assertEqual((error["code"], error["type"]), ("insufficient_quota",) * 2)

    def test_truncated_reports_length(self):
        with FakeLLM() as server:
            server.script([{"truncated": True, "response": "half"}])
            plain = json.loads(server.chat("x")[2])
            streamed = sse_events(server.chat("x", stream=True)[2])
        self.assertEqual(plain["choices"][0]["finish_reason"], "length")
        self.assertEqual(json.loads(streamed[-2])["choices"][0]["finish_reason"], "length")

    def test_malformed_body_and_stream_line(self):
        with FakeLLM() as server:
            server.script([{"malformed": True}])
            status, _, body = server.chat("x")
            self.assertEqual(status, 200)
            with self.assertRaises(ValueError):
                json.loads(body)
            events = sse_events(server.chat("x", stream=True)[2])
        invalid = []
        for event in events[:-1]:
            try:
                json.loads(event)
            except ValueError:
                invalid.append(event)
        self.assertEqual(len(invalid), 1)

    def test_errors_inside_a_200_answer_and_mid_stream(self):
        with FakeLLM() as server:
            server.script([{"error_body": True, "times": 1}, {"midstream_error": "overloaded"}])
            status, _, body = server.chat("x")
            self.assertEqual(status, 200)
            self.assertIn("error", json.loads(body))
            events = [json.loads(e) for e in sse_events(server.chat("x", stream=True)[2])]
        self.assertIn("delta", events[0]["choices"][0])
        self.assertEqual(events[-1]["error"]["message"], "overloaded")

    def test_latency_delays_the_whole_answer(self):
        with FakeLLM() as server:
            server.script([{"latency": 0.3}])
            started = time.monotonic()
            status, _, _ = server.chat("x")
            waited = time.monotonic() - started
        self.assertEqual(status, 200)
        self.assertGreaterEqual(waited, 0.3)

    def test_cut_ends_the_body_early(self):
        with FakeLLM() as server:
            server.script([{"cut": True}])
            self.assertIsInstance(server.chat("x")[2], http.client.IncompleteRead)
            self.assertIsInstance(server.chat("x", stream=True)[2], http.client.IncompleteRead)

    def test_stall_withholds_the_body_after_the_headers(self):
        with FakeLLM() as server:
            server.script([{"stall": 30}])
            status, _, body = server.chat("x", timeout=0.5)
        self.assertEqual(status, 200)
        self.assertIsInstance(body, socket.timeout)

    def test_requests_are_recorded_and_reset_by_a_new_script(self):
        with FakeLLM() as server:
            server.chat("first")
            received = json.loads(server.request("GET", "/_requests")[2])
            self.assertEqual(received[0]["body"]["messages"][1]["content"], "first")
            self.assertEqual(received[0]["headers"]["Content-Type"], "application/json")
            # The body's text as sent, byte for byte (bench/providers replays it with curl).
            self.assertEqual(received[0]["raw"], json.dumps({
                "model": "m", "stream": False,
                "messages": [{"role": "system", "content": "be brief"},
                             {"role": "user", "content": "first"}]}))
            server.script([])
            self.assertEqual(json.loads(server.request("GET", "/_requests")[2]), [])

    def test_bad_rules_are_refused_with_the_reason(self):
        with FakeLLM() as server:
            for rules, reason in [([{"colour": 1}], "unknown key(s) colour"),
                                  ([{"times": 0}], "times must be a positive integer"),
                                  ([{"status": 200}], "status must be an HTTP error status"),
                                  ([{"regex": "("}], "bad regex"),
                                  (7, "expected a list of rules")]:
                status, answer = server.script(rules)
                self.assertEqual(status, 400)
                self.assertIn(reason, answer["error"]["message"])


class CommandLine(unittest.TestCase):
    def test_script_file_in_jsonl_and_port_file(self):
        with tempfile.TemporaryDirectory() as scratch:
            script = os.path.join(scratch, "rules.jsonl")
            with open(script, "w", encoding="utf-8") as f:
                f.write('{"match": "a", "response": "one"}\n\n{"response": "two"}\n')
            port_file = os.path.join(scratch, "port")
            with FakeLLM("--script", script, "--port-file", port_file) as server:
                with open(port_file, encoding="utf-8") as f:
                    self.assertEqual(int(f.read()), server.port)
                self.assertIn(b"one", server.chat("a")[2])
                self.assertIn(b"two", server.chat("b")[2])

    def test_bad_script_file_names_the_line(self):
        with tempfile.TemporaryDirectory() as scratch:
            script = os.path.join(scratch, "rules.jsonl")
            with open(script, "w", encoding="utf-8") as f:
                f.write('{"response": "ok"}\n{broken\n')
            result = subprocess.run([sys.executable, SERVER, "--script", script],
                                    capture_output=True, text=True, timeout=START_TIMEOUT_S)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f"{script}:2: invalid JSON", result.stderr)


if __name__ == "__main__":
    unittest.main()
