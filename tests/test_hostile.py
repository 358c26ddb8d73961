"""Hostile input (issue 12): extract() and parse() never raise on a str, and read a number of any length exactly or
not at all.

The cases are the ones the issue found, each with the value korfacts must give for it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest

import korfacts
from korfacts.morph import Sentence
from korfacts.numerals import MAX_DIGITS
from korfacts.prefilter import MAX_PIECE, split_pieces

NEWS = Path(__file__).parent.parent.parent / "shared" / "benchmarks" / "news_corpus.jsonl"

# --- numbers of any length: exact, or no number -----------------------------------------------------------------

# More than MAX_DIGITS digits: an identifier (an account, a card), not an amount. Each raised before: 29 digits
# decimal.InvalidOperation, from 4,300 digits a ValueError (Python's limit on converting digits to an int).
TOO_LONG = [
    "1" * (MAX_DIGITS + 1),
    "계좌번호 123456789012345678901234567890",
    "계좌번호 123456789012345678901234567890원",
    "123,456,789,012,345,678,901,234,567,890원",  # 30 digits, commas aside
    "3.14159265358979323846264338327950288",  # 36 digits of π
    "1" * 4301 + "명",
    "7" * 5000,
]


@pytest.mark.parametrize("text", TOO_LONG, ids=lambda t: f"{t[:24]}…{len(t)}")
def test_a_run_of_more_than_max_digits_is_no_number(text: str) -> None:
    assert korfacts.extract(text) == []
    assert korfacts.parse(text) is None


# Read exactly: (text, value). The 24 nines with 만원 raised decimal.InvalidOperation before.
EXACT = [
    ("약 " + "9" * 24 + "만원", Decimal("9999999999999999999999990000")),
    ("9" * MAX_DIGITS + "명", Decimal("9" * MAX_DIGITS)),
    ("잔액 9,999,999,999,999,999,999,999,999,999원", Decimal("9" * MAX_DIGITS)),
    ("1,234,567,890,123,456,789원", Decimal("1234567890123456789")),  # 19 digits: was rounded to 15
    ("999999999999999999999999경", Decimal("9" * 24 + "0" * 16)),  # 40 digits written out, 24 significant
    ("0.000000000000000000000000001%", Decimal("1E-27")),
    ("3분의 2", Decimal("0.666666666666667")),  # a quotient that does not end: 15 significant digits
    ("8분의 3", Decimal("0.375")),  # one that ends: exact
    ("6⅓", Decimal("6.33333333333333")),
    ("이십과 삼분의 일", Decimal("20.3333333333333")),
]


@pytest.mark.parametrize(("text", "value"), EXACT, ids=[t for t, _ in EXACT])
def test_numbers_are_read_exactly(text: str, value: Decimal) -> None:
    quantity = korfacts.parse(text)
    assert quantity is not None
    assert quantity.value == value
    assert str(quantity.value) == str(value)  # the same digits, not a rounded neighbour
    assert quantity.to_dict()["value"] == (int(value) if value == int(value) else float(value))


@pytest.mark.parametrize(("text", "value"), EXACT[:4], ids=[t for t, _ in EXACT[:4]])
def test_numbers_in_running_text_are_read_exactly(text: str, value: Decimal) -> None:
    [fact] = korfacts.extract(f"올해 {text}이다.")
    assert fact.value == value


def test_a_value_that_needs_more_than_max_digits_significant_digits_is_not_read() -> None:
    # 28 digits before 경 are 44 digits written out, and the final 1 needs every one of them
    assert korfacts.parse("1234567890123456789012345678경1") is None
    # with nothing after 경 the value has 28 significant digits only, and is exact
    quantity = korfacts.parse("1234567890123456789012345678경")
    assert quantity is not None
    assert quantity.value == Decimal("1234567890123456789012345678E16")
    assert quantity.to_dict()["value"] == 12345678901234567890123456780000000000000000


def test_a_base_value_is_rounded_to_15_significant_digits() -> None:
    # 127 light years are 1,201,512,770,017,761,600 m: the conversion factor is exact here, but not in general
    # (km/h to m/s is 0.277777777778), so every base value is given to 15 digits
    quantity = korfacts.parse("127광년")
    assert quantity is not None
    assert quantity.value == Decimal(127)
    assert quantity.base_value == Decimal("1201512770017760000")


# --- code points Kiwi cannot take ---------------------------------------------------------------------------------

# A lone surrogate made Kiwi raise UnicodeDecodeError ("3명 \ud800") unless the prefilter skipped the sentence
# ("\ud800 abc"): the same defect raised or not depending on the text. (text, the facts as (text, start, end), what
# parse gives).
SURROGATES = [
    ("3명 \ud800", [("3명", 0, 2)], None),
    ("\ud800 abc", [], None),
    ("\udfff3명이 왔다", [("3명", 1, 3)], None),
    ("사과 3개\ud800와 배 5개", [("3개", 3, 5), ("5개", 10, 12)], None),
    ("\ud83d\ude00 10만원", [("10만원", 3, 7)], Decimal(100000)),  # a pair written as two code points: one word
    ("\U0001f600 3명 \U0001f600 5개", [("3명", 2, 4), ("5개", 7, 9)], None),  # astral: one code point each
]


@pytest.fixture(scope="module")
def unfiltered() -> korfacts.Extractor:
    return korfacts.Extractor(prefilter=False)


@pytest.mark.parametrize(("text", "facts", "parsed"), SURROGATES, ids=[ascii(t) for t, _, _ in SURROGATES])
def test_lone_surrogates_are_read_past_with_or_without_the_prefilter(
    text: str, facts: list[tuple[str, int, int]], parsed: Decimal | None, unfiltered: korfacts.Extractor
) -> None:
    assert [(f.text, f.start, f.end) for f in korfacts.extract(text)] == facts
    assert [(f.text, f.start, f.end) for f in unfiltered.extract(text)] == facts
    quantity = korfacts.parse(text)
    assert (quantity.value if quantity is not None else None) == parsed


def test_kiwi_gets_a_copy_of_the_same_length() -> None:
    [sentence] = korfacts.Extractor().analyzer.analyze("3명\ud800 왔다")  # the Kiwi every extractor shares
    assert [(m.start, m.end) for m in sentence.morphs][:3] == [(0, 1), (1, 2), (2, 3)]
    assert sentence.morphs[2].form == "\ufffd"  # what Kiwi read: the text reported is the original


# --- long texts are read in pieces of at most MAX_PIECE characters ------------------------------------------------


def _cuts(text: str) -> list[int]:
    """Where split_pieces cuts ``text`` (which has no sentence end), after checking the pieces: none longer than
    MAX_PIECE, none shorter than half of it but the last, and together the whole text."""
    pieces = list(split_pieces(text))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(pieces))
    assert all(MAX_PIECE // 2 < end - start <= MAX_PIECE for start, end in pieces[:-1])
    return [end for _, end in pieces[:-1]]


def test_a_long_piece_is_cut_after_a_clause_break() -> None:
    text = "서울 123명, 부산 45명, " * 200  # a table of counts with no sentence end: 3,400 characters
    cuts = _cuts(text)
    assert len(cuts) == 3
    assert all(text[cut - 1 : cut + 1] == ", " for cut in cuts)


def test_a_long_piece_without_clause_breaks_is_cut_before_a_space() -> None:
    text = "가나다라 " * 500
    cuts = _cuts(text)
    assert len(cuts) == 2
    assert all(text[cut] == " " for cut in cuts)


def test_a_long_piece_without_spaces_is_cut_before_a_number() -> None:
    text = "3명" * 1500
    cuts = _cuts(text)
    assert len(cuts) == 3
    assert all(text[cut - 1 : cut + 1] == "명3" for cut in cuts)


def test_a_long_word_is_cut_between_characters_but_never_before_a_combining_mark() -> None:
    assert _cuts("가" * 2500) == [MAX_PIECE, 2 * MAX_PIECE]
    text = "x" + "a\u0301" * 1500  # every other character combines with the one before it
    cuts = _cuts(text)
    assert cuts == [MAX_PIECE - 1, 2 * MAX_PIECE - 1, 3 * MAX_PIECE - 1]
    assert all(text[cut] == "a" for cut in cuts)


def test_digits_cut_into_pieces_are_no_number() -> None:
    # the last piece holds the last 11 digits of the run: glued to the digits before it, they are no number
    assert [end - start for start, end in split_pieces("1" * 2010 + "명")] == [MAX_PIECE, MAX_PIECE, 11]
    assert korfacts.extract("1" * 2010 + "명") == []
    assert korfacts.extract("7" * 100_000) == []


def test_parse_refuses_a_text_longer_than_a_piece() -> None:
    # parse takes one leading word: here a word as long as a piece can hold, and then one character more
    quantity = korfacts.parse("가" * (MAX_PIECE - 3) + " 3명")
    assert quantity is not None and quantity.value == 3
    assert korfacts.parse("가" * (MAX_PIECE - 2) + " 3명") is None
    assert korfacts.parse("삼" * 100_000) is None


@pytest.mark.slow
@pytest.mark.skipif(not NEWS.exists(), reason="../shared/benchmarks/news_corpus.jsonl is not beside the project")
def test_no_piece_of_the_news_corpus_reaches_the_bound() -> None:
    """The 13,707 documents of the news corpus (3.2 MB): the longest piece has 423 characters, so none is cut."""
    texts = [json.loads(line)["text"] for line in NEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert max(end - start for text in texts for start, end in split_pieces(text)) == 423


# --- time linear in the length of the text ------------------------------------------------------------------------
#
# Each case is a text made of n characters of one hostile pattern. Work is compared at n and 4n characters: the CPU
# time at 4n must stay under GROWTH times the time at n (linear gives 4, quadratic 16). Times are the best of two
# runs (of four when the first two say no, so that one run slowed by the machine does not decide), and never below
# FLOOR, so that a case too fast to time is not judged on noise.

GROWTH = 8
FLOOR = 0.02  # CPU seconds

HOSTILE: dict[str, Callable[[int], str]] = {
    "comma list 1,1,1,…원": lambda n: "1," * (n // 2) + "원",
    "dotted 1.1.1.…": lambda n: "1." * (n // 2),
    "tilde 1~1~1~…명": lambda n: "1~" * (n // 2) + "명",
    "colon 1:1:1:…": lambda n: "1:" * (n // 2),
    "digits glued to words 가1가1…": lambda n: "가1" * (n // 2),
    "counts without spaces 3명3명…": lambda n: "3명" * (n // 2),
    "table 서울 123명, 부산 45명, …": lambda n: ("서울 123명, 부산 45명, " * (n // 17 + 1))[:n],
    "numeral words 삼십오만삼십오만…": lambda n: "삼십오만" * (n // 4),
    "numeral words with units 삼십오만 명 …": lambda n: "삼십오만 명 " * (n // 7),
    "one long number 777…": lambda n: "7" * n,
    "days 3일 3일 …": lambda n: "3일 " * (n // 3),
    "native counts 한 개 한 개 …": lambda n: "한 개 " * (n // 4),
    "bounds 최대 1명 최대 1명 …": lambda n: "최대 1명 " * (n // 6),
    "rates 10만명당 3명 …": lambda n: "10만명당 3명 " * (n // 9),
    "periods 하루 3명 …": lambda n: "하루 3명 " * (n // 6),
    "quoted numbers “1” “2” …": lambda n: "“1” " * (n // 4),
    "fractions 3분의 2 …": lambda n: "3분의 2 " * (n // 6),
    "clock times 2시 30분 …": lambda n: "2시 30분 " * (n // 7),
    "ages in notes 김모(33)김모(33)…": lambda n: "김모(33)" * (n // 6),
}


def _cpu(run: Callable[[], object], times: int = 2) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def _assert_linear(run: Callable[[str], object], make: Callable[[int], str], n: int) -> None:
    small, large = make(n), make(4 * n)
    at_n, at_4n = _cpu(lambda: run(small)), _cpu(lambda: run(large))
    if at_4n >= GROWTH * max(at_n, FLOOR):  # measure again before saying no
        at_n, at_4n = min(at_n, _cpu(lambda: run(small))), min(at_4n, _cpu(lambda: run(large)))
    assert at_4n < GROWTH * max(at_n, FLOOR), f"{at_n:.3f} s at {len(small)} characters, {at_4n:.3f} s at {len(large)}"


@pytest.fixture(scope="module")
def extractor() -> korfacts.Extractor:
    warm = korfacts.Extractor()
    warm.extract("준비 1개")  # Kiwi is built and set up before anything is timed
    return warm


def _one_sentence(extractor: korfacts.Extractor, text: str) -> Sentence:
    """``text`` as one sentence, however Kiwi splits it: what the recognizers would get from a text with no cut."""
    morphs = tuple(m for s in extractor.analyzer.analyze(text) for m in s.morphs)
    return Sentence(start=0, end=len(text), morphs=morphs)


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_recognizers_take_time_linear_in_the_length_of_a_sentence(
    make: Callable[[int], str], extractor: korfacts.Extractor
) -> None:
    """2,000 against 8,000 characters in one sentence, no piece cut: numerals and every recognizer stage."""
    sentences: dict[str, Sentence] = {}

    def recognize(text: str) -> None:
        sentence = sentences.setdefault(text, _one_sentence(extractor, text))  # Kiwi is not timed
        extractor._drafts(text, sentence)

    for n in (2000, 8000):
        recognize(make(n))
    _assert_linear(recognize, make, 2000)


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_prefilter_takes_time_linear_in_the_length_of_a_piece(
    make: Callable[[int], str], extractor: korfacts.Extractor
) -> None:
    """8,000 against 32,000 characters in one piece, no cut."""
    _assert_linear(extractor._prefilter.may_hold_quantity, make, 8000)


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_extract_takes_time_linear_in_the_length_of_the_text(
    make: Callable[[int], str], extractor: korfacts.Extractor
) -> None:
    """4,000 against 16,000 characters, everything included: Kiwi, the cut into pieces of at most MAX_PIECE
    characters (four of them at least, so that both texts are past the first pieces), the recognizers, the links."""
    _assert_linear(extractor.extract, make, 4 * MAX_PIECE)


# The sizes of the issue, under the slow marker (each case takes 0.5 to 5 CPU seconds): (text, facts). Each text is
# read whole, and its first quarter too, which must cost at least a quarter as much (GROWTH, as above).
BIG = {
    "1,1,…원: 60,001 characters": ("1," * 30_000 + "원", 1),  # the last 1 is a bare number; the others are listed
    "1.1.…: 60,000 characters": ("1." * 30_000, 0),
    "1~1~…명: 40,001 characters": ("1~" * 20_000 + "명", 10_000),  # ranges 1~1
    "1:1:…: 60,000 characters": ("1:" * 30_000, 0),
    "가1가1…: 60,000 characters": ("가1" * 30_000, 1),  # the last 1 (a bare number after a rank, 1가)
    "numeral words 삼십오만…: 55,000 characters": ("삼십오만" * 13_750, 0),
    # no space: a cut every 998 characters, and each piece's first count, glued to the 명 before it, is a name
    "3명3명… without spaces: 44,000 characters": ("3명" * 22_000, 22_000 - 44),
    "a number of 100,000 digits": ("7" * 100_000, 0),
    "table 서울 123명, 부산 45명, …: 80,000 characters": (("서울 123명, 부산 45명, " * 5_000)[:80_000], 9_412),
    "ages in notes 김모(33)…: 240,000 characters": ("김모(33)" * 40_000, 40_000),
}


@pytest.mark.slow
@pytest.mark.parametrize(("text", "count"), BIG.values(), ids=BIG.keys())
def test_the_hostile_texts_of_the_issue_take_time_linear_in_their_length(
    text: str, count: int, extractor: korfacts.Extractor
) -> None:
    facts: list[korfacts.Fact] = []
    whole = _cpu(lambda: facts.extend(extractor.extract(text)), times=1)
    quarter = _cpu(lambda: extractor.extract(text[: len(text) // 4]))
    assert len(facts) == count
    assert all(text[f.start : f.end] == f.text for f in facts)
    assert whole < GROWTH * max(quarter, FLOOR), f"{quarter:.2f} s for a quarter, {whole:.2f} s for the whole"


def test_links_look_no_further_back_than_their_sentence(extractor: korfacts.Extractor) -> None:
    """김모(33)김모(33)… with no space: the name before an age in brackets ran back to the previous space, so each
    fact's subject was the whole text before it (60,000 characters took 528 MB; 480,000 ran out of memory). The links
    look no further back than their sentence (a name before a bracketed note is at most a few characters)."""
    text = "김모(33)" * 10_000
    facts = extractor.extract(text)
    assert len(facts) == 10_000
    for f in facts:
        assert f.subject is not None and text[f.subject.start : f.subject.end] == f.subject.text
        assert f.sentence[0] <= f.subject.start and f.subject.end <= f.sentence[1]
