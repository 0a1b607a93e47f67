#!/usr/bin/env python3
"""A stand-in for a command-line LLM client such as simonw's `llm`, for the exec provider's tests.

Standard library only; never touches the network.

    fake_llm_cli.py [-m MODEL] [-s SYSTEM] [--fail MESSAGE] [--exit-code N] [--sleep SECONDS]
                    [--empty] [--die-midway] [--flood] [PROMPT]

Reads the prompt on stdin (or takes PROMPT) and prints, in a few flushed pieces, a fenced,
valid Python function echoing it, with the model and system prompt as comments:

    ```python
    # model: MODEL
    # system: SYSTEM
    def answer():
        return 'the prompt'
    ```

Faults (arguments, since a program run by evo sees only a minimal environment):
  --fail MESSAGE   print MESSAGE on stderr and exit with status 1 (or --exit-code)
  --sleep SECONDS  wait so long before answering
  --empty          print nothing and exit 0
  --die-midway     print half the answer, a line on stderr, then kill itself with SIGKILL
  --flood          print lines of x without end
"""
import argparse
import os
import signal
import sys
import time


def answer_text(prompt, model, system):
    lines = ["```python", f"# model: {model}"]
    if system is not None:
        lines.append(f"# system: {system!r}")
    lines += ["def answer():", f"    return {prompt!r}", "```", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-m", "--model", default="fake-cli-model")
    parser.add_argument("-s", "--system")
    parser.add_argument("--fail")
    parser.add_argument("--exit-code", type=int, default=1)
    parser.add_argument("--sleep", type=float, default=0)
    parser.add_argument("--empty", action="store_true")
    parser.add_argument("--die-midway", action="store_true")
    parser.add_argument("--flood", action="store_true", help="print without end")
    parser.add_argument("prompt", nargs="?")
    args = parser.parse_args()

    prompt = args.prompt if args.prompt is not None else sys.stdin.read()
    if args.sleep:
        time.sleep(args.sleep)
    if args.fail is not None:
        sys.stderr.write(args.fail + "\n")
        sys.exit(args.exit_code)
    if args.empty:
        return
    if args.flood:
        line = b"x" * 65535 + b"\n"
        while True:
            sys.stdout.buffer.write(line)
    text = answer_text(prompt, args.model, args.system)
    if args.die_midway:
        sys.stdout.write(text[: len(text) // 2])
        sys.stdout.flush()
        sys.stderr.write("fake_llm_cli: dying midway\n")
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    for start in range(0, len(text), 16):
        sys.stdout.write(text[start:start + 16])
        sys.stdout.flush()


if __name__ == "__main__":
    main()
