"""What looks like a quantity but is not one: names, ordinals, ranks, scores, dates, and lone numbers.

- Digits glued to a word are part of a name: ``코로나19``, ``전일빌딩245``, ``첨단3지구``, ``5G``.
- An ordinal marker makes a rank or a label: ``1위``, ``3분기``, ``2단계`` (dimension ``ordinal``).
- A counter that is also a rank word reads as a rank before a bare noun: ``3대 강국``, ``4대 그룹``, ``3번 출구``;
  ``20대 남성`` is an age bracket (20 to 29); ``2대 1`` is a score, not two vehicles.
- ``5·18``, ``3·1절``, ``6·25`` are dates.
- A bare number (no unit) is a fact only when its form or its context says so: a scale word, a comma or a decimal
  point (``1200만``, ``2,598.11``, ``5.4``), a measure noun before it (``승점 4``), or an age in brackets after a name
  (``김모(33)씨``). Otherwise a lone integer is left out: it is more often a name, a year or a list index.
"""

from __future__ import annotations

from korfacts.numerals import is_hangul, is_latin
from korfacts.recognize.base import Context, Draft
from korfacts.units import AGE, ORDINAL

__all__ = ["recognize"]

_DATE_DOT = "·"
_AGE_DECADE_COUNTER = "대"  # "20대 남성": people in their twenties


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for i, d in enumerate(drafts):
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        prev = drafts[i - 1] if i > 0 else None
        if _glued_to_name(ctx, d):
            continue
        if _score(ctx, d, nxt) or _score(ctx, prev, d):
            continue
        d = _ordinal(ctx, d)
        if d.unit is None and d.dimension == "number" and ctx.strict:
            kept = _bare_number(ctx, d)
            if kept is None:
                continue
            d = kept
        out.append(d)
    return out


def _glued_to_name(ctx: Context, d: Draft) -> bool:
    if d.numeral_kind != "digits" or (d.dimension == "ordinal" and "ordinal.je_prefix" in d.rules):
        return False
    text = ctx.text
    before = text[d.num_start - 1] if d.num_start > 0 else " "
    if is_hangul(before):
        word_start, _ = ctx.word_before(d.num_start)
        glued_word = text[word_start : d.num_start]
        lex = ctx.lexicon
        allowed = (
            lex.approx_before, lex.min_before, lex.max_before, lex.bare_number_measures, lex.money_context,
        )  # fmt: skip
        registry = ctx.registry
        prefixes = (registry.sign_prefixes, registry.speed_prefixes, registry.temperature_prefixes)
        return not any(glued_word in words for words in (*allowed, *prefixes))
    after = text[d.num_end] if d.num_end < len(text) else " "
    return d.unit is None and is_latin(after)


def _score(ctx: Context, a: Draft | None, b: Draft | None) -> bool:
    """``2대 1``: a 대 between two numbers is a score."""
    if a is None or b is None or a.unit is None or a.unit.id != _AGE_DECADE_COUNTER:
        return False
    return ctx.text[a.num_end : b.num_start] == " " and b.unit is None


def _ordinal(ctx: Context, d: Draft) -> Draft:
    if d.unit is None or d.dimension == "ordinal":
        return d
    if d.unit.kind == ORDINAL:
        return d.with_rule("ordinal.marker", dimension="ordinal")
    if d.unit_start is None:
        return d
    match = ctx.registry.match_surface(ctx.text, d.unit_start, d.num_end)
    readings = match[0].defs if match and match[0].end == d.num_end else ()
    rank = next((r for r in readings if r.kind == ORDINAL), None)
    if rank is None or not _bare_noun_follows(ctx, d.num_end):
        return d
    value = d.value
    if d.unit.id == _AGE_DECADE_COUNTER and value is not None and value % 10 == 0 and 10 <= value <= 90:
        age = next((u for u in ctx.registry.words if u.kind == AGE), None)
        return d.with_rule("age.decade", value=None, low=value, high=value + 9, unit=age, dimension="age", approx=False)
    return d.with_rule("ordinal.rank_before_noun", dimension="ordinal", unit=rank)


def _bare_noun_follows(ctx: Context, pos: int) -> bool:
    """``3대 강국``: the counter is followed by a space and a noun with nothing between."""
    if pos >= len(ctx.text) or ctx.text[pos] != " ":
        return False
    m = ctx.morph_at(pos + 1)
    return m is not None and m.start == pos + 1 and m.tag in ("NNG", "NNP", "SL")


def _bare_number(ctx: Context, d: Draft) -> Draft | None:
    text = ctx.text
    surface = text[d.num_start : d.num_end]
    before = text[d.num_start - 1] if d.num_start > 0 else " "
    after = text[d.num_end] if d.num_end < len(text) else " "
    # 5·18, 3·1절, 6·25: dates written with a middle dot.
    if _DATE_DOT in (before, after):
        return None
    # A Hangul syllable glued after a bare number must be a particle or the copula: "2,598.11로", "5.4의".
    if is_hangul(after):
        m = ctx.morph_at(d.num_end)
        if m is None or not (m.tag.startswith("J") or m.tag in ("VCP", "XSN", "EF", "EC", "ETM")):
            return None
    value = d.value
    if value is None:
        return d
    measure_start, measure_end = ctx.word_before(d.num_start)
    measure = text[measure_start:measure_end]
    if ctx.lexicon.bare_number_measures.match_at(measure, 0) and measure_end in (d.num_start, d.num_start - 1):
        return d.with_rule("number.measure_before")
    bracketed = before == "(" and after == ")" and d.num_start >= 2 and is_hangul(text[d.num_start - 2])
    if bracketed and value == int(value) and 0 < value < 120:
        age = next((u for u in ctx.registry.words if u.kind == AGE), None)
        return d.with_rule("age.in_brackets", unit=age, dimension="age")
    has_form = d.scale is not None or any(ch in surface for ch in ",.，．")
    if has_form and not (value == int(value) and 1000 <= value <= 2999 and "," not in surface):
        return d.with_rule("number.scaled_or_decimal")
    return None
