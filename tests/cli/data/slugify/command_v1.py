"""slugify: turn each line of stdin (or each argument) into a URL slug: its words, lowercased,
joined by single hyphens."""
import argparse
import sys
import unicodedata

SEPARATOR = "-"


def words(text):
    """The words of `text`: letters and digits (Unicode categories L and N), with the marks (M)
    that follow them; anything else ends a word."""
    current = []
    for char in text.replace("'", "").replace("\u2019", ""):
        kind = unicodedata.category(char)[0]
        if kind in "LN" or (kind == "M" and current):
            current.append(char)
        elif current:
            yield "".join(current)
            current = []
    if current:
        yield "".join(current)


def slugify(text):
    text = unicodedata.normalize("NFC", text)
    return SEPARATOR.join(words(text.lower()))


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
