"""Ollama's native chat API, as fake_llm.py speaks it: POST /api/chat, NDJSON when streaming
(Ollama's default: "stream" absent means true), one JSON object otherwise.

Ollama's errors are {"error": "text"}. It has no quota: `quota` answers 429 with an error
saying a usage limit was reached (what a hosted Ollama-compatible server says). When the
request sets options.num_ctx and the prompt has more tokens than that, prompt_eval_count is
num_ctx, as Ollama reports it after silently keeping the prompt's tail.
"""
import json

import fake_llm_common as common

PATH = "/api/chat"
CREATED_AT = "2024-01-01T00:00:00.000000Z"


def prompt_of(request):
    messages = request["messages"]
    if not isinstance(messages, list):
        raise TypeError("the body must be JSON with a \"messages\" list")
    return common.last_user_message(messages)


def respond(handler, request, prompt, rule):
    model = request.get("model") or common.MODEL
    if rule.get("quota"):
        return send_error(handler, rule.get("status", 429),
                          "you have reached your usage limit (quota exceeded), upgrade for more")
    if "status" in rule:
        extra = {"Retry-After": str(rule["retry_after"])} if "retry_after" in rule else {}
        message = (f'model "{model}" not found, try pulling it first' if rule["status"] == 404
                   else f"scripted status {rule['status']}")
        return send_error(handler, rule["status"], message, extra)
    if rule.get("error_body"):
        return handler.send_json(200, {"error": "scripted error inside a 200 answer"})
    text = common.answer_text(rule, prompt)
    stats = final_stats(request, text, "length" if rule.get("truncated") else "stop")
    if request.get("stream", True):
        stream(handler, rule, text, stats, model)
    else:
        answer(handler, rule, text, stats, model)


def prompt_eval_count(request):
    tokens = sum(common.count_tokens(common.text_of(m.get("content", "")))
                 for m in request["messages"] if isinstance(m, dict))
    options = request.get("options") or {}
    num_ctx = options.get("num_ctx") if isinstance(options, dict) else None
    if isinstance(num_ctx, int) and 0 < num_ctx < tokens:
        return num_ctx  # Ollama kept the last num_ctx tokens and says no more than this
    return tokens


def final_stats(request, text, done_reason):
    return {"done": True, "done_reason": done_reason, "total_duration": 1000000,
            "load_duration": 1000, "prompt_eval_count": prompt_eval_count(request),
            "prompt_eval_duration": 1000, "eval_count": common.count_tokens(text),
            "eval_duration": 1000}


def message(model, content):
    return {"model": model, "created_at": CREATED_AT,
            "message": {"role": "assistant", "content": content}}


def answer(handler, rule, text, stats, model):
    body = json.dumps({**message(model, text), **stats}).encode()
    if rule.get("malformed"):
        body = body[: len(body) // 2]  # still sent with a matching Content-Length
    handler.send_body(200, body, rule=rule)


def stream(handler, rule, text, stats, model):
    handler.start_stream("application/x-ndjson")
    pieces = common.pieces_of(text, rule)
    for index, piece in enumerate(pieces):
        send_line(handler, {**message(model, piece), "done": False})
        if index == 0 and rule.get("stall"):
            common.sleep(rule["stall"])
        if index == 0 and rule.get("malformed"):
            handler.send_chunk(b'{"model": "' + model.encode() + b'", "message": {"content": \n')
        if index == 0 and "midstream_error" in rule:
            send_line(handler, {"error": rule["midstream_error"]})
            return handler.end_stream()
        if rule.get("cut") and index + 1 >= max(1, len(pieces) // 2):
            return handler.cut()
    send_line(handler, {**message(model, ""), **stats})
    handler.end_stream()


def send_line(handler, payload):
    handler.send_chunk(json.dumps(payload).encode() + b"\n")


def send_error(handler, status, message_text, headers=None):
    handler.send_json(status, {"error": message_text}, headers)
