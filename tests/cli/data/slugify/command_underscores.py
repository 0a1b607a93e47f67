"""slugify: turn each line of stdin (or each argument) into a URL slug, using underscores.

A slug is lowercase ASCII letters and digits joined by single underscores. Accented Latin letters
lose their accents (NFKD, then the combining marks dropped: "Crème Brûlée" -> "creme_brulee"),
a few Latin letters without a decomposition are spelled out ("ß" -> "ss", "æ" -> "ae"),
apostrophes vanish inside words ("what's" -> "whats"), and everything else -- punctuation,
spaces, letters of other scripts -- separates words. One output line per input line; a line
with nothing to keep gives an empty line.
"""
import argparse
import re
import sys
import unicodedata

SEPARATOR = "_"

# Latin letters that NFKD does not decompose into an ASCII letter and a mark.
SPELLED_OUT = str.maketrans({
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d",
    "ł": "l", "þ": "th", "ı": "i", "ħ": "h",
})
APOSTROPHES = str.maketrans("", "", "'\u2019")


def slugify(text):
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = text.lower().translate(SPELLED_OUT).translate(APOSTROPHES)
    return re.sub(r"[^a-z0-9]+", SEPARATOR, text).strip(SEPARATOR)


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
