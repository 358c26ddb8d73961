"""The subject: whom or what a quantity is about.

In order of preference:

1. the noun a size phrase modifies: ``GPU 2500장 규모의 국가AI데이터센터``, ``6000억원 규모의 '실증밸리' 사업``;
2. the owner of the measure: ``SK하이닉스의 HBM 생산능력``;
3. the nouns before the measure in the same noun phrase: ``컴퓨팅센터 초기 GPU 1만5000장``, ``국가 GPU 20만장``;
4. a proper noun right before the quantity: ``전남 5만장``;
5. the topic or subject of the clause (``광주시는``, ``정부가``, ``정부도``), looked for inside a quotation first when
   the quantity is quoted. A noun marked only by 이/가/도 counts when it names an entity (a proper noun, 정부, a word
   ending in 시/부/공사 …), so that ``공급이 가능하다`` does not make 공급 a subject.

``sentence_topic`` gives the topic a sentence sets for the ones after it (see korfacts.link.Linker).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from korfacts.lexicon import Lexicon
from korfacts.link.nouns import chain_ending, chain_starting, index_after, index_before, is_proper, mention
from korfacts.model import Mention
from korfacts.morph import Morph, Sentence

__all__ = ["find_subject", "piece_topic"]

_POSSESSIVE = "JKG"
_QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'", "「": "」", "『": "』"}
_NP_REACH = 4  # nouns looked at before the measure
_TOPIC_REACH = 6  # words of a sentence looked at for the topic it sets
_WORD = regex.compile(r"\S+")
_ENDS_LIKE_A_SENTENCE = regex.compile(r"[다요까죠][.!?\"'”’]*\s*$")


def find_subject(
    text: str, sentence: Sentence, start: int, end: int, measure: Mention | None, lexicon: Lexicon
) -> Mention | None:
    morphs = sentence.morphs
    before = measure if measure is not None and measure.end <= start else None  # "1.5GW의 전력": measure after
    found = (
        _sized_noun(text, morphs, end, lexicon)
        or _owner(text, morphs, before)
        or _noun_phrase_before(text, morphs, before, lexicon)
        or _proper_noun_before(text, morphs, start, measure)
        or _clause_topic(text, sentence, start, measure, lexicon)
    )
    if found is not None and measure is not None and found.start == measure.start:
        return None
    return found


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
    if pos < len(text) and text[pos] in _QUOTES:  # a quoted name: take it whole
        close = text.find(_QUOTES[text[pos]], pos + 1)
        if 0 < close - pos <= 40:
            return mention(text, pos + 1, close)
    found = chain_starting(text, morphs, index_after(morphs, pos))
    return found[0] if found is not None and found[0].start == pos else None


def _owner(text: str, morphs: Sequence[Morph], measure: Mention | None) -> Mention | None:
    """``SK하이닉스의 HBM 생산능력``: the owner named before the measure's noun phrase."""
    if measure is None:
        return None
    idx = index_before(morphs, measure.start)
    for _ in range(_NP_REACH):  # past the other nouns of the phrase: "SK하이닉스의 HBM 생산능력"
        if idx < 0:
            return None
        if morphs[idx].tag == _POSSESSIVE:
            found = chain_ending(text, morphs, idx - 1)
            return found[0] if found else None
        found = chain_ending(text, morphs, idx)
        if found is None:
            return None
        idx = found[1] - 1
    return None


def _noun_phrase_before(
    text: str, morphs: Sequence[Morph], measure: Mention | None, lexicon: Lexicon
) -> Mention | None:
    """``전남에 설치되는 컴퓨팅센터 초기 GPU``, ``국가 GPU``: an entity in front of the measure, in the same noun
    phrase (only spaces and other nouns between). ``AI 분야 예산`` names no entity: the subject is the clause's."""
    if measure is None:
        return None
    idx = index_before(morphs, measure.start)
    right = measure.start
    for _ in range(_NP_REACH):
        found = chain_ending(text, morphs, idx)
        if found is None or text[found[0].end : right].strip():
            return None  # not a noun, or cut by punctuation (원/달러 환율)
        chain, first = found
        if first > 0 and morphs[first - 1].tag in ("SN", "NR") and morphs[first - 1].end == morphs[first].start:
            return None  # "3분기 매출": a noun glued to a number is a date or a count, not an entity
        if _names_entity(chain, morphs, first, idx, lexicon):
            return chain
        idx, right = first - 1, chain.start
    return None


def _proper_noun_before(text: str, morphs: Sequence[Morph], start: int, measure: Mention | None) -> Mention | None:
    """``…전남 5만장``: a headline names the subject right before the number."""
    if measure is not None:
        return None
    idx = index_before(morphs, start)
    found = chain_ending(text, morphs, idx)
    if found is None or not is_proper(morphs, found[1], idx):
        return None
    return found[0]


def _clause_topic(
    text: str, sentence: Sentence, start: int, measure: Mention | None, lexicon: Lexicon
) -> Mention | None:
    """The nearest noun marked as topic or subject before the quantity; inside its quotation first."""
    morphs = sentence.morphs
    quote_start = _open_quote_before(text, sentence, start)
    candidates = [c for c in _topics(text, morphs, start, lexicon) if measure is None or c.start != measure.start]
    if quote_start is not None:
        inside = [c for c in candidates if c.start > quote_start]
        if inside:
            return inside[-1]
        candidates = [c for c in candidates if c.start < quote_start]
    strong = [c for c in candidates if c.text not in lexicon.not_measures]
    return strong[-1] if strong else None


def _topics(text: str, morphs: Sequence[Morph], before: int, lexicon: Lexicon) -> list[Mention]:
    out = []
    for i, m in enumerate(morphs):
        if m.end > before:
            break
        if not (m.tag.startswith("J") and m.form in lexicon.topic_particles) or i == 0:
            continue
        found = chain_ending(text, morphs, i - 1)
        if found is None or found[0].end != m.start:
            continue
        chain, first = found
        if m.form in lexicon.weak_topic_particles and not _names_entity(chain, morphs, first, i - 1, lexicon):
            continue
        out.append(chain)
    return out


def _names_entity(chain: Mention, morphs: Sequence[Morph], first: int, last: int, lexicon: Lexicon) -> bool:
    if is_proper(morphs, first, last) or chain.text in lexicon.entity_nouns:
        return True
    suffixes = lexicon.entity_suffixes.words
    return any(chain.text.endswith(suffix) and len(chain.text) > len(suffix) for suffix in suffixes)


def _open_quote_before(text: str, sentence: Sentence, pos: int) -> int | None:
    """Where the quotation that holds ``pos`` opens, if ``pos`` is quoted."""
    depth_start = None
    i = sentence.start
    open_char = ""
    while i < pos:
        ch = text[i]
        if depth_start is None and ch in _QUOTES:
            depth_start, open_char = i, ch
        elif depth_start is not None and ch == _QUOTES[open_char]:
            depth_start = None
        i += 1
    return depth_start


def piece_topic(text: str, start: int, end: int, lexicon: Lexicon) -> Mention | None:
    """The topic a sentence sets for the ones after it: its first entity marked with 은/는 (광주시는 …), or a
    headline's ``광주,``. Read on the text alone, so that it is the same whether or not Kiwi saw the sentence."""
    headline = not _ENDS_LIKE_A_SENTENCE.search(text, start, end)
    quote_open: str | None = None
    for n, word in enumerate(_WORD.finditer(text, start, end)):
        if n >= _TOPIC_REACH:
            break
        token = word.group()
        if quote_open is None and token[0] in _QUOTES and _QUOTES[token[0]] not in token[1:]:
            quote_open = _QUOTES[token[0]]
            continue
        if quote_open is not None:
            if quote_open in token:
                quote_open = None
            continue
        stem = _topic_stem(token, lexicon, headline)
        if stem is not None and _names_entity_text(stem, lexicon):
            s = word.start() + token.index(stem)
            return mention(text, s, s + len(stem))
    return None


def _topic_stem(token: str, lexicon: Lexicon, headline: bool) -> str | None:
    token = token.strip("\"'“”‘’()[]")
    if headline and token[-1:] in lexicon.headline_topic_marks.words and len(token) > 1:
        return token[:-1]
    for particle in lexicon.topic_particles.words:
        if particle not in lexicon.weak_topic_particles and token.endswith(particle) and len(token) > len(particle):
            return token[: -len(particle)]
    return None


def _names_entity_text(stem: str, lexicon: Lexicon) -> bool:
    """An entity by its spelling: a known actor (정부), an ending (광주시, 삼성전자) or a Latin name (SK하이닉스)."""
    if stem in lexicon.entity_nouns or any(ch.isascii() and ch.isalpha() for ch in stem):
        return True
    return any(stem.endswith(suffix) and len(stem) > len(suffix) for suffix in lexicon.entity_suffixes.words)
