"""Before Kiwi: split a document into sentence-like pieces and skip the ones that cannot hold a quantity.

Kiwi's analysis is the larger part of what extract() costs, and about half of the sentences of the news hold no number
at all; many others hold only dates (``23일 밝혔다``) or ranks (``1위``). So the Extractor
cuts a document at sentence ends with one regular expression, and gives Kiwi only the pieces where this module finds
a possible quantity:

- digits, unless every run of them is followed by a word that makes it a date or a rank (``3월`` but not after a
  penalty word, ``징역 10월``; ``23일`` with no
  duration word after it nor a span noun before it, ``2030년``, ``3분기``, ``1위``, ``제22대``; but a floor may count
  storeys, ``9층짜리``, ``7층 건물``, ``최고 49층``, ``지하 3층~지상 35층``, and a marker that is also a particle is
  left to Kiwi, ``5가``);
- a Hangul numeral at the start of a word: two syllables or more (``삼십``, ``스물다섯``, ``수백억``), or one syllable
  followed by a unit or counter (``두 명``, ``한 개``), or a native one other than ``한`` before a word (``두 후보``);
- a duration word (``사흘``), a sign word (``마이너스``) or the fraction marker (``분의``).

It never drops a piece that would give a fact: it may keep pieces that give none. A test runs the corpora with and
without it and requires identical facts. The pieces are the same with or without it, so Kiwi sees the same text.
A new recognizer that reads something other than the above must add its trigger here, or that test fails.

A piece is at most ``MAX_PIECE`` characters long: a longer one (a number table with no sentence end, a text with no
space) is cut at its last clause break, else its last space, else before its last number, else between two
characters, before the bound. What a piece costs the stages after is then bounded, and a text of any length is read
in time linear in its length. No sentence of the news corpus comes near the bound (the longest has 423 characters),
so real text is never cut.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

import regex

from korfacts.lexicon import Lexicon, WordList
from korfacts.numerals import MAX_NUMERAL_LENGTH, NumeralReader, is_hangul, is_latin
from korfacts.recognize.base import WORD_SEPARATORS
from korfacts.recognize.duration import CLOCK_BEFORE, CLOCK_UNITS, DATE_DAY, after_penalty, elapsed
from korfacts.recognize.nonquantity import in_storey_pair
from korfacts.units import ORDINAL, UnitRegistry, may_glue

__all__ = ["MAX_PIECE", "Prefilter", "split_pieces"]

# The longest piece, in characters: more than twice the longest sentence of the news corpus (423 characters).
MAX_PIECE = 1000

# A piece ends after sentence-final punctuation (and closing quotes or brackets) followed by space, or at a newline.
_PIECE_END = regex.compile(r"""[.!?。…]+["'”’」』)\]]*(?=\s)|\n+""")
# Where a piece too long is cut, best first; each is searched from the bound backwards ((?r)), over the second half of
# the piece only, so that no piece is shorter than half the bound.
_CUTS = (
    regex.compile(r"(?r)(?<=[,;，；、])(?=\s)"),  # after a clause break: "서울 123명, 부산 45명, …"
    regex.compile(r"(?r)(?=\s)"),  # before a space
    regex.compile(r"(?r)(?<![0-9０-９.,:~∼/\-])(?=[0-9０-９])"),  # before a number: "3명3명3명"
)
# Characters that continue the one before them, where no cut is made: combining marks, joiners, Hangul vowel and
# final jamo, skin tones, the second half of a surrogate pair.
_CONTINUING = regex.compile(r"[\p{M}\u200c\u200d\u1160-\u11ff\ud7b0-\ud7ff\U0001f3fb-\U0001f3ff\udc00-\udfff]")
_CONTINUING_REACH = 16  # characters a cut moves back past continuing ones, at most


def split_pieces(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the sentence-like pieces of ``text``, covering all of it but blank runs; none is longer than
    ``MAX_PIECE`` characters."""
    start = 0
    for m in _PIECE_END.finditer(text):
        end = m.end()
        yield from _bounded(text, start, end)
        start = end
    yield from _bounded(text, start, len(text))


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``MAX_PIECE`` characters (one piece when it is that short), blank
    ones left out."""
    while end - start > MAX_PIECE:
        cut = _cut(text, start + MAX_PIECE // 2, start + MAX_PIECE)
        if text[start:cut].strip():
            yield start, cut
        start = cut
    if text[start:end].strip():
        yield start, end


def _cut(text: str, low: int, limit: int) -> int:
    """The best place to cut ``text`` in ``(low, limit]`` (see ``_CUTS``); else ``limit``, moved back before the
    characters that continue the one before them."""
    for pattern in _CUTS:
        m = pattern.search(text, low + 1, limit)
        if m is not None:
            return m.start()
    cut = limit
    while cut > limit - _CONTINUING_REACH and (_CONTINUING.match(text, cut) or text[cut - 1] == "\u200d"):
        cut -= 1
    return cut if cut > limit - _CONTINUING_REACH else limit


def _alt(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


class Prefilter:
    """Decides whether a piece of text may hold a quantity (see the module docstring)."""

    def __init__(self, registry: UnitRegistry, lexicon: Lexicon, reader: NumeralReader, glued: frozenset[str]) -> None:
        self._registry = registry
        self._lexicon = lexicon
        self._reader = reader
        self._digits = regex.compile(r"[0-9０-９]+")
        words = [
            *registry.sino_digits, *registry.scales, *registry.native_numerals, *registry.native_ranges,
            *registry.decimal_points,
        ]  # fmt: skip
        vague = regex.escape(registry.vague_prefix) + "?" if registry.vague_prefix else ""
        self._word_numeral = regex.compile(rf"(?<![가-힣0-9０-９]){vague}(?:{_alt(words)})+")
        self._always = regex.compile(
            _alt(
                [*registry.duration_words, *registry.fraction_words, *registry.sign_prefixes, registry.fraction_marker]
            )
        )
        self._glued_prefixes = glued  # recognize.nonquantity.glued_prefixes
        self._longest_glued = max(map(len, glued), default=0)

    def may_hold_quantity(self, text: str) -> bool:
        """False only when no quantity can be read in ``text``."""
        return self._digits_may_count(text) or self._words_may_count(text) or bool(self._always.search(text))

    def _digits_may_count(self, text: str) -> bool:
        # where the first span noun ends (잠복기는 2~14일): the days after it may be a span
        nouns = self._lexicon.span_nouns.words
        span_noun_end = min((at + len(noun) for noun in nouns if (at := text.find(noun)) >= 0), default=len(text) + 1)
        for m in self._digits.finditer(text):
            start, end = m.span()
            if (start > 0 and text[start - 1] in _JOINERS) or text[end : end + 1] in _JOINERS:
                return True  # part of a range, a decimal or a list: look closer
            if self._lexicon.ordinal_prefixes.match_before(text, start):
                continue  # 제22대
            if self._name(text, start) or self._clock(text, end) or self._bare_year(text, start, end):
                continue
            if not self._date_or_rank(text, start, end, span_noun_end):
                return True
        return False

    def _name(self, text: str, start: int) -> bool:
        """Digits glued to a word are part of a name (코로나19, 아이폰4, SM5), as numerals and
        recognize.nonquantity read them; 총3명, 약300명 and US$3 are not names."""
        if start == 0:
            return False
        before = text[start - 1]
        if is_latin(before) or (before == "-" and start > 1 and is_latin(text[start - 2])):
            return self._registry.match_prefix_before(text, start) is None
        if not is_hangul(before):
            return False
        # Back to the start of the word, but no further than one character more than the longest glued prefix: a
        # longer word is none of them either way (and "가1가1가1…" costs the same for every digit).
        floor = max(0, start - self._longest_glued - 1)
        word_start = start
        while word_start > floor and not text[word_start - 1].isspace() and text[word_start - 1] not in WORD_SEPARATORS:
            word_start -= 1
        return text[word_start:start] not in self._glued_prefixes

    @staticmethod
    def _clock(text: str, end: int) -> bool:
        """``2시``: an hour of the clock (시간 is a duration)."""
        return text.startswith(_HOUR, end) and not text.startswith(_HOURS, end)

    def _bare_year(self, text: str, start: int, end: int) -> bool:
        """``1909와의 경기``: four digits of a year with no unit are left out as a year (recognize.nonquantity)."""
        if end - start != 4 or not 1900 <= int(text[start:end]) <= 2100 or self._registry.match_surface(text, end):
            return False
        if end < len(text) and is_hangul(text[end]):
            scaled = any(text.startswith(w, end) for w in self._registry.scales)  # 2000만원
            infix = self._lexicon.approx_infix.match_at(text, end)  # 2000여명
            if scaled or infix or not self._lexicon.particles.match_at(text, end):
                return False
        word_end = start
        while word_end > 0 and text[word_end - 1] == " ":
            word_end -= 1
        return self._lexicon.bare_number_measures.match_before(text, word_end) is None

    def _date_or_rank(self, text: str, start: int, end: int, span_noun_end: int) -> bool:
        """``3월``, ``23일`` (no duration word after it), ``2030년``, ``1위``, ``3분기``: never a quantity. The same
        readings as recognize.duration and the ordinal markers of units.yaml, on the text alone."""
        # Only the value of a short run matters (a month, a day, a year); a long one is no date (nor is it read).
        value = int("".join(str(unicodedata.digit(ch)) for ch in text[start:end])) if end - start <= 4 else 10**4
        if text.startswith(_MONTH, end) and value <= 12:
            return not after_penalty(text, 0, start, self._lexicon)  # 징역 10월: ten months
        matches = self._registry.match_surface(text, end)
        if not matches:
            return False
        longest = matches[0]
        if all(d.kind == ORDINAL for d in longest.defs) and not self._lexicon.particles.match_at(text, end):
            after = longest.end + (text[longest.end : longest.end + 1] == " ")
            lex = self._lexicon
            size_word = lex.size_words.match_at(text, after) or lex.storeyed_nouns.match_at(text, after)
            height = self._lexicon.max_before.match_before(text, start - 1) if text[start - 1 : start] == " " else None
            counted = longest.defs[0].id in self._registry.counted_before_size
            paired = in_storey_pair(text, start, longest.end, lex.storey_pair.words, lex.max_before.words)
            return not (counted and (size_word or height or paired))  # 9층짜리, 최고 49층, 지하 3층~지상 35층
        unit = longest.defs[0].id
        after = end + len(text[longest.start : longest.end])
        while after < len(text) and text[after] == " ":
            after += 1
        if longest.defs[0].dimension == "duration":
            if unit in CLOCK_UNITS and CLOCK_BEFORE.search(text[max(0, start - 8) : start]):
                return True  # 오후 2시 30분: a clock time
            relative = self._lexicon.relative_after.match_at(text, after)
            if relative and not elapsed(unit, relative) and self._word_ends(text, after + len(relative)):
                return True  # 30년 전에: a point in time (1분 뒤 is the time elapsed)
        spans_time = self._lexicon.duration_after.match_at(text, after) is not None
        if unit == _DAY and value <= 31 and not spans_time and text[longest.start : longest.end] == DATE_DAY:
            # a span noun before it (잠복기는 2~14일) or the base of a comparison right before it (평년보다 12일 이른)
            # may make the days a span, as recognize.duration reads
            compared = _ends_with(self._lexicon.comparison_after, text, start)
            return not compared and span_noun_end > start
        return unit == _YEAR and end - start == 4 and 1000 <= value <= 2999 and not spans_time

    def _word_ends(self, text: str, pos: int) -> bool:
        return pos >= len(text) or not is_hangul(text[pos]) or self._lexicon.particles.match_at(text, pos) is not None

    def _words_may_count(self, text: str) -> bool:
        for m in self._word_numeral.finditer(text):
            # Kiwi may end the numeral before the regex does (하나이다: 하나 + the copula), so every prefix counts, up
            # to the longest numeral numerals.NumeralReader reads.
            for end in range(min(m.end(), m.start() + MAX_NUMERAL_LENGTH), m.start(), -1):
                if self._word_may_count(text, m.start(), end):
                    return True
        return False

    def _word_may_count(self, text: str, start: int, end: int) -> bool:
        """The rules of numerals.NumeralReader.scan and recognize.quantity for a Hangul numeral, on the text alone."""
        registry, word = self._registry, text[start:end]
        if len(word) >= 2:
            prefix = registry.vague_prefix
            vague = bool(prefix) and word.startswith(prefix) and self._all_scales(word[len(prefix) :])
            if not vague and not self._reader.digit_scale_ok(text, word, end):
                return False  # 조사, 구조 (as numerals.NumeralReader reads them)
            # 삼십, 스물다섯, 두세, 수백억; but 사이 (4 2) and 공사 (0 4) are no numerals
            return self._reader.value_of(word) is not None or word in registry.native_ranges or vague
        if word in registry.sino_lookalikes or word in registry.decimal_points:
            return False  # 이번, 이 사업: the determiner 이 is never read as two; 점점
        afters = [(end, False)]  # where a unit may start: right after the word, or after the approximate 여
        infix_at = end + (text[end : end + 1] == " ")
        infix = self._lexicon.approx_infix.match_at(text, infix_at)  # 천여 명, 천 여 명 (Kiwi may still say no)
        if infix:
            afters.append((infix_at + len(infix), True))
        for after, infixed in afters:
            spaced = text[after : after + 1] == " "
            units = registry.match_surface(text, after + spaced)
            if units and (spaced or infixed or may_glue(registry, word, text[units[0].start : units[0].end])):
                return True  # 두 명, 한 개, 삼 년, 천여 명, 두개, 만원; not 사건, 한편, 경기
        if word in registry.native_determiners:  # 두 후보: it counts the noun; 한 시민 is "a citizen"
            spaced = text[end : end + 1] == " "
            return word not in registry.indefinite_determiners and spaced and is_hangul(text[end + 1 : end + 2])
        if word in registry.native_numerals:
            # 셋, 넷, 열 stand alone before a space, a mark or a particle; 열린 is a verb
            return end >= len(text) or not is_hangul(text[end]) or bool(self._lexicon.particles.match_at(text, end))
        return False

    def _all_scales(self, text: str) -> bool:
        while text:
            word = next((w for w in self._registry.scales if text.startswith(w)), None)
            if word is None:
                return False
            text = text[len(word) :]
        return True


def _ends_with(words: WordList, text: str, end: int) -> bool:
    """``text[:end]``, spaces at its end left out, ends with one of ``words`` (without copying ``text[:end]``)."""
    while end > 0 and text[end - 1] == " ":
        end -= 1
    longest = len(words.words[0]) if words.words else 0
    return words.match_before_end(text[max(0, end - longest) : end]) is not None


_JOINERS = "-~∼〜～.,:/·"
_HOUR, _HOURS = "시", "시간"
_MONTH = "월"
_DAY, _YEAR = "day", "year"
