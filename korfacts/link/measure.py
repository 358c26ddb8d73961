"""The measure: what a quantity measures (``GPU 20만장``: GPU, ``예산을 10조1000억원으로``: 예산).

``RULES`` are tried in order, each a small function that proposes a noun, settles that there is none, or passes
(see link.choice): the noun after a generic counter (강원 산간 12개 시군), the noun right before the quantity in its
phrase (GPU 20만장), ``N의 X`` after it (최대 1.5GW의 전력, 6만t에 이르는 냉각수) or the bare noun after an amount
(6.8인치 디스플레이), the noun found by walking back past particles, times, comparisons and qualifiers (예산을 …
10조원, 영업이익은 전년 동기보다 12.5%: see ``WALK``, each step a named rule too), the topic of the clause, the act
done in the amount (최소 3조원을 투자해: 투자); failing all, what the quantity before it in the sentence measured
(관광객이 1337만명으로 … 2.4% 감소) and a counter that names what it counts (98타점). A proper noun right before a
quantity names whom it is about, not what it measures (전남 5만장).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import regex

from korfacts.lexicon import Lexicon
from korfacts.link.choice import Check, Chosen, Considered, NoLink, Rule, choose, rule_name
from korfacts.link.clause import (
    QUOTES,
    SentenceReading,
    before_gloss,
    is_direction,
    joined_by_of,
    names_attribute,
    names_entity,
    pointed,
)
from korfacts.link.nouns import (
    chain_ending,
    chain_starting,
    head_starting,
    index_after,
    index_before,
    is_proper,
    mention,
    morphs_within,
    note_opening,
    phrase_ending,
)
from korfacts.model import Mention, TimeRef
from korfacts.morph import Morph

__all__ = ["EVENT_RULES", "OWN_RULES", "RULES", "WALK", "MeasureQuery", "find_measure"]

_SKIPPED_PARTICLES = frozenset({"JX", "JKS", "JKO", "JKC", "JKG"})  # topic, subject, object, complement, possessive
_COMPARISON = frozenset({"보다", "대비"})  # "전년보다 3%": the base of a comparison
_REACH = 8  # morphemes looked at before the quantity
_CLAUSE_REACH = 12  # morphemes looked at across a clause that modifies the quantity, or in the clause after it
_QUANTITY_TAGS = frozenset({"SN", "NR", "NNB", "SW"})  # numbers, counters and unit symbols
_OF = "의"
_GLOSS = regex.compile(r"\([^()]{1,12}\)")  # (㎿), (GWh), (LNG)
_FROM = frozenset({"에서", "부터"})
_QUOTE_OPENERS = {close: open_ for open_, close in QUOTES.items()}
_QUOTE_CLOSERS = frozenset(_QUOTE_OPENERS)
_QUOTED_REACH = 30  # characters of a quoted item before a quantity
_JOINED = ("·", "ㆍ")  # 시·도, 시ㆍ군
_PREDICATE_TAGS = frozenset({"XSV", "XSA"})  # 투자+하다, 증가+하다: a noun made a verb
_MADE_VERB = frozenset({"하", "되"})  # 산회+되었다: Kiwi may tag the 되 of a verbal noun as a verb of its own
_RELATIVE = ("percent", "percentage_point", "multiplier", "fraction")  # a share or a change of another amount
# amounts that measure an attribute of a thing, never the thing itself (money, shares, spans of time, bare numbers)
_OF_ATTRIBUTES = frozenset({*_RELATIVE, "money", "number", "duration", "index_point"})


@attrs.frozen(kw_only=True)
class MeasureQuery:
    """What the measure rules read: the quantity at ``span`` in its sentence. ``amount`` is false for an age or a
    span of time (``20대 여성``, ``5분 대기조`` name no thing they measure); ``earlier`` is the measure of the
    quantity before it in the sentence, with that quantity's dimension; ``owner`` the noun that owns the quantity
    when it stands alone in brackets (``석탄(28.1%)``: see link.subject.bracket_owner)."""

    text: str
    morphs: Sequence[Morph]
    reading: SentenceReading
    span: tuple[int, int]
    lexicon: Lexicon
    times: Sequence[TimeRef] = ()
    amount: bool = True
    dimension: str | None = None
    earlier: tuple[Mention, str] | None = None
    owner: Mention | None = None


def find_measure(query: MeasureQuery, trace: list[Considered] | None = None) -> Chosen[MeasureQuery]:
    """What the quantity measures: the candidate of the first rule of ``RULES`` that no check rejects."""
    return choose(RULES, query, CHECKS, trace)


def _age_note(q: MeasureQuery) -> NoLink | None:
    """``아나운서(25)``: an age in a note about a name measures nothing named."""
    start, end = q.span
    return NoLink("an age in a note about a name") if note_opening(q.text, start, end) is not None else None


def _counted_after(q: MeasureQuery) -> Mention | None:
    """``강원 산간 12개 시군``: the noun after a counter of ``counted_after`` is counted, whatever stands before."""
    start, end = q.span
    if not q.lexicon.counted_after.match_before_end(q.text[start:end]):
        return None
    return _counted_noun_after(q.text, q.morphs, end, q.lexicon)


def _noun_before_in_phrase(q: MeasureQuery) -> Mention | None:
    """``GPU 20만장``, ``예산 10조원``: the noun right before the quantity, not across a particle; it wins over the
    noun after (``정수장은 하루 300t의 물``: 물 after wins over the topic 장비 across its particle)."""
    return _before(q, across_particles=False)


def _noun_after(q: MeasureQuery) -> Mention | None:
    """``50㎜의 비``, ``120메가와트(㎿)의 전력``, ``6만t에 이르는 냉각수``; for an amount, the bare noun after it
    (``6.8인치 디스플레이``)."""
    end = q.span[1]
    found = _after(q.text, q.morphs, end, q.lexicon)
    if found is None and q.amount:
        found = _modified_noun(q.text, q.morphs, end, q.lexicon)
    return found


def _attribute_before(q: MeasureQuery) -> Mention | None:
    """``예산을 10조1000억원으로``, ``전력도 최대 120㎿``, ``영업이익은 전년 동기보다 12.5%``: the noun before the
    quantity, past particles, times, comparisons and the quantities a clause reached before (see ``WALK``), when it
    names an attribute, or, for a count or a physical amount, the thing itself (``확진자가 3명``, ``물을 300t``); a
    thing has money or a share, it is not what they measure (``후보가 51.4%를 득표해``: see ``_predicate_noun``)."""
    found = _before(q, across_particles=True)
    if found is None or q.dimension not in _OF_ATTRIBUTES or names_attribute(found.text, q.lexicon):
        return found
    whole = q.text[found.end : q.span[0]].strip() == _OF  # "전력 수요의 절반", "매출의 40%": a share of the whole
    return found if whole else None


def _predicate_noun(q: MeasureQuery) -> Mention | None:
    """``35마리가 폐사한``, ``51.4%를 득표해``, ``70여명 대피했다``, ``4명이 경미한 부상을 입은``: the event the
    quantity's clause states is what it counts or measures (not a word that only states the amount: 기록, 차지, or
    a change: 증가)."""
    words = q.lexicon
    idx = index_after(q.morphs, q.span[1])
    joined = False
    for i in range(idx, min(len(q.morphs), idx + _CLAUSE_REACH)):
        m = q.morphs[i]
        nxt = q.morphs[i + 1] if i + 1 < len(q.morphs) else None
        before = q.morphs[i - 1] if i > idx else None
        listed = before is not None and (before.tag in ("JC", "SP") or (before.tag in _QUANTITY_TAGS and joined))
        joined = m.tag in _QUANTITY_TAGS and listed  # "10조원과 5조원을 투자": one act for both amounts
        if joined:
            continue
        if m.tag in ("SF", "EC", "EF", "SSO", "SSC", "SN", "NR") or (m.tag.startswith("V") and m.tag != "VA"):
            return None  # the clause ends, or another quantity begins ("2승 1무를 기록한")
        if m.tag == "SP" and not (nxt is not None and nxt.tag in ("SN", "NR")):
            return None
        if m.tag not in ("NNG", "XR"):
            continue  # particles, adverbs, 경미한 …
        if nxt is None:
            return None
        verb = nxt.start == m.end and (nxt.tag == "XSV" or (nxt.form in _MADE_VERB and nxt.tag.startswith("V")))
        after = q.morphs[i + 2] if i + 2 < len(q.morphs) else None
        light = nxt.tag in ("JKO", "JKS") and after is not None and after.form in words.light_verbs
        if not (verb or light):
            if nxt.tag == "XSA" or m.form in words.duration_after or _qualifier(m.form, words):
                continue  # "경미한 부상", "30초 동안 묵념", "2명 이상 …"
            return None
        change = words.increase.match_at(m.form, 0) or words.decrease.match_at(m.form, 0)
        if m.form in words.stating_nouns or change or m.form in words.not_measures:
            return None
        return mention(q.text, m.start, m.end)
    return None


def _noun_before(q: MeasureQuery) -> Mention | None:
    """The noun before the quantity found by the walk back, whatever it names (``배추가 3000원``)."""
    return _before(q, across_particles=True)


def _attribute_topic(q: MeasureQuery) -> Mention | None:
    """``판매량은 8만4120대로 작년 같은 달보다 12% 늘었다``, ``감염 환자는 12월 둘째 주에만 412명이 보고됐다``: the
    clause's topic, when it names an attribute, is what a quantity further on measures."""
    found = _topic_of_clause(q)
    return found if found is not None and names_attribute(found.text, q.lexicon) else None


def _thing_of_size(q: MeasureQuery) -> Mention | None:
    """``27층짜리 건물``, ``3달짜리 단기 여권``: with no noun before that names it, the thing of that size."""
    end = q.span[1]
    piece = q.lexicon.piece_words.match_at(q.text, end)
    if piece is None or q.text[end + len(piece) : end + len(piece) + 1] != " ":
        return None
    start = end + len(piece) + 1
    found = head_starting(q.text, q.morphs, index_after(q.morphs, start), q.lexicon.head_stops)
    return found[0] if found is not None and found[0].start == start else None


def _clause_topic(q: MeasureQuery) -> Mention | None:
    """``미분양 주택은 … 1,743가구``: the clause's topic, when it names no entity, is what a quantity further on
    measures; not for a span of time (``숨진 딸은 … 7개월 만에``: the daughter is whom it is about)."""
    return _topic_of_clause(q) if q.dimension != "duration" else None


def _topic_of_clause(q: MeasureQuery) -> Mention | None:
    start = q.span[0]
    clause = q.reading.clause_start(start)
    # an entity is a subject and a place is where: neither is what is measured
    found = (t for t in reversed(q.reading.topics_before(start)) if t.mention.start >= clause)
    return next((t.mention for t in found if not t.entity and not t.locative), None)


def _act_after(q: MeasureQuery) -> Mention | None:
    """``최소 3조원을 투자해``, ``2,890억원을 순매도했다``, ``30조원 투자…``: the act done in the amount (a word of
    ``action_measures`` made a verb, or ending a headline's phrase)."""
    return _action_after(q.text, q.morphs, q.span[1], q.lexicon)


def _earlier_in_sentence(q: MeasureQuery) -> Mention | None:
    """``관광객이 1337만명으로 … 2.4% 감소``: an amount with no measure of its own measures what the amount before
    it in the sentence did, when of the same dimension or relative to it (a share, a change, a multiple; not
    ``전용면적 84㎡가 28억원에``)."""
    if not q.amount or q.earlier is None or q.earlier[0].end > q.span[0]:
        return None
    before, of = q.earlier
    return before if q.dimension in (of, *_RELATIVE) else None


def _counter_names_it(q: MeasureQuery) -> Mention | None:
    """``98타점``, ``40홈런``, ``14리바운드``: a counter of ``measured_counters`` names what is counted (명, 개,
    차례 name nothing)."""
    if not q.amount:
        return None
    start, end = q.span
    inside = morphs_within(q.morphs, start, end)
    last = inside[-1] if inside else None
    if last is None or last.end != end or last.form not in q.lexicon.measured_counters or len(inside) < 2:
        return None
    return mention(q.text, last.start, last.end)


def _owned_figure(q: MeasureQuery) -> Mention | NoLink | None:
    """``32.5%로 석탄(28.1%)을 앞질렀다``: a figure alone in brackets glued to a noun is that noun's (the subject)
    figure for what the amount before it measured."""
    if q.owner is None:
        return None
    return _earlier_in_sentence(q) or NoLink("the figure in brackets is its owner's, and nothing before measured")


def _age_measures_itself(q: MeasureQuery, found: Mention) -> str | None:
    """``71세의 베트남 남성``, ``50대 남성``: the dimension says it is an age and the person is its subject; only a
    word of ``age_words`` measures it (``50세의 나이로``)."""
    if q.dimension == "age" and found.text not in q.lexicon.age_words:
        return "an age measures nothing but an age word"
    return None


# The rules in order; the first candidate no check rejects is the measure. The rules up to _act_after read the
# quantity's own words; the two after take what the sentence said before it.
RULES: tuple[Rule[MeasureQuery], ...] = (
    _age_note,
    _owned_figure,
    _counted_after,
    _noun_before_in_phrase,
    _noun_after,
    _attribute_before,
    _attribute_topic,
    _predicate_noun,
    _noun_before,
    _thing_of_size,
    _clause_topic,
    _act_after,
    _earlier_in_sentence,
    _counter_names_it,
)
CHECKS: tuple[Check[MeasureQuery], ...] = (_age_measures_itself,)
# rules whose measure is the event a clause states (사망, 투자), not a thing the quantity counts
EVENT_RULES = frozenset(rule_name(r) for r in (_predicate_noun, _act_after))
# rules whose measure an amount after it in the sentence may share (신동근 후보(45.1%) shares 득표 with 51.4%)
OWN_RULES = frozenset(rule_name(r) for r in RULES[RULES.index(_counted_after) : RULES.index(_act_after) + 1])


# --- the walk back from the quantity ------------------------------------------------------------------------------


@attrs.define
class _Walk:
    """The walk back over the morphemes before a quantity: where it is and whether it passed a particle."""

    q: MeasureQuery
    idx: int
    across_particles: bool
    particle: bool = False

    @property
    def morph(self) -> Morph:
        return self.q.morphs[self.idx]


# What a step of the walk decides: go on at an index, take a noun, or stop with no measure.
_Stop = NoLink
Step = int | Mention | _Stop | None
_STOP = NoLink("the walk back stops here")


def _before(q: MeasureQuery, *, across_particles: bool) -> Mention | None:
    walk = _Walk(q, index_before(q.morphs, q.span[0]), across_particles)
    for _ in range(_REACH):
        if walk.idx < 0:
            return None
        for step in WALK:
            decided = step(walk)
            if decided is None:
                continue
            if isinstance(decided, Mention):
                return decided
            if isinstance(decided, NoLink):
                return None
            walk.idx = decided
            break
        else:
            return None
    return None


def _past_time(w: _Walk) -> Step:
    """``배출량을 2030년까지 40%``, ``1분기에 19%``: past a time, and past the word that points at it (``인구가 지난
    10년간 20만명``)."""
    q, m = w.q, w.morph
    time = next((t for t in q.times if t.start <= m.start < t.end or _glued_after(q.morphs, w.idx, t)), None)
    if time is None:
        return None
    idx = index_before(q.morphs, time.start)
    lead = time.start
    while lead > 0 and q.text[lead - 1].isspace():
        lead -= 1
    word = q.lexicon.date_words.match_before(q.text, lead)
    return index_before(q.morphs, lead - len(word)) if word is not None else idx


def _out_of_quotes(w: _Walk) -> Step:
    """``관계자는 "청년 약 35만명이``: what a quoted figure measures is said inside the quotes."""
    return _STOP if w.morph.tag == "SSO" and w.morph.form in QUOTES else None


def _quoted_before(w: _Walk) -> Step:
    """``‘소통불가 이미지’ 20.8%``, ``‘매우 만족’ 35%``, ``‘교환 목격’(28.3%)``: a quoted phrase right before the
    quantity, or before the brackets it stands alone in, is what it measures (an answer of a poll, an item of a
    list)."""
    m, q = w.morph, w.q
    if w.idx != index_before(q.morphs, q.span[0]):
        return None
    start, end = q.span
    if m.form == "(" and m.end == start and q.text[end : end + 1] == ")" and w.idx > 0:
        m = q.morphs[w.idx - 1]  # "‘교환 목격’(28.3%)": the quantity alone in brackets right after the quote
        if m.end != start - 1 or (q.earlier is not None and q.text[q.earlier[0].end : q.earlier[0].end + 1] != m.form):
            return None  # "6호기는 성능 600PFLOPS로, 5호기 '누리온'(25.7PFLOPS)보다": a name compared, not an item
    if m.tag != "SSC" or m.form not in _QUOTE_CLOSERS:
        return None
    opening = q.text.rfind(_QUOTE_OPENERS[m.form], max(0, m.start - _QUOTED_REACH), m.start)
    return mention(q.text, opening + 1, m.start) if opening >= 0 and m.start - opening > 1 else None


def _past_gloss(w: _Walk) -> Step:
    """``국내총생산(GDP)이 94조위안``: the noun before its bracketed gloss."""
    if w.morph.tag != "SSC":
        return None
    glossed = before_gloss(w.q.morphs, w.idx)
    return glossed if glossed != w.idx else None


def _particle_ends_phrase(w: _Walk) -> Step:
    """Without ``across_particles``, a particle ends the phrase the quantity stands in."""
    return _STOP if w.morph.tag in _SKIPPED_PARTICLES and not w.across_particles else None


def _conjunction(w: _Walk) -> Step:
    """``징역 또는 300만원 이하의 벌금``: the noun before 또는 is another item's."""
    return _STOP if w.morph.form in w.q.lexicon.conjunctions else None


def _past_particle(w: _Walk) -> Step:
    """``예산을``, ``전력도 최대``: past the particles of a noun, determiners and adverbs."""
    if w.morph.tag not in _SKIPPED_PARTICLES and w.morph.tag not in ("MM", "MAG"):
        return None
    w.particle = w.particle or w.morph.tag.startswith("J")
    return w.idx - 1


def _past_comparison(w: _Walk) -> Step:
    """``직전 분기보다 3%``: the base of a comparison is no measure."""
    if w.morph.tag != "JKB" or w.morph.form not in _COMPARISON:
        return None
    found = phrase_ending(w.q.text, w.q.morphs, w.idx - 1, ())
    return (found[1] if found else w.idx) - 1


def _past_level_reached(w: _Walk) -> Step:
    """``국방비를 66조원으로 7.5% 증액``: past the level reached."""
    if w.morph.tag != "JKB" or w.morph.form not in w.q.lexicon.result_particles:
        return None
    past = _past_quantity(w.q.morphs, w.idx - 1)
    return past if past < w.idx - 1 else None


def _spent_as(w: _Walk) -> Step:
    """``업무추진비로 3억4천만원을 썼다``: a noun of money before 으로 is what the amount was spent as; most nouns
    there are a cause or a means (``사고로 16명이``, ``앞으로 5개월간``)."""
    q, m = w.q, w.morph
    if m.tag != "JKB" or m.form not in q.lexicon.result_particles:
        return None
    found = chain_ending(q.text, q.morphs, w.idx - 1)
    if found is None:
        return None
    noun = found[0].text
    if noun not in q.lexicon.money_context and q.lexicon.cost_suffixes.match_before_end(noun) is None:
        return None
    w.particle = True
    return w.idx - 1


def _past_adverb(w: _Walk) -> Step:
    """``매매가격이 처음으로 12억원을``: 처음으로 says when, not what."""
    q, m = w.q, w.morph
    if m.tag != "JKB" or m.form not in q.lexicon.result_particles:
        return None
    adverb = chain_ending(q.text, q.morphs, w.idx - 1)
    return adverb[1] - 1 if adverb is not None and _never_measured(adverb[0].text, q.lexicon) else None


def _past_quantity_before(w: _Walk) -> Step:
    """``GPU 1만5000장(최대 5만장)``, ``기준금리를 연 3.50%에서 3.25%로``, ``징역 2년과 1년``: the quantity before
    measures the same; ``소가 2472개 농가에서 97,524마리``: past where they are, too."""
    m = w.morph
    joined = m.tag == "JC" and w.idx > 0 and w.q.morphs[w.idx - 1].tag in _QUANTITY_TAGS  # "징역 2년과 1년을"
    if m.tag != "SSO" and not (m.tag == "JKB" and m.form in _FROM) and not joined:
        return None
    past = _past_quantity(w.q.morphs, w.idx - 1)
    place = chain_ending(w.q.text, w.q.morphs, w.idx - 1) if past == w.idx - 1 and m.tag == "JKB" else None
    return _past_quantity(w.q.morphs, place[1] - 1) if place is not None else past


def _past_rate_unit(w: _Walk) -> Step:
    """``3.3㎡당``, ``포기당``: past the unit of a rate."""
    q, m = w.q, w.morph
    if q.lexicon.per_suffixes.match_at(m.form, 0) != m.form:
        return None
    idx = _past_quantity(q.morphs, w.idx - 1)
    unit = chain_ending(q.text, q.morphs, idx) if idx >= 0 and q.morphs[idx].end == m.start else None
    return unit[1] - 1 if unit else idx


def _clause_before(w: _Walk) -> Step:
    """``총지출을 올해보다 8.1% 늘어난 728조원으로``: a quantity modified by a clause measures the object or topic
    of the sentence before that clause; ``업주 행세를 한 19곳의 불법 오락실``: in a phrase, a verb ends it."""
    m = w.morph
    if m.tag not in ("ETM", "ETN") and not m.tag.startswith("V"):
        return None
    if not w.across_particles:
        return _STOP
    return _object_of_clause(w.q.text, w.q.morphs, w.idx, w.q.lexicon) or _STOP


def _not_a_noun(w: _Walk) -> Step:
    """Anything else that is not a noun ends the walk."""
    return _STOP if chain_ending(w.q.text, w.q.morphs, w.idx) is None else None


def _past_reference(w: _Walk) -> Step:
    """``병장 기준 150만원``, ``2018년 대비 40%``, ``전용 84㎡ 기준 14억원``: a reference and its base are no
    measure (the base may be a year, or a quantity with its own measure)."""
    q = w.q
    chain, first = _chain(w)
    if chain.text not in q.lexicon.reference_words or w.particle:
        return None
    before = chain_ending(q.text, q.morphs, first - 1) if first > 0 else None
    idx = (before[1] if before and q.text[before[0].end : chain.start] == " " else first) - 1
    past = _past_quantity(q.morphs, idx)
    if past < idx:
        own = chain_ending(q.text, q.morphs, past)
        return own[1] - 1 if own is not None and q.text[own[0].end : q.morphs[past + 1].start] == " " else past
    return past


def _past_size_word(w: _Walk) -> Step:
    """``총지출 규모를 677조원으로``: the size of what is named before (but 규모 5.4 is a magnitude)."""
    chain, first = _chain(w)
    words = w.q.lexicon
    if chain.text in words.size_words and (w.particle or chain.text not in words.bare_number_measures):
        return first - 1
    return None


def _past_relative_word(w: _Walk) -> Step:
    """``수확기 이후 4.2%``, ``1년 전보다``: the noun before a relative word is a point in time, no measure."""
    q = w.q
    chain, first = _chain(w)
    if chain.text not in q.lexicon.relative_after or first <= 0:
        return None
    before = chain_ending(q.text, q.morphs, first - 1)
    return (before[1] if before and q.text[before[0].end : chain.start] == " " else first) - 1


def _past_unmeasured(w: _Walk) -> Step:
    """올해, 지난달, 3분기, ``38.52포인트(1.42%)``, ``65세 이상에서``, ``±``: a time, a quantity or a sign;
    ``인구가 10년 새 20만명``: a span of time, with the number it follows."""
    q = w.q
    chain, first = _chain(w)
    glued_to_number = first > 0 and q.morphs[first - 1].tag in ("SN", "NR") and q.morphs[first - 1].end == chain.start
    in_time = any(t.start <= chain.start and chain.end <= t.end for t in q.times)
    if not (_never_measured(chain.text, q.lexicon) or in_time or glued_to_number or not _lettered(chain.text)):
        return None
    spanned = chain.text in q.lexicon.duration_after
    return _past_quantity(q.morphs, first - 1) if glued_to_number or spanned else first - 1


def _name_is_subject(w: _Walk) -> Step:
    """``전남 5만장``: a proper noun right before the quantity is whom it is about; ``시는 10조원을``: an entity
    across a particle is the subject, and what it spends is unsaid (not 코스피는 2,751.08, a known measure)."""
    q = w.q
    chain, first = _chain(w)
    if chain.text in q.lexicon.bare_number_measures:
        return None
    if not w.particle and is_proper(q.morphs, first, w.idx):
        return _STOP
    named = names_entity(chain, q.morphs, first, w.idx, q.lexicon) or pointed(q.morphs, first, w.idx, q.lexicon)
    return _STOP if w.particle and named else None


def _take_noun(w: _Walk) -> Step:
    """The noun reached is the measure."""
    return _chain(w)[0]


def _chain(w: _Walk) -> tuple[Mention, int]:
    found = chain_ending(w.q.text, w.q.morphs, w.idx)
    assert found is not None, "_not_a_noun runs first"
    return found


# The steps of the walk in order: the first that decides at a morpheme moves the walk on, takes a noun or stops it.
WALK: tuple[Callable[[_Walk], Step], ...] = (
    _past_time,
    _quoted_before,
    _out_of_quotes,
    _past_gloss,
    _particle_ends_phrase,
    _conjunction,
    _past_particle,
    _past_comparison,
    _past_level_reached,
    _spent_as,
    _past_adverb,
    _past_quantity_before,
    _past_rate_unit,
    _clause_before,
    _not_a_noun,
    _past_reference,
    _past_size_word,
    _past_relative_word,
    _past_unmeasured,
    _name_is_subject,
    _take_noun,
)


def _glued_after(morphs: Sequence[Morph], idx: int, time: TimeRef) -> bool:
    """``morphs[idx]`` is a particle glued to the time expression ``time`` (the 에 of ``1분기에``)."""
    m = morphs[idx]
    return m.tag.startswith("J") and idx > 0 and morphs[idx - 1].end == m.start == time.end


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
    bound = lexicon.bound_after.match_at(text, end + 1)
    if bound is not None and text[end + 1 + len(bound) : end + 2 + len(bound)] == " ":
        end += len(bound) + 1  # "각각 2명 이상 조사관을": past the bound word, to what is counted
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
    """``50㎜의 비``, ``120메가와트(㎿)의 전력``, ``100㎜ 이상의 비``, ``50㎜ 안팎의 강한 비``, ``5일간의 일정``,
    ``6만t에 이르는 냉각수``: the noun a quantity is the amount of."""
    gloss = _GLOSS.match(text, end)
    end = gloss.end() if gloss else end  # past a bracketed unit or gloss: 120메가와트(㎿)의
    start = joined_by_of(text, end, lexicon, also=_during_words(lexicon)) or _past_amount_verb(text, end, lexicon)
    if start is None:
        return None
    idx = index_after(morphs, start)
    if idx + 1 < len(morphs) and morphs[idx].tag == "VA" and morphs[idx + 1].tag == "ETM":
        idx += 2  # "50㎜ 안팎의 강한 비": past an adjective
        start = morphs[idx - 1].end
    found = head_starting(text, morphs, idx, lexicon.head_stops)
    if found is None or text[start : found[0].start].strip():
        return None
    return found[0]


def _during_words(lexicon: Lexicon) -> tuple[str, ...]:
    """The words after a span that say it lasts (간, 동안): ``1년간의 연기`` names what lasted (not ``34년 만의
    최고치``, a time since)."""
    return tuple(word for word, relation in lexicon.time_relations.items() if relation == "during")


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
