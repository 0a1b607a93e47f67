"""fake_llm.py's Anthropic Messages wire through real HTTP (python3 -m unittest test_wire_anthropic)."""
import http.client
import json
import socket
import time
import unittest

from test_fake_llm import START_TIMEOUT_S, FakeLLM

HEADERS = {"Content-Type": "application/json", "x-api-key": "sk-ant-test",
           "anthropic-version": "2023-06-01"}


def post(server, payload, headers=HEADERS, timeout=START_TIMEOUT_S):
    """(status, headers, body bytes or the exception that ended the body) of POST /v1/messages."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        connection.request("POST", "/v1/messages", json.dumps(payload), headers)
        response = connection.getresponse()
        try:
            data = response.read()
        except (http.client.IncompleteRead, socket.timeout) as e:
            data = e
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        connection.close()


def ask(server, prompt, stream=False, **kwargs):
    return post(server, {"model": "claude-test", "max_tokens": 64, "stream": stream,
                         "system": "be brief",
                         "messages": [{"role": "user", "content": prompt}]}, **kwargs)


def events(body):
    """[(event name, data text)] of an SSE body."""
    found = []
    for block in body.decode().split("\n\n"):
        name = data = None
        for line in block.split("\n"):
            if line.startswith("event: "):
                name = line[len("event: "):]
            elif line.startswith("data: "):
                data = line[len("data: "):]
        if name or data:
            found.append((name, data))
    return found


def streamed_text(body):
    return "".join(json.loads(data)["delta"]["text"] for name, data in events(body)
                   if name == "content_block_delta")


def error_of(body):
    answer = json.loads(body)
    assert answer["type"] == "error", answer
    return answer["error"]["type"], answer["error"]["message"]


class Answers(unittest.TestCase):
    def test_a_whole_message(self):
        with FakeLLM() as server:
            status, headers, body = ask(server, "hello")
        answer = json.loads(body)
        self.assertEqual(status, 200)
        self.assertEqual((answer["type"], answer["role"], answer["model"]),
                         ("message", "assistant", "claude-test"))
        self.assertEqual(answer["content"][0]["type"], "text")
        self.assertIn("def answer", answer["content"][0]["text"])
        self.assertEqual(answer["stop_reason"], "end_turn")
        self.assertGreater(answer["usage"]["output_tokens"], 0)
        self.assertGreater(answer["usage"]["input_tokens"], 2, "the system prompt counts too")

    def test_a_stream_of_named_events_in_anthropic_order(self):
        with FakeLLM() as server:
            plain = json.loads(ask(server, "same")[2])
            status, headers, body = ask(server, "same", stream=True)
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/event-stream")
        names = [name for name, _ in events(body)]
        self.assertEqual(names[:3], ["message_start", "content_block_start", "ping"])
        self.assertEqual(names[-3:], ["content_block_stop", "message_delta", "message_stop"])
        self.assertEqual(set(names[3:-3]), {"content_block_delta"})
        for name, data in events(body):
            self.assertEqual(json.loads(data)["type"], name)
        self.assertEqual(streamed_text(body), plain["content"][0]["text"])
        start = json.loads(events(body)[0][1])["message"]
        self.assertEqual(start["model"], "claude-test")
        self.assertGreater(start["usage"]["input_tokens"], 0)
        delta = json.loads(events(body)[-2][1])
        self.assertEqual(delta["delta"]["stop_reason"], "end_turn")
        self.assertEqual(delta["usage"]["output_tokens"], plain["usage"]["output_tokens"])

    def test_system_as_text_blocks_and_content_as_blocks(self):
        with FakeLLM() as server:
            server.script([{"match": "blocks", "response": "ok"}])
            status, _, body = post(server, {
                "model": "m", "max_tokens": 8,
                "system": [{"type": "text", "text": "be brief"}],
                "messages": [{"role": "user", "content": [{"type": "text", "text": "blocks"}]}]})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["content"][0]["text"], "ok")


class Refusals(unittest.TestCase):
    def check(self, server, payload, headers, status, error_type, words):
        got, _, body = post(server, payload, headers)
        self.assertEqual(got, status, body)
        kind, message = error_of(body)
        self.assertEqual(kind, error_type)
        self.assertIn(words, message)

    def test_what_anthropic_requires(self):
        request = {"model": "m", "max_tokens": 8, "messages": [{"role": "user", "content": "x"}]}
        without_key = {k: v for k, v in HEADERS.items() if k != "x-api-key"}
        without_version = {k: v for k, v in HEADERS.items() if k != "anthropic-version"}
        without_max = {k: v for k, v in request.items() if k != "max_tokens"}
        system_role = dict(request, messages=[{"role": "system", "content": "s"},
                                              {"role": "user", "content": "x"}])
        with FakeLLM() as server:
            self.check(server, request, without_key, 401, "authentication_error", "x-api-key")
            self.check(server, request, without_version, 400, "invalid_request_error",
                       "anthropic-version")
            self.check(server, without_max, HEADERS, 400, "invalid_request_error", "max_tokens")
            self.check(server, system_role, HEADERS, 400, "invalid_request_error",
                       "top-level `system`")
            self.check(server, dict(request, system=7), HEADERS, 400, "invalid_request_error",
                       "system")
            self.check(server, {"no": "messages"}, HEADERS, 400, "invalid_request_error",
                       "messages")
            self.assertEqual(ask(server, "fine")[0], 200)


class Faults(unittest.TestCase):
    def test_each_status_with_anthropic_error_type(self):
        expected = {429: "rate_limit_error", 529: "overloaded_error", 500: "api_error",
                    400: "invalid_request_error", 401: "authentication_error",
                    403: "permission_error", 503: "api_error"}
        with FakeLLM() as server:
            for status, error_type in expected.items():
                server.script([{"status": status, "retry_after": 2}])
                got, headers, body = ask(server, "x")
                self.assertEqual(got, status)
                self.assertEqual(error_of(body)[0], error_type)
                self.assertEqual(headers["retry-after"], "2")

    def test_quota_is_a_credit_balance_refusal(self):
        with FakeLLM() as server:
            server.script([{"quota": True}])
            status, _, body = ask(server, "x")
        self.assertEqual(status, 400)
        kind, message = error_of(body)
        self.assertEqual(kind, "invalid_request_error")
        self.assertIn("credit balance is too low", message)

    def test_truncated_stops_at_max_tokens(self):
        with FakeLLM() as server:
            server.script([{"truncated": True, "response": "half"}])
            plain = json.loads(ask(server, "x")[2])
            streamed = events(ask(server, "x", stream=True)[2])
        self.assertEqual(plain["stop_reason"], "max_tokens")
        self.assertEqual(json.loads(streamed[-2][1])["delta"]["stop_reason"], "max_tokens")

    def test_malformed_body_and_event(self):
        with FakeLLM() as server:
            server.script([{"malformed": True}])
            status, _, body = ask(server, "x")
            self.assertEqual(status, 200)
            with self.assertRaises(ValueError):
                json.loads(body)
            streamed = events(ask(server, "x", stream=True)[2])
        invalid = []
        for _, data in streamed:
            try:
                json.loads(data)
            except ValueError:
                invalid.append(data)
        self.assertEqual(len(invalid), 1)
        self.assertEqual(streamed[-1][0], "message_stop")

    def test_error_inside_a_200_answer(self):
        with FakeLLM() as server:
            server.script([{"error_body": True}])
            status, _, body = ask(server, "x")
        self.assertEqual(status, 200)
        self.assertEqual(error_of(body)[0], "api_error")

    def test_midstream_error_is_an_error_event_after_the_first_delta(self):
        with FakeLLM() as server:
            server.script([{"midstream_error": "Overloaded"}])
            streamed = events(ask(server, "x", stream=True)[2])
        names = [name for name, _ in streamed]
        self.assertEqual(names[-2:], ["content_block_delta", "error"])
        self.assertNotIn("message_stop", names)
        error = json.loads(streamed[-1][1])
        self.assertEqual(error, {"type": "error", "error": {"type": "overloaded_error",
                                                            "message": "Overloaded"}})

    def test_cut_ends_the_body_early(self):
        with FakeLLM() as server:
            server.script([{"cut": True}])
            self.assertIsInstance(ask(server, "x")[2], http.client.IncompleteRead)
            self.assertIsInstance(ask(server, "x", stream=True)[2], http.client.IncompleteRead)

    def test_stall_withholds_the_rest_after_the_first_delta(self):
        with FakeLLM() as server:
            server.script([{"stall": 30}])
            status, _, body = ask(server, "x", stream=True, timeout=0.5)
        self.assertEqual(status, 200)
        self.assertIsInstance(body, socket.timeout)

    def test_chunk_size_and_latency(self):
        with FakeLLM() as server:
            server.script([{"response": "abcdefgh", "chunk_size": 3, "latency": 0.2}])
            started = time.monotonic()
            body = ask(server, "x", stream=True)[2]
            waited = time.monotonic() - started
        deltas = [json.loads(data)["delta"]["text"] for name, data in events(body)
                  if name == "content_block_delta"]
        self.assertEqual(deltas, ["abc", "def", "gh"])
        self.assertGreaterEqual(waited, 0.2)

    def test_requests_are_recorded_with_their_headers(self):
        with FakeLLM() as server:
            ask(server, "first")
            received = json.loads(server.request("GET", "/_requests")[2])
        self.assertEqual(received[0]["path"], "/v1/messages")
        headers = {k.lower(): v for k, v in received[0]["headers"].items()}
        self.assertEqual(headers["x-api-key"], "sk-ant-test")
        self.assertEqual(received[0]["body"]["system"], "be brief")


if __name__ == "__main__":
    unittest.main()
