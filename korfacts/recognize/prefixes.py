"""Words written before a quantity that change its unit: ``시속 120㎞`` is a speed (km/h), ``초속 25m`` one in m/s,
``섭씨 35도`` / ``화씨 100도`` / ``영상 3도`` name the temperature scale, ``북위 37.5도`` makes the degrees an angle.
The word is part of the fact's text and may stand before 약 (``시속 약 5㎞``). Runs after ranges, so that
``시속 40~50㎞`` is a range of speeds. (Sign words such as 영하 belong to the number and are read with it, in
recognize.quantity.)
"""

from __future__ import annotations

from korfacts.recognize.base import Context, Draft

__all__ = ["recognize"]


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    return [_prefixed(ctx, d) for d in drafts]


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
    if d.unit.dimension == "length" and word in registry.speed_prefixes:
        speed_id = registry.speed_prefixes[word].get(d.unit.id)
        if speed_id is not None:
            unit = registry.unit(speed_id)
            return d.with_rule("unit.speed_prefix", unit=unit, dimension=unit.dimension, start=start)
    if d.unit.dimension == "temperature" and word in registry.degree_prefixes:  # 도 reads as ℃ by default
        unit = registry.unit(registry.degree_prefixes[word])
        return d.with_rule("unit.degree_prefix", unit=unit, dimension=unit.dimension, start=start)
    return d
