"""Qualifiers: whether a quantity is approximate, a bound, or an amount of change.

Words before the number (``약``, ``최대``, ``최소``) are taken into the fact's span; words after it (``가량``,
``이상``, ``까지``, ``증가``) are read but left out of the span, which stays the quantity expression itself. All the
words are in data/lexicon.yaml.

- approx: 약 300명, 300여 명 (read with the unit), 300명 가량, 300명 남짓.
- bound: min for 최소 / 이상 / 초과 / 넘는 / 돌파, max for 최대 / 이하 / 미만 / 이내 / 까지; ``inclusive`` keeps
  이상 (inclusive) apart from 초과 (exclusive).
- change: an amount followed by a verb of change (3% 증가, 10만명 줄어) is an increase or a decrease. An amount
  followed by 으로/로 is the level reached (매출이 3조원으로 늘었다), not the change.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

import regex

from korfacts.morph import Morph
from korfacts.recognize.base import Context, Draft
from korfacts.recognize.duration import ELAPSED_UNITS

__all__ = ["recognize"]

_BRACKETED = regex.compile(r"\s*\([^()]{1,20}\)")  # "120메가와트(㎿)까지": look past the bracket
_LEVELS = ("percent", "percentage_point", "number", "money", "index_point")  # levels a market or a rate breaks
_UNBANDED = ("duration", "age", "date", "time", "ordinal")  # 1990년대 is a decade of years, 20대 an age
_TO = "로"  # "40만명 아래로 떨어졌다": a bound word ending in 로 makes the quantity a level passed
_UNTIL = "까지"  # "39.5℃까지 올랐다": the level reached, not the amount of change
_BETWEEN_END = "사이"  # "5%에서 10% 사이 하락할": the change is read past 사이
_OF = "의"  # "3조원 규모의 사업": the size word starts a phrase of its own
_OF_SPACE = "의 "  # "100억달러의 비용을 절감"
_OBJECT = "JKO"  # the object particle 을/를
_OBJECT_NOUN_TAGS = frozenset({"NNG", "NNP", "XSN", "XPN", "SL"})  # the object's noun phrase: 자발적 감산, 담수 사용량
_OBJECT_REACH = 4  # nouns of that phrase
_CHANGE_RULES = frozenset({"change.increase", "change.decrease", "change.increase_bare", "change.decrease_bare"})
_AND = ("과", "와")  # 14계단과 21계단
_LIST_REACH = 3  # words between two listed amounts
_LIST_TAGS = frozenset({"NNG", "NNP", "NNB", "SL", "SN", "JKS", "JX", "JKG", "JC", "SP"})  # nouns and particles


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for d in drafts:
        if d.is_quantity:
            d = _after(ctx, _before(ctx, d))
            if out and _glossed(ctx, out[-1], d):
                d = _share_after(out[-1], d)
        out.append(d)
    return _listed_changes(ctx, out)


def _listed_changes(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """``사과가 71.0%, 배가 68.5% 올라``, ``14계단과 21계단 뛰어올랐다``: amounts of one unit listed before an amount
    of change (past a comma or 과/와, and nouns and particles only) change the same way."""
    out = list(drafts)
    amounts = [i for i, d in enumerate(out) if d.is_quantity]  # past the dates and ranks between (2분기 9.1%, 3분기)
    for i, j in reversed(list(pairwise(amounts))):
        d, nxt = out[i], out[j]
        if d.change is not None or nxt.change is None or d.unit is None or nxt.unit is None:
            continue
        if d.unit.id != nxt.unit.id or d.bound is not None or not (set(nxt.rules) & _CHANGE_RULES):
            continue
        respective = ctx.text[slice(*ctx.word_before(d.start))] in ctx.lexicon.respective_words  # 각각 6.1%, 84.4%
        if _listed_before(ctx, d.num_end, nxt.start, named=not respective):
            out[i] = d.with_rule("change.listed", change=nxt.change)
    return out


def _listed_before(ctx: Context, end: int, start: int, *, named: bool = True) -> bool:
    """``text[end:start]`` joins two items of a list: 과/와, or a comma and (when ``named``) the noun that names the
    next item (``71.0%, 배가``; ``9천860원, 240원 인상`` is an amount and its change), then nouns and particles only."""
    gap = ctx.text[end:start]
    if not gap.strip() or len(gap.split()) > _LIST_REACH:
        return False
    morphs = ctx.sentence.within(end, start)
    if not morphs or not all(m.tag in _LIST_TAGS for m in morphs[1:]):
        return False
    if morphs[0].tag in ("JC", "JKB") and morphs[0].form in _AND:
        return True
    return morphs[0].tag == "SP" and (not named or any(m.tag.startswith("NN") for m in morphs[1:]))


def _glossed(ctx: Context, outer: Draft, inner: Draft) -> bool:
    """``35.12포인트(1.32%) 내린``: a quantity alone in brackets right after another restates it."""
    opened = ctx.text[outer.end : inner.start].strip() == "("
    return outer.is_quantity and opened and ctx.text[inner.end : inner.end + 1] == ")"


def _share_after(outer: Draft, inner: Draft) -> Draft:
    """The words after the bracket qualify both quantities: the change, a bound or 가량 read after the outer one."""
    shared: dict[str, dict[str, Any]] = {
        "approx.after": {"approx": True},
        "bound.min_after": {"bound": outer.bound, "inclusive": outer.inclusive},
        "bound.max_after": {"bound": outer.bound, "inclusive": outer.inclusive},
        "change.increase": {"change": outer.change},
        "change.decrease": {"change": outer.change},
        "change.object_increase": {"change": outer.change},
        "change.object_decrease": {"change": outer.change},
    }
    for rule, fields in shared.items():
        if rule in outer.rules and rule not in inner.rules:
            inner = inner.with_rule(rule, **fields)
    return inner


def _before(ctx: Context, d: Draft) -> Draft:
    lex = ctx.lexicon
    between = "range.between" in d.rules  # 최소 4%에서 최대 7%: the words name the ends, not a bound
    pos = d.num_start
    for _ in range(4):  # "최대 약 300명": up to a few stacked words; "시속 약 5㎞": past a unit prefix already read
        start, end = ctx.word_before(pos)
        if end != pos and ctx.text[end:pos] != " ":
            break
        word, first = ctx.text[start:end], min(start, d.start)
        if (word in lex.max_before or word in lex.min_before) and _of_a_record(ctx, start):
            break  # "역대 최대 142억달러", "낮 최고 36도": a record or the day's high, not a bound
        if word in lex.approx_before:
            d = d.with_rule("approx.before", approx=True, start=first)
        elif word in lex.max_before:
            d = d.with_rule("bound.max_before", start=first, **({} if between else {"bound": "max", "inclusive": True}))
        elif word in lex.min_before:
            d = d.with_rule("bound.min_before", start=first, **({} if between else {"bound": "min", "inclusive": True}))
        elif word in ctx.registry.rate_periods and start < d.start:
            pass  # "최대 월 33만원", "최저 연 1.6%": the qualifier stands before the period of a rate
        elif start < d.start:
            break
        pos = start
    return d


def _after(ctx: Context, d: Draft) -> Draft:
    text, lex = ctx.text, ctx.lexicon
    pos = d.num_end
    bracket = _BRACKETED.match(text, pos, ctx.sentence.end)
    if bracket:
        pos = bracket.end()
    pos = ctx.skip_spaces(pos)
    if "range.between" in d.rules and text.startswith(_BETWEEN_END, pos):
        pos = ctx.skip_spaces(pos + len(_BETWEEN_END))
    approx = lex.approx_after.match_at(text, pos)
    beyond = ctx.skip_spaces(pos + len(approx)) if approx is not None else pos
    versus = approx is not None and text[beyond : beyond + 1].isdigit()  # "21개 대 9개"
    if approx and not versus and ctx.is_boundary(pos + len(approx)) and _word_ends(ctx, pos + len(approx)):
        band = _band(d, pos + len(approx)) if approx in lex.band_after and pos == d.num_end else None
        d = band or d.with_rule("approx.after", approx=True)
        pos = ctx.skip_spaces(pos + len(approx))
    elif lex.near_after.match_at(text, _past_particle(ctx, pos)):  # "두 배에 육박했다", "1만명에 가까운"
        d = d.with_rule("approx.near_after", approx=True)
    if "range.bounds" in d.rules:
        return d  # "1000명 초과 3000명 미만": the bound words made the range
    size = lex.size_words.match_at(text, pos)
    if size and ctx.is_boundary(pos + len(size)) and not text.startswith(_OF, pos + len(size)):
        pos += len(size)  # "3조원 규모를 넘었다", "1,400원선을 넘었다": the size word is the quantity's own
        pos = pos if lex.particles.match_at(text, pos) else ctx.skip_spaces(pos)  # "30%선 붕괴"
    bound = lex.bound_after.match_at(text, pos)  # "6만t까지": 까지 is itself a particle
    if bound is None:
        past = _past_adverbs(ctx, _past_particle(ctx, pos))  # "2%를 상회했다", "300만 명을 처음으로 넘어섰다"
        bound = lex.bound_after.match_at(text, past)
        if bound is None and past == pos:  # "70㎞가 넘는": Kiwi may read the particle as a verb
            particle = lex.particles.match_at(text, pos)
            spaced = particle is not None and text[pos + len(particle) : pos + len(particle) + 1] == " "
            past = ctx.skip_spaces(pos + len(particle)) if particle and spaced else pos
            bound = lex.bound_after.match_at(text, past) if past != pos else None
        if bound is not None:
            pos = past
    if bound is None and d.dimension in _LEVELS and d.bound is None:
        below = lex.fallen_below.match_at(text, _past_particle(ctx, pos))
        if below is not None:  # "저수율 15% 붕괴", "5만원 선이 무너졌다": the level now lies below
            return d.with_rule("bound.fallen_below", bound="max", inclusive=False)
    if bound and _in_name(ctx, pos, bound):
        bound = None  # "8명과 이상진 부위원장": a name that begins like 이상
    if bound:
        after = ctx.skip_spaces(pos + len(bound))
        if bound == _UNTIL and "range.between" in d.rules:
            return _change(ctx, d, after)  # "5%에서 10%까지 오를": 까지 ends the range, the change is read past it
        if bound == _UNTIL and _change_word(ctx, after):
            return d.with_rule("bound.level_reached")  # "39.5℃까지 올랐다": neither a bound nor the change
        if d.bound is None:
            side = "min" if bound in lex.min_after else "max"
            inclusive = lex.min_after[bound] if side == "min" else lex.max_after[bound]
            d = d.with_rule(f"bound.{side}_after", bound=side, inclusive=inclusive)
        if bound == _UNTIL or bound.endswith(_TO):
            return d  # "최대 1억원까지 지원", "2,600명 아래로 내려갔다": a level reached, not the amount of change
        pos = after
    return _change(ctx, d, pos)


def _change(ctx: Context, d: Draft, pos: int) -> Draft:
    text, lex = ctx.text, ctx.lexicon
    if d.unit is not None and d.unit.id in lex.frequency_counters:
        return d  # "두 차례 인하": how many times something changed, not an amount of change
    if lex.result_particles.match_at(text, pos):
        return d  # "3조원으로 늘었다": the level reached
    reached = lex.reached_particles.match_at(text, pos)
    if reached is not None and _whole_morph(ctx, pos, reached):
        return d  # "2관왕에 올랐다"
    if lex.increase_bare.match_at(text, pos):
        return d.with_rule("change.increase_bare", change="increase")
    if lex.decrease_bare.match_at(text, pos):
        return d.with_rule("change.decrease_bare", change="decrease")
    acted = _change_of_object(ctx, pos) if d.dimension != "count" else None  # not "기관장 10여명의 임금을 삭감"
    if acted is not None:
        return d.with_rule(f"change.object_{acted}", change=acted)
    pos = _past_adverbs(ctx, ctx.skip_spaces(_past_particle(ctx, pos)))  # "0.25%포인트 각각 인하했다"
    if d.dimension == "length" and lex.apart_words.match_at(text, pos):
        return d  # "300m 떨어진 밭": a distance apart
    direction = _change_word(ctx, pos)
    return d.with_rule(f"change.{direction}", change=direction) if direction else d


def _change_of_object(ctx: Context, pos: int) -> str | None:
    """``100억달러의 비용을 절감``, ``12만㎥의 담수 사용량을 줄이고``, ``220만 배럴 규모의 자발적 감산을``: the amount
    of an object that a verb of change acts on, or of a noun that is itself a change, is the amount of change."""
    text, lex = ctx.text, ctx.lexicon
    size = lex.size_words.match_at(text, pos)
    pos += len(size) if size else 0
    if not text.startswith(_OF_SPACE, pos):
        return None
    phrase: list[Morph] = []
    for i in range(ctx.sentence.index_from(pos + len(_OF_SPACE)), len(ctx.morphs)):
        m = ctx.morphs[i]
        if m.tag not in _OBJECT_NOUN_TAGS or len(phrase) == _OBJECT_REACH:
            break
        phrase.append(m)
    if not phrase:
        return None
    last = phrase[-1].form  # 감산, 증산: the noun is the change itself (not 증가율, where 증가 does not end it)
    if last in lex.increase or last in lex.decrease:
        return "increase" if last in lex.increase else "decrease"
    after = ctx.morph_at(phrase[-1].end)
    return _change_word(ctx, ctx.skip_spaces(after.end)) if after is not None and after.tag == _OBJECT else None


def _change_word(ctx: Context, pos: int) -> str | None:
    """``increase`` or ``decrease`` for a verb of change at ``pos`` (``올랐다``, ``떨어졌다``); None for any other word,
    and for one that begins like a change word but is not one (``30~33도를 오르내리겠다``, ``10분 떨어진 곳``)."""
    lex, text = ctx.lexicon, ctx.text
    if lex.not_change.match_at(text, pos):
        return None
    if lex.increase.match_at(text, pos):
        return "increase"
    return "decrease" if lex.decrease.match_at(text, pos) else None


def _band(d: Draft, end: int) -> Draft | None:
    """``20%대``, ``1,300원대``, ``10억원대``, ``0%대``: the band that begins at the amount, as wide as its last written
    place (20..30%, 1300..1400원, 10억..20억원, 0..1%)."""
    value = d.value
    clock = d.unit is not None and d.unit.id in ELAPSED_UNITS  # "50분대로 단축": minutes and hours have bands
    if value is None or value < 0 or (d.dimension in _UNBANDED and not clock):  # 0%대 is 0..1%
        return None
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    width = Decimal(10) ** exponent
    return d.with_rule("range.band", value=None, low=value, high=value + width, approx=False, end=end)


def _past_adverbs(ctx: Context, pos: int) -> int:
    """Past the adverbs of ``qualifier_adverbs`` that stand between a quantity and the word qualifying it
    (``각각``, ``처음으로``, ``일제히``)."""
    while (word := ctx.lexicon.qualifier_adverbs.match_at(ctx.text, pos)) is not None:
        if ctx.text[pos + len(word) : pos + len(word) + 1] != " ":
            break
        pos += len(word) + 1
    return pos


def _whole_morph(ctx: Context, pos: int, word: str) -> bool:
    """Kiwi reads ``word`` at ``pos`` as a morpheme of its own (에, not the 에 of 에서)."""
    m = ctx.morph_at(pos)
    return m is not None and m.start == pos and m.end == pos + len(word)


def _in_name(ctx: Context, pos: int, word: str) -> bool:
    """The word at ``pos`` begins a proper noun that runs past it (이상진, 이상민)."""
    m = ctx.morph_at(pos)
    return m is not None and m.start == pos and m.tag == "NNP" and m.end > pos + len(word)


def _past_particle(ctx: Context, pos: int) -> int:
    """Skip one particle glued to the quantity ("100만명이 넘는"): Kiwi must read it as a particle, or as a suffix
    that is a particle of the lexicon ("1천명씩 줄어드는": 씩)."""
    m = ctx.morph_at(pos)
    if (
        m is not None
        and m.start == pos
        and (m.tag.startswith("J") or (m.tag == "XSN" and m.form in ctx.lexicon.particles))
    ):
        return ctx.skip_spaces(m.end)
    return pos


def _of_a_record(ctx: Context, start: int) -> bool:
    """The word before 최대/최고/최저 at ``start`` makes it a record or the extreme of a day (``extreme_scopes``:
    ``역대 최대``, ``사상 최고``, ``낮 최고``, ``취임 후 최저``)."""
    end = start  # the end of the text before the word, white space left out
    while end > ctx.sentence.start and ctx.text[end - 1].isspace():
        end -= 1
    # A window of the sentence holding the longest scope and the character before it (which must not be a letter)
    longest = len(ctx.lexicon.extreme_scopes.words[0]) if ctx.lexicon.extreme_scopes.words else 0
    window = ctx.text[max(ctx.sentence.start, end - longest - 1) : end]
    return ctx.lexicon.extreme_scopes.match_before(window, len(window)) is not None


def _word_ends(ctx: Context, pos: int) -> bool:
    return pos >= len(ctx.text) or not ctx.text[pos].isalnum() or ctx.morph_at(pos) is not None
