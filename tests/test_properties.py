"""Properties over generated text (hypothesis): what extract() and parse() promise for any str, and numbers written
the ways Koreans write them read back exactly.

For any str (every code point, lone surrogates included, and text made of the pieces Korean news writes numbers
with): no exception, with the prefilter or without it; every offset indexes the text given (a fact, its sentence,
its subject, measure, time and the denominator of a rate); facts in text order; the same answer on a second call.

The default run keeps the examples few and the same on every run (``derandomize``), so that it stays fast and
never fails by chance; set KORFACTS_HYPOTHESIS=explore to draw 50 times more, anew each run.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import korfacts
from korfacts.model import Fact, Mention, Span, TimeRef

_EXPLORE = os.environ.get("KORFACTS_HYPOTHESIS") == "explore"


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples * (50 if _EXPLORE else 1),
        deadline=None,
        derandomize=not _EXPLORE,
        suppress_health_check=[HealthCheck.too_slow],
    )


# --- any text ----------------------------------------------------------------------------------------------------

# What numbers in Korean news are written with, and what stands around them; a few code points Kiwi cannot take.
PIECES = [
    *"0123456789", "０", "９", "1,000", "3.5", "12", "2025", "만", "억", "조", "천", "백", "십", "경", "원", "명",
    "개", "%", "%p", "㎞", "km/h", "달러", "배럴", "년", "월", "일", "시", "분", "초", "위", "대", "세", "층",
    "약", "최대", "최소", "이상", "이하", "가량", "여", "증가", "감소", "늘었다", "줄었다", "까지", "부터", "에서",
    "사이", "당", "하루", "연", "시속", "영하", "마이너스", "제", "분의", "할", "푼", "삼십", "오만", "열두", "스물",
    "다섯", "한", "두", "세", "사흘", "절반", "수십", "광주시는", "예산은", "매출이", "관객", "는", "이", "가", "을",
    "의", "로", "GPU", "S24", "코로나19", " ", " ", " ", ",", ".", "~", "-", "·", "/", ":", "(", ")", "'", "“", "”",
    "\n", "\t", "\u3000", "\ud800", "\udfff", "\ufffd", "\u0301", "\u200d", "\U0001f600",
]  # fmt: skip

ANY_TEXT = st.text(st.characters(), max_size=60)  # every code point, surrogates (category Cs) included
NEWS_LIKE = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
MIXED = st.lists(st.one_of(st.sampled_from(PIECES), st.characters()), max_size=40).map("".join)
ARTICLES = st.lists(st.one_of(NEWS_LIKE, MIXED), max_size=8).map(". ".join)  # sentences, topics carried across
TEXTS = st.one_of(ANY_TEXT, NEWS_LIKE, MIXED, ARTICLES)


@pytest.fixture(scope="module")
def unfiltered() -> korfacts.Extractor:
    """No prefilter, and dates, times and ordinals reported too: every piece reaches Kiwi and every rule."""
    return korfacts.Extractor(prefilter=False, include_non_quantities=True)


def _check_offsets(text: str, facts: list[Fact]) -> None:
    """Every offset of ``facts`` indexes ``text``: the fact, its sentence, its subject, measure, time and the
    denominator of a rate."""
    for f in facts:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.sentence[0] <= f.start and f.end <= f.sentence[1] <= len(text)
        mentions: list[Mention | TimeRef | Span | None] = [f.subject, f.measure, f.time, f.per_span]
        for m in mentions:
            assert m is None or (0 <= m.start <= m.end <= len(text) and text[m.start : m.end] == m.text)


@_settings(300)
@given(TEXTS)
def test_extract_never_raises_and_every_offset_indexes_the_text(text: str) -> None:
    facts = korfacts.extract(text, doc_date="2025-10-23")
    _check_offsets(text, facts)
    for f in facts:
        q = f.quantity
        assert (q.value is not None) or (q.low is not None and q.high is not None)
        assert all(v is None or v.is_finite() for v in (q.value, q.low, q.high, q.base_value))
        json.dumps(f.to_dict())  # JSON-safe, whatever the text held
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    assert korfacts.extract(text, doc_date="2025-10-23") == facts


@_settings(150)
@given(text=TEXTS)
def test_extract_never_raises_without_the_prefilter_either(text: str, unfiltered: korfacts.Extractor) -> None:
    """Every piece reaches Kiwi, whatever it holds: "\\ud800 abc" was skipped by the prefilter, "3명 \\ud800" made
    Kiwi raise."""
    _check_offsets(text, unfiltered.extract(text, doc_date="2025-10-23"))


@_settings(300)
@given(TEXTS)
def test_parse_never_raises(text: str) -> None:
    quantity = korfacts.parse(text)
    if quantity is not None:
        assert (quantity.value is not None) or (quantity.low is not None and quantity.high is not None)
        json.dumps(quantity.to_dict())


# --- numbers written the ways Koreans write them, read back exactly ----------------------------------------------

_SINO_DIGITS = "영일이삼사오육칠팔구"
_PLACES = ((1000, "천"), (100, "백"), (10, "십"))
_SCALES = ((10**16, "경"), (10**12, "조"), (10**8, "억"), (10**4, "만"), (1, ""))
_TENS = ["", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔"]
_ONES = ["", "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉"]
_ONES_BEFORE_A_COUNTER = ["", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉"]


def _groups(n: int) -> list[tuple[int, str]]:
    """The groups of four digits of ``n`` that are not zero, from the largest, with their scale words."""
    return [(n // scale % 10000, word) for scale, word in _SCALES if n // scale % 10000]


def with_commas(n: int, _: st.DataObject) -> str:
    return f"{n:,}"  # 1,234,567


def with_scale_words(n: int, data: st.DataObject) -> str:
    """``1억2,345만6789``, ``1만5000``: each group in digits (with commas or not) and its scale word."""
    commas = data.draw(st.booleans())
    return "".join((f"{g:,}" if commas else str(g)) + word for g, word in _groups(n)) or "0"


def with_places(n: int, data: st.DataObject) -> str:
    """``3억4천만``, ``2천500만``: the thousands, hundreds and tens of a group as a digit and 천, 백, 십, or the rest of
    the group in digits."""
    out = []
    for group, word in _groups(n):
        written, rest = "", group
        for value, place in _PLACES:
            if rest >= value and data.draw(st.booleans()):
                written += f"{rest // value}{place}"
                rest %= value
            elif written:
                break  # 2천500: once digits follow a place word, the rest of the group is digits
        out.append(written + (str(rest) if rest else "") + word)
    return "".join(out) or "0"


def in_sino_words(n: int, data: st.DataObject) -> str:
    """``삼십오만``, ``이천삼백``, ``일억``: Sino-Korean words; 일 is left out before 십, 백 and 천, and may be
    before 만."""
    out = ""
    for group, word in _groups(n):
        written = ""
        for value, place in _PLACES:
            digit = group // value % 10
            if digit:
                written += ("" if digit == 1 else _SINO_DIGITS[digit]) + place
        if group % 10:
            written += _SINO_DIGITS[group % 10]
        if group == 1 and word == "만" and data.draw(st.booleans()):
            written = ""  # 만 alone, as often as 일만
        out += written + word
    return out or "영"


STYLES = [with_commas, with_scale_words, with_places, in_sino_words]


@_settings(300)
@given(st.integers(min_value=0, max_value=10**20 - 1), st.sampled_from(STYLES), st.data())
def test_numbers_written_in_digits_and_sino_korean_words_read_back_exactly(
    n: int, style: object, data: st.DataObject
) -> None:
    written = style(n, data)  # type: ignore[operator]
    unit = data.draw(st.sampled_from(["", "원", " 원", "명", "개"]))
    quantity = korfacts.parse(written + unit)
    assert quantity is not None, written + unit
    assert quantity.value == Decimal(n), written + unit


@_settings(150)
@given(st.integers(min_value=1, max_value=99), st.sampled_from(["", " 명", " 개"]))
def test_native_numbers_read_back_exactly(n: int, counter: str) -> None:
    """``열두``, ``스물다섯``, ``아흔아홉``; before a counter, ``한 명``, ``두 개``, ``스무 명``, ``열두 명``."""
    tens, ones = divmod(n, 10)
    if counter:
        last = _ONES_BEFORE_A_COUNTER[ones] if ones else ("스무" if tens == 2 else _TENS[tens])
        written = (_TENS[tens] if ones else "") + last + counter
    else:
        written = _TENS[tens] + _ONES[ones]
    quantity = korfacts.parse(written)
    assert quantity is not None, written
    assert quantity.value == Decimal(n), written


@_settings(150)
@given(
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "%", "㎞", "달러"]),
)
def test_decimal_numbers_read_back_exactly(value: Decimal, unit: str) -> None:
    written = f"{value:,}"
    quantity = korfacts.parse(written + unit)
    assert quantity is not None, written + unit
    assert quantity.value == value, written + unit
