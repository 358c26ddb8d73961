"""What looks like a quantity but is not one: names, ordinals, ranks, scores, dates, and lone numbers.

- Digits glued to a word are part of a name: ``코로나19``, ``전일빌딩245``, ``첨단3지구``, ``5G``, ``감염증-19``.
- An ordinal marker makes a rank or a label: ``1위``, ``3분기``, ``2단계`` (dimension ``ordinal``); a floor counts
  storeys before a size word or after 최고 (``9층짜리``, ``최고 49층``); a word of ``label_before`` makes the number
  a division's name (``대법원 3부``).
- A counter that is also a rank word reads as a rank before a bare noun: ``3대 강국``, ``4대 그룹``, ``3번 출구``;
  ``20대 남성`` is an age bracket (20 to 29); ``2대 1`` is a score, not two vehicles.
- ``5·18``, ``3·1절``, ``6·25`` are dates; a numeral word in a fixed phrase (``만에 하나``) is no number.
- A bare number (no unit) is a fact (dimension ``number``) when it stands alone: ``승점 4``, ``2,598.11로 마감``,
  ``1200만``. Left out: digits joined to more digits (``192.168.1.2``, ``010-1234-5678``, ``2018/5/17``), list
  markers (``(1)``), years written without 년 (``2024 시즌``) and service numbers (``112에 신고``). A number in
  brackets right after a word is an age (``김모(33)씨``). A bare number listed before a quantity shares its unit
  (``1, 2위``, ``2, 3명``).
"""

from __future__ import annotations

from fractions import Fraction

import regex

from korfacts.lexicon import Lexicon, WordList
from korfacts.numerals import has_decimals, is_hangul, is_latin, quotient
from korfacts.recognize.base import QUOTE_PAIRS, Context, Draft, enclosing_brackets
from korfacts.units import AGE, COUNTER, ORDINAL, UnitRegistry

__all__ = ["glued_prefixes", "in_storey_pair", "recognize"]

_DATE_DOTS = "·ㆍᆞ"  # 5·18, 6ᆞ25: the middle dot and the jamo dots typed for it
_NAME_HYPHENS = "-‐"
_DOTTED = ". "  # 2012. 12. 28.
_RANGE_DASH = regex.compile(r"\s*[~∼〜～\-–]\s*")
_AGE_DECADE_COUNTER = "대"  # "20대 남성": people in their twenties
_CODE_JOINERS = ".-/:"
_LIST_GAP = regex.compile(r"\s*[,·ㆍ]\s*")
_YEARS = (1900, 2100)
_MAX_AGE = 120
_OPENERS, _CLOSERS = "[(<【〈", "])>】〉"
_PAIR_REACH = 16  # characters around a floor where the other of 지하 N층, 지상 M층 is looked for
_RATIO_REACH = 2  # words looked at before N대 M for a measure of ratios (경쟁률은 평균)
_OF_SPACE = "의 "  # 120대 1의 경쟁률
_NOTE_SEPARATORS = regex.compile(r"[·ㆍ,/]")
_SCORE_DASHES = "–—"  # 2–1: the en and em dashes typed in scores (ASCII 2-1 is read as a range first)
_SCORE_DASH = regex.compile(r"[0-9]{1,3}-[0-9]{1,3}")  # 22-25, 88-79: points joined by a hyphen (1000-5000 is a range)
_MONTH_DAY = regex.compile(r"([0-9]{1,2})\.([0-9]{1,2})")
_LETTER = regex.compile(r"\p{L}")  # str.isalpha (and letters newer than Python's Unicode database)
_NOT_SPACE = regex.compile(r"[^\s\x1c-\x1f]")  # not str.isspace
_INNING, _OUTS, _BASE = "회", "사", "루"  # 6회 2사 1루: the inning, the outs, the base (units.yaml counters and marker)


def recognize(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    drafts = _shared_units(ctx, drafts)
    out: list[Draft] = []
    for i, d in enumerate(drafts):
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        prev = drafts[i - 1] if i > 0 else None
        if _glued_to_name(ctx, d, prev):
            ctx.drop(d, "nonquantity.glued_to_name")
            continue
        if _in_idiom(ctx, d) or _product_tier(ctx, d):
            ctx.drop(d, "nonquantity.idiom" if _in_idiom(ctx, d) else "nonquantity.product_tier")
            continue
        if _score(ctx, d, nxt) and nxt is not None:
            ratio = _ratio(ctx, d, nxt)  # "경쟁률은 평균 120대 1": a ratio, not a score
            if ratio is not None:
                out.append(ratio)
            else:
                ctx.drop(d, "nonquantity.score")
            continue
        if _score(ctx, prev, d) or _end_of_non_quantity_range(ctx, d, nxt):
            ctx.drop(d, "nonquantity.score" if _score(ctx, prev, d) else "nonquantity.end_of_non_quantity_range")
            continue
        counted = out[-1] if out and out[-1].dimension == "count" else None  # what the sentence counted last
        d = _ordinal(ctx, _level(ctx, _regnal(ctx, _game_state(ctx, d, prev, nxt))), counted)
        if d.unit is None and d.dimension == "number" and ctx.strict:
            kept = _bare_number(ctx, d)
            if kept is None:
                ctx.drop(d, "nonquantity.bare_number")
                continue
            d = kept
        out.append(d)
    return _listed_decades(_listed_ordinals(ctx, out))


def _listed_decades(drafts: list[Draft]) -> list[Draft]:
    """``50·60대 남성``: a number that took its unit from an age decade listed after it is a decade of ages too."""
    out = list(drafts)
    for i in range(len(out) - 2, -1, -1):
        d, (low, high) = out[i], (out[i + 1].low, out[i + 1].high)
        listed = "unit.shared_in_list" in d.rules and out[i + 1].dimension == "age"
        # 50·60대, not the 1, 5, 7 of 1,5,7,10대 총리: a decade is a multiple of ten
        if listed and d.value is not None and d.value % 10 == 0 and low is not None and high is not None:
            decade = {"low": d.value, "high": d.value + high - low, "unit": out[i + 1].unit}
            out[i] = d.with_rule("age.decade", value=None, dimension="age", **decade)
    return out


def _listed_ordinals(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """``26번, 27번, 29번 환자``: numbers listed before an ordinal with the same counter are ordinals too."""
    out = list(drafts)
    for i in range(len(out) - 2, -1, -1):
        d, nxt = out[i], out[i + 1]
        same = d.unit is not None and nxt.unit is not None and d.unit.id == nxt.unit.id
        listed = _LIST_GAP.fullmatch(ctx.text[d.num_end : nxt.num_start]) is not None
        if same and listed and d.is_quantity and nxt.dimension == "ordinal":
            out[i] = d.with_rule("ordinal.listed", dimension="ordinal")
    return out


def _glued_to_name(ctx: Context, d: Draft, prev: Draft | None) -> bool:
    if d.numeral_kind != "digits" or (d.dimension == "ordinal" and "ordinal.je_prefix" in d.rules):
        return False
    text = ctx.text
    before = text[d.num_start - 1] if d.num_start > 0 else " "
    if before in _NAME_HYPHENS and d.num_start > 1 and is_hangul(text[d.num_start - 2]):
        # "코로나바이러스감염증-19", but not "40홈런-40도루", where a quantity ends at the hyphen
        return prev is None or prev.num_end != d.num_start - 1
    if is_hangul(before):
        if prev is not None and prev.unit is not None and prev.num_end == d.num_start:
            return False  # "2승1무1패": a record of counts written together, not a name
        word_start, _ = ctx.word_before(d.num_start)
        return text[word_start : d.num_start] not in ctx.glued_prefixes
    after = text[d.num_end] if d.num_end < len(text) else " "
    return d.unit is None and is_latin(after)


def glued_prefixes(registry: UnitRegistry, lexicon: Lexicon) -> frozenset[str]:
    """Words that may be glued to the digits after them without making a name: 총3명, 약300명, 영하12도, 연3.5%."""
    lists = (
        lexicon.approx_before, lexicon.min_before, lexicon.max_before, lexicon.bare_number_measures,
        lexicon.money_context, lexicon.not_measures,
    )  # fmt: skip
    words = [w for words in lists for w in words.words]
    words += [*registry.sign_prefixes, *registry.rate_prefixes, *registry.degree_prefixes]
    return frozenset(words)


def _product_tier(ctx: Context, d: Draft) -> bool:
    """``아이폰 16 프로``: after a product's name, a number and, after a space, a word of ``product_tiers`` (which
    also spells a unit, 프로 = percent) name a model, not 16% (``삼성 30프로 할인`` is 30%)."""
    if d.unit_start is None or d.numeral_kind != "digits" or not _after_name(ctx, d.num_start):
        return False
    spaced = ctx.text[d.unit_start - 1 : d.unit_start] == " "  # "삼성 30프로 할인" is 30%
    return spaced and ctx.text[d.unit_start : d.num_end] in ctx.lexicon.product_tiers


def _in_idiom(ctx: Context, d: Draft) -> bool:
    """``만에 하나`` (by any chance), ``하나같이``: a numeral word inside a fixed phrase is not a number."""
    if d.numeral_kind == "digits":
        return False
    text, end = ctx.text, d.num_end if d.unit_start is None else d.unit_start
    for idiom in ctx.lexicon.numeral_idioms.words:
        start = text.find(idiom, max(ctx.sentence.start, end - len(idiom)), d.num_start + len(idiom))
        if 0 <= start <= d.num_start and end <= start + len(idiom):
            return True
    return False


def _qualifier_at(ctx: Context, pos: int) -> bool:
    """A qualifier or size word at ``pos``, as a word of its own (여 is approximate, 여성 is not)."""
    lex = ctx.lexicon
    return any(_whole_word_at(ctx, words, pos) for words in (lex.bound_after, lex.approx_after, lex.size_words))


def _whole_word_at(ctx: Context, words: WordList, pos: int) -> bool:
    word = words.match_at(ctx.text, pos)
    return word is not None and ctx.is_boundary(pos + len(word))


def _score(ctx: Context, a: Draft | None, b: Draft | None) -> bool:
    """``2대 1``, ``0대0``: a 대 between two numbers is a score."""
    if a is None or b is None or a.unit is None or a.unit.id != _AGE_DECADE_COUNTER:
        return False
    return ctx.text[a.num_end : b.num_start] in ("", " ") and b.unit is None


def _ratio(ctx: Context, a: Draft, b: Draft) -> Draft | None:
    """``경쟁률은 평균 120대 1``, ``배율 3대 1``, ``120대 1의 경쟁률``, ``10대 1 액면분할``, ``지난해(10.8대 1)``: N대 M
    is N to M, read as the number N/M, after or before a measure word of ratios (``bare_number_measures``), or when N
    has decimals (no score and no count of vehicles has)."""
    if a.value is None or not b.value:
        return None
    text = ctx.text
    if _bare_measure_before(ctx, a.start):
        rule = "number.ratio_after_measure"
    elif _bare_measure_after(ctx, b.num_end):
        rule = "number.ratio_before_measure"
    elif has_decimals(text[a.num_start : a.unit_start or a.num_end]):
        rule = "number.ratio_decimal"
    else:
        return None
    return a.with_rule(
        rule, end=b.end, num_end=b.num_end, value=quotient(Fraction(a.value) / Fraction(b.value)), unit=None,
        dimension="number",
    )  # fmt: skip


def _bare_measure_after(ctx: Context, end: int) -> bool:
    """A measure of bare numbers right after ``end``, or after 의: ``10대 1 액면분할``, ``120대 1의 경쟁률``."""
    text = ctx.text
    pos = end + len(_OF_SPACE) if text.startswith(_OF_SPACE, end) else ctx.skip_spaces(end)
    return pos > end and ctx.lexicon.bare_number_measures.match_at(text, pos) is not None


def _bare_measure_before(ctx: Context, pos: int) -> bool:
    """A measure of bare numbers (``bare_number_measures``) before ``pos``, past words that measure nothing (평균)."""
    for _ in range(_RATIO_REACH):
        start, end = ctx.word_before(pos)
        if start == end:
            return False
        if ctx.lexicon.bare_number_measures.match_at(ctx.text, start) is not None:
            return True
        if ctx.text[start:end] not in ctx.lexicon.not_measures:
            return False
        pos = start
    return False


def _end_of_non_quantity_range(ctx: Context, d: Draft, nxt: Draft | None) -> bool:
    """``4월 18~9일``, ``3~4위``: a bare number joined by a dash to a date or a rank is its first end."""
    if nxt is None or d.unit is not None or d.dimension != "number" or nxt.is_quantity:
        return False
    return _RANGE_DASH.fullmatch(ctx.text[d.num_end : nxt.num_start]) is not None


def _level(ctx: Context, d: Draft) -> Draft:
    """``코스피는 2,500선을``: after a measure of bare numbers, a level word (``level_words``) makes the number the
    level of an index, not a count (``3선 의원`` still counts terms)."""
    if d.unit is None or d.unit.id not in ctx.lexicon.level_words or not _bare_measure_before(ctx, d.num_start):
        return d
    return d.with_rule("number.level", unit=None, dimension="number")


def _ordinal(ctx: Context, d: Draft, counted: Draft | None = None) -> Draft:
    if d.unit is None or (d.dimension == "ordinal" and d.unit.kind != ORDINAL):
        return d
    word_start, word_end = ctx.word_before(d.num_start)
    labelled = d.unit.id in ctx.lexicon.label_units and ctx.text[word_start:word_end] in ctx.lexicon.label_before
    if labelled and word_end == d.num_start - 1:
        return d.with_rule("ordinal.label_before", dimension="ordinal")  # 대법원 3부: a division's name
    opener, closer = ctx.text[d.start - 1 : d.start], ctx.text[d.end : d.end + 1]
    bracketed = d.start > 0 and opener in _OPENERS and len(closer) == 1 and closer in _CLOSERS
    if bracketed and d.unit.id in ctx.lexicon.bracket_labels:
        return d.with_rule("ordinal.bracket_label", dimension="ordinal")  # [2보]: the second update of a report
    if d.unit.id in ctx.registry.designation_counters and d.numeral_kind == "digits" and _after_name(ctx, d.num_start):
        return d.with_rule("ordinal.after_name", dimension="ordinal")  # 창어 3호, 아시아나항공 214편
    if d.unit.kind == ORDINAL:
        measure_start, measure_end = ctx.word_before(d.num_start)
        measured = ctx.lexicon.bare_number_measures.match_at(ctx.text[measure_start:measure_end], 0) is not None
        if measured and d.value is not None and d.value != int(d.value):
            return d.with_rule("number.measure_before_marker", unit=None, dimension="number")  # 규모 7.3급
        after = ctx.skip_spaces(d.num_end)
        sized = any(_whole_word_at(ctx, words, after) for words in (ctx.lexicon.size_words, ctx.lexicon.storeyed_nouns))
        paired = in_storey_pair(
            ctx.text, d.num_start, d.num_end, ctx.lexicon.storey_pair.words, ctx.lexicon.max_before.words
        )
        if d.unit.id in ctx.registry.counted_before_size and (sized or paired or _height_word_before(ctx, d.num_start)):
            return d.with_rule("count.marker_before_size", dimension="count")  # 9층짜리, 7층 건물, 최고 49층
        if d.numeral_kind == "native" and d.unit.id not in ctx.registry.native_ordinal_markers:
            # "세 시즌 만에", "두 라운드": after a native numeral the word counts; "세 번째" is still third
            return d.with_rule("count.native_before_marker", dimension="count")
        return d.with_rule("ordinal.marker", dimension="ordinal")
    if d.unit_start is None or d.numeral_kind != "digits":
        return d  # "한 번 이상", "두 대": a native numeral before a counter counts
    if d.unit.kind == COUNTER and d.value == int(d.value or 0) and _noun_glued_after(ctx, d):
        return d.with_rule("ordinal.counter_in_name", dimension="ordinal")  # "3점슛": a kind of shot, not 3 points
    match = ctx.registry.match_surface(ctx.text, d.unit_start, d.num_end)
    readings = match[0].defs if match and match[0].end == d.num_end else ()
    rank = next((r for r in readings if r.kind == ORDINAL), None)
    written = ctx.text[d.num_start : d.unit_start]
    amount = any(w in written for w in ctx.registry.scales) or "," in written  # 7천382대, 1,200대 가운데
    if rank is None or amount or d.value is None or d.value != int(d.value):
        return d  # 연 30만대 생산, 1.5대 차량: no rank is written with a scale word, a comma or a decimal
    decade = None if _ranked_noun_follows(ctx, d.num_end) else _age_decade(ctx, d)
    if not _bare_noun_follows(ctx, d.num_end, or_glued=d.unit.id not in ctx.registry.sized_before_glued_noun):
        # "30대가 50.7%로": with nothing counted before it, a decade is an age bracket; 차량 30대가 are vehicles
        same = counted is not None and counted.unit is not None and counted.unit.id == d.unit.id  # 항공기 2대 … 40대로
        return decade if decade is not None and not same and _nothing_counted_before(ctx, d.num_start) else d
    return decade or d.with_rule("ordinal.rank_before_noun", dimension="ordinal", unit=rank)


def _game_state(ctx: Context, d: Draft, prev: Draft | None, nxt: Draft | None) -> Draft:
    """``7회 현재``, ``연장 10회``, ``6회 2사 1루``, ``2사 만루``: an inning (회) and its outs (사) are a moment of a
    baseball game, not a count of times or of companies."""
    if d.unit is None or d.numeral_kind != "digits" or d.unit.id not in (_INNING, _OUTS):
        return d
    lex, text = ctx.lexicon, ctx.text
    after = ctx.skip_spaces(d.num_end)
    word_start, word_end = ctx.word_before(d.num_start)
    spaced_next = nxt is not None and nxt.unit is not None and text[d.num_end : nxt.num_start] == " "
    if d.unit.id == _INNING:
        inning = text[word_start:word_end] in lex.inning_before or _whole_word_at(ctx, lex.inning_after, after)
        inning = inning or (spaced_next and nxt is not None and nxt.unit is not None and nxt.unit.id == _OUTS)
        return d.with_rule("ordinal.inning", dimension="ordinal") if inning else d
    after_inning = prev is not None and prev.unit is not None and prev.unit.id == _INNING
    after_inning = after_inning and prev is not None and text[prev.num_end : d.num_start] == " "
    on_base = spaced_next and nxt is not None and nxt.unit is not None and nxt.unit.id == _BASE
    if after_inning or on_base or _whole_word_at(ctx, lex.outs_after, after):
        return d.with_rule("ordinal.outs", dimension="ordinal")
    return d


def _after_name(ctx: Context, start: int) -> bool:
    """A proper noun ends one space before ``start`` (``창어 3호``)."""
    if ctx.text[start - 1 : start] != " ":
        return False
    m = ctx.morph_at(start - 2)
    return m is not None and m.tag == "NNP" and m.end == start - 1


def _noun_glued_after(ctx: Context, d: Draft) -> bool:
    """A noun glued to a counter makes one word with it (``3점슛``, ``2점홈런``); not a counter that states a size
    that way (``4인조``), a suffix (``5명씩``) nor a qualifier (``10만명가량``)."""
    assert d.unit is not None
    if d.unit.id in ctx.registry.sized_before_glued_noun or d.num_end >= ctx.sentence.end:
        return False
    counter, noun = ctx.morph_at(d.num_end - 1), ctx.morph_at(d.num_end)
    glued = counter is not None and counter.end == d.num_end and noun is not None and noun.start == d.num_end
    if not (glued and counter is not None and noun is not None and counter.tag == "NNB" and noun.tag == "NNG"):
        return False
    return not _qualifier_at(ctx, d.num_end)  # "10만명가량", "2천만원대": a qualifier, not a name


def _ranked_noun_follows(ctx: Context, pos: int) -> bool:
    """``10대 그룹``, ``상위 30대 기업``: before a noun of ``ranked_nouns`` a decade is a top-N rank, not an age."""
    return _whole_word_at(ctx, ctx.lexicon.ranked_nouns, ctx.skip_spaces(pos))


def _regnal(ctx: Context, d: Draft) -> Draft:
    """``교황 베네딕토 16세``, ``엘리자베스 2세 여왕``: after a monarch's name, N세 is a regnal number, not an age."""
    if d.dimension != "age" or d.numeral_kind != "digits" or not _after_name(ctx, d.num_start):
        return d
    titles = ctx.lexicon.regnal_titles
    name_start, _ = ctx.word_before(d.num_start)
    title_start, title_end = ctx.word_before(name_start)
    titled = ctx.text[title_start:title_end] in titles or _whole_word_at(ctx, titles, ctx.skip_spaces(d.num_end))
    return d.with_rule("ordinal.regnal", dimension="ordinal") if titled else d


def _age_decade(ctx: Context, d: Draft) -> Draft | None:
    """``20대 남성``: people in their twenties (20 to 29)."""
    value = d.value
    if d.unit is None or d.unit.id != _AGE_DECADE_COUNTER or value is None or value % 10 or not 10 <= value <= 90:
        return None
    age = next((u for u in ctx.registry.words if u.kind == AGE), None)
    return d.with_rule("age.decade", value=None, low=value, high=value + 9, unit=age, dimension="age", approx=False)


def _nothing_counted_before(ctx: Context, start: int) -> bool:
    """No noun right before the number (``보면 30대가``, ``, 60대 이상은``), as there is in ``차량 30대가``."""
    m = ctx.morph_at(start - 2) if start >= 2 and ctx.text[start - 1] == " " else None
    if start == ctx.sentence.start or ctx.text[start - 1] in "(,":
        return True
    return m is not None and m.tag not in ("NNG", "NNP", "NNB", "SL", "SN", "NR", "MAG", "MM", "XSN")


def in_storey_pair(text: str, start: int, end: int, pair: tuple[str, ...], highest: tuple[str, ...] = ()) -> bool:
    """``지하 3층~지상 35층``, ``지하 2층, 지상 최고 49층``: floors below and above ground named together (the upper
    one maybe after a word of ``highest``) are a building's extent (``text[start:end]`` is one of the two). Read on
    the text alone, for the prefilter too."""
    if len(pair) != 2:
        return False
    one, other = (regex.escape(w) for w in pair)
    top = "|".join(regex.escape(w) for w in highest)
    floor = rf"\s*(?:(?:{top})\s*)?[0-9]+\s*층" if top else r"\s*[0-9]+\s*층"
    whole = rf"{one}{floor}\s*[,~∼\-]\s*{other}{floor}|{other}{floor}\s*[,~∼\-]\s*{one}{floor}"
    window = text[max(0, start - _PAIR_REACH) : end + _PAIR_REACH]
    offset = max(0, start - _PAIR_REACH)
    return any(m.start() + offset <= start and end <= m.end() + offset for m in regex.finditer(whole, window))


def _height_word_before(ctx: Context, start: int) -> bool:
    """``최고 49층``: the highest floor is a building's height."""
    word_start, word_end = ctx.word_before(start)
    return word_end == start - 1 and ctx.text[word_start:word_end] in ctx.lexicon.max_before


def _bare_noun_follows(ctx: Context, pos: int, *, or_glued: bool = True) -> bool:
    """``3대 강국``, and when ``or_glued`` ``4대강``: the counter is followed by a noun, after a space or glued to it,
    with nothing between (a counted ``3대가``, ``3대씩`` has a particle or a suffix there)."""
    glued = pos < ctx.sentence.end and ctx.text[pos] != " "
    if pos >= ctx.sentence.end or (glued and not or_glued):
        return False
    noun_start = pos if glued else pos + 1
    m = ctx.morph_at(noun_start)
    tags = ("NNG", "NNP") if glued else ("NNG", "NNP", "SL", "XPN")
    if m is None or m.start != noun_start or m.tag not in tags:
        return False
    if _whole_word_at(ctx, ctx.lexicon.among_words, noun_start):
        return False  # "180대 가운데 96대", "5대 중 3대": a count a part is taken from
    if not glued and _whole_word_at(ctx, ctx.lexicon.action_measures, noun_start):
        return False  # "원전 2기 수주", "전기차 3만대 판매": the act done on the count, not a ranked kind
    return not _qualifier_at(ctx, noun_start)  # "2만 번 이상", "3대 가량", "1500세대 규모" are not ranks


def _bare_number(ctx: Context, d: Draft) -> Draft | None:
    text = ctx.text
    surface = text[d.num_start : d.num_end]
    before = text[d.num_start - 1] if d.num_start > 0 else " "
    after = text[d.num_end] if d.num_end < len(text) else " "
    # 5·18, 3·1절, 6·25: dates written with a middle dot between two numbers.
    if (before in _DATE_DOTS and text[d.num_start - 2 : d.num_start - 1].isdigit()) or (
        after in _DATE_DOTS and text[d.num_end + 1 : d.num_end + 2].isdigit()
    ):
        return None
    # A Hangul syllable glued after a bare number must be a particle or the copula: "2,598.11로", "5.4의".
    if is_hangul(after) and not _particle_follows(ctx, d.num_end):
        return None
    value = d.value
    if value is None:  # a range of bare numbers; of years it is a season or a span of years (2013-2014)
        years = [v for v in (d.low, d.high) if v is not None and v == int(v) and _YEARS[0] <= v <= _YEARS[1]]
        if _SCORE_DASH.fullmatch(surface):
            return None  # "22-25 23-25": the points of a set, a score, not a range
        return None if len(years) == 2 and "," not in surface else d
    if _in_code(text, d.num_start, d.num_end) or surface in ctx.lexicon.named_numbers:
        return None  # 192.168.1.2, 010-1234-5678, 2018/5/17, 10:30; 112에 신고
    if after in ",，" and text[d.num_end + 1 : d.num_end + 2].isdigit():
        return None  # "무사 2,3루", "1,2위": the first of a tight list whose last is glued to its word
    if (after in _SCORE_DASHES and text[d.num_end + 1 : d.num_end + 2].isdigit()) or (
        before in _SCORE_DASHES and text[d.num_start - 2 : d.num_start - 1].isdigit()
    ):
        return None  # "2–1를 기록": a score written with a dash
    if len(surface) > 1 and surface[0] == "0" and surface[1].isdigit() and surface.strip("0"):
        return None  # 010, 007: a code, not a number (0000 is still zero)
    measure_start, measure_end = ctx.word_before(d.num_start)
    measure = text[measure_start:measure_end]
    if ctx.lexicon.bare_number_measures.match_at(measure, 0) and measure_end in (d.num_start, d.num_start - 1):
        return d.with_rule("number.measure_before")
    if _age_in_brackets(text, d):
        age = next((u for u in ctx.registry.words if u.kind == AGE), None)
        return d.with_rule("age.in_brackets", unit=age, dimension="age")
    word_start, word_end = ctx.word_before(d.num_start)
    if word_end == d.num_start - 1 and text[word_start:word_end].isascii() and text[word_start:word_end].isalpha():
        return None  # "iOS 7", "Windows 10": a version after a Latin name
    plain_integer = value == int(value) and surface.isdigit()
    if plain_integer and _in_name(ctx, d, word_start, word_end):
        return None  # "아이오닉 5와", "마룬 5의", "시즌 2 방송", "'검은 파도 2'는": part of a name or a label
    if _dotted_date(ctx, d, surface):
        return None  # "8.25 합의", "4.19 민주묘지", "내일(4.26)": a month and day written with a dot
    if plain_integer and (after == ")" or text.startswith(". ", d.num_end)) and _starts_item(ctx, d.num_start):
        return None  # "1) 신청 방법", "2. 어느 기관에서": the marker of a listed item
    if before == "(" and after == ")" and value == int(value):
        return None  # "(1)", "(2)": list markers
    if value == int(value) and _YEARS[0] <= value <= _YEARS[1] and "," not in surface and d.scale is None:
        return None  # a year written without 년
    return d.with_rule("number.bare")


def _in_name(ctx: Context, d: Draft, word_start: int, word_end: int) -> bool:
    """A bare integer that is part of a name: written inside a proper noun Kiwi read whole (``아이오닉 5``),
    right after a proper noun outside brackets (``마룬 5의``, ``아이폰 17 에어``), after a word of
    ``label_prefixes`` (``시즌 2``, ``톱 10``), or closing a quoted title (``'검은 파도 2'는``)."""
    text = ctx.text
    inside = ctx.morph_at(d.num_start)
    if inside is not None and inside.start < d.num_start and inside.tag == "NNP":
        return True
    if _after_name(ctx, d.num_start) and enclosing_brackets(text, d.num_start, d.num_end) is None:
        return True  # not "(민주 18, 공화 7명)", "(고재기 33)": counts and ages in a bracketed note
    if word_end == d.num_start - 1 and text[word_start:word_end] in ctx.lexicon.label_prefixes:
        return True
    closer = text[d.num_end : d.num_end + 1]
    opener = next((o for o, c in QUOTE_PAIRS.items() if c == closer), None) if closer else None
    if opener is None:
        return False
    opened = text.rfind(opener, ctx.sentence.start, d.num_start)
    return opened >= 0 and _LETTER.search(text, opened + 1, d.num_start) is not None


def _dotted_date(ctx: Context, d: Draft, surface: str) -> bool:
    """``8.25 합의``, ``6.4 지방선거``, ``(4.26)``: a month and a day joined by a dot, before a noun or alone in
    brackets (``규모 6.4``, after a measure word, was kept before)."""
    m = _MONTH_DAY.fullmatch(surface)
    if m is None or not (1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31):
        return False
    text = ctx.text
    if text[d.num_start - 1 : d.num_start] == "(" and text[d.num_end : d.num_end + 1] == ")":
        return True
    noun = ctx.morph_at(d.num_end + 1) if text[d.num_end : d.num_end + 1] == " " else None
    return noun is not None and noun.start == d.num_end + 1 and noun.tag in ("NNG", "NNP")


def _starts_item(ctx: Context, start: int) -> bool:
    """Only spaces stand between the start of the sentence and ``start``."""
    return _NOT_SPACE.search(ctx.text, ctx.sentence.start, start) is None


def _age_in_brackets(text: str, d: Draft) -> bool:
    """``김모(33)씨``, ``A(57)씨``, ``손흥민(23·토트넘)``, ``싸이(본명 박재상·35)``: news gives a person's age in
    brackets right after the name, alone or beside other notes separated by a middle dot or comma."""
    surface = text[d.num_start : d.num_end]
    if not surface.isdigit() or not 0 < int(surface) < _MAX_AGE:
        return False
    brackets = enclosing_brackets(text, d.num_start, d.num_end)
    if brackets is None:
        return False
    opening, closing = brackets
    notes = [part.strip() for part in _NOTE_SEPARATORS.split(text[opening + 1 : closing])]
    if surface not in notes:
        return False
    name_end = opening - 1 if opening >= 1 and text[opening - 1] == " " else opening
    return name_end >= 1 and text[name_end - 1].isalpha()


def _particle_follows(ctx: Context, pos: int) -> bool:
    """A particle or the copula right after a number: Kiwi's word for it, or a particle from the lexicon that
    ends the word (Kiwi sometimes reads the 과 of "20과 같다" as a noun); or the approximate 여 or a size word."""
    m = ctx.morph_at(pos)
    if m is not None and (m.tag.startswith(("J", "E")) or m.tag == "VCP"):
        return True
    lex = ctx.lexicon
    if m is not None and m.tag == "XSN" and (m.form in lex.approx_infix or m.form in lex.size_words):
        return True  # "24만여 작품", "2조짜리": not "77형과 65형" (TV sizes, types)
    if m is not None and m.start < pos and m.tag.startswith("N"):
        return False  # "서해 5도": Kiwi made one noun of the digits and the syllable, a name
    particle = ctx.lexicon.particles.match_at(ctx.text, pos)
    end = pos + len(particle) if particle else pos
    return bool(particle) and (end >= len(ctx.text) or not is_hangul(ctx.text[end]))


def _in_code(text: str, start: int, end: int) -> bool:
    """Digits joined to more digits by a dot, hyphen, slash or colon are an address, a phone number or a date; so
    are digits between dots and spaces (``2012. 12. 28.``)."""
    joined_before = start >= 2 and text[start - 1] in _CODE_JOINERS and text[start - 2].isdigit()
    joined_after = end + 1 < len(text) and text[end] in _CODE_JOINERS and text[end + 1].isdigit()
    dotted_before = start >= 3 and text[start - 2 : start] == _DOTTED and text[start - 3].isdigit()
    dotted_after = text[end : end + 2] == _DOTTED and text[end + 2 : end + 3].isdigit()
    return joined_before or joined_after or dotted_before or dotted_after


def _shared_units(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """``1, 2위``, ``3·4분기``, ``2, 3명``: a bare number listed before a quantity shares its unit, unless a measure
    of bare numbers stands before it (``타율 0.318, 2천150안타``)."""
    out = list(drafts)
    for i in range(len(out) - 2, -1, -1):
        d, nxt = out[i], out[i + 1]
        gap = ctx.text[d.num_end : nxt.num_start]
        if d.unit is None and d.dimension == "number" and nxt.unit is not None and _LIST_GAP.fullmatch(gap):
            if _bare_measure_before(ctx, d.num_start):
                continue  # "타율 0.318, 2천150안타": a measure of bare numbers owns the first
            out[i] = d.with_rule("unit.shared_in_list", unit=nxt.unit, dimension=nxt.dimension)
    return out
