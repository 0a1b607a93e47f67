import subprocess
import sys


def run(data, *args):
    """command.py's stdout for stdin `data` (str or bytes) and arguments `args`."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    result = subprocess.run([sys.executable, "command.py", *args], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def check(data, expected, *args):
    got = run(data, *args)
    assert got == expected, f"{data!r} gave {got!r}, expected {expected!r}"


def test_words_become_lowercase_and_hyphenated():
    check("Hello World\n", "hello-world\n")


def test_each_line_is_slugified_on_its_own():
    check("One\nTwo Three\nfour\n", "one\ntwo-three\nfour\n")


def test_punctuation_separates_words_and_apostrophes_vanish():
    check("Hello, World! What's up? (It\u2019s 5 o'clock)\n", "hello-world-whats-up-its-5-oclock\n")


def test_repeated_separators_collapse():
    check("a  --  b__c...d\n", "a-b-c-d\n")


def test_no_leading_or_trailing_separators():
    check("  -- Hello --  \n", "hello\n")
    check("!!!\n", "\n")


def test_empty_lines_stay_empty():
    check("a\n\n\nb\n", "a\n\n\nb\n")
    check("", "")


def test_accented_latin_letters_lose_their_accents():
    check("Crème Brûlée\n", "creme-brulee\n")
    check("Ångström Çedille Ñandú\n", "angstrom-cedille-nandu\n")
    check("Straße Ærø Łódź\n", "strasse-aero-lodz\n")
    check("ﬁve ＦＵＬＬ\n", "five-full\n")


def test_letters_of_other_scripts_are_kept():
    check("日本語 and Ελληνικά text\n", "日本語-and-ελληνικά-text\n")
    check("Привет, Мир!\n", "привет-мир\n")
    check("हिन्दी भाषा\n", "हिन्दी-भाषा\n")  # vowel signs are marks: part of the word


def test_symbols_separate_words():
    check("I \u2665 Python \U0001F40D 3.11\n", "i-python-3-11\n")


def test_digits_are_kept():
    check("Top 10 of 2024\n", "top-10-of-2024\n")


def test_last_line_without_newline_and_crlf():
    check("abc", "abc\n")
    check("A B\r\nC\r\n", "a-b\nc\n")


def test_invalid_utf8_separates_words():
    check(b"caf\xe9 au lait\n", "caf-au-lait\n")


def test_arguments_instead_of_stdin():
    check("ignored\n", "hello-world\nits\n", "Hello World", "it's")
