"""The measure: what a quantity measures.

Looked for right before the quantity, past the particles of its noun (예산을 10조, 전력도 최대 120㎿), determiners
and adverbs, time words and the base of a comparison (영업이익은 전년 동기보다 12.5%: 영업이익). A bracketed quantity
measures what the one before it does (GPU 1만5000장(최대 5만장)). A proper noun right before a quantity names whom it
is about, not what it measures (전남 5만장). When nothing stands before, ``N의 X`` after it names the measure
(최대 1.5GW의 전력).
"""

from __future__ import annotations

from collections.abc import Sequence

from korfacts.lexicon import Lexicon
from korfacts.link.clause import SentenceReading, names_entity
from korfacts.link.nouns import chain_ending, chain_starting, index_after, index_before, is_proper
from korfacts.model import Mention
from korfacts.morph import Morph

__all__ = ["find_measure"]

_SKIPPED_PARTICLES = frozenset({"JX", "JKS", "JKO", "JKC", "JKG"})  # topic, subject, object, complement, possessive
_COMPARISON = frozenset({"보다", "대비"})  # "전년보다 3%": the base of a comparison
_REACH = 8  # morphemes looked at before the quantity
_QUANTITY_TAGS = frozenset({"SN", "NR", "NNB", "SW"})  # numbers, counters and unit symbols
_OF = "의"
_FROM = frozenset({"에서", "부터"})


def find_measure(
    text: str, morphs: Sequence[Morph], reading: SentenceReading, span: tuple[int, int], lexicon: Lexicon
) -> Mention | None:
    start, end = span
    return _before(text, morphs, start, lexicon) or _after(text, morphs, end) or _topic(reading, start)


def _topic(reading: SentenceReading, start: int) -> Mention | None:
    """``판매량은 8만4120대로 작년 같은 달보다 12% 늘었다``: the clause's topic, when it names no entity, is what
    a quantity further on measures."""
    clause = reading.clause_start(start)
    topics = reading.topics_before(start)
    return next((t.mention for t in reversed(topics) if t.mention.start >= clause and not t.entity), None)


def _before(text: str, morphs: Sequence[Morph], start: int, lexicon: Lexicon) -> Mention | None:
    idx = index_before(morphs, start)
    particle = False
    for _ in range(_REACH):
        if idx < 0:
            return None
        m = morphs[idx]
        if m.tag in _SKIPPED_PARTICLES or m.tag in ("MM", "MAG"):
            particle = particle or m.tag.startswith("J")
            idx -= 1
            continue
        if m.tag == "JKB" and m.form in _COMPARISON:
            found = chain_ending(text, morphs, idx - 1)  # the base of the comparison is not the measure
            idx = (found[1] if found else idx) - 1
            continue
        if m.tag == "SSO" or (m.tag == "JKB" and m.form in _FROM):
            # "GPU 1만5000장(최대 5만장)", "기준금리를 연 3.50%에서 3.25%로": the quantity before measures the same
            idx -= 1
            while idx >= 0 and morphs[idx].tag in _QUANTITY_TAGS:
                idx -= 1
            continue
        if lexicon.per_suffixes.match_at(m.form, 0) == m.form:  # "3.3㎡당", "포기당": past the rate's unit
            idx -= 1
            while idx >= 0 and morphs[idx].tag in _QUANTITY_TAGS | {"SL"}:
                idx -= 1
            unit = chain_ending(text, morphs, idx) if idx >= 0 and morphs[idx].end == m.start else None
            idx = unit[1] - 1 if unit else idx
            continue
        found = chain_ending(text, morphs, idx)
        if found is None:
            return None
        chain, first = found
        if chain.text in lexicon.not_measures:
            idx = first - 1
            continue
        if not particle and is_proper(morphs, first, idx) and chain.text not in lexicon.bare_number_measures:
            return None  # "전남 5만장": the proper noun is the subject
        if particle and names_entity(chain, morphs, first, idx, lexicon):
            return None  # "시는 10조원을": the entity is the subject; what it spends is unsaid
        return chain
    return None


def _after(text: str, morphs: Sequence[Morph], end: int) -> Mention | None:
    """``50㎜의 비``, ``1.5GW의 전력``: the noun a quantity is the amount of."""
    if not text.startswith(_OF, end):
        return None
    found = chain_starting(text, morphs, index_after(morphs, end + len(_OF)))
    if found is None or text[end + len(_OF) : found[0].start].strip():
        return None
    return found[0]
