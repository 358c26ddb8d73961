"""Numeral x unit: the first recognizer stage. Every numeral becomes a Draft, with the unit written after it
(``120메가와트``, ``6만t``, ``300여 명``) or before it (``$100``, ``₩5000``), and the prefixes that change its
reading: ``시속`` (a length becomes a speed), ``섭씨``/``화씨`` (the temperature scale), ``영하``/``마이너스`` (the
sign), ``제`` (an ordinal: ``제22대``), and fractions (``3분의 2``, ``3할2푼5리``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs
import regex

from korfacts.morph import Morph
from korfacts.numerals import Numeral, is_hangul, is_latin, quotient
from korfacts.recognize.base import Context, Draft
from korfacts.units import COUNTER, UnitDef, UnitMatch, may_glue

__all__ = ["recognize"]

_AND = "과와"  # 이십과 오분의 삼
# Kiwi tags that a unit word never starts with: a particle (J), an ending (E) or the copula (VCP).
_NOT_A_UNIT_TAG = ("J", "E", "V")
_NUMERAL_TAGS = ("MM", "NR")  # Kiwi's determiner (두 후보) and numeral (여섯 자녀) tags
_MINUS = "-−"
_PLURAL = "들"  # 두 후보들: the plural suffix is not part of what is counted
_METRE = "m"
_METRES_AND_CENTIMETRES = regex.compile(r"m([0-9]{2})(?![0-9])")  # the m36 of 2m36


def recognize(ctx: Context) -> list[Draft]:
    numerals = ctx.reader.scan(ctx.text, ctx.sentence, strict=ctx.strict)
    drafts: list[Draft] = []
    skip_until = -1
    prev_end: int | None = None
    for i, n in enumerate(numerals):
        if n.start < skip_until:
            continue
        nxt = numerals[i + 1] if i + 1 < len(numerals) else None
        draft = (
            _ordinal(ctx, n)
            or _fraction(ctx, n, nxt)
            or _ratio_places(ctx, n, numerals[i + 1 :])
            or _with_unit(ctx, n, prev_end)
        )
        if draft is None:
            continue
        while drafts and drafts[-1].num_start >= draft.num_start:
            drafts.pop()  # "이십과 오분의 삼": the whole part read on its own is now part of the fraction
        skip_until = prev_end = draft.num_end
        drafts.append(draft)
    return sorted([*drafts, *_duration_words(ctx), *_fraction_words(ctx)], key=lambda d: d.start)


def _duration_words(ctx: Context) -> list[Draft]:
    """``사흘 동안``, ``열흘 이상``, ``이틀 만에``: words that are a span of time by themselves. Not ``하루 6만t`` or
    ``하루에 3번``, where the word is the period of a rate."""
    drafts = []
    text = ctx.text
    ends = {m.end for m in ctx.morphs}
    for m in ctx.morphs:
        words = ctx.registry.duration_words_at.get(text[m.start], ())
        if not words or (m.start > 0 and is_hangul(text[m.start - 1])):
            continue
        # Kiwi may split the word it is written as (열엿새 is 열/NR + 엿새/NNG) or join a span suffix to it (사흘간/NNG)
        word = next((w for w in words if text.startswith(w, m.start) and _ends_word(ctx, m.start + len(w), ends)), None)
        if word is None or not _stands_as_duration(ctx, m.start + len(word)):
            continue
        value, unit_id = ctx.registry.duration_words[word]
        unit = ctx.registry.unit(unit_id)
        end = m.start + len(word)
        drafts.append(
            Draft(
                start=m.start,
                end=end,
                num_start=m.start,
                num_end=end,
                value=value,
                unit=unit,
                dimension=unit.dimension,
                numeral_kind="word",
                rules=("numeral.duration_word",),
            )
        )
    return drafts


def _fraction_words(ctx: Context) -> list[Draft]:
    """``절반가량``, ``절반 이상``, ``절반을 차지``: a word that is a share by itself (``fraction_words``), written as a
    word of its own (not inside another one)."""
    drafts = []
    for m in ctx.morphs:
        value = ctx.registry.fraction_words.get(m.form)
        if value is None or m.end - m.start != len(m.form) or (m.start > 0 and is_hangul(ctx.text[m.start - 1])):
            continue
        draft = Draft(start=m.start, end=m.end, num_start=m.start, num_end=m.end, value=value, unit=None,
                      dimension="fraction", numeral_kind="word", rules=("fraction.word",))  # fmt: skip
        drafts.append(draft)
    return drafts


def _ends_word(ctx: Context, end: int, ends: set[int]) -> bool:
    """A morpheme ends at ``end``, or a suffix of span (간) that Kiwi joined to the word before ends after it."""
    suffix = ctx.lexicon.duration_after.match_at(ctx.text, end)
    return end in ends or (suffix is not None and end + len(suffix) in ends)


def _stands_as_duration(ctx: Context, end: int) -> bool:
    """What follows a duration word says whether it is a span of time (사흘 동안, 이틀 만에, 열흘 이상, 이틀이,
    하루 많았다) or the period of a rate or a modifier (하루 6만t, 하루에 3번, 하루 평균, 하루 섭취량)."""
    text, lex = ctx.text, ctx.lexicon
    after = ctx.skip_spaces(end)
    if any(words.match_at(text, after) for words in (lex.duration_after, lex.bound_after, lex.increase, lex.decrease)):
        return True
    if lex.approx_after.match_at(text, after):
        return True
    if lex.per_period_after.match_at(text, after):
        return False
    if after >= len(text) or not (is_hangul(text[after]) or text[after].isalnum()):
        return True  # end of the sentence or punctuation
    m = ctx.morph_at(end)
    return after == end and m is not None and m.start == end and m.tag.startswith("J")


def _ordinal(ctx: Context, n: Numeral) -> Draft | None:
    """``제22대``, ``제2차``, ``제9조``, ``제 12부``: after 제 a number is an ordinal, whatever word follows."""
    if n.kind != "digits":
        return None
    spaced = ctx.text[n.start - 1 : n.start] == " "
    prefix = ctx.lexicon.ordinal_prefixes.match_before(ctx.text, n.start - spaced)
    if prefix is None:
        return None
    # The digits alone: in 제9조, 조 is the article, not a trillion.
    end = n.start
    while end < n.end and (ctx.text[end].isdigit() or ctx.text[end] in ",."):
        end += 1
    marker_end = end
    while marker_end < ctx.sentence.end and is_hangul(ctx.text[marker_end]):
        m = ctx.morph_at(marker_end)
        if m is not None and m.tag.startswith("J"):
            break
        marker_end += 1
    value = ctx.reader.value_of(ctx.text[n.start : end])
    if value is None:
        return None
    start = n.start - spaced - len(prefix)
    return Draft(
        start=start, end=marker_end, num_start=start, num_end=marker_end, value=value, unit=None,
        dimension="ordinal", rules=("ordinal.je_prefix",),
    )  # fmt: skip


def _fraction(ctx: Context, n: Numeral, nxt: Numeral | None) -> Draft | None:
    """``3분의 2`` (two thirds), ``삼분의 일``."""
    marker = ctx.registry.fraction_marker
    pos = ctx.skip_spaces(n.end)
    if nxt is None or n.high is not None or n.value == 0:
        return None
    if ctx.text.startswith(marker, pos):  # denominator 분의 numerator
        after = ctx.skip_spaces(pos + len(marker))
        value = Fraction(nxt.value) / Fraction(n.value)  # exact until the whole part is added (quotient)
        sign = next((w for w in ctx.registry.sign_prefixes if ctx.text.startswith(w, after)), None)
        if sign:  # "오분의 마이너스 구천오백"
            after = ctx.skip_spaces(after + len(sign))
            value = -value
    elif ctx.text[n.end : nxt.start] == "/" and nxt.value != 0 and _slash_fraction(ctx, n, nxt):
        after = n.end + 1
        value = Fraction(n.value) / Fraction(nxt.value)
    else:
        return None
    if nxt.start != after:
        return None
    start, rules = n.start, ["fraction.bunui"]
    whole = _whole_part(ctx, n.start)
    if whole is not None:
        start, whole_value = whole
        value += Fraction(whole_value)
        rules.append("fraction.mixed")
    return Draft(
        start=start, end=nxt.end, num_start=start, num_end=nxt.end, value=quotient(value), unit=None,
        dimension="fraction", numeral_kind=n.kind, rules=tuple(rules),
    )  # fmt: skip


def _ratio_places(ctx: Context, n: Numeral, following: list[Numeral]) -> Draft | None:
    """``3할2푼5리`` (0.325, a batting average), ``3할 5리``, ``5할 승률``: a digit before each place word of a
    ratio, largest first; the first must be the largest (할), as 푼 and 리 alone are other units."""
    places = list(ctx.registry.ratio_places)
    if not places or n.kind != "digits" or n.high is not None:
        return None
    value, end = Decimal(0), n.end
    for k, numeral in enumerate([n, *following]):
        m = ctx.morph_at(numeral.end)
        if (k and numeral.start != ctx.skip_spaces(end)) or m is None or m.start != numeral.end or m.form not in places:
            break
        limit = 10 if k == 0 else 9  # 10할 is the whole
        if (k == 0 and m.form != places[0]) or numeral.value != int(numeral.value) or numeral.value > limit:
            break
        value += numeral.value * ctx.registry.ratio_places[m.form]
        end, places = m.end, places[places.index(m.form) + 1 :]
    return None if end == n.end else _ratio_draft(n, value, end)


def _ratio_draft(n: Numeral, value: Decimal, end: int) -> Draft:
    return Draft(
        start=n.start, end=end, num_start=n.start, num_end=end, value=value, unit=None, dimension="fraction",
        numeral_kind=n.kind, rules=("fraction.ratio_places",),
    )  # fmt: skip


def _whole_part(ctx: Context, start: int) -> tuple[int, Decimal] | None:
    """``이십과 오분의 삼`` (twenty and three fifths): a number joined by 과/와 right before a fraction."""
    word_start, word_end = ctx.word_before(start)
    word = ctx.text[word_start:word_end]
    if word_end != start - 1 or len(word) < 2 or word[-1] not in _AND:
        return None
    if ctx.strict and not ctx.is_boundary(word_end - 1):
        return None  # "사과 3분의 2": Kiwi reads 사과 as one word, an apple, not four and
    value = ctx.reader.value_of(word[:-1])
    return None if value is None else (word_start, value)


def _with_unit(ctx: Context, n: Numeral, prev_end: int | None) -> Draft | None:
    text = ctx.text
    pos = n.end
    approx = n.approx  # 2억2000여만원
    rules = [f"numeral.{n.kind}", *(["approx.infix"] if n.approx else [])]
    infix_at = ctx.skip_spaces(pos)  # "300여 명", "2만 여명": the infix may stand after a space
    infix = ctx.lexicon.approx_infix.match_at(text, infix_at)
    if infix and not ctx.is_boundary(infix_at + len(infix)):
        infix = None  # "3만 여성": 여 begins a word
    if infix and _unit_after(ctx, ctx.skip_spaces(infix_at + len(infix)), n) is not None:
        pos = infix_at + len(infix)
        approx = True
        rules.append("approx.infix")
    unit_match = _unit_after(ctx, ctx.skip_spaces(pos), n)
    unit: UnitDef | None = None
    end = n.end if not approx else pos
    unit_start = None
    metres = _METRES_AND_CENTIMETRES.match(text, n.end) if unit_match is None and n.kind == "digits" else None
    if metres is not None:  # "2m36", "1m85": a height with its centimetres
        unit, unit_start, end = ctx.registry.unit(_METRE), n.end, metres.end()
        n = attrs.evolve(n, value=n.value + Decimal(metres.group(1)) / 100)
        rules.append("unit.metres_and_centimetres")
    if unit_match is not None:
        unit = unit_match.defs[0]
        native_counter = text[unit_match.start : unit_match.end] in ctx.registry.native_counters
        if native_counter and n.kind == "native" and ctx.strict:
            unit = unit_match.of_kind(COUNTER) or unit  # 두 분: two people in running text; parse("서른분") is time
        elif _counted_from(ctx, n, text[unit_match.start : unit_match.end]):
            unit = unit_match.of_kind(COUNTER) or unit
            rules.append("unit.counted_from")
        unit_start, end = unit_match.start, unit_match.end
        rules.append(f"unit.{unit.kind}")
    if unit is None and n.kind == "native" and ctx.strict:
        noun = _counted_noun(ctx, n)
        if noun is not None:
            unit_start, end = noun
            unit = UnitDef.counted_noun(text[unit_start:end])
            rules.append("count.native_before_noun")
    value = n.value
    start = n.start
    if unit is None:
        prefixed = ctx.registry.match_prefix_before(text, n.start)
        if prefixed is not None and n.kind == "digits":
            unit, start = prefixed
            rules.append("unit.prefix")
    if (
        unit_start == n.end
        and unit_match is not None
        and not _may_glue(ctx, n, text[unit_match.start : unit_match.end])
    ):
        return None  # "사건", "한편", "경기": a one-syllable numeral glued to a word is part of that word
    if unit is None and n.kind != "digits" and ctx.strict and not _bare_word_number(ctx, n):
        return None  # a word numeral is a quantity only before a counter or unit: "한 시민" is a determiner
    dimension = unit.dimension if unit is not None else "number"
    word_start, word_end = ctx.word_before(n.start)
    word = text[word_start:word_end] if word_end == n.start or text[word_end : n.start] == " " else ""
    minus = None if word in ctx.registry.sign_prefixes else _minus_sign(text, n.start, prev_end)
    if word in ctx.registry.sign_prefixes or minus is not None:
        value = -value
        start = word_start if minus is None else minus
        rules.append("numeral.negative")
    high = n.high
    if high is not None:
        rules.append("range.vague" if n.kind == "vague" else "range.native")
        approx = approx or n.kind == "vague"
    return Draft(
        start=start,
        end=end,
        num_start=start,
        num_end=end,
        value=None if high is not None else value,
        low=value if high is not None else None,
        high=high,
        unit=unit,
        dimension=dimension,
        approx=approx,
        unit_start=unit_start,
        numeral_kind=n.kind,
        scale=n.scale,
        rules=tuple(rules),
    )


def _counted_from(ctx: Context, n: Numeral, surface: str) -> bool:
    """``자사주 100만주``, ``5,000주``, ``보통주 300주``: a surface of ``counted_from`` is the counter (shares) from a
    value up or after one of its nouns; ``3주 동안`` stays weeks."""
    rule = ctx.registry.counted_from.get(surface)
    if rule is None:
        return False
    start, end = ctx.word_before(n.start)
    return n.value >= rule.least or (end == n.start - 1 and ctx.text[start:end].startswith(rule.after))


def _counted_noun(ctx: Context, n: Numeral) -> tuple[int, int] | None:
    """``두 후보``, ``세 모녀``, ``여섯 자녀``, ``두 군사정권``: a native numeral (Kiwi's MM or NR) before a common
    noun counts it, as a counter would; the span of the noun word, up to its particle or plural 들. Not the
    indefinite ``한`` (``한 시민`` is "a citizen") nor a numeral that stands alone (``만에 하나 발전기가``)."""
    text, registry = ctx.text, ctx.registry
    word = text[n.start : n.end]
    if word in registry.indefinite_determiners or word in registry.pronoun_numerals or text[n.end : n.end + 1] != " ":
        return None
    numeral = ctx.morph_at(n.start)
    if numeral is None or numeral.start != n.start or numeral.end != n.end or numeral.tag not in _NUMERAL_TAGS:
        return None
    start = end = n.end + 1
    for i in range(ctx.sentence.index_from(end), len(ctx.morphs)):
        m = ctx.morphs[i]
        glued = m.start == end and m.end - m.start == len(m.form)  # as written, not rebuilt by Kiwi
        if not glued or not (m.tag == "NNG" or (m.tag == "XSN" and end > start and m.form != _PLURAL)):
            break
        end = m.end
    return (start, end) if end > start else None


def _slash_fraction(ctx: Context, n: Numeral, nxt: Numeral) -> bool:
    """``3/4``: a proper fraction standing alone. In running text ``2018/5/17`` is a date and ``1/4분기`` a quarter."""
    if not ctx.strict:
        return True
    text = ctx.text
    after = text[nxt.end] if nxt.end < len(text) else " "
    before = text[n.start - 1] if n.start > 0 else " "
    if after == "/" or before == "/" or n.value >= nxt.value or n.kind != "digits" or nxt.kind != "digits":
        return False
    if is_hangul(after):
        m = ctx.morph_at(nxt.end)
        return m is not None and m.tag.startswith("J")
    return True


def _may_glue(ctx: Context, n: Numeral, surface: str) -> bool:
    """A one-syllable numeral word written against its counter: 두개, 세명, 만원, but not 사건, 한편, 경기."""
    return may_glue(ctx.registry, ctx.text[n.start : n.end], surface) or not ctx.strict or n.kind == "digits"


def _bare_word_number(ctx: Context, n: Numeral) -> bool:
    """A Hangul numeral with no counter: Sino-Korean of two syllables or more, or a native numeral in its full form
    (``그중 하나는``, ``둘이``); never a determiner form (``한 시민``) or a lone Sino-Korean syllable (``이``)."""
    if n.kind == "native":
        word = ctx.text[n.start : n.end]
        return n.high is None and not word.endswith(ctx.registry.native_determiners)
    return _bare_sino_number(ctx, n)


def _bare_sino_number(ctx: Context, n: Numeral) -> bool:
    """``이백과 이천은``, ``천만 관객``; a single syllable (이, 삼, 백, 만) is too often something else, unless a
    sign word says so (``마이너스 일``)."""
    if n.kind != "sino" or n.high is not None:
        return False
    end = n.start
    while end > 0 and ctx.text[end - 1] == " ":
        end -= 1
    signed = ctx.text.endswith(ctx.registry.sign_prefixes, 0, end)  # "마이너스 일"
    return n.end - n.start >= 2 or signed


def _glued_count(ctx: Context, m: Morph | None, n: Numeral, match: UnitMatch) -> bool:
    """Kiwi made one noun of the digits and the counter after them (``한중일 3국``, ``이통 3사``: 3국/NNG); not a
    label counter (``2부리그`` is a division) nor a unit (``서해 5도`` are islands, not degrees)."""
    glued = m is not None and m.start == n.start and n.kind == "digits" and m.tag == "NNG"
    counter = match.of_kind(COUNTER)
    return glued and counter is not None and counter.id not in ctx.lexicon.label_units and len(match.defs) == 1


def _span_suffix(ctx: Context, match: UnitMatch) -> bool:
    """``4주간``: Kiwi reads 주간 (weekly) as one word, but after a number it is 4 weeks and 간 (a span)."""
    if not any(d.dimension == "duration" for d in match.defs):
        return False
    word = ctx.lexicon.duration_after.match_at(ctx.text, match.end)
    return word is not None and ctx.is_boundary(match.end + len(word))


def _minus_sign(text: str, start: int, prev_end: int | None) -> int | None:
    """``기온 -3도``, ``기온은 - 4.9도``: where a hyphen before the digits (glued, or one space apart) stands after a
    space; not ``2-3명`` or ``25000 - 30000원``, where a quantity ends right before the hyphen."""
    sign = start - 1 if start >= 1 and text[start - 1] in _MINUS else None
    if sign is None and start >= 2 and text[start - 1] == " " and text[start - 2] in _MINUS:
        sign = start - 2
    if sign is None:
        return None
    before = text[sign - 1] if sign >= 1 else " "
    apart = prev_end is None or bool(text[prev_end:sign].strip())
    return sign if before in " (\t<>≤≥=" and apart else None


def _unit_after(ctx: Context, pos: int, n: Numeral) -> UnitMatch | None:
    """The longest unit surface at ``pos`` that ends where a word or morpheme ends."""
    text = ctx.text
    for match in ctx.registry.match_surface(text, pos, ctx.sentence.end):
        surface = text[match.start : match.end]
        after = text[match.end] if match.end < len(text) else " "
        m = ctx.morph_at(match.start)
        if ctx.strict and m is not None and m.start == match.start and m.tag[0] in _NOT_A_UNIT_TAG:
            continue  # "30인 경우": 인 is the copula, not the counter of "3인 가구"
        if (is_latin(surface[-1]) or surface[-1].isdigit()) and (is_latin(after) or after.isdigit()):
            continue  # "5 mobile": m is not metres; "2m36": m3 is not cubic metres
        if ctx.strict and is_hangul(surface[-1]) and not ctx.is_boundary(match.end) and not _span_suffix(ctx, match):
            continue  # "3분기" is not 3 minutes; Kiwi says where the word ends
        if ctx.strict and m is not None and m.start == match.start and m.tag == "XPN" and m.end == match.end:
            continue  # "한 대단지": 대 is the prefix of 대단지 (large), not the counter (5피안타 is one)
        inside_word = is_hangul(surface[0]) and not ctx.is_boundary(match.start)
        scale_glued = m is not None and n.start < m.start < match.start  # "2천장": Kiwi read 천장 (a ceiling)
        if ctx.strict and inside_word and not scale_glued and not _glued_count(ctx, m, n, match):
            continue
        last = ctx.morph_at(match.end - 1)
        if ctx.strict and len(surface) > 1 and last is not None and last.start > match.start and last.tag[0] == "J":
            continue  # "777기가 추락": 기 and the particle 가, not gigabytes
        if ctx.lexicon.bound_after.match_at(text, match.start) not in (None, surface):
            continue  # "이십 초과": 초 begins the word 초과, it is not seconds
        return match
    return None
