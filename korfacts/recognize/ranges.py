"""Ranges: two quantities that are the two ends of one.

- a dash: ``2~3명``, ``20만~30만장``, ``4.75~5.00%``, ``2-3명``, ``1000–5000``;
- between: ``4%에서 7% 사이``, ``20과 30 사이``, ``천에서 천오백까지``, ``최소 4%에서 최대 7%``;
- two bounds: ``1000 초과 1500 미만``, ``백 이상, 삼백 이하`` (and the other way round, ``50 이하, 20 이상``).

The first end may leave out the unit and the scale word that the second one carries: in ``20~30만명`` both ends are
in 만 (Korean writes 200,000 to 300,000 this way), in ``2~3억원`` both are in 억. Durations in different units
are given both in the smaller one (``2시간 30분~3시간``: 150 to 180 minutes).
"""

from __future__ import annotations

import attrs
import regex

from korfacts.recognize.base import Context, Draft
from korfacts.recognize.duration import SAME_UNIT_RULE, in_unit

__all__ = ["recognize"]

_DASH = regex.compile(r"\s*[~∼〜～\-–—]\s*")
_BETWEEN = regex.compile(r"(?:에서|부터|과|와)\s*")
_BETWEEN_END = "사이"  # 20과 30 사이
_UNTIL_END = "까지"  # 천에서 천오백까지
_MIN_DIGITS_BARE_HYPHEN = 2  # "1000-5000" is a range, "4-1" a score
_NEGATIVE = "numeral.negative"
_RELATIVE = ("percent", "percentage_point", "multiplier")  # 5%에서 10%까지 오를: a range of change


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    i = 0
    while i < len(drafts):
        a = drafts[i]
        merged = _merge(ctx, a, drafts[i + 1]) if i + 1 < len(drafts) else None
        if merged is not None:
            out.append(merged)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _merge(ctx: Context, a: Draft, b: Draft) -> Draft | None:
    if a.unit is not None and b.unit is not None and a.unit.id != b.unit.id:
        a, b = _same_duration_unit(a, b) or (a, b)  # "2시간 30분~3시간": both in minutes
    bare_first = a.unit is None and a.dimension == "number"  # "1~2위" is a range of ranks, "2~3명" of people
    if (a.is_quantity != b.is_quantity and not bare_first) or a.value is None or b.value is None:
        return None
    if a.unit is not None and b.unit is not None and a.unit.id != b.unit.id:
        return None
    if a.unit is not None and b.unit is None:
        return None  # "3명에서 5" is not a range of people
    gap = ctx.text[a.num_end : b.num_start]
    above_zero = _above_zero_word(ctx, gap)  # "영하 5~영상 3도"
    if above_zero:
        gap = gap.rstrip()[: -len(above_zero)]
    reading = _dash(ctx, a, b, gap) or _between(ctx, a, b, gap) or _bound_pair(ctx, a, b, gap)
    if reading is None:
        return None
    rule, swapped = reading
    b_value = b.value
    if _NEGATIVE in a.rules and _NEGATIVE not in b.rules and not above_zero and b_value > 0:
        b_value = -b_value  # "영하 10~5도": both ends are below zero
    low, high = (b_value, a.value) if swapped else (a.value, b_value)
    first_bare = a.unit is None and a.scale is None
    if first_bare and not swapped and b.scale is not None and low * b.scale <= high:
        low = low * b.scale  # 20~30만: 20만
    if low > high:
        return None
    return Draft(
        start=a.start, end=b.end, num_start=a.num_start, num_end=b.num_end, value=None, low=low, high=high,
        unit=b.unit, dimension=b.dimension, approx=a.approx or b.approx, numeral_kind=b.numeral_kind,
        scale=b.scale, rules=(*b.rules, rule),
    )  # fmt: skip


def _same_duration_unit(a: Draft, b: Draft) -> tuple[Draft, Draft] | None:
    """The two ends of a range of durations written in different units, both in the smaller one."""
    if a.dimension != "duration" or b.dimension != "duration" or a.value is None or b.value is None:
        return None
    assert a.unit is not None and b.unit is not None
    b_in_a, a_in_b = in_unit(b.value, b.unit.id, a.unit.id), in_unit(a.value, a.unit.id, b.unit.id)
    if b_in_a is not None:
        return a, b.with_rule(SAME_UNIT_RULE, value=b_in_a, unit=a.unit)
    if a_in_b is not None:
        return attrs.evolve(a, value=a_in_b, unit=b.unit), b.with_rule(SAME_UNIT_RULE)
    return None


def _above_zero_word(ctx: Context, gap: str) -> str | None:
    """The temperature word (영상) that may open the second end of a range."""
    stripped = gap.rstrip()
    return next((w for w in ctx.registry.degree_prefixes if stripped.endswith(w)), None)


def _dash(ctx: Context, a: Draft, b: Draft, gap: str) -> tuple[str, bool] | None:
    if not _DASH.fullmatch(gap):
        return None
    if "-" in gap and b.unit is None and not _bare_hyphen_range(ctx, a, b):
        return None  # "4-1" is a score, "010-1234-5678" a phone number
    return "range.dash", False


def _bare_hyphen_range(ctx: Context, a: Draft, b: Draft) -> bool:
    text = ctx.text
    digits = [sum(ch.isdigit() for ch in text[d.num_start : d.num_end]) for d in (a, b)]
    chained = text[b.num_end : b.num_end + 1] == "-" or text[max(0, a.num_start - 1) : a.num_start] == "-"
    return min(digits) >= _MIN_DIGITS_BARE_HYPHEN and not chained


def _between(ctx: Context, a: Draft, b: Draft, gap: str) -> tuple[str, bool] | None:
    if not (_BETWEEN.fullmatch(gap) or _BETWEEN.fullmatch(_strip_bound_word(ctx, gap))):
        return None
    text, after = ctx.text, ctx.skip_spaces(b.num_end)
    if text.startswith(_BETWEEN_END, after):
        return "range.between", False
    if gap.startswith(("에서", "부터")):
        # "최소 4%에서 최대 7%", "천에서 천오백까지"; but "3%에서 5%로 올랐다" is a change, not a range
        before_a = ctx.lexicon.min_before.match_before(text, ctx.word_before(a.num_start)[1])
        if before_a is not None:
            return "range.between", False
        if text.startswith(_UNTIL_END, b.num_end) and not _levels_of_change(ctx, b):
            return "range.between", False
    return None


def _levels_of_change(ctx: Context, b: Draft) -> bool:
    """``근로시간이 52시간에서 69시간까지 늘어날``, ``기온이 10도에서 17도까지 오르겠다``: before a verb of change,
    A에서 B까지 are the level left and the level reached, not a range; an amount relative to another (``가격이
    5%에서 10%까지 오를``) is still a range of change."""
    if b.dimension in _RELATIVE:
        return False
    lex, after = ctx.lexicon, ctx.skip_spaces(b.num_end + len(_UNTIL_END))
    return bool(lex.increase.match_at(ctx.text, after) or lex.decrease.match_at(ctx.text, after))


def _bound_pair(ctx: Context, a: Draft, b: Draft, gap: str) -> tuple[str, bool] | None:
    """``1000 초과 1500 미만``: a lower bound word after the first end, an upper one after the second."""
    lex, text = ctx.lexicon, ctx.text
    first = lex.bound_after.match_at(gap.lstrip(), 0)
    if first is None or gap.lstrip()[len(first) :].strip(" ,"):
        return None
    after = lex.bound_after.match_at(text, ctx.skip_spaces(b.num_end))
    if first in lex.min_after and after in lex.max_after:
        return "range.bounds", False
    if first in lex.max_after and after in lex.min_after:
        return "range.bounds", True
    return None


def _strip_bound_word(ctx: Context, gap: str) -> str:
    """``4%에서 최대 7%``: the gap with a leading bound word of the second end removed."""
    stripped = gap.rstrip()
    word = ctx.lexicon.max_before.match_before(stripped, len(stripped))
    return stripped[: len(stripped) - len(word)] if word else gap
