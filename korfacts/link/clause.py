"""What subject and measure both read in a sentence: its topics, its quotations and its clause boundaries.

A topic is a noun marked as the topic or subject of its clause (광주시는, 정부가, 정부도). It names an entity when it
is a proper noun, a known actor (정부) or ends like an organization or place (광주시, 과기정통부, 한국전력공사); a
noun marked only by 이/가/도 counts only then, so that ``공급이 가능하다`` does not make 공급 a topic. A location
(``서산에``, ``남부지방에는``) is kept apart: it says where a quantity is, and is its subject when nothing else is.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

import attrs
import regex

from korfacts.lexicon import Lexicon
from korfacts.link.nouns import chain_ending, chain_starting, is_proper, mention, phrase_ending
from korfacts.model import Mention
from korfacts.morph import Morph, Sentence

__all__ = [
    "Named",
    "SentenceReading",
    "Topic",
    "before_gloss",
    "has_suffix",
    "is_direction",
    "joined_by_of",
    "names_attribute",
    "names_entity",
    "pointed",
    "read_sentence",
    "titled_name",
]

QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'", "「": "」", "『": "』"}
_LOCATIVE = frozenset({"에", "에서"})
_SUBJECT_TAGS = frozenset({"JKS", "JX"})  # 합동조사반이, 피고가, 이들은
_QUOTED_NAME = 30  # characters of a quoted name ('아이패드 미니 레티나 디스플레이')
_TOPICAL_LOCATIVE = "에"
_CLAUSE_END_TAGS = frozenset({"EC"})  # a connective ending (늘었고, 했으며) followed by a comma closes a clause
_OPENING_QUOTE = regex.compile("|".join(regex.escape(q) for q in QUOTES))
_PLURAL = "들"
_OF = "의"
_LONGEST_ACRONYM = 6  # KIA, CATL, TSMC
_LONGEST_NAME = 8  # characters of a name before a title (남궁모, 제임스)
_SHORTEST_WITH_SUFFIX = 3  # a name with a one-syllable suffix: 외교부, not 일부
_GLOSS_REACH = 6  # morphemes inside a bracketed gloss: (CPI), (LTV), (국제통화기금)
_GROUP_PREFIX = (2, 3)  # LG, SK, KB, CJ, GS: the Latin letters of a group's name (not the D of D램)


@attrs.frozen
class Topic:
    mention: Mention
    entity: bool
    locative: bool  # 서산에, 남부지방에는


@attrs.frozen
class Named:
    """An entity the sentence names (a chain of nouns that names one, or a quoted name), with the morphemes it spans
    (``first`` is -1 for a quoted name)."""

    mention: Mention
    first: int
    last: int


@attrs.frozen
class SentenceReading:
    topics: tuple[Topic, ...]
    quotes: tuple[tuple[int, int], ...]  # (open, close) character spans
    clause_starts: tuple[int, ...]  # where each clause begins
    # every noun marked as the subject or topic of its clause (이, 가, 은, 는), entity or not: 합동조사반이, 피고가
    subjects: tuple[Topic, ...] = ()
    # where the clauses naming a source end (…에 따르면), and the entities the sentence names, in order: what the
    # subject rules look up for each quantity, found once per sentence
    source_ends: tuple[int, ...] = ()
    entities: tuple[Named, ...] = ()
    entity_starts: tuple[int, ...] = ()

    def after_source(self, pos: int, start: int) -> int:
        """Where the sentence goes on after the last source clause before ``pos`` (``start`` when there is none)."""
        i = bisect.bisect_right(self.source_ends, pos) - 1
        return self.source_ends[i] if i >= 0 else start

    def entities_from(self, pos: int) -> tuple[Named, ...]:
        """The named entities that start at or after ``pos``, in order."""
        return self.entities[bisect.bisect_left(self.entity_starts, pos) :]

    def quote_around(self, pos: int) -> tuple[int, int] | None:
        return next(((s, e) for s, e in self.quotes if s < pos < e), None)

    def clause_start(self, pos: int) -> int:
        return max((s for s in self.clause_starts if s <= pos), default=0)

    def topics_before(self, pos: int) -> list[Topic]:
        """The topics before ``pos``; when ``pos`` is quoted, those inside its quotation, else those outside any."""
        quote = self.quote_around(pos)
        if quote is not None:
            inside = [t for t in self.topics if quote[0] < t.mention.start < pos]
            if inside:
                return inside
        return [t for t in self.topics if t.mention.end <= pos and self.quote_around(t.mention.start) is None]


def names_entity(chain: Mention, morphs: Sequence[Morph], first: int, last: int, lexicon: Lexicon) -> bool:
    if lexicon.measure_suffixes.match_before_end(chain.text):
        return False  # 합계출산율, 실업률: what is measured, even when Kiwi calls it a name
    known = chain.text in lexicon.entity_nouns or chain.text.removesuffix(_PLURAL) in lexicon.entity_nouns  # 투자자들
    if is_proper(morphs, first, last) or known or _group_name(morphs, first, last):
        return True
    if _named_after_kind(morphs, first, last, lexicon):
        return True
    suffix = lexicon.entity_suffixes.match_before_end(chain.text)
    return suffix is not None and has_suffix(chain.text, suffix)


def _group_name(morphs: Sequence[Morph], first: int, last: int) -> bool:
    """``LG에너지솔루션``, ``SK하이닉스``, ``KB국민은행``: a few capitals glued to a Korean noun name a company
    (``GPU`` alone does not)."""
    head = morphs[first]
    shortest, longest = _GROUP_PREFIX
    return (
        first < last and head.tag == "SL" and head.form.isupper() and shortest <= len(head.form) <= longest
        and morphs[first + 1].start == head.end and morphs[first + 1].tag in ("NNG", "NNP")
    )  # fmt: skip


def _named_after_kind(morphs: Sequence[Morph], first: int, last: int, lexicon: Lexicon) -> bool:
    """``중국 전기차 업체 BYD``, ``미국 기업 GE``: a Latin name right after a noun of an entity's kind is that entity
    (``GPU`` alone is a thing)."""
    kind = morphs[first - 1] if first > 0 else None
    latin = all(m.tag == "SL" for m in morphs[first : last + 1])
    return latin and kind is not None and kind.end < morphs[first].start and kind.form in lexicon.entity_nouns


def names_attribute(noun: str, lexicon: Lexicon) -> bool:
    """``득표율``, ``연봉 총액``, ``사망자``, ``관광객``, ``지방채 발행``, ``코스피``: a noun that names what is
    measured rather than whom, by its ending (``attribute_suffixes``), as a word of money or as an act done in an
    amount."""
    words = (lexicon.attribute_suffixes, lexicon.action_measures)
    known = noun in lexicon.bare_number_measures or lexicon.names_money(noun)
    return known or any(w.match_before_end(noun) is not None for w in words)


def joined_by_of(text: str, end: int, lexicon: Lexicon, *, also: Sequence[str] = ()) -> int | None:
    """Where the noun starts after a quantity joined to it by 의 (``50㎜의 비``), also past a bound or approximation
    written after the quantity (``100㎜ 이상의 비``, ``50㎜ 안팎의 강한 비``) or a word of ``also``; None when no 의
    follows."""
    pos = end + (text[end : end + 1] == " ")
    word = (
        lexicon.bound_after.match_at(text, pos)
        or lexicon.approx_after.match_at(text, pos)
        or next((w for w in also if text.startswith(w, pos)), None)
    )
    if word is not None:
        word = word.removesuffix(_OF)  # 이상의 may be listed whole
        if text.startswith(_OF, pos + len(word)):
            end = pos + len(word)
    return end + len(_OF) if text.startswith(_OF, end) else None


def is_direction(word: str, lexicon: Lexicon) -> bool:
    """``남남서쪽``, ``부산 방면``: a word of direction, never a subject nor a measure."""
    return lexicon.direction_suffixes.match_before_end(word) is not None


def has_suffix(word: str, suffix: str) -> bool:
    """외교부 ends in 부 as a ministry does; 일부 (a part) is too short to be one."""
    return word.endswith(suffix) and len(word) >= max(len(suffix) + 1, _SHORTEST_WITH_SUFFIX if len(suffix) == 1 else 0)


def read_sentence(text: str, sentence: Sentence, lexicon: Lexicon) -> SentenceReading:
    morphs = sentence.morphs
    topics: list[Topic] = []
    subjects: list[Topic] = []
    source_ends: list[int] = []
    clause_starts = [sentence.start]
    for i, m in enumerate(morphs):
        if i > 0 and lexicon.source_verbs.match_at(m.form, 0) and morphs[i - 1].form in _LOCATIVE:
            source_ends.append(m.end)  # "…에 따르면"
        if m.tag in _CLAUSE_END_TAGS and i + 1 < len(morphs) and morphs[i + 1].form == ",":
            clause_starts.append(morphs[i + 1].end)
        if i == 0 or not m.tag.startswith("J"):
            continue
        subject = _subject_marked_at(text, morphs, i, lexicon)
        if subject is not None:
            subjects.append(subject)
        locative = m.form in _LOCATIVE and m.tag == "JKB"
        if not (locative or m.form in lexicon.topic_particles):
            continue
        if locative and i + 1 < len(morphs) and lexicon.source_verbs.match_at(morphs[i + 1].form, 0):
            continue  # "한국농수산식품유통공사에 따르면": where a figure comes from is no topic
        titled = titled_name(text, sentence, morphs, i, lexicon)  # "김모(45)씨는", "이모 씨는": a person
        if titled is not None:
            topics.append(Topic(mention=titled, entity=True, locative=False))
            continue
        quoted = _quoted_name(text, morphs, i)  # "태풍 '카눈'은": a quoted name is the topic, and names someone
        last = before_gloss(morphs, i - 1)  # "소비자물가지수(CPI)는": the noun before its bracketed gloss
        boundary = m.start if last == i - 1 else morphs[last + 1].start  # where the topic's noun must end
        sided = last == i - 1 and last > 0 and morphs[last].form in lexicon.side_words
        if sided and text[morphs[last - 1].end : morphs[last].start] == " ":
            last, boundary = last - 1, morphs[last - 1].end  # "회사 측은": the topic is whose side it is
        found = quoted or chain_ending(text, morphs, last)
        if found is None or (not quoted and found[0].end != boundary):
            continue
        chain, first = found
        last = i - 2 if quoted else last
        named = _named_by_title(text, morphs, chain, first, lexicon)  # "양현석 대표는": the person, not the role
        if named is not None:
            topics.append(Topic(mention=named, entity=True, locative=False))
            continue
        entity = bool(quoted) or names_entity(chain, morphs, first, last, lexicon)
        strong = not locative and m.form not in lexicon.weak_topic_particles  # 이 아파트는, not 이 예산이 확정되면
        entity = entity or (strong and (pointed(morphs, first, last, lexicon) or _acronym(morphs, first, last)))
        if (locative or m.form in lexicon.weak_topic_particles) and not entity and not _topical(morphs, i, lexicon):
            continue
        if chain.text in lexicon.not_measures or lexicon.not_topics.match_before_end(chain.text):
            continue  # "시 관계자는 "…"", "문제는 용수로": a speaker, a word that introduces what follows
        if entity or locative:  # "한화 이글스는", "남해안 일부 지역에는": the whole name
            phrase = phrase_ending(text, morphs, last, lexicon.phrase_stops)
            chain = phrase[0] if phrase else chain
        topics.append(Topic(mention=chain, entity=entity, locative=locative))
    entities = tuple(_named_entities(text, morphs, lexicon))
    return SentenceReading(
        topics=tuple(topics),
        quotes=_quotes(text, sentence),
        clause_starts=tuple(clause_starts),
        subjects=tuple(subjects),
        source_ends=tuple(source_ends),
        entities=entities,
        entity_starts=tuple(e.mention.start for e in entities),
    )


def _named_entities(text: str, morphs: Sequence[Morph], lexicon: Lexicon) -> Iterator[Named]:
    """The entities a sentence names, in order: quoted names (``'아이패드 에어'``) and chains of nouns that name one."""
    idx = 0
    while idx < len(morphs):
        m = morphs[idx]
        if m.tag == "SSO" and m.form in QUOTES:
            close = text.find(QUOTES[m.form], m.end, m.end + _QUOTED_NAME + 1)
            if close > m.end:
                yield Named(mention=mention(text, m.end, close), first=-1, last=-1)
        found = chain_starting(text, morphs, idx)
        if found is not None:
            noun, last = found
            if names_entity(noun, morphs, idx, last, lexicon):
                yield Named(mention=noun, first=idx, last=last)
            idx = last
        idx += 1


def _subject_marked_at(text: str, morphs: Sequence[Morph], i: int, lexicon: Lexicon) -> Topic | None:
    """The noun phrase the particle at ``morphs[i]`` marks as the subject or topic of its clause, entity or not
    (``폭탄 테러가``, ``국내총생산(GDP)이``: past its gloss)."""
    m = morphs[i]
    if m.tag not in _SUBJECT_TAGS or m.form not in lexicon.topic_particles:
        return None
    noun_end = before_gloss(morphs, i - 1)
    head = chain_ending(text, morphs, noun_end)
    glued = morphs[noun_end].end == (m.start if noun_end == i - 1 else morphs[noun_end + 1].start)
    if head is None or not glued or head[0].text in lexicon.not_measures:
        return None
    whole = phrase_ending(text, morphs, noun_end, lexicon.phrase_stops) or head
    entity = names_entity(head[0], morphs, head[1], noun_end, lexicon)
    return Topic(mention=whole[0], entity=entity, locative=False)


def _named_by_title(text: str, morphs: Sequence[Morph], chain: Mention, first: int, lexicon: Lexicon) -> Mention | None:
    """``양현석 대표``, ``김 의원``, ``안상수 후보``: a role of ``person_titles`` after a name one space before it."""
    if chain.text not in lexicon.person_titles or first < 1 or morphs[first - 1].tag not in ("NNP", "NNG"):
        return None
    name = chain_ending(text, morphs, first - 1)
    if name is None or text[name[0].end : chain.start] != " " or name[0].text in lexicon.not_measures:
        return None
    return mention(text, name[0].start, chain.end)


def _acronym(morphs: Sequence[Morph], first: int, last: int) -> bool:
    """``KIA는``, ``CATL은``: capitals made the topic name a company or a team; a topic that is what is measured
    (``GDP는 3%``) is taken as the measure first, so it is never the subject."""
    word = "".join(m.form for m in morphs[first : last + 1])
    return (
        all(m.tag == "SL" for m in morphs[first : last + 1]) and word.isupper() and 2 <= len(word) <= _LONGEST_ACRONYM
    )


def titled_name(text: str, sentence: Sentence, morphs: Sequence[Morph], i: int, lexicon: Lexicon) -> Mention | None:
    """The name before a title of ``title_words`` and the particle at ``morphs[i]``, past a bracketed note:
    ``김모(45)씨는``, ``A(52)씨는``, ``이모 씨는`` (Kiwi splits such names, so they are read on the text)."""
    title = morphs[i - 1]
    if title.form not in lexicon.title_words or title.end != morphs[i].start:
        return None
    end = title.start
    if text[end - 1 : end] == ")":
        end = text.rfind("(", sentence.start, end)
    elif text[end - 1 : end] == " ":
        end -= 1
    start = text.rfind(" ", sentence.start, end) + 1 if end > sentence.start else end
    start = max(start, sentence.start)
    return mention(text, start, end) if 0 < end - start <= _LONGEST_NAME else None


def _quoted_name(text: str, morphs: Sequence[Morph], i: int) -> tuple[Mention, int] | None:
    """The noun between quotes right before the particle at ``morphs[i]``: ``'카눈'은``."""
    if i < 3 or morphs[i - 1].tag != "SSC" or morphs[i - 1].form not in QUOTES.values():
        return None
    found = chain_ending(text, morphs, i - 2)
    if found is None or morphs[found[1] - 1].tag != "SSO" or morphs[found[1] - 1].end != found[0].start:
        return None
    return found


def pointed(morphs: Sequence[Morph], first: int, last: int, lexicon: Lexicon) -> bool:
    """``이 아파트는``, ``해당 업체는``: one noun pointed at by a demonstrative is a particular thing the sentence is
    about (not ``이 기간``, a time, nor ``이 비율``, a measure)."""
    before = morphs[first - 1] if first > 0 else None
    if before is None or before.tag != "MM" or before.form not in lexicon.demonstratives or first != last:
        return False
    noun = morphs[first].form
    measured = lexicon.measure_suffixes.match_before_end(noun) or noun in lexicon.span_nouns
    return not measured and noun not in lexicon.not_measures


def before_gloss(morphs: Sequence[Morph], idx: int) -> int:
    """The index of the morpheme before a bracketed gloss that ends at ``idx`` (``국내총생산(GDP)``), else ``idx``."""
    if idx < 1 or morphs[idx].tag != "SSC":
        return idx
    for j in range(idx - 1, max(-1, idx - _GLOSS_REACH), -1):
        if morphs[j].tag == "SSO":
            return j - 1 if j > 0 and morphs[j - 1].end == morphs[j].start else idx
    return idx


def _topical(morphs: Sequence[Morph], i: int, lexicon: Lexicon) -> bool:
    """``남부지방에는``, ``전국체전에는``: a place or event made the clause's topic by 는 after the locative 에."""
    if morphs[i].form != _TOPICAL_LOCATIVE or i + 1 >= len(morphs) or morphs[i + 1].start != morphs[i].end:
        return False  # 에서는 names where a statement comes from as often as a place (증권가에서는 … 전망한다)
    nxt = morphs[i + 1]
    return nxt.form in lexicon.topic_particles and nxt.form not in lexicon.weak_topic_particles


def _quotes(text: str, sentence: Sentence) -> tuple[tuple[int, int], ...]:
    spans = []
    pos = sentence.start
    while (m := _OPENING_QUOTE.search(text, pos, sentence.end)) is not None:
        close = text.find(QUOTES[m.group()], m.end(), sentence.end)
        if close < 0:
            pos = m.end()
            continue
        if " " in text[m.end() : close]:  # '카눈', "갤럭시S24": a quoted name is no quotation
            spans.append((m.start(), close))
        pos = close + 1
    return tuple(spans)
