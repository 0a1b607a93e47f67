"""Anthropic's Messages API, as fake_llm.py speaks it: JSON, or SSE events when "stream": true.

Strict where the real API is strict, so that a client's mistakes show: x-api-key (401) and
anthropic-version (400) headers, max_tokens, a top-level system prompt (a "system" role among
the messages is refused, as Anthropic refuses it).
"""
import json

import fake_llm_common as common

PATH = "/v1/messages"

# Anthropic's error type for each HTTP status it answers with.
ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error",
               403: "permission_error", 404: "not_found_error", 413: "request_too_large",
               429: "rate_limit_error", 500: "api_error", 529: "overloaded_error"}

CREDIT_TOO_LOW = ("Your credit balance is too low to access the Anthropic API. Please go to "
                  "Plans & Billing to upgrade or purchase credits.")


def prompt_of(request):
    messages = request["messages"]
    if not isinstance(messages, list):
        raise TypeError("the body must be JSON with a \"messages\" list")
    return common.last_user_message(messages)


def request_problem(handler, request):
    """(status, message) for a request Anthropic would refuse, or None."""
    if not handler.headers.get("x-api-key"):
        return 401, "x-api-key header is required"
    if not handler.headers.get("anthropic-version"):
        return 400, "anthropic-version: header is required"
    max_tokens = request.get("max_tokens")
    if "max_tokens" not in request:
        return 400, "max_tokens: Field required"
    if type(max_tokens) is not int or max_tokens < 1:
        return 400, "max_tokens: Input should be a positive integer"
    if not system_is_valid(request.get("system", "")):
        return 400, "system: Input should be a string or a list of text blocks"
    for index, message in enumerate(request["messages"]):
        role = message.get("role") if isinstance(message, dict) else None
        if role not in ("user", "assistant"):
            return 400, (f"messages.{index}.role: Unexpected role {json.dumps(role)}. The "
                         "Messages API accepts a top-level `system` parameter, not \"system\" as "
                         "an input message role.")
        if not isinstance(message.get("content"), (str, list)):
            return 400, f"messages.{index}.content: Input should be a string or a list of blocks"
    return None


def system_is_valid(system):
    if isinstance(system, str):
        return True
    return isinstance(system, list) and all(
        isinstance(block, dict) and block.get("type") == "text" and
        isinstance(block.get("text"), str) for block in system)


def respond(handler, request, prompt, rule):
    problem = request_problem(handler, request)
    if problem:
        return send_error(handler, *problem)
    if rule.get("quota"):
        return send_error(handler, rule.get("status", 400), CREDIT_TOO_LOW)
    # echo_headers (a rule key on branches where the core knows it): the error quotes the
    # request's headers, x-api-key included, as a careless proxy might.
    echoed = ""
    if rule.get("echo_headers"):
        echoed = "; your request's headers: " + json.dumps(dict(handler.headers.items()))
    if "status" in rule:
        extra = {"retry-after": str(rule["retry_after"])} if "retry_after" in rule else {}
        return send_error(handler, rule["status"], f"scripted status {rule['status']}{echoed}",
                          extra)
    if rule.get("error_body"):
        return handler.send_json(200, error_object(
            "api_error", "scripted error inside a 200 answer" + echoed))
    text = common.answer_text(rule, prompt)
    stop = "max_tokens" if rule.get("truncated") else "end_turn"
    system = request.get("system", "")
    prompt_words = common.count_tokens(common.text_of(system)) + sum(
        common.count_tokens(common.text_of(m.get("content", ""))) for m in request["messages"])
    usage = {"input_tokens": prompt_words, "output_tokens": common.count_tokens(text)}
    model = request.get("model") or common.MODEL
    if request.get("stream"):
        stream(handler, rule, text, stop, usage, model)
    else:
        answer(handler, rule, text, stop, usage, model)


def answer(handler, rule, text, stop, usage, model):
    body = json.dumps({
        "id": "msg_fake", "type": "message", "role": "assistant", "model": model,
        "content": [{"type": "text", "text": text}], "stop_reason": stop,
        "stop_sequence": None, "usage": usage}).encode()
    if rule.get("malformed"):
        body = body[: len(body) // 2]  # still sent with a matching Content-Length
    handler.send_body(200, body, rule=rule)


def stream(handler, rule, text, stop, usage, model):
    handler.start_stream("text/event-stream")
    send_event(handler, "message_start", {"type": "message_start", "message": {
        "id": "msg_fake", "type": "message", "role": "assistant", "model": model,
        "content": [], "stop_reason": None, "stop_sequence": None,
        "usage": {"input_tokens": usage["input_tokens"], "output_tokens": 1}}})
    send_event(handler, "content_block_start", {"type": "content_block_start", "index": 0,
                                                "content_block": {"type": "text", "text": ""}})
    send_event(handler, "ping", {"type": "ping"})
    pieces = common.pieces_of(text, rule)
    for index, piece in enumerate(pieces):
        send_event(handler, "content_block_delta", {
            "type": "content_block_delta", "index": 0,
            "delta": {"type": "text_delta", "text": piece}})
        if index == 0 and rule.get("stall"):
            common.sleep(rule["stall"])
        if index == 0 and rule.get("malformed"):
            handler.send_chunk(b'event: content_block_delta\ndata: {"type": "content_block_de\n\n')
        if index == 0 and "midstream_error" in rule:
            send_event(handler, "error", error_object("overloaded_error",
                                                      rule["midstream_error"]))
            return handler.end_stream()
        if rule.get("cut") and index + 1 >= max(1, len(pieces) // 2):
            return handler.cut()
    send_event(handler, "content_block_stop", {"type": "content_block_stop", "index": 0})
    send_event(handler, "message_delta", {
        "type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
        "usage": {"output_tokens": usage["output_tokens"]}})
    send_event(handler, "message_stop", {"type": "message_stop"})
    handler.end_stream()


def send_event(handler, name, payload):
    handler.send_chunk(b"event: %s\ndata: %s\n\n" % (name.encode(), json.dumps(payload).encode()))


def error_object(error_type, message):
    return {"type": "error", "error": {"type": error_type, "message": message}}


def error_type_of(status):
    if status in ERROR_TYPES:
        return ERROR_TYPES[status]
    return "api_error" if status >= 500 else "invalid_request_error"


def send_error(handler, status, message, headers=None):
    handler.send_json(status, error_object(error_type_of(status), message), headers)
