"""Rates: what an amount is counted per. ``시간당 50㎜`` is 50 mm per hour, ``3.3㎡당 평균 분양가는 4000만원`` 40
million won per 3.3 m2, ``인구 10만명당 149.0명`` 149 people per 100,000, ``하루 평균 1만2000명`` per day, ``연 4.5%``
per year.

The denominator is written before the amount, in one of three ways:

- a number glued to 당 (``10만명당``, ``1인당``, ``100엔당``), or a unit or a noun glued to it (``시간당``, ``배럴당``,
  ``가구당``), found in the amount's clause past the nouns and particles that name its measure (``가구당 평균 부채는
  9186만원``). A number glued to 당 is never a fact of its own: its draft is dropped here, whether an amount follows
  or not;
- one of a counter before a price (``배추 한 포기 소매가격은 7천원``, ``한 상자에 2만원``, ``한 상자는 평균
  21만원``), which is no count then, and one year or month right before an amount (``한 해 3천600여명``), which is
  no span of time then;
- a period word of units.yaml's ``rate_periods`` (``하루``, ``연``, ``월``, ``주``) right before the amount, past the
  words of lexicon.yaml's ``per_period_after`` and the qualifier words only (``하루 평균 3만명``, ``하루 최대 6만t``);
  not when the word is a span of time of its own (``하루 동안 30명``).

Only amounts of units.yaml's ``rate_dimensions`` are counted per something: ``하루 평균 기온 25도`` is a level, and
``시속 100㎞`` or ``㎥당 23㎍`` have a rate for their unit already (recognize.prefixes).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import accumulate, islice

import regex

from korfacts.morph import Morph
from korfacts.numerals import is_hangul
from korfacts.recognize.base import Context, Denominator, Draft
from korfacts.units import COUNTER

__all__ = ["recognize"]

_REACH = 6  # morphemes between 당 and the amount: "3.3㎡당 평균 분양가는 4000만원"
# Tags that may stand between the denominator and the amount: nouns, foreign words, particles, suffixes and the
# brackets of a gloss ("1인당 국민총소득(GNI)은 3만6194달러").
_BETWEEN_TAGS = frozenset({"NNG", "NNP", "SL", "SH", "XSN", "JX", "JKS", "JKG", "JKO", "SSO", "SSC"})
_NOUN_TAGS = frozenset({"NNG", "NNB", "SL", "SW"})  # the one word before 당: 가구, 개, kg, ㎡
_SUFFIX_TAG = "XSN"  # Kiwi tags the 당 of 가구당 as a noun suffix (분당, the city, is one proper noun)
_PERIOD_REACH = 3  # words between a period word and the amount: "하루 평균 약 3만명"
_AT = "에 "  # 한 포기에 칠천 원
_PRICE_REACH = 2  # words after 한 포기 looked at for a word of price
_WORD = regex.compile(r"[^\s\x1c-\x1f]+")  # a word between white space (str.split)
_GLOSS_REACH = 20  # characters back from 당 to the bracket a gloss opens with: "Mcal(메가칼로리)당"
# The drafts glued to 당 (10만명당), by where they end: the first that ends there, and its index in the sentence.
_Denominators = Mapping[int, tuple[int, Draft]]


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    glued = [_glued_to_per(ctx, d) for d in drafts]
    denominators: dict[int, tuple[int, Draft]] = {}  # by where they end: the first of each, with its index
    for i, d in enumerate(drafts):
        if glued[i]:
            denominators.setdefault(d.num_end, (i, d))
    taken = _Taken(drafts)
    pending: tuple[Denominator, str] | None = None  # the unit of a price or one period, for the amount right after
    for i, d in enumerate(drafts):
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        if glued[i]:
            continue  # "10만명당": the denominator of a rate is not a fact of its own
        # nor is one of a counter that a price is given for (한 포기 소매가격), nor one period before an amount (한 해)
        rule = (
            "rate.priced_unit" if _priced_unit(ctx, d, nxt) else "rate.one_period" if _one_period(ctx, d, nxt) else ""
        )
        if rule:
            assert d.unit is not None and d.value is not None
            pending = (Denominator(start=d.start, end=d.end, value=d.value, unit=d.unit.id), rule)
            continue
        if pending is not None and (pending[1] == "rate.one_period" or d.dimension == "money"):
            d = d.with_rule(pending[1], per=pending[0])
        elif d.is_quantity and d.dimension in ctx.registry.rate_dimensions:
            found = _per_suffix(ctx, d, denominators)
            if found is not None:
                d = d.with_rule("rate.per_suffix", per=found)
            else:
                period = _per_period(ctx, d, taken)
                if period is not None:
                    d = d.with_rule("rate.per_period", per=period)
        pending = None
        out.append(d)
    return out


class _Taken:
    """The spans of a sentence's drafts, asked whether any overlaps a stretch of text without going through them all
    (a number table has thousands)."""

    def __init__(self, drafts: Sequence[Draft]) -> None:
        spans = sorted((d.start, d.end) for d in drafts)
        self._starts = [start for start, _ in spans]
        self._reach = list(accumulate((end for _, end in spans), max))  # the furthest end of the drafts so far

    def overlaps(self, start: int, end: int) -> bool:
        """Some draft overlaps ``[start, end)``."""
        i = bisect.bisect_left(self._starts, end) - 1  # the last draft that starts before ``end``
        return i >= 0 and self._reach[i] > start


def _priced_unit(ctx: Context, d: Draft, nxt: Draft | None) -> bool:
    """``배추 한 포기 소매가격``, ``쌀 80㎏ 한 가마 산지 가격``, ``한 상자에 2만원``, ``한 상자는 평균 21만원``: one of
    a counter before a price is the unit the price is given for, not a count."""
    if d.value != 1 or d.numeral_kind != "native" or d.unit is None or d.dimension != "count":
        return False
    text, lex = ctx.text, ctx.lexicon
    priced_next = nxt is not None and nxt.dimension == "money"
    if text.startswith(_AT, d.num_end):
        return priced_next  # 한 포기에 7천원
    if priced_next and nxt is not None and _average_between(ctx, d.num_end, nxt.start):
        return True  # 한 상자는 평균 21만원에
    spaced = text[d.num_end : d.num_end + 1] == " "
    found = islice(_WORD.finditer(text, d.num_end, ctx.sentence.end), _PRICE_REACH) if spaced else ()
    words = [m.group() for m in found]
    for word in words:  # "한 포기 소매가격은", "한 가마 산지 가격은"
        if lex.names_money(word):
            return True
        if lex.particles.match_before_end(word):
            break  # a particle ends the noun phrase
    return False


def _one_period(ctx: Context, d: Draft, nxt: Draft | None) -> bool:
    """``고독사 한 해 3천600여명``, ``한 달 30만원``, ``한 해 관광객이 30만명``: one year or one month written in native
    words before an amount, with only the nouns that name its measure between, is the period the amount is counted
    per, not a span of its own."""
    if d.dimension != "duration" or d.value != 1 or d.numeral_kind != "native" or nxt is None:
        return False
    counted = nxt.is_quantity and nxt.dimension in ctx.registry.rate_dimensions and nxt.dimension != "duration"
    between = ctx.sentence.within(d.end, nxt.start)
    named = len(between) <= _PERIOD_REACH and all(m.tag in _BETWEEN_TAGS for m in between)  # 한 해 관광객이 30만명
    spanned = ctx.lexicon.duration_after.match_at(ctx.text, d.end + 1) is not None  # 한 달 동안: a span of its own
    return counted and ctx.text[d.end : d.end + 1] == " " and named and not spanned


def _average_between(ctx: Context, end: int, start: int) -> bool:
    """``text[end:start]`` is a topic particle and words of ``per_period_after`` (평균), one of them at least."""
    lex, gap = ctx.lexicon, ctx.text[end:start]
    particle = lex.topic_particles.match_at(gap, 0)
    words = gap[len(particle) :].split() if particle else []
    return bool(words) and all(w in lex.per_period_after for w in words)


def _glued_to_per(ctx: Context, d: Draft) -> bool:
    """``10만명당``, ``1그램 당``: 당 glued to the quantity, or one space after it when Kiwi reads it as a suffix."""
    text = ctx.text
    if ctx.lexicon.per_suffixes.match_at(text, d.num_end) is not None:
        return True
    after = ctx.morph_at(d.num_end + 1) if text[d.num_end : d.num_end + 1] == " " else None
    return after is not None and after.start == d.num_end + 1 and _is_per(ctx, after)


def _is_per(ctx: Context, m: Morph) -> bool:
    return m.tag == _SUFFIX_TAG and ctx.lexicon.per_suffixes.match_at(m.form, 0) == m.form


def _per_suffix(ctx: Context, d: Draft, denominators: _Denominators) -> Denominator | None:
    """``3.3㎡당``, ``가구당``, ``시간당``: the nearest 당 before the amount, past nouns and particles only."""
    lex = ctx.lexicon
    for m in reversed(ctx.sentence.last_before(d.start, _REACH + 1)):
        if _is_per(ctx, m):
            return _denominator(ctx, d, m, denominators)
        qualifier = any(m.form in words for words in (lex.approx_before, lex.min_before, lex.max_before))
        if m.tag not in _BETWEEN_TAGS and not qualifier:  # "3.3㎡당 평균 매매가는 약 8000만원"
            return None
    return None


def _denominator(ctx: Context, d: Draft, per: Morph, denominators: _Denominators) -> Denominator | None:
    """The number glued to 당 with its unit (``10만명당``: 100000 명), or else the one unit or noun glued to it, one of
    it (``시간당``: 1 hour, ``가구당``: 1 가구, ``Mcal(메가칼로리)당``: 1 Mcal). Not a name that ends in 당, a word
    made of several (``시대전환당``) or one that a particle follows (``더불어시민당이``)."""
    text = ctx.text
    if per.end < len(text) and is_hangul(text[per.end]):
        return None
    # 10만명당, 1그램 당: the first draft that ends right before 당 or one space before it
    ending = [found for found in (denominators.get(per.start), denominators.get(per.start - 1)) if found is not None]
    counted = min(ending, key=lambda found: found[0])[1] if ending else None
    if counted is not None:
        if counted.value is None:
            return None  # a range of denominators (1~2인당) says nothing exact
        unit = counted.unit.id if counted.unit is not None else None
        return Denominator(start=counted.start, end=per.end, value=counted.value, unit=unit)
    end = per.start
    if text[end - 1 : end] == ")":  # "Mcal(메가칼로리)당": the unit before its gloss
        end = text.rfind("(", max(ctx.sentence.start, end - _GLOSS_REACH), end)
    start, _ = ctx.word_before(end)
    word = ctx.sentence.within(start, end)
    if start >= end or len(word) != 1 or word[0].tag not in _NOUN_TAGS:
        return None
    return Denominator(start=start, end=per.end, value=Decimal(1), unit=_unit_named(ctx, d, start, end))


def _unit_named(ctx: Context, d: Draft, start: int, end: int) -> str:
    """The unit id of ``text[start:end]`` when it spells a unit or a counter (배럴 -> bbl, 시간 -> hour, 가구), else
    the noun itself. A surface that also counts (``counted_from``: 주) counts before money: 주당 배당금 is per share,
    주당 52시간 per week."""
    noun = ctx.text[start:end]
    whole = [m for m in ctx.registry.match_surface(ctx.text, start, end) if m.end == end]
    if not whole:
        return noun
    unit = whole[0].defs[0]
    if d.dimension == "money" and noun in ctx.registry.counted_from:
        unit = whole[0].of_kind(COUNTER) or unit
    return unit.id


def _per_period(ctx: Context, d: Draft, taken: _Taken) -> Denominator | None:
    """``하루 6만t``, ``하루 평균 3만명``, ``연 4.5%``, ``월 30만원``: a period word right before the amount, past the
    words of ``per_period_after`` and the qualifiers; not one read as a span of its own (``하루 동안``)."""
    lex, text = ctx.lexicon, ctx.text
    passable = (lex.per_period_after, lex.approx_before, lex.min_before, lex.max_before)
    pos = d.start
    for _ in range(_PERIOD_REACH):
        start, end = ctx.word_before(pos)
        if start == end or (end != pos and text[end:pos] != " "):
            return None
        word = text[start:end]
        unit_id = ctx.registry.rate_periods.get(word)
        if unit_id is not None:
            if taken.overlaps(start, end):
                return None  # "하루 동안 30명": 하루 is a span of time of its own
            return Denominator(start=start, end=end, value=Decimal(1), unit=unit_id)
        if not any(word in words for words in passable):
            return None
        pos = start
    return None
