"""Money written without its currency, and money written in two units.

``1달러 20센트`` is 1.2 dollars: a minor unit (``subunit_of`` in units.yaml) right after its main unit joins it.

Korean headlines and tight copy drop 원 after a scale word: ``10조 편성``, ``3000억 투자``, ``예산 5조``. A bare
number that ends in a big scale word (만, 억, 조) is read as won when a money word stands right before it or right
after it (past a particle, or a word of ``act_modifiers`` such as 추가): the words are ``money_context`` and
``money_acts`` in data/lexicon.yaml. Without such a word the number stays a bare number (``1200만`` alone may be
people, views or won). A bare amount reached from a money amount (``77억원에서 152억으로``) is in that amount's
currency.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from korfacts.recognize.base import QUOTE_PAIRS, Context, Draft

__all__ = ["recognize"]

_MIN_SCALE = Decimal(10000)
_WON_SCALE = Decimal(10) ** 8  # 억
_CURRENCY = "KRW"
_FROM = regex.compile(r"(?:에서|부터)\s*")
_DIGITS = regex.compile(r"[0-9]+")
_CLOSING_QUOTES = tuple(QUOTE_PAIRS.values())


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for d in drafts:
        d = _implied_won(ctx, d)
        if out and _is_level_after_money(ctx, out[-1], d):  # "77억원에서 152억으로": the same currency
            d = d.with_rule("money.from_previous", unit=out[-1].unit, dimension=out[-1].dimension)
        elif _bare_big(d) and any(o.unit is not None and o.unit.id == _CURRENCY for o in out):
            # "예산 17조8천억 편성…부채 감축에 3천억": 억 and 조 after an amount in won in the sentence are won too
            unit = ctx.registry.unit(_CURRENCY)
            d = d.with_rule("money.won_in_sentence", unit=unit, dimension=unit.dimension)
        if out and _is_minor_part(ctx, out[-1], d):
            out[-1] = _with_minor(ctx, out[-1], d)
            continue
        out.append(d)
    return out


def _bare_big(d: Draft) -> bool:
    """A bare number that ends in 억 or 조 (not 만, which counts people and views as often as won)."""
    return d.unit is None and d.dimension == "number" and d.scale is not None and d.scale >= _WON_SCALE


def _is_level_after_money(ctx: Context, before: Draft, d: Draft) -> bool:
    """``청구액을 77억원에서 152억으로``: a bare scale amount reached from a money amount is money in its currency."""
    if d.unit is not None or d.dimension != "number" or d.scale is None or d.scale < _MIN_SCALE:
        return False
    if before.unit is None or before.dimension != "money":
        return False
    return _FROM.fullmatch(ctx.text[before.num_end : d.num_start]) is not None


def _is_minor_part(ctx: Context, main: Draft, minor: Draft) -> bool:
    """``1달러 20센트``: a minor unit right after its main unit."""
    return (
        main.unit is not None
        and minor.unit is not None
        and minor.unit.subunit_of == main.unit.id
        and main.value is not None
        and minor.value is not None
        and not ctx.text[main.num_end : minor.num_start].strip()
    )


def _with_minor(ctx: Context, main: Draft, minor: Draft) -> Draft:
    assert main.value is not None and minor.value is not None and minor.unit is not None
    ratio = minor.unit.ratio or Decimal(1)
    return main.with_rule(
        "money.minor_unit", value=main.value + minor.value * ratio, end=minor.end, num_end=minor.num_end
    )


def _implied_won(ctx: Context, d: Draft) -> Draft:
    d = _scale_read_as_noun(ctx, d)
    if d.unit is not None or d.dimension != "number" or d.scale is None or d.scale < _MIN_SCALE:
        return d
    if not (_money_word_after(ctx, d.num_end) or _money_word_before(ctx, d.num_start)):
        return d
    unit = ctx.registry.unit(_CURRENCY)
    return d.with_rule("money.implied_won", unit=unit, dimension=unit.dimension)


def _scale_read_as_noun(ctx: Context, d: Draft) -> Draft:
    """``몸값 10조 인정``: Kiwi may read 조 after digits as a bound noun (a group, an article); ending the word next to
    a money word, it is the scale word (``2인 1조로`` stays a pair)."""
    if d.unit is not None or d.numeral_kind != "digits" or d.scale is not None or d.value is None:
        return d
    text = ctx.text
    word = next((w for w in ctx.registry.digit_scales if text.startswith(w, d.num_end)), None)
    if word is None:
        return d
    end = d.num_end + len(word)
    if end < ctx.sentence.end and text[end] != " " and ctx.lexicon.particles.match_at(text, end) is None:
        return d
    if not (_money_word_after(ctx, end) or _money_word_before(ctx, d.num_start)):
        return d
    factor = ctx.registry.scales[word]
    return d.with_rule("numeral.scale_after_noun", value=d.value * factor, end=end, num_end=end, scale=factor)


def _money_word_after(ctx: Context, pos: int) -> bool:
    text = ctx.text
    particle = ctx.lexicon.particles.match_at(text, pos)
    if particle:
        pos += len(particle)
    pos = ctx.skip_spaces(pos)
    pos += text[pos : pos + 1] in QUOTE_PAIRS  # "외국인 1조 '매도 폭탄'": the word inside the quotes
    skip = ctx.lexicon.act_modifiers.match_at(text, pos)
    if skip and text[pos + len(skip) : pos + len(skip) + 1] == " ":  # "3000억 추가 투자"
        pos = ctx.skip_spaces(pos + len(skip))
    return ctx.lexicon.money_words.match_at(text, pos) is not None


def _is_term(ctx: Context, start: int, end: int) -> bool:
    """``text[start:end]`` is a span of time written in digits and a duration unit (``4년 100억``: the years a
    contract runs)."""
    digits = _DIGITS.match(ctx.text, start, end)
    if digits is None:
        return False
    match = ctx.registry.match_surface(ctx.text, digits.end(), end)
    return bool(match) and match[0].end == end and any(d.dimension == "duration" for d in match[0].defs)


def _money_word_before(ctx: Context, pos: int) -> bool:
    """A money word right before the amount (inside quotes too: ``'빚투' 18조``), or before the term it is paid over
    (``다년계약 5년 120억``)."""
    lead = pos  # where the text before the amount ends, white space left out
    while lead > 0 and ctx.text[lead - 1].isspace():
        lead -= 1
    if ctx.text[lead - 1 : lead] in _CLOSING_QUOTES:  # "'빚투' 18조 돌파": the word inside the quotes
        pos = lead - 1
    start, end = ctx.word_before(pos)
    if _is_term(ctx, start, end):
        start, end = ctx.word_before(start)
    return ctx.lexicon.names_money(ctx.text[start:end])
