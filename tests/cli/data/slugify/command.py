"""slugify: turn each line of stdin (or each argument) into a URL slug.

A slug is the line's words, lowercased and joined by single hyphens. A word is a run of
letters and digits of any script, with the marks that belong to them ("Привет" -> "привет",
"日本語" -> "日本語"). Latin letters are folded to ASCII: accents dropped (NFKD, then the
combining marks: "Crème Brûlée" -> "creme-brulee"), compatibility forms made plain ("ﬁ" -> "fi",
"Ｆ" -> "f"), and a few letters without a decomposition spelled out ("ß" -> "ss", "æ" -> "ae").
Apostrophes vanish inside words ("what's" -> "whats"); everything else -- spaces, punctuation,
symbols, underscores -- separates words. One output line per input line; a line with nothing
to keep gives an empty line.
"""
import argparse
import sys
import unicodedata

SEPARATOR = "-"

# Latin letters that NFKD does not decompose into an ASCII letter and a mark.
SPELLED_OUT = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d",
    "ł": "l", "þ": "th", "ı": "i", "ħ": "h",
}


def fold(char):
    """A Latin letter (or a compatibility form of one) as ASCII; any other character as it is."""
    spelled = SPELLED_OUT.get(char.lower())
    if spelled:
        return spelled
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if base and base.isascii() else char


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
    return SEPARATOR.join(words("".join(fold(c) for c in text).lower()))


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
