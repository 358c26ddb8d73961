"""Noun phrases out of Kiwi's morphemes: the pieces subject, measure and time are made of.

Kiwi splits compounds (국가+AI+데이터+센터, 투표+율): morphemes glued together with no space between them are one
noun again. A noun phrase may also run over spaces (``전남 컴퓨팅센터 초기``) when no particle or verb cuts it.
"""

from __future__ import annotations

import bisect
from collections.abc import Container, Sequence

from korfacts.model import Mention
from korfacts.morph import Morph
from korfacts.recognize.base import enclosing_brackets

__all__ = [
    "NOUN_TAGS",
    "chain_ending",
    "chain_starting",
    "head_starting",
    "index_after",
    "index_before",
    "is_proper",
    "mention",
    "morphs_within",
    "note_opening",
    "phrase_ending",
]

# Morphemes a noun is made of: common and proper nouns, foreign words and Chinese characters, noun prefixes and
# suffixes (신+도시, 투표+율), numerals inside names (제+2+연평해전 is left out: chains start with a noun).
NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "SH", "XSN", "XPN", "NR", "SN"})
_HEAD_TAGS = frozenset({"NNG", "NNP", "SL", "SH"})
_HEAD_REACH = 3  # nouns of a phrase written apart (불법 오락실 업주)


def mention(text: str, start: int, end: int, *, inferred: bool = False) -> Mention:
    return Mention(start=start, end=end, text=text[start:end], inferred=inferred)


def index_before(morphs: Sequence[Morph], pos: int) -> int:
    """Index of the last morpheme that ends at or before ``pos`` (-1 when none does); by bisection, as Kiwi's
    morphemes come in the order of the text."""
    return bisect.bisect_right(morphs, pos, key=_end) - 1


def index_after(morphs: Sequence[Morph], pos: int) -> int:
    """Index of the first morpheme that starts at or after ``pos`` (len(morphs) when none does)."""
    return bisect.bisect_left(morphs, pos, key=_start)


def morphs_within(morphs: Sequence[Morph], start: int, end: int) -> list[Morph]:
    """The morphemes that lie inside ``[start, end)``, in order."""
    out = []
    for i in range(index_after(morphs, start), len(morphs)):
        if morphs[i].end > end:
            break
        out.append(morphs[i])
    return out


def _start(m: Morph) -> int:
    return m.start


def _end(m: Morph) -> int:
    return m.end


def chain_ending(text: str, morphs: Sequence[Morph], idx: int) -> tuple[Mention, int] | None:
    """The noun made of the morphemes glued together that end with ``morphs[idx]``, and the index it starts at."""
    if idx < 0 or morphs[idx].tag not in NOUN_TAGS or morphs[idx].tag in ("NR", "SN"):
        return None
    if morphs[idx].tag == "XSN" and (
        idx == 0 or morphs[idx - 1].end != morphs[idx].start or morphs[idx - 1].tag not in _HEAD_TAGS | {"XSN"}
    ):
        return None  # "5년간": 간 after a counter is no noun
    first = idx
    while first > 0 and morphs[first - 1].tag in NOUN_TAGS and morphs[first - 1].end == morphs[first].start:
        first -= 1
    while first < idx and morphs[first].tag not in _HEAD_TAGS and morphs[first].tag != "XPN":
        first += 1  # a chain starts with a noun or a prefix, not with 3 or 용
    return mention(text, morphs[first].start, morphs[idx].end), first


def chain_starting(text: str, morphs: Sequence[Morph], idx: int) -> tuple[Mention, int] | None:
    """The noun made of the morphemes glued together that start with ``morphs[idx]``, and the index it ends at."""
    if idx >= len(morphs) or morphs[idx].tag not in _HEAD_TAGS | {"XPN"}:
        return None
    last = idx
    while last + 1 < len(morphs) and morphs[last + 1].tag in NOUN_TAGS and morphs[last + 1].start == morphs[last].end:
        last += 1
    return mention(text, morphs[idx].start, morphs[last].end), last


def head_starting(
    text: str, morphs: Sequence[Morph], idx: int, stops: Container[str] = ()
) -> tuple[Mention, int] | None:
    """``불법 오락실``, ``전업 카드사``: the noun phrase that starts with ``morphs[idx]`` up to its head, over nouns
    written apart with nothing between them (at most ``_HEAD_REACH`` nouns, none of ``stops``)."""
    found = chain_starting(text, morphs, idx)
    for _ in range(_HEAD_REACH - 1):
        if found is None or found[1] + 1 >= len(morphs):
            break
        nxt = morphs[found[1] + 1]
        if nxt.tag not in ("NNG", "NNP") or text[found[0].end : nxt.start] != " ":
            break
        more = chain_starting(text, morphs, found[1] + 1)
        if more is None or more[0].text in stops:
            break
        found = mention(text, found[0].start, more[0].end), more[1]
    return found


def is_proper(morphs: Sequence[Morph], first: int, last: int) -> bool:
    """Whether the chain holds a proper noun (광주시, 삼성전자)."""
    return any(m.tag == "NNP" for m in morphs[first : last + 1])


def phrase_ending(
    text: str, morphs: Sequence[Morph], idx: int, stop_words: Container[str], reach: int = 3
) -> tuple[Mention, int] | None:
    """``한화 이글스``, ``편의점 업계``: the noun ending with ``morphs[idx]`` and the nouns written before it, one
    space apart, up to ``reach`` words; a word of ``stop_words`` (time words: 올해 매출) or a noun glued to a number
    (3분기) ends the phrase."""
    found = chain_ending(text, morphs, idx)
    if found is None:
        return None
    chain, first = found
    start = chain.start
    for _ in range(reach - 1):
        if first == 0 or text[morphs[first - 1].end : morphs[first].start] != " ":
            break
        before = chain_ending(text, morphs, first - 1)
        if before is None or before[0].text in stop_words:
            break
        b_first = before[1]
        if b_first > 0 and morphs[b_first - 1].tag in ("SN", "NR") and morphs[b_first - 1].end == morphs[b_first].start:
            break
        start, first = before[0].start, b_first
    return mention(text, start, chain.end), first


def note_opening(text: str, start: int, end: int) -> int | None:
    """``김모(33)씨``, ``싸이(35·본명 박재상)``: where the bracket opens when the bare number ``text[start:end]`` is
    one of the notes in brackets glued to the word before (an age); None otherwise."""
    brackets = enclosing_brackets(text, start, end) if text[start:end].isdigit() else None
    if brackets is None or brackets[0] < 1:
        return None
    return brackets[0] if text[brackets[0] - 1].isalpha() else None
