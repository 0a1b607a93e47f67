#!/usr/bin/env python3
"""A scriptable, misbehaving, OpenAI-compatible chat server for evo's tests and demos.

Standard library only; listens on 127.0.0.1 alone.

    fake_llm.py [--port N] [--port-file PATH] [--script RULES.json|RULES.jsonl] [--verbose]

--port 0 (the default) picks a free port; the first line on stdout is then "PORT <n>".

Endpoints: POST /v1/chat/completions (JSON or SSE when "stream": true), GET /v1/models,
GET /health; for tests, POST /_script (replace the rules; also clears the request log) and
GET /_requests (every chat request received so far, with its headers and JSON body).

Rules are tried in order against the last user message. A rule without "match"/"regex"
matches every request. Keys:
  match: "substring"   regex: "pattern"      what to match (both must hold when both given)
  response: "text"                           the answer (default: the echo function below)
  status: 503          retry_after: 2        fail with this HTTP status (+ Retry-After header)
  quota: true                                fail as OpenAI does when the account's quota is
                                             used up: 429 (or `status`), "insufficient_quota"
  stall: 1.5                                 send headers (+ first chunk) then sleep so long
  cut: true                                  close the connection halfway through the answer
  malformed: true                            invalid JSON body, or an invalid SSE data line
  truncated: true                            finish_reason "length" instead of "stop"
  times: 2                                   apply to the first 2 matching requests only,
                                             then fall through to the next rules
  chunk_size: 8                              characters per streamed chunk
Without a matching rule the answer is a fenced, valid Python function echoing the prompt.
"""
import argparse
import json
import os
import re
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RULE_KEYS = {"match", "regex", "response", "status", "retry_after", "stall", "cut",
             "malformed", "truncated", "times", "chunk_size", "quota"}
MODEL = "fake-model"


class ScriptError(ValueError):
    pass


def checked_rule(rule, where):
    if not isinstance(rule, dict):
        raise ScriptError(f"{where}: a rule must be a JSON object")
    unknown = set(rule) - RULE_KEYS
    if unknown:
        raise ScriptError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("times", "chunk_size"):
        if key in rule and (type(rule[key]) is not int or rule[key] < 1):
            raise ScriptError(f"{where}: {key} must be a positive integer")
    if "status" in rule and (type(rule["status"]) is not int or not 400 <= rule["status"] <= 599):
        raise ScriptError(f"{where}: status must be an HTTP error status (400-599)")
    if "stall" in rule and (type(rule["stall"]) not in (int, float) or rule["stall"] < 0):
        raise ScriptError(f"{where}: stall must be a number of seconds")
    if "regex" in rule:
        try:
            re.compile(rule["regex"])
        except (re.error, TypeError) as e:
            raise ScriptError(f"{where}: bad regex: {e}") from None
    return dict(rule)


def parse_rules(text, origin):
    """A JSON list of rules, {"rules": [...]}, one rule object, or JSONL (a rule per line)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        return [checked_rule(rule, where) for rule, where in jsonl_rules(text, origin)]
    rules = doc.get("rules", [doc]) if isinstance(doc, dict) else doc
    if not isinstance(rules, list):
        raise ScriptError(f"{origin}: expected a list of rules or {{\"rules\": [...]}}")
    return [checked_rule(rule, f"{origin}: rule {i + 1}") for i, rule in enumerate(rules)]


def jsonl_rules(text, origin):
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield json.loads(line), f"{origin}:{number}"
            except json.JSONDecodeError as e:
                raise ScriptError(f"{origin}:{number}: invalid JSON: {e.msg}") from None


class Script:
    """The rules and what was received; shared by the handler threads."""

    def __init__(self, rules):
        self.lock = threading.Lock()
        self.replace(rules)

    def replace(self, rules):
        with self.lock:
            self.rules = rules
            self.used = [0] * len(rules)
            self.requests = []

    def record(self, entry):
        with self.lock:
            self.requests.append(entry)

    def received(self):
        with self.lock:
            return list(self.requests)

    def pick(self, prompt):
        """The first matching rule whose `times` is not used up (counting this use), or {}."""
        with self.lock:
            for index, rule in enumerate(self.rules):
                if "match" in rule and rule["match"] not in prompt:
                    continue
                if "regex" in rule and not re.search(rule["regex"], prompt):
                    continue
                if "times" in rule and self.used[index] >= rule["times"]:
                    continue
                self.used[index] += 1
                return rule
        return {}


def last_user_message(messages):
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content", "")
            if isinstance(content, list):  # content parts: keep the text ones
                return "".join(p.get("text", "") for p in content if isinstance(p, dict))
            return str(content)
    return ""


def echo_answer(prompt):
    return f"```python\ndef answer():\n    return {prompt!r}\n```\n"


def count_tokens(text):
    return len(text.split())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-llm/1.0"

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("fake_llm: " + fmt % args + "\n")

    def do_GET(self):
        if self.path == "/health":
            self.send_json(200, {"status": "ok"})
        elif self.path == "/v1/models":
            self.send_json(200, {"object": "list", "data": [{"id": MODEL, "object": "model"}]})
        elif self.path == "/_requests":
            self.send_json(200, self.server.script.received())
        else:
            self.send_error_json(404, f"no such path: {self.path}")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/_script":
            try:
                self.server.script.replace(parse_rules(body.decode(), "/_script"))
            except (ScriptError, UnicodeDecodeError) as e:
                return self.send_error_json(400, str(e))
            return self.send_json(200, {"rules": len(self.server.script.rules)})
        if self.path != "/v1/chat/completions":
            return self.send_error_json(404, f"no such path: {self.path}")
        try:
            request = json.loads(body)
            messages = request["messages"]
            if not isinstance(messages, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return self.send_error_json(400, "the body must be JSON with a \"messages\" list")
        self.server.script.record({"headers": dict(self.headers.items()), "body": request})
        self.complete(request, self.server.script.pick(last_user_message(messages)))

    def complete(self, request, rule):
        if rule.get("quota"):
            return self.send_quota_exhausted(rule.get("status", 429))
        if "status" in rule:
            extra = {"Retry-After": str(rule["retry_after"])} if "retry_after" in rule else {}
            return self.send_error_json(rule["status"], f"scripted status {rule['status']}", extra)
        prompt = last_user_message(request["messages"])
        text = rule.get("response", echo_answer(prompt))
        finish = "length" if rule.get("truncated") else "stop"
        usage = {"prompt_tokens": sum(count_tokens(str(m.get("content", "")))
                                      for m in request["messages"] if isinstance(m, dict)),
                 "completion_tokens": count_tokens(text)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        model = request.get("model") or MODEL
        try:
            if request.get("stream"):
                self.stream(rule, text, finish, usage, model)
            else:
                self.answer(rule, text, finish, usage, model)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (e.g. after a stall); nothing left to do
        self.close_connection = True

    def answer(self, rule, text, finish, usage, model):
        body = json.dumps({
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": finish}],
            "usage": usage}).encode()
        if rule.get("malformed"):
            body = body[: len(body) // 2]  # still sent with a matching Content-Length
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        if rule.get("stall"):
            time.sleep(rule["stall"])
        if rule.get("cut"):
            self.wfile.write(body[: len(body) // 2])
            return self.cut()
        self.wfile.write(body)

    def stream(self, rule, text, finish, usage, model):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.send_chunk(b": keep-alive\n\n")  # a comment, as some servers send
        size = rule.get("chunk_size", 8)
        pieces = [text[i:i + size] for i in range(0, len(text), size)] or [""]
        for index, piece in enumerate(pieces):
            self.send_event({"choices": [{"index": 0, "delta": {"content": piece},
                                          "finish_reason": None}], "model": model})
            if index == 0 and rule.get("stall"):
                time.sleep(rule["stall"])
            if index == 0 and rule.get("malformed"):
                self.send_chunk(b'data: {"choices": [{"delta": {"content": \n\n')
            if rule.get("cut") and index + 1 >= max(1, len(pieces) // 2):
                return self.cut()
        self.send_event({"choices": [{"index": 0, "delta": {}, "finish_reason": finish}],
                         "model": model, "usage": usage})
        self.send_chunk(b"data: [DONE]\n\n")
        self.send_chunk(b"")

    def send_event(self, payload):
        self.send_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

    def send_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def cut(self):
        """Drops the connection without finishing the body."""
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def send_json(self, status, payload, headers=None):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_quota_exhausted(self, status):
        """OpenAI's answer once the account has no quota left (its code and type both say so)."""
        self.send_json(status, {"error": {
            "message": "You exceeded your current quota, please check your plan and billing "
                       "details.",
            "type": "insufficient_quota", "param": None, "code": "insufficient_quota"}})

    def send_error_json(self, status, message, headers=None):
        self.send_json(status, {"error": {"message": message, "type": "fake_llm", "code": status}},
                       headers)


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a stalled answer must not keep the process alive
    block_on_close = False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", help="write the port here once listening")
    parser.add_argument("--script", help="rules: JSON list or JSONL")
    parser.add_argument("--verbose", action="store_true", help="log each request to stderr")
    args = parser.parse_args()
    try:
        rules = []
        if args.script:
            with open(args.script, encoding="utf-8") as f:
                rules = parse_rules(f.read(), args.script)
    except (OSError, ScriptError) as e:
        sys.exit(f"fake_llm: {e}")
    server = Server(("127.0.0.1", args.port), Handler)
    server.script = Script(rules)
    server.verbose = args.verbose
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w", encoding="utf-8") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"PORT {port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    server.server_close()


if __name__ == "__main__":
    main()
