"""The measure: what a quantity measures.

Looked for right before the quantity, past the particles of its noun (예산을 10조, 전력도 최대 120㎿), determiners
and adverbs, time words and the base of a comparison (영업이익은 전년 동기보다 12.5%: 영업이익). A bracketed quantity
measures what the one before it does (GPU 1만5000장(최대 5만장)). A proper noun right before a quantity names whom it
is about, not what it measures (전남 5만장). When nothing stands before, ``N의 X`` after it names the measure
(최대 1.5GW의 전력, 6만t에 이르는 냉각수), and so does the bare noun after an amount (6.8인치 디스플레이). The noun
after a generic counter is the measure whatever stands before (강원 산간 12개 시군). Failing all, the act done in the
amount is the measure (최소 3조원을 투자해: 투자). (An amount with no measure of its own may take the one of the
quantity before it in the sentence, and failing that, a counter of ``measured_counters`` names it, 98타점: 타점: see
korfacts.link.SentenceLinker.)
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from korfacts.lexicon import Lexicon
from korfacts.link.clause import QUOTES, SentenceReading, before_gloss, is_direction, names_entity, pointed
from korfacts.link.nouns import (
    chain_ending,
    chain_starting,
    head_starting,
    index_after,
    index_before,
    is_proper,
    mention,
    note_opening,
    phrase_ending,
)
from korfacts.model import Mention, TimeRef
from korfacts.morph import Morph

__all__ = ["counter_noun", "find_measure"]

_SKIPPED_PARTICLES = frozenset({"JX", "JKS", "JKO", "JKC", "JKG"})  # topic, subject, object, complement, possessive
_COMPARISON = frozenset({"보다", "대비"})  # "전년보다 3%": the base of a comparison
_REACH = 8  # morphemes looked at before the quantity
_CLAUSE_REACH = 12  # morphemes looked at across a clause that modifies the quantity
_QUANTITY_TAGS = frozenset({"SN", "NR", "NNB", "SW"})  # numbers, counters and unit symbols
_OF = "의"
_GLOSS = regex.compile(r"\([^()]{1,12}\)")  # (㎿), (GWh), (LNG)
_FROM = frozenset({"에서", "부터"})
_JOINED = ("·", "ㆍ")  # 시·도, 시ㆍ군
_PREDICATE_TAGS = frozenset({"XSV", "XSA"})  # 투자+하다, 증가+하다: a noun made a verb


def find_measure(
    text: str,
    morphs: Sequence[Morph],
    reading: SentenceReading,
    span: tuple[int, int],
    lexicon: Lexicon,
    times: Sequence[TimeRef] = (),
    *,
    amount: bool = True,
) -> Mention | None:
    """What the quantity at ``span`` measures. Only an ``amount`` is the size of the bare noun after it (``6.8인치
    디스플레이``); an age or a span of time is not (``20대 여성``, ``5분 대기조``)."""
    start, end = span
    if note_opening(text, start, end) is not None:
        return None  # "아나운서(25)": an age in a note about a name measures nothing named
    if lexicon.counted_after.match_before_end(text[start:end]):
        counted = _counted_noun_after(text, morphs, end, lexicon)
        if counted is not None:  # "강원 산간 12개 시군": 시군 is counted, whatever stands before
            return counted
    after = _after(text, morphs, end, lexicon) or (_modified_noun(text, morphs, end, lexicon) if amount else None)
    if after is not None:  # "장비는 하루 300t의 물을": 물, not the topic 장비 across its particle
        return _before(text, morphs, start, lexicon, times, across_particles=False) or after
    found = _before(text, morphs, start, lexicon, times) or _topic(reading, start)
    return found or _action_after(text, morphs, end, lexicon)


def counter_noun(text: str, morphs: Sequence[Morph], span: tuple[int, int], lexicon: Lexicon) -> Mention | None:
    """``98타점``, ``40홈런``, ``14리바운드``: with nothing else naming it, a counter of ``measured_counters`` names
    what is counted (명, 개, 차례 name nothing)."""
    start, end = span
    inside = [m for m in morphs if start <= m.start and m.end <= end]
    last = inside[-1] if inside else None
    if last is None or last.end != end or last.form not in lexicon.measured_counters or len(inside) < 2:
        return None
    return mention(text, last.start, last.end)


def _topic(reading: SentenceReading, start: int) -> Mention | None:
    """``판매량은 8만4120대로 작년 같은 달보다 12% 늘었다``: the clause's topic, when it names no entity, is what
    a quantity further on measures."""
    clause = reading.clause_start(start)
    topics = reading.topics_before(start)
    # an entity is a subject and a place is where: neither is what is measured
    found = (t for t in reversed(topics) if t.mention.start >= clause and not t.entity and not t.locative)
    return next((t.mention for t in found), None)


def _before(
    text: str,
    morphs: Sequence[Morph],
    start: int,
    lexicon: Lexicon,
    times: Sequence[TimeRef],
    *,
    across_particles: bool = True,
) -> Mention | None:
    idx = index_before(morphs, start)
    particle = False
    for _ in range(_REACH):
        if idx < 0:
            return None
        m = morphs[idx]
        time = next((t for t in times if t.start <= m.start < t.end or _glued_after(morphs, idx, t)), None)
        if time is not None:  # "배출량을 2030년까지 40%", "1분기에 19%": past a time, as past a word of time (올해)
            idx = index_before(morphs, time.start)
            lead = len(text[: time.start].rstrip())
            word = lexicon.date_words.match_before(text, lead)
            if word is not None:  # "인구가 지난 10년간 20만명": past the word that points at the time
                idx = index_before(morphs, lead - len(word))
            continue
        if m.tag == "SSO" and m.form in QUOTES:
            return None  # "관계자는 "청년 약 35만명이": what a quoted figure measures is said inside the quotes
        glossed = before_gloss(morphs, idx) if m.tag == "SSC" else idx
        if glossed != idx:
            idx = glossed  # "국내총생산(GDP)이 94조위안": the noun before its gloss
            continue
        if m.tag in _SKIPPED_PARTICLES and not across_particles:
            return None
        if m.form in lexicon.conjunctions:
            return None  # "징역 또는 300만원 이하의 벌금": the noun before 또는 is another item's
        if m.tag in _SKIPPED_PARTICLES or m.tag in ("MM", "MAG"):
            particle = particle or m.tag.startswith("J")
            idx -= 1
            continue
        if m.tag == "JKB" and m.form in _COMPARISON:
            found = phrase_ending(text, morphs, idx - 1, ())  # the base of the comparison (직전 분기보다) is no measure
            idx = (found[1] if found else idx) - 1
            continue
        if m.tag == "JKB" and m.form in lexicon.result_particles and _past_quantity(morphs, idx - 1) < idx - 1:
            idx = _past_quantity(morphs, idx - 1)  # "국방비를 66조원으로 7.5% 증액": past the level reached
            continue
        if m.tag == "JKB" and m.form in lexicon.result_particles and _spent_as(text, morphs, idx - 1, lexicon):
            particle, idx = True, idx - 1  # "업무추진비로 3억4천만원을 썼다": what the amount was spent as
            continue
        adverb = chain_ending(text, morphs, idx - 1) if m.tag == "JKB" and m.form in lexicon.result_particles else None
        if adverb is not None and _never_measured(adverb[0].text, lexicon):
            idx = adverb[1] - 1  # "매매가격이 처음으로 12억원을": 처음으로 says when, not what
            continue
        if m.tag == "SSO" or (m.tag == "JKB" and m.form in _FROM):
            # "GPU 1만5000장(최대 5만장)", "기준금리를 연 3.50%에서 3.25%로": the quantity before measures the same
            past = _past_quantity(morphs, idx - 1)
            place = chain_ending(text, morphs, idx - 1) if past == idx - 1 and m.tag == "JKB" else None
            if place is not None:  # "소가 2472개 농가에서 97,524마리": where they are, not what
                past = _past_quantity(morphs, place[1] - 1)
            idx = past
            continue
        if lexicon.per_suffixes.match_at(m.form, 0) == m.form:  # "3.3㎡당", "포기당": past the rate's unit
            idx = _past_quantity(morphs, idx - 1)
            unit = chain_ending(text, morphs, idx) if idx >= 0 and morphs[idx].end == m.start else None
            idx = unit[1] - 1 if unit else idx
            continue
        if m.tag in ("ETM", "ETN") or m.tag.startswith("V"):
            if not across_particles:
                return None  # "업주 행세를 한 19곳의 불법 오락실": the noun after the quantity is its measure
            return _object_of_clause(text, morphs, idx, lexicon)  # "총지출을 올해보다 8.1% 늘어난 728조원"
        found = chain_ending(text, morphs, idx)
        if found is None:
            return None
        chain, first = found
        glued_to_number = first > 0 and morphs[first - 1].tag in ("SN", "NR") and morphs[first - 1].end == chain.start
        in_time = any(t.start <= chain.start and chain.end <= t.end for t in times)
        if chain.text in lexicon.reference_words and not particle:  # "병장 기준 150만원": a reference, no measure
            before = chain_ending(text, morphs, first - 1) if first > 0 else None
            idx = (before[1] if before and text[before[0].end : chain.start] == " " else first) - 1
            past = _past_quantity(morphs, idx)  # "2018년 대비 40%": the base may be a year
            if past < idx:  # "전용 84㎡ 기준 14억원": the base is a quantity with its own measure
                own = chain_ending(text, morphs, past)
                idx = own[1] - 1 if own is not None and text[own[0].end : morphs[past + 1].start] == " " else past
            else:
                idx = past
            continue
        if chain.text in lexicon.size_words and (particle or chain.text not in lexicon.bare_number_measures):
            idx = first - 1  # "총지출 규모를 677조원으로": the size of what is named before (규모 5.4 is a magnitude)
            continue
        if chain.text in lexicon.relative_after and first > 0:
            # "수확기 이후 4.2%", "1년 전보다": the noun before a relative word is a point in time, no measure
            before = chain_ending(text, morphs, first - 1)
            idx = (before[1] if before and text[before[0].end : chain.start] == " " else first) - 1
            continue
        if _never_measured(chain.text, lexicon) or in_time or glued_to_number or not _lettered(chain.text):
            # 올해, 지난달, 3분기, "38.52포인트(1.42%)", "65세 이상에서", "±": a time, a quantity or a sign;
            # "인구가 10년 새 20만명": a span of time, with the number it follows
            spanned = chain.text in lexicon.duration_after
            idx = _past_quantity(morphs, first - 1) if glued_to_number or spanned else first - 1
            continue
        known = chain.text in lexicon.bare_number_measures  # 코스피는 2,751.08
        if not known and not particle and is_proper(morphs, first, idx):
            return None  # "전남 5만장": the proper noun is the subject
        named = names_entity(chain, morphs, first, idx, lexicon) or pointed(morphs, first, idx, lexicon)
        if not known and particle and named:
            return None  # "시는 10조원을": the entity is the subject; what it spends is unsaid
        return chain
    return None


def _glued_after(morphs: Sequence[Morph], idx: int, time: TimeRef) -> bool:
    """``morphs[idx]`` is a particle glued to the time expression ``time`` (the 에 of ``1분기에``)."""
    m = morphs[idx]
    return m.tag.startswith("J") and idx > 0 and morphs[idx - 1].end == m.start == time.end


def _spent_as(text: str, morphs: Sequence[Morph], idx: int, lexicon: Lexicon) -> bool:
    """A noun of money before 으로/로 (``예산으로``, ``업무추진비로``) names what the amount after it is; most nouns
    there are a cause or a means (``사고로 16명이``, ``앞으로 5개월간``)."""
    found = chain_ending(text, morphs, idx)
    if found is None:
        return False
    noun = found[0].text
    return noun in lexicon.money_context or lexicon.cost_suffixes.match_before_end(noun) is not None


def _never_measured(noun: str, lexicon: Lexicon) -> bool:
    """Times, comparison and scope words, periods (``올 시즌 40홈런``; not a span noun, ``기간``), spans of time
    (``사흘간``), qualifiers (``30억원 안팎의 3년 계약``, ``역대 최대 142억달러``) and directions (남남서쪽) are never
    what a quantity measures."""
    period = noun in lexicon.period_nouns and noun not in lexicon.span_nouns
    span = lexicon.duration_after.match_before_end(noun)
    spanned = span is not None and len(noun) > len(span) and noun[: -len(span)] in lexicon.not_measures
    after = (lexicon.approx_after, lexicon.bound_after)  # not a size word (규모 5.4)
    before = (lexicon.approx_before, lexicon.max_before, lexicon.min_before)  # 역대 최대 142억달러
    qualifier = any(noun in words for words in (*after, *before))
    plain = noun in lexicon.not_measures or noun in lexicon.scope_words or qualifier
    return plain or period or spanned or is_direction(noun, lexicon)


def _lettered(noun: str) -> bool:
    """A measure is written with letters (not ``±``)."""
    return any(ch.isalpha() for ch in noun)


def _past_quantity(morphs: Sequence[Morph], idx: int) -> int:
    while idx >= 0 and morphs[idx].tag in _QUANTITY_TAGS:
        idx -= 1
    return idx


def _object_of_clause(text: str, morphs: Sequence[Morph], idx: int, lexicon: Lexicon) -> Mention | None:
    """The quantity is modified by a clause (``총지출을 올해보다 8.1% 늘어난 728조원으로``): its measure is the
    object or topic of the sentence before that clause."""
    for i in range(idx, max(-1, idx - _CLAUSE_REACH), -1):
        m = morphs[i]
        if m.tag in ("SF", "SP") or m.tag == "EC" or (m.tag == "SSO" and m.form in QUOTES):
            return None  # not past the end of a clause, nor out of a quotation
        if m.tag in ("JKO", "JX") and i > 0:
            found = chain_ending(text, morphs, i - 1)
            if found is not None and not _never_measured(found[0].text, lexicon):
                return None if names_entity(found[0], morphs, found[1], i - 1, lexicon) else found[0]
    return None


def _counted_noun_after(text: str, morphs: Sequence[Morph], end: int, lexicon: Lexicon) -> Mention | None:
    """``58개 시군``, ``3개 기업``: the noun right after a counter of ``counted_after`` is what is counted."""
    if text[end : end + 1] != " ":
        return None
    found = head_starting(text, morphs, index_after(morphs, end + 1), lexicon.head_stops)
    if found is None or found[0].start != end + 1:
        return None
    noun, last = found
    stop = (
        _never_measured(noun.text, lexicon)
        or noun.text in lexicon.size_words
        or _not_a_thing(text, morphs, noun, last, lexicon)
    )
    while not stop and text[noun.end : noun.end + 1] in _JOINED:  # "8개 시·도": the listed nouns are one
        more = chain_starting(text, morphs, last + 1)
        if more is None or more[0].start != noun.end + 1:
            break
        noun, last = mention(text, noun.start, more[0].end), more[1]
    return None if stop else noun


def _modified_noun(text: str, morphs: Sequence[Morph], end: int, lexicon: Lexicon) -> Mention | None:
    """``6.8인치 디스플레이``, ``5000mAh 배터리``: the bare noun right after a quantity is what the quantity is the
    size of; not a noun made a verb (``10% 증가했다``), a qualifier, a time, a size word, nor a word of money
    (``412억달러 흑자를``: the balance before it is the measure)."""
    if text[end : end + 1] != " ":
        return None
    found = chain_starting(text, morphs, index_after(morphs, end + 1))
    if found is None or found[0].start != end + 1 or morphs[found[1]].tag not in ("NNG", "NNP"):
        return None
    noun, last = found
    if _not_a_thing(text, morphs, noun, last, lexicon):
        return None
    lists = (
        lexicon.not_measures, lexicon.scope_words, lexicon.size_words, lexicon.bound_after, lexicon.approx_after,
        lexicon.increase, lexicon.decrease, lexicon.per_suffixes, lexicon.duration_after, lexicon.relative_after,
        lexicon.money_context, lexicon.act_modifiers,
    )  # fmt: skip
    if any(noun.text in words for words in lists):
        return None
    return noun


def _not_a_thing(text: str, morphs: Sequence[Morph], noun: Mention, last: int, lexicon: Lexicon) -> bool:
    """The noun after a quantity is made a verb (``10% 증가했다``, ``12개 추가하기로``), is a qualifier (``21개 대
    9개``) or begins a bound word (``5만원 위로``, ``2,600명 아래로``): it names no thing the quantity measures."""
    following = morphs[last + 1] if last + 1 < len(morphs) else None
    made_verb = following is not None and following.start == noun.end and following.tag in _PREDICATE_TAGS
    qualifier = _qualifier(noun.text, lexicon) or lexicon.bound_after.match_at(text, noun.start) is not None
    return made_verb or qualifier


def _action_after(text: str, morphs: Sequence[Morph], end: int, lexicon: Lexicon) -> Mention | None:
    """``최소 3조원을 투자해``, ``2,890억원을 순매도했다``, ``30조원 투자…``: with nothing before that names it, the
    act done in the amount (a word of ``action_measures`` made a verb, or ending a headline's phrase) is what it
    measures."""
    first = idx = index_after(morphs, end)
    while idx < len(morphs) and (morphs[idx].tag == "JKO" or _qualifier(morphs[idx].form, lexicon)):
        idx += 1
    while idx < len(morphs) and morphs[idx].form in lexicon.act_modifiers:  # "3000억 추가 투자"
        idx += 1
    if idx >= len(morphs) or morphs[idx].form not in lexicon.action_measures:
        return None
    verb = morphs[idx + 1] if idx + 1 < len(morphs) else None
    made_verb = verb is not None and verb.tag in _PREDICATE_TAGS and verb.start == morphs[idx].end
    bare = all(m.form in lexicon.act_modifiers for m in morphs[first:idx])
    headline = bare and (verb is None or verb.tag.startswith("S"))  # 30조원 투자…, 3000억 추가 투자
    return mention(text, morphs[idx].start, morphs[idx].end) if made_verb or headline else None


def _qualifier(form: str, lexicon: Lexicon) -> bool:
    return any(form in words for words in (lexicon.bound_after, lexicon.approx_after, lexicon.size_words))


def _after(text: str, morphs: Sequence[Morph], end: int, lexicon: Lexicon) -> Mention | None:
    """``50㎜의 비``, ``120메가와트(㎿)의 전력``, ``100㎜ 이상의 비``, ``6만t에 이르는 냉각수``: the noun a quantity
    is the amount of."""
    gloss = _GLOSS.match(text, end)
    end = gloss.end() if gloss else end  # past a bracketed unit or gloss: 120메가와트(㎿)의
    pos = end + (text[end : end + 1] == " ")
    qualifier = lexicon.bound_after.match_at(text, pos) or lexicon.approx_after.match_at(text, pos)
    if qualifier is not None:
        qualifier = qualifier.removesuffix(_OF)  # 이상의 may be listed whole
        if text.startswith(_OF, pos + len(qualifier)):
            end = pos + len(qualifier)  # past 이상, 가량: the qualifier of the quantity
    start = end + len(_OF) if text.startswith(_OF, end) else _past_amount_verb(text, end, lexicon)
    if start is None:
        return None
    found = head_starting(text, morphs, index_after(morphs, start), lexicon.head_stops)
    if found is None or text[start : found[0].start].strip():
        return None
    return found[0]


def _past_amount_verb(text: str, end: int, lexicon: Lexicon) -> int | None:
    """Where the noun starts after ``6만t에 이르는``, ``120㎞가 넘는``: a verb of ``amount_verbs`` past one
    particle makes the noun after it what the quantity is the amount of."""
    particle = lexicon.particles.match_at(text, end)  # by its spelling: Kiwi may read the 가 of 120㎞가 as a verb
    end += len(particle) if particle and text[end + len(particle) : end + len(particle) + 1] == " " else 0
    pos = end + (text[end : end + 1] == " ")
    verb = lexicon.amount_verbs.match_at(text, pos)
    if verb is None or text[pos + len(verb) : pos + len(verb) + 1] != " ":
        return None
    return pos + len(verb) + 1
