"""What every wire format of fake_llm.py shares: the default answer, token counts, chunking."""
import time

MODEL = "fake-model"


def text_of(content):
    """A message's text: a string, or the text parts of a list of content parts."""
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def last_user_message(messages):
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            return text_of(message.get("content", ""))
    return ""


def echo_answer(prompt):
    return f"```python\ndef answer():\n    return {prompt!r}\n```\n"


def count_tokens(text):
    return len(text.split())


def answer_text(rule, prompt):
    return rule.get("response", echo_answer(prompt))


def pieces_of(text, rule):
    size = rule.get("chunk_size", 8)
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


def sleep(seconds):
    time.sleep(seconds)
