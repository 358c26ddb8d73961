"""Durations versus dates and clock times, and compound durations.

The same words name a span of time and a point in time: ``5년간`` is five years, ``2030년`` is a year; ``3일 동안``
is three days, ``23일 밝혔다`` is a date; ``30분`` is half an hour but ``2시 30분`` is a clock time, and
``전반 43분`` a moment of a game. Points in time are kept as ``date``/``time`` drafts (never counts). Consecutive
durations from larger to smaller units are one duration in the smaller unit: ``2시간 5분 30초`` = 7530 seconds,
``2년 6개월`` = 30 months, ``1시간 반`` = 1.5 hours; they are joined before ranges are read, so that
``1시간~1시간 30분`` is 60 to 90 minutes.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from korfacts.lexicon import Lexicon
from korfacts.numerals import has_decimals
from korfacts.recognize.base import Context, Draft

__all__ = ["ELAPSED_UNITS", "SAME_UNIT_RULE", "after_penalty", "compounds", "elapsed", "in_unit", "recognize"]

# Each duration unit, and how many of the next smaller unit it holds (None: no exact conversion).
_ORDER = ("year", "month", "week", "day", "hour", "minute", "second")
_TO_SMALLER = {
    ("year", "month"): Decimal(12),
    ("week", "day"): Decimal(7),
    ("day", "hour"): Decimal(24),
    ("hour", "minute"): Decimal(60),
    ("minute", "second"): Decimal(60),
}
CLOCK_UNITS = ("minute", "second")  # after an hour: "2시 30분" is a clock time, not 30 minutes
ELAPSED_UNITS = ("hour", "minute", "second")  # "13분 뒤": elapsed after an event, a span
_BEFORE = ("전", "이전")  # "경기 시작 2시간 전부터": a time before an event is a point in time
CLOCK_BEFORE = regex.compile(r"[0-9]{1,2}\s*시\s*$")
_MONTH_BEFORE = regex.compile(r"[0-9]{1,2}\s*월\s*$")
DATE_DAY = "일"  # the surface of day that also writes a date (3일)
_HALF = "반"
_HUNDREDTHS = regex.compile(r"[0-9]{1,3}(?![0-9.,])")  # the 58 of 9초58
_YEAR_LIKE = (1000, 2999)
_PERIODS = {"day": ("hour", "minute"), "week": ("hour", "minute", "day")}  # 1일 8시간: a rate's period
_SPAN_NOUN_REACH = 12  # morphemes looked at before a number of days for a span noun
_LEGAL_MONTH = "월"
_PENALTY_LEAD = regex.compile(r"\s+(?:[0-9]+\s*년\s*(?:[~∼\-]\s*[0-9]+\s*년\s*)?)?$")  # 징역| 1년 |6월
# Characters before a number that the patterns ending at it (_PENALTY_LEAD, CLOCK_BEFORE, _MONTH_BEFORE) are looked
# for in: a search over the whole sentence would cost its length for every number.
_LEAD_REACH = 24
SAME_UNIT_RULE = "range.same_unit"  # recognize.ranges gave the two ends of a span of time one unit


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Durations versus dates and clock times (after ranges: ``4월 7~8일`` is read as a whole)."""
    return [_classify(ctx, d) for d in drafts]


def compounds(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """``2시간 5분 30초``, ``1시간 반`` as one duration; runs before ranges, so that ``1시간~1시간30분`` is one."""
    return _compounds(ctx, [_legal_months(ctx, d) for d in drafts])


def after_penalty(text: str, begin: int, start: int, lexicon: Lexicon) -> bool:
    """A penalty word stands before the number at ``start`` (``징역 8월``, ``징역 1년 6월``, past the years)."""
    lead = _PENALTY_LEAD.search(text, max(begin, start - _LEAD_REACH), start)
    return lead is not None and lexicon.penalty_words.match_before(text, lead.start()) is not None


def _legal_months(ctx: Context, d: Draft) -> Draft:
    """``징역 1년 6월``, ``징역 8월``: after a penalty word the law writes months as 월, not 개월 (then joined to the
    years before as any compound is)."""
    text = ctx.text
    if d.unit is not None or d.numeral_kind != "digits" or not text.startswith(_LEGAL_MONTH, d.num_end):
        return d
    m = ctx.morph_at(d.num_end)
    if m is None or m.start != d.num_end or m.end != d.num_end + len(_LEGAL_MONTH) or not m.tag.startswith("NN"):
        return d
    if not after_penalty(text, ctx.sentence.start, d.num_start, ctx.lexicon):
        return d
    month = ctx.registry.unit("month")
    end = d.num_end + len(_LEGAL_MONTH)
    return d.with_rule(
        "duration.legal_month", unit=month, dimension=month.dimension, unit_start=d.num_end, num_end=end, end=end
    )


def in_unit(value: Decimal, unit_id: str, smaller_id: str) -> Decimal | None:
    """``value`` of the duration unit ``unit_id`` in the smaller unit ``smaller_id`` (3 hours -> 180 minutes); None
    when there is no exact conversion (months to days)."""
    if unit_id not in _ORDER or smaller_id not in _ORDER:
        return None
    ia, ib = _ORDER.index(unit_id), _ORDER.index(smaller_id)
    for k in range(ia, ib):
        factor = _TO_SMALLER.get((_ORDER[k], _ORDER[k + 1]))
        if factor is None:
            return None
        value *= factor
    return value if ib >= ia else None


def _classify(ctx: Context, d: Draft) -> Draft:
    if d.unit is None or d.dimension != "duration" or d.numeral_kind == "word" or not ctx.strict:
        return d  # 사흘, 열흘: always a span of time; parse("3일") reads the phrase as a quantity
    if SAME_UNIT_RULE in d.rules:
        return d  # "3일~1주일": two units, so a span of time
    text = ctx.text
    after = ctx.skip_spaces(d.num_end)
    # "3일 후", "1년 전보다": a span of days or more counted from now is a point in time; "발사 13분 뒤", "2시간 30분
    # 후" are the time elapsed after an event, a span.
    relative = ctx.lexicon.relative_after.match_at(text, after)
    if relative and _word_ends(ctx, after) and not elapsed(d.unit.id, relative):
        return d.with_rule("duration.relative_time", dimension="date")
    # "5년간", "3일 동안", "3일 만에": a word after the unit that makes it a span of time; it outweighs a date
    # word before the number ("지난 10년간" is ten years).
    word = ctx.lexicon.duration_after.match_at(text, after)
    # a one-syllable word must be the whole morpheme: 3일 내 (within), not 12일 내린 (rained), 22일 새벽 (dawn)
    is_duration = word is not None and (len(word) > 1 or _one_syllable_word(ctx, after))
    # "지난 13일", "오는 2030년": a word before the number that makes it a point in time.
    dated = not is_duration and _dated(ctx, d.num_start)
    unit = d.unit.id
    value = d.value if d.value is not None else d.high
    if unit == "year":
        year_like = (
            value is not None and value == int(value) and _YEAR_LIKE[0] <= value <= _YEAR_LIKE[1]
            and d.numeral_kind == "digits"
        )  # fmt: skip
        if dated or (year_like and not is_duration):
            return d.with_rule("duration.year_is_date", dimension="date")
    elif unit == "day":
        written = text[d.unit_start : d.num_end].strip() if d.unit_start is not None else DATE_DAY
        counted = written != DATE_DAY  # a day written another way (a user's units file) counts days, never a date
        decimal = has_decimals(text[d.num_start : d.unit_start or d.num_end])
        is_duration = is_duration or counted or _compared(ctx, d) or _span_noun_before(ctx, d)
        if decimal:
            return d  # "강수일수는 18.3일", "2018년(31.0일)": an average or a count, never a day of a month
        if dated or (not is_duration and value is not None and value <= 31 and not d.approx):
            return d.with_rule("duration.day_is_date", dimension="date")
    elif unit in CLOCK_UNITS and CLOCK_BEFORE.search(text, _lead(ctx, d.num_start), d.num_start):
        return d.with_rule("duration.clock_time", dimension="time")
    elif unit == "minute" and _after_game_period(ctx, d.num_start):
        return d.with_rule("duration.game_time", dimension="time")  # "전반 43분": a moment of the match
    return d


def elapsed(unit_id: str, relative: str) -> bool:
    """Hours, minutes or seconds after an event (``발사 13분 뒤``, ``2시간 후``) are the time elapsed, a span; days and
    years after now (``3일 후``) and any time before (``2시간 전부터``) are points in time."""
    return unit_id in ELAPSED_UNITS and not relative.startswith(_BEFORE)


def _compared(ctx: Context, d: Draft) -> bool:
    """``평년보다 12일 이른``, ``지난해보다 3일 늦게``: days right after the base of a comparison are a difference."""
    start, end = ctx.word_before(d.num_start)
    return end < d.num_start and ctx.lexicon.comparison_after.match_before_end(ctx.text[start:end]) is not None


def _span_noun_before(ctx: Context, d: Draft) -> bool:
    """``열대야 일수는 올해 들어 30일로``, ``잠복기는 2~14일``: a noun of ``span_nouns`` earlier in the clause says
    the days are a span; ``기간은 3일부터`` is still the 3rd."""
    relations = ctx.lexicon.time_relations
    if any(ctx.text.startswith(w, d.num_end) for w, rel in relations.items() if rel in ("from", "by")):
        return False
    if _MONTH_BEFORE.search(ctx.text, _lead(ctx, d.num_start), d.num_start):
        return False  # "휴가를 떠났으며 3월 7일": a day of a month
    for m in reversed(ctx.sentence.last_before(d.num_start, _SPAN_NOUN_REACH)):
        if m.tag in ("SF", "SP"):
            return False
        if m.tag == "NNG" and m.form in ctx.lexicon.span_nouns:
            return True
    return False


def _lead(ctx: Context, start: int) -> int:
    """Where the text before a number at ``start`` is searched from (see _LEAD_REACH)."""
    return max(ctx.sentence.start, start - _LEAD_REACH)


def _one_syllable_word(ctx: Context, pos: int) -> bool:
    m = ctx.morph_at(pos)
    return m is None or (m.start == pos and m.end == pos + 1 and not m.tag.startswith("V"))


def _after_game_period(ctx: Context, start: int) -> bool:
    end = start
    while end > ctx.sentence.start and ctx.text[end - 1] == " ":
        end -= 1
    return end < start and ctx.lexicon.game_periods.match_before(ctx.text, end) is not None


def _dated(ctx: Context, start: int) -> bool:
    """``지난 13일``, ``오는 2030년``: the word before the number makes it a point in time."""
    return ctx.text[slice(*ctx.word_before(start))] in ctx.lexicon.date_words


def _word_ends(ctx: Context, pos: int) -> bool:
    """The word at ``pos`` is the relative-time word itself, not the start of a longer noun (전 in 전망)."""
    m = ctx.morph_at(pos)
    if m is None or m.start != pos or m.tag.startswith(("V", "XS")):
        return False  # "2분 28초 뒤진": 뒤지다 (to trail) is a verb, not 뒤 (after)
    word = ctx.lexicon.relative_after.match_at(ctx.text, pos) or ""
    return m.tag not in ("NNG", "NNP") or (word.startswith(m.form) and ctx.is_boundary(pos + len(word)))


def _compounds(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for d in drafts:
        d = _fraction_of_second(ctx, _half(ctx, d))
        prev = out[-1] if out else None
        if prev is not None and _joins(ctx, prev, d):
            out[-1] = _join(ctx, prev, d)
            continue
        out.append(d)
    return out


def _fraction_of_second(ctx: Context, d: Draft) -> Draft:
    """``9초58``, ``2분00초31``: the hundredths of a record time written after 초."""
    if d.unit is None or d.unit.id != "second" or d.value is None or d.value != int(d.value):
        return d
    m = _HUNDREDTHS.match(ctx.text, d.num_end, ctx.sentence.end)
    if m is None or ctx.registry.match_surface(ctx.text, m.end(), ctx.sentence.end):
        return d  # not "9초3명": digits with a unit of their own
    digits = m.group()
    value = d.value + Decimal(digits) / Decimal(10) ** len(digits)
    return d.with_rule("duration.hundredths", value=value, end=m.end(), num_end=m.end())


def _half(ctx: Context, d: Draft) -> Draft:
    """``1시간 반``: half of the unit more."""
    if d.dimension != "duration" or d.value is None:
        return d
    pos = ctx.skip_spaces(d.num_end)
    if ctx.text.startswith(_HALF, pos) and ctx.is_boundary(pos + len(_HALF)):
        return d.with_rule("duration.half", value=d.value + Decimal("0.5"), end=pos + 1, num_end=pos + 1)
    return d


def _joins(ctx: Context, a: Draft, b: Draft) -> bool:
    if a.dimension != "duration" or b.dimension != "duration" or a.unit is None or b.unit is None:
        return False
    if a.value is None or b.value is None or ctx.text[a.num_end : b.num_start].strip():
        return False
    if a.unit.id == "year" and a.numeral_kind == "digits" and _YEAR_LIKE[0] <= a.value <= _YEAR_LIKE[1]:
        return False  # "2030년 6개월" is a year, then a span
    if a.value == 1 and a.unit.id in _PERIODS and b.unit.id in _PERIODS[a.unit.id]:
        return False  # "1일 8시간, 1주일 40시간": hours per day and per week, not 32 hours
    if _dated(ctx, a.num_start):
        return False  # "오는 15일 4시간 파업": a date, then a span
    ia, ib = _ORDER.index(a.unit.id), _ORDER.index(b.unit.id)
    return ib > ia and in_unit(a.value, a.unit.id, b.unit.id) is not None


def _join(ctx: Context, a: Draft, b: Draft) -> Draft:
    assert a.unit is not None and b.unit is not None and a.value is not None and b.value is not None
    value = in_unit(a.value, a.unit.id, b.unit.id)
    assert value is not None
    return b.with_rule(
        "duration.compound", start=a.start, num_start=a.num_start, value=value + b.value, approx=a.approx or b.approx
    )
