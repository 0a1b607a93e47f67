"""slugify: turn each line of stdin (or each argument) into a URL slug."""
import argparse
import re
import sys


def slugify(text):
    text = text.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def main():
    parser = argparse.ArgumentParser(prog="slugify", description="Turn each line of stdin (or each TEXT) into a URL slug.")
    parser.add_argument("text", nargs="*", help="slugify these instead of stdin's lines")
    args = parser.parse_args()
    if args.text:
        lines = args.text
    else:
        lines = (raw.decode("utf-8", errors="replace").rstrip("\r\n") for raw in sys.stdin.buffer)
    for line in lines:
        sys.stdout.write(slugify(line) + "\n")


if __name__ == "__main__":
    main()
