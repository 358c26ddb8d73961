"""The subject: whom or what a quantity is about.

``RULES`` are tried in order, each a small named function that proposes a candidate (see link.choice); the first
that is not the measure itself wins. In order:

- who owns the number itself: the noun a figure alone in brackets is glued to (``석탄(28.1%)``), the person after an
  age (``71세의 베트남 남성``), the name before a bracketed note (``김모(33)씨``), the names of a list in turn (``G씨와
  H씨에게 각각 징역 2년과 1년``), whom a penalty is given to (``E씨에게 징역 4년``);
- what the quantity's own words name: the noun a size phrase puts it on (``2500장 규모의 국가AI데이터센터``), the noun
  joined by 의 (``규모 5.4의 지진``, ``해발 1,950m의 한라산``), the owner of the measure (``SK하이닉스의 HBM
  생산능력``), the topic its clause describes (``50명을 기록한 우리나라는``), an entity in the measure's phrase, a name
  right before it (``전남 5만장``) or a headline's topic, the cause of what is counted (``이번 사고로 12명이``);
- what the sentence is about: a place or subject of the told clause rather than the teller (``기상청은 강원 산지에 …
  예보했다``), the entity that is the topic (``광주시는``, ``정부가``), the entity owning the topic, a named place right
  before the quantity, the noun its clause describes, the topic even when its spelling names no entity, an entity
  or event that is the sentence's subject, a named place, a place right before the quantity;
- what came before: the subject of the quantity before it in the sentence, the topic carried from an earlier
  sentence of the article (marked inferred);
- last: a place made a topic by 에는, another noun of the measure's phrase (``배추 소매가격``), the topic of the
  clause, the first entity the sentence names.

When no rule finds one, the linker (korfacts.link) makes a count about what it counts (``주민 두 명``) and a topic
that is itself what is measured its own subject (``코스피는 23.94포인트 하락``). ``piece_topic`` gives the topic a
sentence sets for the ones after it.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

from korfacts.lexicon import Lexicon
from korfacts.link.choice import Check, Chosen, Considered, Rule, choose
from korfacts.link.clause import (
    QUOTES,
    SentenceReading,
    Topic,
    before_gloss,
    has_suffix,
    is_direction,
    joined_by_of,
    names_attribute,
    names_entity,
    pointed,
    titled_name,
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
from korfacts.model import Mention
from korfacts.morph import Morph, Sentence

__all__ = ["RULES", "SubjectQuery", "bracket_owner", "find_subject", "piece_topic", "subject_query"]

_POSSESSIVE = "JKG"
_TO_WHOM = frozenset({"에게", "한테", "에"})  # 김모씨에게 징역 3년, 업체에 과징금 10억원
_TO_PERSON = frozenset({"에게", "한테"})
_VERB_REACH = 8  # morphemes from an amount to the verb that gives it, past other amounts (10년, 30년을 선고했고)
_PENALTY_JOINS = frozenset({"과", "와", "에", ","})  # 징역 7년과 벌금 20억원, 징역 8월에 집행유예 2년
_OF = "의"  # "규모 5.4의 지진"
_LOCATIVE_PARTICLES = frozenset({"에", "에서"})
_LIST_JOINS = frozenset({"와", "과"})  # Kiwi may tag 와/과 of a list JKB
_NAME_TAGS = frozenset({"NNG", "NNP", "SL", "NNB", "XSN", "SH"})  # the pieces of a listed name: G씨, A사
_PREDICATE_SUFFIXES = frozenset({"XSV", "XSA"})  # 조성+되다, 투자+하다: a noun that is a verb
_AMOUNT_TAGS = frozenset({"SN", "NR", "NNB", "SW", "SL"})  # digits, numerals, counters and unit symbols
_NP_REACH = 6  # nouns looked at before the measure (테슬라의 올해 2분기 전기차 인도량)
_TOPIC_REACH = 6  # words of a sentence looked at for the topic it sets
_CLOSERS = "\"'“”‘’()[]"
_WORD = regex.compile(r"\S+")
_ENDS_LIKE_A_SENTENCE = regex.compile(r"[.!?。][\"'”’」』)\]]*\s*$")
_TAIL = 8  # characters at the end of a piece where its full stop, closing quotes and spaces are looked for
_LONGEST_NAME = 12  # characters of a name before a bracketed note (남궁모, 제임스 본드)
_CAUSE_REACH = 20  # morphemes looked back for a cause or a 각각 in the quantity's clause
_CLAUSE_REACH = 10  # morphemes from a quantity to the ending of the clause that modifies a noun (…을 기록한 X)
_CLAUSE_ENDS = frozenset({"SF", "SP", "EF", "SSC"})  # what ends a clause before it modifies a noun
_QUOTING, _TAIL_REACH = "고 ", 16  # "…쌓이겠다고 예보했다": the ending that quotes, looked for near the sentence end


@attrs.frozen(kw_only=True)
class SubjectQuery:
    """What the subject rules read: the quantity at ``span`` in its sentence, with its ``measure`` (found first),
    ``earlier`` the subject of the quantity before it in the sentence, ``carried`` the topic an earlier sentence of
    the article set, ``owner`` the noun that owns a figure alone in brackets (``석탄(28.1%)``)."""

    text: str
    sentence: Sentence
    reading: SentenceReading
    span: tuple[int, int]
    lexicon: Lexicon
    measure: Mention | None = None
    carried: Mention | None = None
    earlier: Mention | None = None
    owner: Mention | None = None
    dimension: str | None = None
    # derived by ``query``: the measure when it stands before the quantity, the topics before it (not the measure),
    # and the noun phrase in front of the measure with whether it names an entity
    before: Mention | None = None
    topics: tuple[Topic, ...] = ()
    phrase: tuple[Mention, bool] | None = None
    head: tuple[Mention, bool] | None = None  # the noun the quantity's clause modifies, and whether it is a topic

    @property
    def morphs(self) -> Sequence[Morph]:
        return self.sentence.morphs


def subject_query(**fields: object) -> SubjectQuery:
    """A SubjectQuery with its derived fields filled in."""
    q = SubjectQuery(**fields)  # type: ignore[arg-type]
    measure, start = q.measure, q.span[0]
    before = measure if measure is not None and measure.end <= start else None  # "1.5GW의 전력": measure after
    topics = tuple(t for t in q.reading.topics_before(start) if measure is None or t.mention.start != measure.start)
    phrase = _noun_phrase_before(q.text, q.morphs, before, q.lexicon)
    head = _modified_by_clause(q.text, q.morphs, q.span[1], q.lexicon)
    return attrs.evolve(q, before=before, topics=topics, phrase=phrase, head=head)


def find_subject(query: SubjectQuery, trace: list[Considered] | None = None) -> Chosen[SubjectQuery]:
    """Whom or what the quantity is about: the candidate of the first rule of ``RULES`` that no check rejects."""
    return choose(RULES, query, CHECKS, trace)


def _owner_of_bracket(q: SubjectQuery) -> Mention | None:
    """``석탄(28.1퍼센트)을 앞질렀다``: the noun a figure alone in brackets is glued to (see ``bracket_owner``)."""
    return q.owner


def _aged_person(q: SubjectQuery) -> Mention | None:
    """``14세 미만 아동``, ``50대 남성``, ``스물다섯 살 공격수``: an age is about the person named right after it."""
    return _aged(q.text, q.morphs, q.span[1], q.lexicon) if q.dimension == "age" else None


def _named_before_note(q: SubjectQuery) -> Mention | None:
    """``장예원 SBS 아나운서(25)``, ``김모(33)씨``: a bare number among the notes in brackets right after a name (an
    age) is about that name."""
    return _name_before_note(q.text, q.morphs, *q.span, q.lexicon)


def _respective(q: SubjectQuery) -> Mention | None:
    """``G씨와 H씨에게 각각 징역 2년과 1년을``, ``A사와 B사는 각각 30%, 20%``: after a list of names and 각각, the
    amounts go to the names in turn."""
    start = q.span[0]
    if _place_right_before(q) is not None:
        return None  # "동해와 남해에서 각 7회, 서해에서 4회": an item of its own
    clause = q.reading.clause_start(start)
    idx, low = index_before(q.morphs, start), index_before(q.morphs, start) - _CAUSE_REACH
    while idx > max(0, low) and q.morphs[idx].start >= clause and q.morphs[idx].form not in q.lexicon.respective_words:
        idx -= 1
    if idx < 2 or q.morphs[idx].form not in q.lexicon.respective_words:
        return None
    particle = q.morphs[idx - 1]
    listing = particle.form in q.lexicon.topic_particles or particle.tag == "JKO" or particle.form in _TO_WHOM
    if not listing or particle.form in _LOCATIVE_PARTICLES:
        return None  # not "시·도에 각각": a place, no list of names
    items = _listed_names(q.text, q.morphs, idx - 2)
    if len(items) == 1 and idx - 2 - _morph_count(q.morphs, items[0]) >= 1:
        owner = idx - 2 - _morph_count(q.morphs, items[0])  # "A사와 B사의 점유율은 각각": the list owns the measure
        if q.morphs[owner].tag == _POSSESSIVE:
            items = _listed_names(q.text, q.morphs, owner - 1)
    order = _amounts_between(q.morphs, q.morphs[idx].end, start)
    return items[order] if len(items) > 1 and order < len(items) else None


def _morph_count(morphs: Sequence[Morph], noun: Mention) -> int:
    return len(morphs_within(morphs, noun.start, noun.end))


def _listed_names(text: str, morphs: Sequence[Morph], idx: int) -> list[Mention]:
    """The names of a list that ends at ``morphs[idx]`` (``G씨와 H씨``, ``A사, B사와 C사``), in order."""
    items: list[Mention] = []
    end = idx
    while idx >= 0:
        m = morphs[idx]
        if m.tag in ("JC", "SP") or (m.tag == "JKB" and m.form in _LIST_JOINS):
            if end > idx:
                items.append(mention(text, morphs[idx + 1].start, morphs[end].end))
            end = idx - 1
        elif m.tag not in _NAME_TAGS:
            break
        idx -= 1
    if end > idx:
        items.append(mention(text, morphs[idx + 1].start, morphs[end].end))
    return items[::-1]


def _amounts_between(morphs: Sequence[Morph], start: int, end: int) -> int:
    """How many numbers begin between ``start`` and ``end`` (the place of an amount in a list of amounts)."""
    count, glued = 0, False
    for m in morphs_within(morphs, start, end):
        number = m.tag in ("SN", "NR")
        if number and not glued:
            count += 1
        glued = number or (m.tag in ("SW", "NNB") and glued)
    return count


def _sentenced(q: SubjectQuery) -> Mention | None:
    """``김모(45)씨에게 징역 25년을``: a penalty is about whom it is given to (see ``_penalty_recipient``)."""
    return _penalty_recipient(q.text, q.sentence, q.before, q.lexicon, q.earlier)


def _sentenced_in_clause(q: SubjectQuery) -> Mention | None:
    """``김씨에게 무기징역에 정보공개 10년, 전자발찌 부착 30년을 선고했고``, ``이모(73)씨의 항소심에서 … 벌금
    1천500만원을 선고했다``: an amount a verb of ``sentencing_verbs`` gives is about whom the clause gives it to (the
    noun before 에게, or the one whose trial it is), not the court that gives it."""
    morphs, lexicon = q.morphs, q.lexicon
    if not _gives_sentence(q):
        return None
    clause = q.reading.clause_start(q.span[0])
    idx = index_before(morphs, q.span[0])
    while idx >= 1 and morphs[idx].start >= clause:
        m = morphs[idx]
        if m.form in _TO_PERSON and m.tag == "JKB":
            return titled_name(q.text, q.sentence, morphs, idx, lexicon) or _phrase_right_before(q, idx)
        if m.form in lexicon.trial_words and morphs[idx - 1].tag == _POSSESSIVE:
            return titled_name(q.text, q.sentence, morphs, idx - 1, lexicon) or _phrase_right_before(q, idx - 1)
        idx -= 1
    return None


def _gives_sentence(q: SubjectQuery) -> bool:
    """The quantity's clause goes on to a verb of ``sentencing_verbs`` (``30년을 선고했고``), past other amounts."""
    for m in q.morphs[index_after(q.morphs, q.span[1]) : index_after(q.morphs, q.span[1]) + _VERB_REACH]:
        if m.form in q.lexicon.sentencing_verbs:
            return True
        if m.tag in ("EC", "EF", "SF") or m.tag.startswith("V"):
            return False
    return False


def _phrase_right_before(q: SubjectQuery, idx: int) -> Mention | None:
    """The noun phrase that ends right before the particle at ``morphs[idx]``."""
    found = phrase_ending(q.text, q.morphs, idx - 1, q.lexicon.phrase_stops)
    return found[0] if found is not None and found[0].end == q.morphs[idx].start else None


def _sized(q: SubjectQuery) -> Mention | None:
    """``GPU 2500장 규모의 국가AI데이터센터``, ``6000억원 규모의 '실증밸리' 사업``: the noun a size phrase
    modifies."""
    return _sized_noun(q.text, q.morphs, q.span[1], q.lexicon)


def _noun_joined_by_of(q: SubjectQuery) -> Mention | None:
    """``규모 5.4의 지진``, ``해발 1,950m의 한라산``: the noun the quantity is joined to by 의 (see ``_noun_of``)."""
    return _noun_of(q.text, q.morphs, q.span[1], q.before, q.lexicon)


def _owner_of_measure(q: SubjectQuery) -> Mention | None:
    """``SK하이닉스의 HBM 생산능력``, ``현대자동차의 지난달 미국 판매량``: the owner of the measure."""
    return _owner(q.text, q.morphs, q.before, q.lexicon)


def _topic_the_clause_modifies(q: SubjectQuery) -> Mention | None:
    """``메르스 환자수 50명을 기록한 우리나라는``, ``약 13개월만에 귀국한 추신수는``, ``1억 300만원이 든 가방이``:
    the quantity stands in a clause that modifies the topic of the sentence; the topic is what it is about."""
    return q.head[0] if q.head is not None and q.head[1] else None


def _noun_the_clause_modifies(q: SubjectQuery) -> Mention | None:
    """``5만5천명을 수용하는 고시엔 구장에``: the noun the quantity's clause modifies, when no topic before it names
    an entity."""
    return q.head[0] if q.head is not None else None


def _cause(q: SubjectQuery) -> Mention | None:
    """``이 사고로 4명이 다쳤다``, ``에볼라 바이러스로 인해 1323명이 감염되고``, ``이번 사고로 부상자 5명이``: when no
    thing is named as what is counted, the event that caused it, named in the quantity's clause, is what the quantity
    is about (not whoever reports it)."""
    if q.before is not None and q.lexicon.victim_nouns.match_before_end(q.before.text) is None:
        return None  # "폭우로 고립됐던 등산객 12명": the climbers (but "이번 사고로 부상자 5명": the accident)
    clause = q.reading.clause_start(q.span[0])
    idx = index_before(q.morphs, q.span[0])
    for _ in range(_CAUSE_REACH):
        if idx < 0 or q.morphs[idx].start < clause:
            break
        m = q.morphs[idx]
        marker = q.lexicon.cause_markers.match_at(q.text, m.start) if m.tag.startswith("J") or m.tag == "NNB" else None
        event = m.tag == "JKB" and m.form in q.lexicon.result_particles
        if marker is not None or event:
            found = phrase_ending(q.text, q.morphs, idx - 1, q.lexicon.phrase_stops)
            if found is not None and found[0].end == m.start:
                noun = found[0]
                named = marker is not None or q.lexicon.event_nouns.match_before_end(noun.text) is not None
                if named and _names_no_time(noun, q.lexicon):
                    return noun
        idx -= 1
    return None


def _entity_in_phrase(q: SubjectQuery) -> Mention | None:
    """``컴퓨팅센터 초기 GPU 1만5000장``, ``국가 GPU 20만장``: an entity before the measure in its noun phrase."""
    return q.phrase[0] if q.phrase and q.phrase[1] else None


def _name_before(q: SubjectQuery) -> Mention | None:
    """``…전남 5만장``, ``더불어민주당 43%``: a proper noun right before the quantity; ``SK하이닉스, 3분기
    영업이익 11조원``: a headline's topic."""
    start = q.span[0]
    return _proper_noun_before(q.text, q.morphs, start, q.lexicon) or _headline_topic(
        q.text, q.sentence, start, q.lexicon
    )


def _reported_place(q: SubjectQuery) -> Mention | None:
    """``기상청은 … 강원 산지에는 5∼10㎝의 눈이 쌓이겠다고 예보했다``: when the sentence ends by saying who told
    it, a place the quotation names is what the figures are about."""
    if not _reported(q.text, q.sentence, q.lexicon):
        return None
    return next((t.mention for t in reversed(q.topics) if t.locative), None)


def _told_clause_subject(q: SubjectQuery) -> Mention | None:
    """``국토해양부는 합동조사반이 … 사고 2건의 조사결과를 발표하였다고 밝혔다``, ``기상청은 … 지진이 내륙에서 24회
    … 발생했다고 설명하였다``: when the sentence ends by saying who told it, the teller is not what the figures are
    about when the told clause has a subject of its own: a place named right before the quantity, that subject, or a
    place the told clause names (``기상청은 강원 산지에 최대 30㎝의 눈이 내리겠다고 예보했다``). When it has none, the
    teller is the actor (``삼성전자는 매출 79조원을 기록했다고 밝혔다``)."""
    if not _reported(q.text, q.sentence, q.lexicon) or q.reading.quote_around(q.span[0]) is not None:
        return None
    teller = next((t.mention for t in q.reading.subjects), None)
    start = q.span[0]
    told = [s.mention for s in q.reading.subjects if teller is not None and teller.end < s.mention.start]
    measured = q.measure
    if not any(m.start < start or (measured is not None and m.start <= measured.start < m.end) for m in told):
        return None  # "삼성전자는 매출 79조원을 기록했다고 밝혔다": the teller did it, and stays the subject
    own = next((m for m in reversed(told) if m.start < start and _may_be_subject(m, q)), None)
    assert teller is not None
    return _place_right_before(q) or own or _place_told(q, teller.end)


def _place_told(q: SubjectQuery, after: int) -> Mention | None:
    """``기상청은 강원 산지에 최대 30㎝의 눈이 내리겠다고``: a place the told clause names (before the quantity)."""
    for i in range(index_before(q.morphs, q.span[0]), 0, -1):
        m = q.morphs[i]
        if m.end <= after:
            break
        if m.tag == "JKB" and m.form in _LOCATIVE_PARTICLES:
            found = phrase_ending(q.text, q.morphs, i - 1, q.lexicon.phrase_stops)
            if found is not None and found[0].end == m.start and _may_be_subject(found[0], q):
                return found[0]
    return None


def _subject_before(q: SubjectQuery) -> Mention | None:
    """``동부 아프가니스탄에서 폭탄 테러가 일어나 최소 50명이 사망하고``: an entity or an event that is the subject of
    the sentence before the quantity (not of the clause that names a source), when it is neither an attribute nor the
    measure (a place where things happen is not what the figures are about)."""
    start, source = q.span[0], _after_source(q)
    found = (s for s in reversed(q.reading.subjects) if source <= s.mention.start and s.mention.end <= start)
    event = q.lexicon.event_nouns
    named = (s.mention for s in found if s.entity or event.match_before_end(s.mention.text) is not None)
    return next((m for m in named if _may_be_subject(m, q)), None)


def _after_source(q: SubjectQuery) -> int:
    """Where the sentence goes on after saying where its figures come from (``…에 따르면``), else its start: the
    subject of the source's own clause (``이노근 의원이 제출받은 자료에 따르면``) is not the figures' subject."""
    return q.reading.after_source(q.span[0], q.sentence.start)


def _named_place_before(q: SubjectQuery) -> Mention | None:
    """``경상북도에서 5회, 대전·충청남도에서 5회``, ``보건복지부에 30명``: a named place right before the quantity,
    an item of a list, wins over a topic that names no one (``지진은 … 경상북도에서 5회``)."""
    place = _place_right_before(q)
    if place is None:
        return None
    inside = morphs_within(q.morphs, place.start, place.end)
    return place if inside and names_entity(place, q.morphs, *_indices(q.morphs, inside), q.lexicon) else None


def _first_entity(q: SubjectQuery) -> Mention | None:
    """``레고랜드 준공 후 연간 200만명 이상의 관광객이``, ``'아이패드 에어'와 … 3장의 이미지로``: the first entity
    the sentence names before the quantity (after any clause that names a source), when no rule before found one."""
    start = q.span[0]
    quote = q.reading.quote_around(start)  # a quoted figure's entity is named inside the quotation
    for named in q.reading.entities_from(quote[0] if quote is not None else _after_source(q)):
        noun = named.mention
        if noun.end > start:
            return None
        if named.first < 0:
            return noun  # a quoted name
        if _may_be_subject(noun, q):
            phrase = head_starting(q.text, q.morphs, named.first, q.lexicon.head_stops)
            whole = phrase[0] if phrase is not None and phrase[0].end <= start else noun
            if q.lexicon.not_topics.match_before_end(whole.text) is None:  # not "시 관계자": a speaker
                return whole
    return None


def _place_before(q: SubjectQuery) -> Mention | None:
    """``시·도에 각각 2명 이상``, ``서해에서 4회``: a place right before the quantity."""
    return _place_right_before(q)


def _indices(morphs: Sequence[Morph], inside: list[Morph]) -> tuple[int, int]:
    first = index_after(morphs, inside[0].start)
    return first, first + len(inside) - 1


def _place_right_before(q: SubjectQuery) -> Mention | None:
    idx = index_before(q.morphs, q.span[0])
    while idx >= 0 and q.morphs[idx].tag == "MAG":  # "시·도에 각각 2명"
        idx -= 1
    m = q.morphs[idx] if idx >= 1 else None
    if m is None or m.tag != "JKB" or m.form not in _LOCATIVE_PARTICLES:
        return None
    found = phrase_ending(q.text, q.morphs, idx - 1, q.lexicon.phrase_stops)
    if found is None or found[0].end != m.start or not _may_be_subject(found[0], q):
        return None
    return found[0]


def _may_be_subject(noun: Mention, q: SubjectQuery) -> bool:
    """Not the measure, not a time or an attribute (``공급이``, ``인구는``), nor a noun stated as a figure
    (``일자리가 25만4천개 늘어``: what another quantity counts)."""
    measured = q.measure is not None and noun.start == q.measure.start
    return not measured and _names_no_time(noun, q.lexicon) and not _measured(noun, q)


def _entity_topic(q: SubjectQuery) -> Mention | None:
    """``광주시는``, ``정부가``, ``정부도``: the entity that is the topic of the clause (inside the quotation first
    when the quantity is quoted)."""
    return next((t.mention for t in reversed(q.topics) if t.entity and not t.locative), None)


def _owner_of_topic(q: SubjectQuery) -> Mention | None:
    """``카카오의 3분기 순이익은 …, 시장 전망치(1,350억원)``: the entity owning the clause's topic."""
    return _topic_owner(q.text, q.morphs, q.reading, list(q.topics), q.span[0], q.lexicon)


def _entity_place(q: SubjectQuery) -> Mention | None:
    """``서산에 누적 412㎜의 비``: a named place."""
    return next((t.mention for t in reversed(q.topics) if t.locative and t.entity), None)


def _sentence_topic(q: SubjectQuery) -> Mention | None:
    """``유도탄고속함은 … 76mm 함포 5발을 발사했고``, ``추신수는 … 13개월만에``: the topic the sentence is about, even
    when its spelling names no entity; not a place, nor a topic stated as a figure (``일반회계는 13조원, 특별회계는
    4조원``: what is measured)."""
    found = (t.mention for t in reversed(q.topics) if not t.locative)
    return next((t for t in found if not _measured(t, q)), None)


def _measured(noun: Mention, q: SubjectQuery) -> bool:
    """A noun that names an attribute or is stated as a figure: what is measured, not whom."""
    return names_attribute(noun.text, q.lexicon) or _stated_as_figure(q.text, q.morphs, noun)


def _stated_as_figure(text: str, morphs: Sequence[Morph], topic: Mention) -> bool:
    """The topic's particle is followed right away by a number (``총부채는 205조원``, ``관중은 1,231만명으로``)."""
    idx = index_after(morphs, topic.end)
    while idx < len(morphs) and (morphs[idx].tag.startswith("J") or morphs[idx].tag in ("MM", "MAG")):
        idx += 1
    return idx < len(morphs) and morphs[idx].tag in ("SN", "NR")


def _earlier_subject(q: SubjectQuery) -> Mention | None:
    """The subject of the quantity before it in the sentence."""
    return q.earlier if q.earlier is not None and q.earlier.end <= q.span[0] else None


def _carried_topic(q: SubjectQuery) -> Mention | None:
    """The topic carried from an earlier sentence of the article (marked inferred)."""
    return attrs.evolve(q.carried, inferred=True) if q.carried is not None else None


def _place_topic(q: SubjectQuery) -> Mention | None:
    """``남부지방에는 100㎜``: a place or event made a topic by 에는 that is not an entity by its name."""
    return next((t.mention for t in reversed(q.topics) if t.locative), None)


def _noun_in_phrase(q: SubjectQuery) -> Mention | None:
    """``배추 소매가격``: another noun before the measure in its noun phrase."""
    return q.phrase[0] if q.phrase else None


def _plain_topic(q: SubjectQuery) -> Mention | None:
    """``타선은 안타 12개``: the topic of the clause when it names no entity."""
    return _clause_topic(list(q.topics), q.reading, q.span[0], q.lexicon)


def _is_the_measure(q: SubjectQuery, found: Mention) -> str | None:
    return "it is the measure" if q.measure is not None and found.start == q.measure.start else None


# The rules in order (most likely first); the first candidate no check rejects is the subject.
RULES: tuple[Rule[SubjectQuery], ...] = (
    _owner_of_bracket,
    _aged_person,
    _named_before_note,
    _respective,
    _sentenced,
    _sentenced_in_clause,
    _sized,
    _noun_joined_by_of,
    _owner_of_measure,
    _topic_the_clause_modifies,
    _entity_in_phrase,
    _name_before,
    _cause,
    _reported_place,
    _told_clause_subject,
    _entity_topic,
    _owner_of_topic,
    _named_place_before,
    _noun_the_clause_modifies,
    _sentence_topic,
    _subject_before,
    _entity_place,
    _place_before,
    _earlier_subject,
    _carried_topic,
    _place_topic,
    _noun_in_phrase,
    _plain_topic,
    _first_entity,
)
CHECKS: tuple[Check[SubjectQuery], ...] = (_is_the_measure,)


def bracket_owner(text: str, morphs: Sequence[Morph], span: tuple[int, int], lexicon: Lexicon) -> Mention | None:
    """``석탄(28.1퍼센트)을 앞질렀다``, ``카카오톡(4천500만여 명)``: a quantity alone in brackets glued to a noun is
    that noun's figure for what the quantity before it measured; not after a word naming a figure (``시장
    예상치(40만대)``), a time or a measure."""
    start, end = span
    if text[start - 1 : start] != "(" or text[end : end + 1] != ")" or start < 2 or text[start - 2].isspace():
        return None
    last = index_before(morphs, start - 1)
    found = chain_ending(text, morphs, last)
    if found is None or found[0].end != start - 1:
        return None
    noun, first = found
    if first > 0 and morphs[first - 1].tag in _AMOUNT_TAGS and morphs[first - 1].end == morphs[first].start:
        return None  # "35.12포인트(1.32%)", "3만3천t(0.9%)": the unit of a quantity the bracket restates
    if noun.text in lexicon.estimate_words or not _names_no_time(noun, lexicon) or is_direction(noun.text, lexicon):
        return None
    phrase = phrase_ending(text, morphs, last, lexicon.phrase_stops)
    return phrase[0] if phrase is not None else noun  # "국도20호선 신안-생비량 사업(113억원)": the whole name


def _name_before_note(text: str, morphs: Sequence[Morph], start: int, end: int, lexicon: Lexicon) -> Mention | None:
    """``장예원 SBS 아나운서(25)``, ``김모(33)씨``: a bare number among the notes in brackets right after a name (an
    age) is about that name."""
    opening = note_opening(text, start, end)
    if opening is None:
        return None
    found = phrase_ending(text, morphs, index_before(morphs, opening), lexicon.phrase_stops)
    if found is not None and found[0].end == opening:
        return found[0]
    first = morphs[0].start if morphs else 0  # where the sentence starts
    word_start = _word_start(text, opening, first)  # 김모: Kiwi reads 모 as a bound noun
    if word_start is not None and opening - word_start == 1 and word_start > first + 1:
        word_start = _word_start(text, word_start - 1, first)  # "김모 씨(43)", "오모 군(18)": the name before the title
    return mention(text, word_start, opening) if word_start is not None else None


def _word_start(text: str, end: int, first: int) -> int | None:
    """Where the word that ends at ``end`` starts, looking back no further than a name is long (nor past ``first``,
    the start of the sentence): None for a longer run without a space."""
    lo = max(first, end - _LONGEST_NAME)
    space = text.rfind(" ", lo, end)
    if space >= 0:
        return space + 1
    return lo if lo == first else None


def _penalty_recipient(
    text: str, sentence: Sentence, measure: Mention | None, lexicon: Lexicon, earlier: Mention | None = None
) -> Mention | None:
    """``김모(45)씨에게 징역 25년을``, ``운전자에게 벌금 1천500만원을``: a penalty is about whom it is given to, and so
    is a penalty joined to the one before (``징역 7년과 벌금 20억원``, ``징역 8월에 집행유예 2년``)."""
    morphs = sentence.morphs
    if measure is None or measure.text not in lexicon.penalty_words:
        return None
    idx = index_before(morphs, measure.start)
    joined = idx >= 1 and morphs[idx].form in _PENALTY_JOINS and morphs[idx - 1].tag in _AMOUNT_TAGS
    if joined and earlier is not None and earlier.end <= measure.start:
        return earlier
    if idx < 1 or morphs[idx].form not in _TO_WHOM or morphs[idx].end != measure.start - 1:
        return None
    named = titled_name(text, sentence, morphs, idx, lexicon)
    if named is not None:
        return named
    found = phrase_ending(text, morphs, idx - 1, lexicon.phrase_stops)
    return found[0] if found is not None and found[0].end == morphs[idx].start else None


def _sized_noun(text: str, morphs: Sequence[Morph], end: int, lexicon: Lexicon) -> Mention | None:
    """``2500장 규모의 국가AI데이터센터``, ``6000억원 규모의 '인공지능 전환(AX) 실증밸리'``."""
    pos = end
    while pos < len(text) and text[pos] == " ":
        pos += 1
    phrase = lexicon.size_phrases.match_at(text, pos)
    if phrase is None:
        return None
    pos += len(phrase)
    while pos < len(text) and text[pos] == " ":
        pos += 1
    pos = _past_modifying_verb(text, morphs, pos)  # "1200가구 규모로 짓는 '올림픽파크'": past the verb
    if pos < len(text) and text[pos] in QUOTES:  # a quoted name: take it whole
        close = text.find(QUOTES[text[pos]], pos + 1)
        if 0 < close - pos <= 40:
            return mention(text, pos + 1, close)
    found = chain_starting(text, morphs, index_after(morphs, pos))
    if found is not None and found[0].start == pos and found[0].text in lexicon.modifier_nouns:
        pos = found[0].end + 1  # "17만4천㎥급 대형 LNG선": past the modifier, to what is sized
        found = chain_starting(text, morphs, index_after(morphs, pos))
    if found is None or found[0].start != pos:
        return None
    after = found[1] + 1
    if after < len(morphs) and morphs[after].tag in _PREDICATE_SUFFIXES:
        return None  # "3,300가구 규모로 조성된다": 조성 is what is done, not what is sized
    return found[0]


def _modified_by_clause(text: str, morphs: Sequence[Morph], end: int, lexicon: Lexicon) -> tuple[Mention, bool] | None:
    """The noun phrase modified by the clause a quantity stands in (``50명을 기록한 우리나라는``, ``300m인 이
    거리는``, ``100% 사전제작으로 만들어진 '태양의 후예'``), and whether the sentence makes it a topic; None when the
    clause ends before it modifies a noun, or modifies a time or a bound noun (``숨진 지``, ``늘어난 가운데``)."""
    idx = index_after(morphs, end)
    for i in range(idx, min(len(morphs), idx + _CLAUSE_REACH)):
        m = morphs[i]
        if m.tag == _POSSESSIVE:
            return None  # "50㎜ 안팎의 강한 비": the quantity modifies a noun itself, it is no part of a clause
        if m.tag in _CLAUSE_ENDS or (m.tag == "EC" and (i + 1 >= len(morphs) or morphs[i + 1].tag != "VX")):
            return None  # "늘었고,": the clause ends without modifying a noun (만들어진: 어 before 지 goes on)
        if m.tag != "ETM":
            continue
        nxt = i + 1
        while nxt < len(morphs) and morphs[nxt].tag == "MM" and morphs[nxt].form in lexicon.demonstratives:
            nxt += 1  # "300m인 이 거리는": past the demonstrative
        if nxt < len(morphs) and morphs[nxt].tag == "SSO" and morphs[nxt].form in QUOTES:
            close = text.find(QUOTES[morphs[nxt].form], morphs[nxt].end)
            if close < 0:
                return None
            head: Mention | None = mention(text, morphs[nxt].end, close)
            last = index_before(morphs, close + 1)
        else:
            found = head_starting(text, morphs, nxt, lexicon.head_stops)
            head, last = (found[0], found[1]) if found is not None else (None, nxt)
        verb = text[morphs[i - 1].start if i > 0 else m.start : m.end]
        if head is None or not _names_no_time(head, lexicon) or is_direction(head.text, lexicon):
            return None
        amounted = lexicon.amount_verbs.match_at(verb, 0) is not None and not _names_entity_text(head.text, lexicon)
        if head.text in lexicon.clause_nouns or amounted:
            return None  # "늘어날 전망이다", "2,300만명의 … 가능성", "1,500명이 넘는 이재민": what is measured
        particle = morphs[last + 1] if last + 1 < len(morphs) else None
        if particle is not None and particle.tag == "VCP":
            return None  # "8.0%포인트 높은 수치다": the clause is a predicate, it modifies nothing
        topic = particle is not None and particle.form in lexicon.topic_particles and particle.tag.startswith("J")
        return head, topic
    return None


def _past_modifying_verb(text: str, morphs: Sequence[Morph], pos: int) -> int:
    """Where the word after a verb that modifies it starts (``짓는 단지``, ``조성되는 부지``), else ``pos``."""
    idx = index_after(morphs, pos)
    if idx >= len(morphs):
        return pos
    last = idx
    while last + 1 < len(morphs) and morphs[last + 1].start == morphs[last].end:
        last += 1
    modifies = morphs[idx].start == pos and morphs[last].tag == "ETM"
    verb = any(m.tag.startswith(("V", "XSV")) for m in morphs[idx : last + 1])
    after = morphs[last].end + 1
    return after if modifies and verb and text[morphs[last].end : after] == " " else pos


def _noun_of(text: str, morphs: Sequence[Morph], end: int, before: Mention | None, lexicon: Lexicon) -> Mention | None:
    """``규모 5.4의 지진``, ``타율 0.312의 타자``, ``해발 1,950m의 한라산``: the noun a quantity is joined to by 의
    is what it is about after a measure of bare numbers, or when it names an entity (``공기업 5곳의 석탄`` is not;
    ``누적 강수량 412.5㎜의 비``: rain is no one)."""
    noun_start = joined_by_of(text, end, lexicon)  # "규모 2.0 이상의 지진": past the bound
    if noun_start is None or text[noun_start : noun_start + 1] != " ":
        return None
    noun_start += 1
    idx = index_after(morphs, noun_start)
    found = chain_starting(text, morphs, idx)
    if found is None or found[0].start != noun_start:
        return None
    known = before is not None and before.text in lexicon.bare_number_measures
    return found[0] if known or names_entity(found[0], morphs, idx, found[1], lexicon) else None


def _owner(text: str, morphs: Sequence[Morph], measure: Mention | None, lexicon: Lexicon) -> Mention | None:
    """``SK하이닉스의 HBM 생산능력``, ``현대자동차의 지난달 미국 판매량``: the owner named before the measure's noun
    phrase, past other nouns, time words and determiners."""
    if measure is None:
        return None
    idx = index_before(morphs, measure.start)
    for _ in range(_NP_REACH):
        if idx < 0:
            return None
        if morphs[idx].tag == _POSSESSIVE:
            found = phrase_ending(text, morphs, idx - 1, lexicon.phrase_stops)
            # not "200만t 규모의 액화천연가스", "500㎏ 미만의 위성": a size or bound word owns nothing
            if found is None or found[0].text in lexicon.size_words or found[0].text in lexicon.phrase_stops:
                return None
            return _counted_by(text, morphs, found[1], lexicon) or found[0]
        if morphs[idx].tag in ("MM", "SN", "NR", "NNB"):  # 지난, 3(분기)
            idx -= 1
            continue
        found = chain_ending(text, morphs, idx)
        if found is None:
            return None
        idx = found[1] - 1
    return None


def _aged(text: str, morphs: Sequence[Morph], end: int, lexicon: Lexicon) -> Mention | None:
    """The noun phrase right after an age, past a bound word or 의 (``14세 미만 아동``, ``50대 남성``, ``71세의
    베트남 남성``, ``스물다섯 살 공격수``)."""
    pos = end + (text[end : end + 1] == " ")
    if text.startswith(_OF + " ", pos):
        pos += len(_OF) + 1
    bound = lexicon.bound_after.match_at(text, pos)
    if bound is not None and text[pos + len(bound) : pos + len(bound) + 1] == " ":
        pos += len(bound) + 1
    found = head_starting(text, morphs, index_after(morphs, pos), lexicon.head_stops)
    if found is None or found[0].start != pos or found[0].text in lexicon.phrase_stops:
        return None
    return found[0]


def _topic_owner(
    text: str, morphs: Sequence[Morph], reading: SentenceReading, topics: list[Topic], start: int, lexicon: Lexicon
) -> Mention | None:
    """``카카오의 3분기 순이익은 …, 시장 전망치(1,350억원)``: the entity owning the clause's topic is whom every
    quantity of the clause is about."""
    clause = reading.clause_start(start)
    topic = next((t for t in reversed(topics) if t.mention.start >= clause and not t.entity and not t.locative), None)
    owner = _owner(text, morphs, topic.mention, lexicon) if topic is not None else None
    if owner is None:
        return None
    inside = [i for i, m in enumerate(morphs) if owner.start <= m.start and m.end <= owner.end]
    return owner if inside and names_entity(owner, morphs, inside[0], inside[-1], lexicon) else None


def _counted_by(text: str, morphs: Sequence[Morph], first: int, lexicon: Lexicon) -> Mention | None:
    """``쌀 20㎏ 한 포대의``: when the owner is counted by a native numeral (the unit of a count), the noun before
    that count owns the measure; ``18개 법인의`` keeps its owner."""
    idx = first - 1
    if idx < 0 or morphs[idx].tag != "MM" or morphs[idx].form in lexicon.demonstratives:
        return None
    while idx >= 0 and morphs[idx].tag in _AMOUNT_TAGS | {"MM"}:
        idx -= 1
    found = chain_ending(text, morphs, idx)
    return found[0] if found is not None and found[0].text not in lexicon.phrase_stops else None


def _noun_phrase_before(
    text: str, morphs: Sequence[Morph], measure: Mention | None, lexicon: Lexicon
) -> tuple[Mention, bool] | None:
    """``전남에 설치되는 컴퓨팅센터 초기 GPU``, ``배추 소매가격``: the nearest noun in front of the measure in the
    same noun phrase (only spaces and other nouns between), and whether it names an entity; an entity further left
    in the phrase is preferred (``국가 AI 예산``: 국가)."""
    if measure is None:
        return None
    idx = index_before(morphs, measure.start)
    right = measure.start
    nearest: Mention | None = None
    for _ in range(_NP_REACH):
        glossed = before_gloss(morphs, idx)
        if glossed != idx and text[morphs[idx].end : right].strip() == "":
            idx, right = glossed, morphs[glossed].end  # "서부텍사스산원유(WTI) 가격": past the gloss
        found = chain_ending(text, morphs, idx)
        if found is None or text[found[0].end : right].strip():
            break  # not a noun, or cut by punctuation (원/달러 환율)
        chain, first = found
        if first > 0 and morphs[first - 1].tag in _AMOUNT_TAGS and morphs[first - 1].end == morphs[first].start:
            # "15㎿급 터빈", "1인당 공원 면적": a noun glued to a number or a unit is a count or a class, and the walk
            # stops; glued to a period it is a date ("삼성전자 3분기 매출", "WTI 9월물 가격"), and it goes on past it
            if morphs[first].form not in lexicon.period_nouns and morphs[first - 1].form not in lexicon.period_nouns:
                break
            amount = first - 1
            while (
                amount > 0 and morphs[amount - 1].tag in _AMOUNT_TAGS and morphs[amount - 1].end == morphs[amount].start
            ):
                amount -= 1
            if amount == 0 or text[morphs[amount - 1].end : morphs[amount].start] != " ":
                break
            idx, right = amount - 1, morphs[amount].start
            continue
        before = morphs[first - 1] if first > 0 else None
        pointing = before is not None and (
            before.form in lexicon.pointing_words or before.form in lexicon.demonstratives
        )
        if before is not None and before.tag == "MM" and not pointing:
            idx, right = first - 2, before.start  # "배추 한 포기 소매가격": past the count, to what is counted
            continue
        if before is not None and (before.tag == "MM" or pointing):
            if pointed(morphs, first, idx, lexicon):
                return chain, True  # "이 아파트 전용면적 84㎡": a particular thing pointed at
            if nearest is None and pointing and _names_no_time(chain, lexicon):
                nearest = chain  # "이번 보궐선거 투표율": the event pointed at
            break  # "이 기간 정장 매출", "올 시즌 프로야구 관중": a noun after a determiner points, it names no one
        if lexicon.per_suffixes.match_before_end(chain.text) is not None:
            break  # "kg당 도매가": the unit of a rate names no one
        if _names_no_time(chain, lexicon) and not is_direction(chain.text, lexicon):  # not 남남서쪽, 지난 시즌
            if names_entity(chain, morphs, first, idx, lexicon):
                return chain, True
            nearest = chain  # the leftmost: "태양광 발전 설비 용량" is about 태양광
        idx, right = first - 1, chain.start
    return (nearest, False) if nearest is not None else None


def _names_no_time(chain: Mention, lexicon: Lexicon) -> bool:
    """Not a time, a span, a measure (``같은 기간``, ``지난 시즌``, ``이번 분기``: ``period_nouns``) or a modifier
    (``직간접 고용 효과``, ``이동 시간``: ``modifier_nouns``)."""
    words = (
        lexicon.not_measures,
        lexicon.span_nouns,
        lexicon.relative_after,
        lexicon.period_nouns,
        lexicon.modifier_nouns,
    )
    return not any(chain.text in w for w in words) and lexicon.measure_suffixes.match_before_end(chain.text) is None


def _proper_noun_before(text: str, morphs: Sequence[Morph], start: int, lexicon: Lexicon) -> Mention | None:
    """``…전남 5만장``, ``더불어민주당 43%, 국민의힘 24%``: a name right before the number is its subject (not a
    direction Kiwi tags as a name, ``남남서쪽``)."""
    idx = index_before(morphs, start)
    found = chain_ending(text, morphs, idx)
    if found is not None and found[0].text in lexicon.scope_words and found[1] > 0:
        idx = found[1] - 1  # "부산 해운대구 일대 1만4천여 가구": the place before the word of extent
        found = chain_ending(text, morphs, idx)
    if found is None or not is_proper(morphs, found[1], idx) or is_direction(found[0].text, lexicon):
        return None
    return found[0]


def _headline_topic(text: str, sentence: Sentence, start: int, lexicon: Lexicon) -> Mention | None:
    """``SK하이닉스, 3분기 영업이익 11조원 돌파``: a headline's topic before a comma."""
    if not reads_as_headline(text, sentence.start, sentence.end):
        return None
    topic = piece_topic(text, sentence.start, start, lexicon, headline=True)
    return topic if topic is not None and text[topic.end : topic.end + 1] in lexicon.headline_topic_marks else None


def _reported(text: str, sentence: Sentence, lexicon: Lexicon) -> bool:
    """The sentence ends by saying who told what it quotes (``…쌓이겠다고 예보했다``, ``…탔다고 밝혔다``): its topic
    is the teller, and a place the quotation names is what the figures are about."""
    pos = text.rfind(_QUOTING, max(sentence.start, sentence.end - _TAIL_REACH), sentence.end)
    return pos >= 0 and lexicon.reporting_verbs.match_at(text, pos + len(_QUOTING)) is not None


def _clause_topic(topics: list[Topic], reading: SentenceReading, start: int, lexicon: Lexicon) -> Mention | None:
    """A topic that names no entity, in the quantity's own clause: ``타선은 안타 12개``; not a size word (``투자 규모는
    20억달러``: the size of the measure)."""
    clause = reading.clause_start(start)
    found = (t.mention for t in reversed(topics) if t.mention.start >= clause and not t.locative)
    return next((m for m in found if m.text not in lexicon.size_words), None)


def piece_topic(
    text: str, start: int, end: int, lexicon: Lexicon, *, headline: bool | None = None, lead: bool = False
) -> Mention | None:
    """The topic a sentence sets for the ones after it: its first entity marked with 은/는 (광주시는 …), or a
    headline's ``광주,``. Read on the text alone, so that it is the same whether or not Kiwi saw the sentence."""
    if lexicon.caption_pattern.search(text, start, end):
        return None  # a photo caption or a byline speaks of the picture, not of what the article is about
    if headline is None:
        headline = reads_as_headline(text, start, end)
    finals = lexicon.topic_particles.finals | lexicon.headline_topic_marks.finals
    quote_open: str | None = None
    for n, word in enumerate(_WORD.finditer(text, start, end)):
        if n >= _TOPIC_REACH:
            break
        token = word.group()
        if quote_open is None and token.rstrip(_CLOSERS)[-1:] not in finals and token[0] not in QUOTES:
            continue  # the common case: a word that cannot be a topic
        if quote_open is None and token[0] in QUOTES and QUOTES[token[0]] not in token[1:]:
            quote_open = QUOTES[token[0]]
            continue
        if quote_open is not None:
            if quote_open in token:
                quote_open = None
            continue
        stem = _topic_stem(token, lexicon, headline, lead)
        if stem is not None and (
            _names_entity_text(stem, lexicon) or ((lead or (headline and n == 0)) and _may_name(stem, lexicon))
        ):
            s = word.start() + token.index(stem)
            return mention(text, s, s + len(stem))
    return None


def reads_as_headline(text: str, start: int, end: int) -> bool:
    """A headline ends without a full stop (``서울아산병원, 중증 병상 200개 늘린다``); a sentence ends with one."""
    return not _ENDS_LIKE_A_SENTENCE.search(text, max(start, end - _TAIL), end)


def _topic_stem(token: str, lexicon: Lexicon, headline: bool, lead: bool) -> str | None:
    token = token.strip("\"'“”‘’()[]")
    if headline and token[-1:] in lexicon.headline_topic_marks.words and len(token) > 1:
        return token[:-1]
    particle = lexicon.topic_particles.match_before_end(token)
    weak = particle in lexicon.weak_topic_particles and not (lead and particle in lexicon.lead_subject_particles)
    if particle is not None and not weak and len(token) > len(particle):
        return token[: -len(particle)]
    return None


def _may_name(stem: str, lexicon: Lexicon) -> bool:
    """A headline's first word before its comma names what it is about even when its spelling does not say so
    (``한화, 가을야구 확정``), unless it is a time, a connective (``한편,``) or another word that is never a subject."""
    if len(stem) < 2 or not stem[0].isalpha():  # 1급, (이장희, 《위키뉴스》
        return False
    return not any(stem in words for words in (lexicon.not_measures, lexicon.connectives, lexicon.time_words))


def _names_entity_text(stem: str, lexicon: Lexicon) -> bool:
    """An entity by its spelling: a known actor (정부), an ending (광주시, 외교부) or a Latin name (SK하이닉스)."""
    if stem in lexicon.entity_nouns or any(ch.isascii() and ch.isalpha() for ch in stem):
        return True
    suffix = lexicon.entity_suffixes.match_before_end(stem) or lexicon.place_suffixes.match_before_end(stem)
    return suffix is not None and has_suffix(stem, suffix)
