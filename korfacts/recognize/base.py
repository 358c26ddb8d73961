"""What the recognizers share: the private Draft they refine and the Context of the sentence they read.

A Draft is a quantity being built. Each recognizer stage takes the sentence's drafts and returns new ones
(``attrs.evolve``, never mutation) and appends the name of every rule that changed a draft to ``rules``, which
``Extractor.explain()`` prints.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from decimal import Decimal

import attrs
import regex

from korfacts.lexicon import Lexicon
from korfacts.morph import Morph, Sentence
from korfacts.numerals import NumeralReader
from korfacts.units import UnitDef, UnitRegistry

__all__ = ["NON_QUANTITY_DIMENSIONS", "QUOTE_PAIRS", "Context", "Denominator", "Draft", "enclosing_brackets"]

WORD_SEPARATORS = "([{'\"‘“「『<~∼〜～-–—·ㆍ/,…"
# A word (for Context.word_before): no white space (str.isspace: \s and the separators \x1c-\x1f) and no separator.
_WORD = regex.compile(rf"[^\s\x1c-\x1f{regex.escape(WORD_SEPARATORS)}]+")
_SPACES = regex.compile(r" +")

# Opening quotes and their closers: titles ('검은 파도 2'), quoted money words ('빚투' 18조).
QUOTE_PAIRS = {"'": "'", "‘": "’", '"': '"', "“": "”", "「": "」", "『": "』", "《": "》", "〈": "〉"}

_BRACKET_REACH = 20  # characters of a bracketed note on each side of a number: (본명 박재상·35)

# Dimensions of recognized non-quantities: reported only on request, never counts.
NON_QUANTITY_DIMENSIONS = frozenset({"date", "time", "ordinal"})


@attrs.frozen(kw_only=True)
class Denominator:
    """What a rate is counted per, as written: ``3.3㎡당`` (3.3 m2), ``가구당`` (1 가구), ``하루`` (1 day)."""

    start: int
    end: int
    value: Decimal
    unit: str | None


@attrs.frozen(kw_only=True)
class Draft:
    """A quantity being recognized (private; ``Extractor`` turns the final drafts into public Facts).

    ``start``/``end`` bound the whole expression as reported (prefix qualifiers such as 최대 included);
    ``num_start``/``num_end`` bound the number and its unit alone, which later stages look around.
    """

    start: int
    end: int
    num_start: int
    num_end: int
    value: Decimal | None
    unit: UnitDef | None
    dimension: str
    low: Decimal | None = None
    high: Decimal | None = None
    approx: bool = False
    bound: str | None = None
    inclusive: bool | None = None
    change: str | None = None
    unit_start: int | None = None  # where the unit's surface starts, when it is written after the number
    numeral_kind: str = "digits"
    scale: Decimal | None = None
    per: Denominator | None = None
    rules: tuple[str, ...] = ()

    def with_rule(self, rule: str, **changes: object) -> Draft:
        return attrs.evolve(self, rules=(*self.rules, rule), **changes)  # type: ignore[arg-type]

    @property
    def is_quantity(self) -> bool:
        return self.dimension not in NON_QUANTITY_DIMENSIONS


@attrs.frozen(kw_only=True)
class Context:
    """One sentence of the original text, with everything a recognizer may consult."""

    text: str
    sentence: Sentence
    registry: UnitRegistry
    lexicon: Lexicon
    reader: NumeralReader
    glued_prefixes: frozenset[str]  # see recognize.nonquantity.glued_prefixes
    # False for parse(): the text is known to be one quantity, so a lone Hangul numeral ("삼십삼") or a bare
    # integer is read as a number; in running text (True) they need a unit or a telling context.
    strict: bool = True
    # For explain(): where a stage notes each draft it drops, with the rule that dropped it.
    dropped: list[tuple[Draft, str]] | None = None
    # Where the words and the runs of spaces of the sentence start and end, found once for word_before.
    _words: tuple[tuple[int, ...], tuple[int, ...]] = attrs.field(init=False, eq=False, repr=False)
    _spaces: tuple[tuple[int, ...], tuple[int, ...]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        start, end = self.sentence.start, self.sentence.end
        object.__setattr__(self, "_words", _runs(_WORD, self.text, start, end))
        object.__setattr__(self, "_spaces", _runs(_SPACES, self.text, start, end))

    def drop(self, draft: Draft, rule: str) -> None:
        """Note that ``rule`` dropped ``draft`` (kept only when explaining)."""
        if self.dropped is not None:
            self.dropped.append((draft, rule))

    @property
    def morphs(self) -> Sequence[Morph]:
        return self.sentence.morphs

    def morph_at(self, pos: int) -> Morph | None:
        """The morpheme covering character ``pos``, if any."""
        return self.sentence.morph_at(pos)

    def is_boundary(self, pos: int) -> bool:
        """True when ``pos`` is not inside a Kiwi morpheme (a unit must end at a morpheme boundary)."""
        m = self.morph_at(pos)
        return m is None or m.start == pos or m.end - m.start == 0

    def skip_spaces(self, pos: int, limit: int = 1) -> int:
        n = 0
        while pos < self.sentence.end and self.text[pos] == " " and n < limit:
            pos += 1
            n += 1
        return pos

    def word_before(self, pos: int) -> tuple[int, int]:
        """The span of the word that ends right before ``pos`` (past spaces); an opening bracket, a quote, a dash or
        a comma ends a word too (``(최대 5만장)``, ``영하 10~영하 5도``). Costs the same however long the word is."""
        if pos > self.sentence.end:  # past the sentence, where the runs were not found: walk
            end = pos
            while end > self.sentence.start and self.text[end - 1] == " ":
                end -= 1
            start = end
            while (
                start > self.sentence.start
                and not self.text[start - 1].isspace()
                and self.text[start - 1] not in WORD_SEPARATORS
            ):
                start -= 1
            return start, end
        end = _run_start(self._spaces, pos - 1, pos)
        return _run_start(self._words, end - 1, end), end


def _runs(pattern: regex.Pattern[str], text: str, start: int, end: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The starts and the ends of the matches of ``pattern`` in ``text[start:end]``."""
    spans = [m.span() for m in pattern.finditer(text, start, end)]
    return tuple(s for s, _ in spans), tuple(e for _, e in spans)


def _run_start(runs: tuple[tuple[int, ...], tuple[int, ...]], pos: int, default: int) -> int:
    """The start of the run that holds character ``pos``, or ``default`` when none does."""
    starts, ends = runs
    i = bisect.bisect_right(starts, pos) - 1
    return starts[i] if i >= 0 and pos < ends[i] else default


def enclosing_brackets(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the round brackets around ``text[start:end]`` open and close (``김모(33)씨``, ``싸이(35·본명 박재상)``),
    when they are near and no other bracket stands between; None otherwise."""
    opening = text.rfind("(", max(0, start - _BRACKET_REACH), start)
    closing = text.find(")", end, end + _BRACKET_REACH)
    if opening < 0 or closing < 0 or ")" in text[opening:start] or "(" in text[end:closing]:
        return None
    return opening, closing
