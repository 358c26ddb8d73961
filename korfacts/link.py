"""Linking: what each quantity is about. Runs after recognition, on Kiwi's morphemes of the sentence.

- measure: the noun right before the quantity, past a particle and qualifier words: ``GPU 20만장`` -> GPU,
  ``예산을 10조1000억원으로`` -> 예산, ``전력도 최대 120메가와트`` -> 전력.
- subject: the noun the quantity sizes (``GPU 2500장 규모의 국가AI데이터센터``), else a possessor right before the
  measure (``SK하이닉스의 HBM``), else the topic or subject of the sentence (``광주시는``, ``정부가``).
- time: the date or period the sentence places the fact in (``2030년까지``, ``지난해``, ``5년간``).

Nouns that Kiwi splits (국가+AI+데이터+센터) come back whole: adjacent noun morphemes with no space between them
are one noun.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

from korfacts.lexicon import Lexicon
from korfacts.model import Mention, TimeRef
from korfacts.morph import Morph, Sentence

__all__ = ["Links", "link"]

_NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "SH", "XSN", "XPN", "NR"})
_TOPIC = frozenset({"는", "은", "이", "가", "께서", "에서는"})
_TOPIC_TAGS = frozenset({"JX", "JKS"})
_POSSESSIVE = "JKG"
_SKIPPED_PARTICLES = frozenset({"JX", "JKS", "JKO", "JKC", "JKG"})  # topic, subject, object, complement, possessive
_COMPARISON = frozenset({"보다", "대비", "에 비해"})  # "전년보다 3%": the base of a comparison
_MEASURE_REACH = 8  # morphemes looked at before the quantity
_QUANTITY_TAGS = frozenset({"SN", "NR", "NNB", "SW"})  # numbers, counters and unit symbols
_SIZE_WORDS = ("규모의", "규모인", "규모로", "급의", "급", "짜리")

# Relative time words and the relation of a time to the fact (까지: by, 부터: from, 간/동안: during).
_TIME_WORDS = regex.compile(
    r"(?<![가-힣])(?:[0-9]{4}년(?:\s*[0-9]{1,2}월)?(?:\s*[0-9]{1,2}일)?|[0-9]{1,2}월(?:\s*[0-9]{1,2}일)?"
    r"|지난\s*[0-9]{1,2}일|[0-9]{1,2}일|올해|지난해|내년|작년|재작년|내후년|올\s*[0-9]분기|[0-9]분기|상반기|하반기|"
    r"[0-9]+년\s*(?:간|동안)|[0-9]+개월\s*(?:간|동안))"
    r"(?P<rel>까지|부터|간|동안|이후|에)?"
)
_RELATION = {"까지": "by", "부터": "from", "이후": "from", "간": "during", "동안": "during", "에": "at"}


@attrs.frozen(kw_only=True)
class Links:
    subject: Mention | None
    measure: Mention | None
    time: TimeRef | None


def link(text: str, sentence: Sentence, start: int, end: int, lexicon: Lexicon) -> Links:
    """Subject, measure and time of the quantity written at ``text[start:end]`` in ``sentence``."""
    morphs = sentence.morphs
    measure = _measure(text, morphs, start, lexicon)
    subject = _sized_noun(text, morphs, end) or _possessor(text, morphs, measure) or _topic(text, morphs, start)
    if subject is not None and measure is not None and subject.start == measure.start:
        subject = _topic(text, morphs, measure.start)
    return Links(subject=subject, measure=measure, time=_time(text, sentence, start, end))


def _noun_chain_ending(text: str, morphs: Sequence[Morph], idx: int) -> Mention | None:
    """The noun made of the morphemes glued together that end with ``morphs[idx]`` (투표+율, 국가+AI+데이터+센터)."""
    if idx < 0 or morphs[idx].tag not in _NOUN_TAGS or morphs[idx].tag == "NR":
        return None
    if morphs[idx].tag == "XSN" and (idx == 0 or morphs[idx - 1].end != morphs[idx].start):
        return None
    first = idx
    while first > 0 and morphs[first - 1].tag in _NOUN_TAGS and morphs[first - 1].end == morphs[first].start:
        first -= 1
    while first < idx and morphs[first].tag in ("XSN", "NR"):
        first += 1
    s, e = morphs[first].start, morphs[idx].end
    return Mention(start=s, end=e, text=text[s:e])


def _noun_chain_starting(text: str, morphs: Sequence[Morph], idx: int) -> Mention | None:
    if idx >= len(morphs) or morphs[idx].tag not in _NOUN_TAGS or morphs[idx].tag in ("XSN", "NR"):
        return None
    last = idx
    while last + 1 < len(morphs) and morphs[last + 1].tag in _NOUN_TAGS and morphs[last + 1].start == morphs[last].end:
        last += 1
    s, e = morphs[idx].start, morphs[last].end
    return Mention(start=s, end=e, text=text[s:e])


def _index_before(morphs: Sequence[Morph], pos: int) -> int:
    """Index of the last morpheme that ends at or before ``pos``."""
    idx = -1
    for i, m in enumerate(morphs):
        if m.end <= pos:
            idx = i
        else:
            break
    return idx


def _measure(text: str, morphs: Sequence[Morph], start: int, lexicon: Lexicon) -> Mention | None:
    """The noun the quantity measures: the nearest noun before it, past particles (예산을 10조, 전력도 최대 120㎿),
    determiners and adverbs, time words and comparison bases (영업이익은 전년 동기보다 12.5%: 영업이익)."""
    idx = _index_before(morphs, start)
    for _ in range(_MEASURE_REACH):
        if idx < 0:
            return None
        m = morphs[idx]
        if m.tag in _SKIPPED_PARTICLES or m.tag in ("MM", "MAG"):
            idx -= 1
            continue
        if m.tag == "SSO":  # "GPU 1만5000장(최대 5만장)": a bracketed quantity measures what the one before it does
            idx -= 1
            while idx >= 0 and morphs[idx].tag in _QUANTITY_TAGS:
                idx -= 1
            continue
        if m.tag == "JKB" and m.form in _COMPARISON:
            chain = _noun_chain_ending(text, morphs, idx - 1)  # the base of the comparison is not the measure
            idx = (_chain_start_index(morphs, chain) if chain else idx) - 1
            continue
        chain = _noun_chain_ending(text, morphs, idx)
        if chain is None:
            return None
        if chain.text not in lexicon.not_measures:
            return chain
        idx = _chain_start_index(morphs, chain) - 1
    return None


def _chain_start_index(morphs: Sequence[Morph], chain: Mention) -> int:
    return next(i for i, m in enumerate(morphs) if m.start == chain.start)


def _sized_noun(text: str, morphs: Sequence[Morph], end: int) -> Mention | None:
    """``GPU 2500장 규모의 국가AI데이터센터``: the noun a size phrase modifies."""
    rest = text[end:].lstrip(" ")
    for word in _SIZE_WORDS:
        if rest.startswith(word):
            pos = end + (len(text[end:]) - len(rest)) + len(word)
            while pos < len(text) and text[pos] == " ":
                pos += 1
            idx = next((i for i, m in enumerate(morphs) if m.start >= pos), len(morphs))
            if idx < len(morphs) and morphs[idx].start == pos:
                return _noun_chain_starting(text, morphs, idx)
    return None


def _possessor(text: str, morphs: Sequence[Morph], measure: Mention | None) -> Mention | None:
    """``SK하이닉스의 HBM 생산능력``: the owner named right before the measure."""
    if measure is None:
        return None
    idx = _index_before(morphs, measure.start)
    if idx >= 0 and morphs[idx].tag == _POSSESSIVE:
        return _noun_chain_ending(text, morphs, idx - 1)
    return None


def _topic(text: str, morphs: Sequence[Morph], start: int) -> Mention | None:
    """The nearest noun marked as topic or subject (은/는/이/가) before ``start``."""
    best: Mention | None = None
    for i, m in enumerate(morphs):
        if m.end > start:
            break
        if m.tag in _TOPIC_TAGS and m.form in _TOPIC and i > 0:
            chain = _noun_chain_ending(text, morphs, i - 1)
            if chain is not None:
                best = chain
    return best


def _time(text: str, sentence: Sentence, start: int, end: int) -> TimeRef | None:
    best: TimeRef | None = None
    best_distance = None
    for m in _TIME_WORDS.finditer(text, sentence.start, sentence.end):
        if m.start() < end and start < m.end():
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end
        if best_distance is None or distance < best_distance:
            relation = _RELATION.get(m.group("rel") or "", "at")
            body_end = m.start("rel") if m.group("rel") else m.end()
            best = TimeRef(start=m.start(), end=body_end, text=text[m.start() : body_end], relation=relation)
            best_distance = distance
    return best
