"""OpenAI Chat Completions, as fake_llm.py speaks it: JSON, or SSE when "stream": true."""
import json

import fake_llm_common as common

PATH = "/v1/chat/completions"


def prompt_of(request):
    messages = request["messages"]
    if not isinstance(messages, list):
        raise TypeError("the body must be JSON with a \"messages\" list")
    return common.last_user_message(messages)


def respond(handler, request, prompt, rule):
    if rule.get("quota"):
        return send_quota_exhausted(handler, rule.get("status", 429))
    echoed = ""
    if rule.get("echo_headers"):
        echoed = "; your request's headers: " + json.dumps(dict(handler.headers.items()))
    if "status" in rule:
        extra = {"Retry-After": str(rule["retry_after"])} if "retry_after" in rule else {}
        return send_error(handler, rule["status"], f"scripted status {rule['status']}{echoed}",
                          extra)
    if rule.get("error_body"):
        return handler.send_json(200, error_object("scripted error inside a 200 answer" + echoed,
                                                   500))
    text = common.answer_text(rule, prompt)
    finish = "length" if rule.get("truncated") else "stop"
    messages = request["messages"]
    usage = {"prompt_tokens": sum(common.count_tokens(common.text_of(m.get("content", "")))
                                  for m in messages if isinstance(m, dict)),
             "completion_tokens": common.count_tokens(text)}
    usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
    model = request.get("model") or common.MODEL
    if request.get("stream"):
        stream(handler, rule, text, finish, usage, model)
    else:
        answer(handler, rule, text, finish, usage, model)


def answer(handler, rule, text, finish, usage, model):
    body = json.dumps({
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                     "finish_reason": finish}],
        "usage": usage}).encode()
    if rule.get("malformed"):
        body = body[: len(body) // 2]  # still sent with a matching Content-Length
    handler.send_body(200, body, rule=rule)


def stream(handler, rule, text, finish, usage, model):
    handler.start_stream("text/event-stream")
    handler.send_chunk(b": keep-alive\n\n")  # a comment, as some servers send
    pieces = common.pieces_of(text, rule)
    for index, piece in enumerate(pieces):
        send_event(handler, {"choices": [{"index": 0, "delta": {"content": piece},
                                          "finish_reason": None}], "model": model})
        if index == 0 and rule.get("stall"):
            common.sleep(rule["stall"])
        if index == 0 and rule.get("malformed"):
            handler.send_chunk(b'data: {"choices": [{"delta": {"content": \n\n')
        if index == 0 and "midstream_error" in rule:
            send_event(handler, error_object(rule["midstream_error"], 500))
            return handler.end_stream()
        if rule.get("cut") and index + 1 >= max(1, len(pieces) // 2):
            return handler.cut()
    send_event(handler, {"choices": [{"index": 0, "delta": {}, "finish_reason": finish}],
                         "model": model, "usage": usage})
    handler.send_chunk(b"data: [DONE]\n\n")
    handler.end_stream()


def send_event(handler, payload):
    handler.send_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")


def error_object(message, code):
    return {"error": {"message": message, "type": "fake_llm", "code": code}}


def send_quota_exhausted(handler, status):
    """OpenAI's answer once the account has no quota left (its code and type both say so)."""
    handler.send_json(status, {"error": {
        "message": "You exceeded your current quota, please check your plan and billing "
                   "details.",
        "type": "insufficient_quota", "param": None, "code": "insufficient_quota"}})


def send_error(handler, status, message, headers=None):
    handler.send_json(status, error_object(message, status), headers)
