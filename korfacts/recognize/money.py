"""Money written without its currency.

Korean headlines and tight copy drop 원 after a scale word: ``10조 편성``, ``3000억 투자``, ``예산 5조``. A bare
number that ends in a big scale word (만, 억, 조) is read as won when a money word stands right before it or right
after it (past a particle): the words are ``money_context`` in data/lexicon.yaml. Without such a word the number
stays a bare number (``1200만`` alone may be people, views or won).
"""

from __future__ import annotations

from decimal import Decimal

from korfacts.recognize.base import Context, Draft

__all__ = ["recognize"]

_MIN_SCALE = Decimal(10000)
_CURRENCY = "KRW"


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    return [_implied_won(ctx, d) for d in drafts]


def _implied_won(ctx: Context, d: Draft) -> Draft:
    if d.unit is not None or d.dimension != "number" or d.scale is None or d.scale < _MIN_SCALE:
        return d
    if not (_money_word_after(ctx, d.num_end) or _money_word_before(ctx, d.num_start)):
        return d
    unit = ctx.registry.unit(_CURRENCY)
    return d.with_rule("money.implied_won", unit=unit, dimension=unit.dimension)


def _money_word_after(ctx: Context, pos: int) -> bool:
    text = ctx.text
    particle = ctx.lexicon.particles.match_at(text, pos)
    if particle:
        pos += len(particle)
    pos = ctx.skip_spaces(pos)
    return ctx.lexicon.money_context.match_at(text, pos) is not None


def _money_word_before(ctx: Context, pos: int) -> bool:
    start, end = ctx.word_before(pos)
    word = ctx.text[start:end]
    particle = next((p for p in ctx.lexicon.particles.words if word.endswith(p) and len(word) > len(p)), "")
    stem = word[: len(word) - len(particle)] if particle else word
    return stem in ctx.lexicon.money_context or any(stem.endswith(w) for w in ctx.lexicon.money_context.words)
