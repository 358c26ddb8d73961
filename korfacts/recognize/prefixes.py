"""Words written before a quantity that change its unit: ``시속 120㎞`` is a speed (km/h), ``초속 25m`` one in m/s,
``㎥당 23㎍`` a concentration (μg/m3), ``섭씨 35도`` / ``화씨 100도`` / ``영상 3도`` name the temperature scale,
``북위 37.5도`` makes the degrees an angle. The word is part of the fact's text and may stand before 약 (``시속 약
5㎞``). Runs after ranges, so that ``시속 40~50㎞`` is a range of speeds. (Sign words such as 영하 belong to the
number and are read with it, in recognize.quantity.)

A prefix carries over to the same unit written later in its clause, with no verb between: ``시속 100㎞에서 80㎞로``
is two speeds, ``㎥당 23㎍으로 전년(33㎍)보다 10㎍ 낮아져`` three concentrations; in ``시속 100㎞로 달려 30㎞를``
the 30㎞ stays a length.
"""

from __future__ import annotations

from korfacts.recognize.base import Context, Draft

__all__ = ["recognize"]

_PREDICATE_TAGS = ("VV", "VA", "VX", "XSV", "XSA")


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    last: tuple[str, Draft] | None = None  # the unit id as written and the quantity its prefix changed
    for d in drafts:
        prefixed = _prefixed(ctx, d)
        if d.unit is not None and prefixed.unit is not None and prefixed.unit.id != d.unit.id:
            last = (d.unit.id, prefixed)
        elif last is not None and d.unit is not None and d.unit.id == last[0] and _same_clause(ctx, last[1], d):
            unit = last[1].unit
            assert unit is not None
            prefixed = d.with_rule("unit.prefix_carried", unit=unit, dimension=unit.dimension)
        out.append(prefixed)
    return out


def _same_clause(ctx: Context, a: Draft, b: Draft) -> bool:
    """No verb or adjective between ``a`` and ``b`` (``에서``, ``보다``, brackets and times may stand there)."""
    between = ctx.sentence.within(a.end, b.start)
    return not any(m.tag.startswith(_PREDICATE_TAGS) for m in between)


def _prefixed(ctx: Context, d: Draft) -> Draft:
    if d.unit is None:
        return d
    start, end = ctx.word_before(d.start)
    if end != d.start and ctx.text[end : d.start] != " ":
        return d
    word = ctx.text[start:end]
    if word in ctx.lexicon.approx_before and start > ctx.sentence.start:  # "시속 약 5㎞": the prefix is one word back
        start, end = ctx.word_before(start)
        word = ctx.text[start:end]
    registry = ctx.registry
    rate_id = registry.rate_prefixes.get(word, {}).get(d.unit.id)
    if rate_id is not None:
        unit = registry.unit(rate_id)
        return d.with_rule("unit.rate_prefix", unit=unit, dimension=unit.dimension, start=start)
    if d.unit.dimension == "temperature" and word in registry.degree_prefixes:  # 도 reads as ℃ by default
        unit = registry.unit(registry.degree_prefixes[word])
        return d.with_rule("unit.degree_prefix", unit=unit, dimension=unit.dimension, start=start)
    return d
