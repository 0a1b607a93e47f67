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


def test_words_become_lowercase_and_joined_by_underscores():
    check("Hello World\n", "hello_world\n")


def test_each_line_is_slugified_on_its_own():
    check("One\nTwo Three\nfour\n", "one\ntwo_three\nfour\n")


def test_punctuation_separates_words_and_apostrophes_vanish():
    check("Hello, World! What's up? (It\u2019s 5 o'clock)\n", "hello_world_whats_up_its_5_oclock\n")


def test_repeated_separators_collapse():
    check("a  --  b__c...d\n", "a_b_c_d\n")


def test_no_leading_or_trailing_separators():
    check("  -- Hello --  \n", "hello\n")
    check("!!!\n", "\n")


def test_empty_lines_stay_empty():
    check("a\n\n\nb\n", "a\n\n\nb\n")
    check("", "")


def test_accented_latin_letters_lose_their_accents():
    check("Crème Brûlée\n", "creme_brulee\n")
    check("Ångström Çedille Ñandú\n", "angstrom_cedille_nandu\n")
    check("Straße Ærø Łódź\n", "strasse_aero_lodz\n")
    check("ﬁve ＦＵＬＬ\n", "five_full\n")


def test_letters_of_other_scripts_are_kept():
    check("日本語 and Ελληνικά text\n", "日本語_and_ελληνικά_text\n")
    check("Привет, Мир!\n", "привет_мир\n")
    check("हिन्दी भाषा\n", "हिन्दी_भाषा\n")  # vowel signs are marks: part of the word


def test_symbols_separate_words():
    check("I \u2665 Python \U0001F40D 3.11\n", "i_python_3_11\n")


def test_digits_are_kept():
    check("Top 10 of 2024\n", "top_10_of_2024\n")


def test_last_line_without_newline_and_crlf():
    check("abc", "abc\n")
    check("A B\r\nC\r\n", "a_b\nc\n")


def test_invalid_utf8_separates_words():
    check(b"caf\xe9 au lait\n", "caf_au_lait\n")


def test_arguments_instead_of_stdin():
    check("ignored\n", "hello_world\nits\n", "Hello World", "it's")
