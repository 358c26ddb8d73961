"""Ranges: two quantities that are the two ends of one.

``2~3명``, ``20만~30만장``, ``4.75~5.00%``, ``2-3명``, ``4%에서 7% 사이``, ``최소 4%에서 최대 7%``. The first end may
leave out the unit and the scale word that the second one carries: in ``20~30만명`` both ends are in 만 (Korean
writes 200,000 to 300,000 this way), in ``2~3억원`` both are in 억.
"""

from __future__ import annotations

import regex

from korfacts.recognize.base import Context, Draft

__all__ = ["recognize"]

# What may stand between the two ends of a range.
_DASH = regex.compile(r"\s*[~∼〜～\-–—]\s*")
_FROM = regex.compile(r"\s*(?:에서|부터)\s+")


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    i = 0
    while i < len(drafts):
        a = drafts[i]
        b = drafts[i + 1] if i + 1 < len(drafts) else None
        merged = _merge(ctx, a, b) if b is not None else None
        if merged is not None:
            out.append(merged)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _merge(ctx: Context, a: Draft, b: Draft) -> Draft | None:
    if not (a.is_quantity and b.is_quantity) or a.value is None or b.value is None:
        return None
    if a.unit is not None and b.unit is not None and a.unit.id != b.unit.id:
        return None
    if b.unit is None and a.unit is None:
        return None
    gap = ctx.text[a.num_end : b.num_start]
    if _DASH.fullmatch(gap):
        rule = "range.dash"
        if "-" in gap and b.unit is None:
            return None  # "2-3명", "10달러 - 20달러"; but "4-1" is a score and "010-1234" a phone number
    elif _FROM.fullmatch(gap) or _FROM.fullmatch(_strip_bound_words(ctx, gap)):
        after = ctx.skip_spaces(b.num_end)
        before_a = ctx.lexicon.min_before.match_before(ctx.text, ctx.word_before(a.num_start)[1])
        if not (ctx.text.startswith("사이", after) or before_a is not None):
            return None  # "3%에서 5%로 올랐다" is a change, not a range
        rule = "range.between"
    else:
        return None
    low, high = a.value, b.value
    if a.unit is None and a.scale is None and b.scale is not None and low * b.scale <= high:
        low = low * b.scale  # 20~30만: 20만
    if low > high:
        return None
    unit = b.unit or a.unit
    return Draft(
        start=a.start, end=b.end, num_start=a.num_start, num_end=b.num_end, value=None, low=low, high=high,
        unit=unit, dimension=b.dimension if b.unit is not None else a.dimension,
        approx=a.approx or b.approx, numeral_kind=b.numeral_kind, scale=b.scale,
        rules=(*b.rules, rule),
    )  # fmt: skip


def _strip_bound_words(ctx: Context, gap: str) -> str:
    """``4%에서 최대 7%``: the gap with a leading bound word of the second end removed."""
    stripped = gap.rstrip()
    word = ctx.lexicon.max_before.match_before(stripped, len(stripped))
    return stripped[: len(stripped) - len(word)] if word else gap
