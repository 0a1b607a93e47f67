#!/usr/bin/env python3
"""A scriptable, misbehaving, OpenAI-compatible chat server for evo's tests and demos.

Standard library only; listens on 127.0.0.1 alone.

    fake_llm.py [--port N] [--port-file PATH] [--script RULES.json|RULES.jsonl] [--verbose]

--port 0 (the default) picks a free port; the first line on stdout is then "PORT <n>".

Endpoints: one per wire format (WIRES below; each lives in a wire_*.py module): POST
/v1/chat/completions (OpenAI: JSON, or SSE when "stream": true); POST /v1/messages (Anthropic
Messages: x-api-key, anthropic-version and max_tokens required; JSON, or SSE events
message_start ... message_stop when "stream": true); POST /api/chat (Ollama: NDJSON unless
"stream": false; its errors {"error": "..."}; 404 says the model is not found; `quota` is a
429 "usage limit"; prompt_eval_count is capped at options.num_ctx, as Ollama reports a prompt
it truncated); GET /v1/models, GET /health;
for tests, POST /_script (replace the rules; also clears the request log) and GET /_requests
(every chat request received so far, with its path, headers and JSON body, and "raw": the
body's text as sent, which a client can replay byte for byte).

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
  latency: 0.1                               wait so many seconds before answering at all
  error_body: true                           answer 200 with the wire's error object as body
  midstream_error: "text"                    a stream sends its first chunk, then an error
                                             event carrying this message, and ends
  echo_headers: true                         an error's message (status, error_body) quotes
                                             the request's headers, as a careless server
                                             quoting the API key back would (secret tests)
Every wire format honours every key, in its own words (its error objects, its events).
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

import wire_anthropic
import wire_ollama
import wire_openai
from fake_llm_common import MODEL

RULE_KEYS = {"match", "regex", "response", "status", "retry_after", "stall", "cut",
             "malformed", "truncated", "times", "chunk_size", "quota", "latency", "error_body",
             "midstream_error", "echo_headers"}


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
    for key in ("stall", "latency"):
        if key in rule and (type(rule[key]) not in (int, float) or rule[key] < 0):
            raise ScriptError(f"{where}: {key} must be a number of seconds")
    if "midstream_error" in rule and not isinstance(rule["midstream_error"], str):
        raise ScriptError(f"{where}: midstream_error must be a string (the error's message)")
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


class Handler(BaseHTTPRequestHandler):
    """HTTP plumbing shared by the wire formats; what is said is the wire module's."""
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
            wire_openai.send_error(self, 404, f"no such path: {self.path}")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/_script":
            try:
                self.server.script.replace(parse_rules(body.decode(), "/_script"))
            except (ScriptError, UnicodeDecodeError) as e:
                return wire_openai.send_error(self, 400, str(e))
            return self.send_json(200, {"rules": len(self.server.script.rules)})
        wire = WIRES.get(self.path)
        if wire is None:
            return wire_openai.send_error(self, 404, f"no such path: {self.path}")
        try:
            request = json.loads(body)
            prompt = wire.prompt_of(request)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            return wire.send_error(self, 400, f"bad request: {e}")
        self.server.script.record({"path": self.path, "headers": dict(self.headers.items()),
                                   "body": request, "raw": body.decode("utf-8", "replace")})
        rule = self.server.script.pick(prompt)
        try:
            if rule.get("latency"):
                time.sleep(rule["latency"])
            wire.respond(self, request, prompt, rule)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (e.g. after a stall); nothing left to do
        self.close_connection = True

    def start_stream(self, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def send_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def end_stream(self):
        self.send_chunk(b"")

    def cut(self):
        """Drops the connection without finishing the body."""
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def send_body(self, status, body, content_type="application/json", headers=None,
                  rule=None):
        """A whole body; under `rule` it may stall after the headers or be cut halfway."""
        rule = rule or {}
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        if rule.get("stall"):
            time.sleep(rule["stall"])
        if rule.get("cut"):
            self.wfile.write(body[: len(body) // 2])
            return self.cut()
        self.wfile.write(body)

    def send_json(self, status, payload, headers=None):
        self.send_body(status, json.dumps(payload).encode(), headers=headers)


# The wire formats spoken, by request path. A wire module has prompt_of(request) (the last
# user message; raises ValueError/KeyError/TypeError for a request it cannot take),
# respond(handler, request, prompt, rule) and send_error(handler, status, message, headers).
WIRES = {wire_openai.PATH: wire_openai, wire_anthropic.PATH: wire_anthropic,
         wire_ollama.PATH: wire_ollama}


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a stalled answer must not keep the process alive
    block_on_close = False
    # The listen backlog: socketserver's default of 5 makes the kernel drop the SYNs of a burst
    # of clients (evo batch's 32 at once), which then retry a second later.
    request_queue_size = 128


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
