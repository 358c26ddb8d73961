"""The Extractor: holds the vocabulary and the analyzer, and runs the stages in order.

text -> sentences + morphemes (morph) -> numerals x units (recognize.quantity) -> ranges -> durations/dates
     -> implied currency (money) -> rates -> non-quantities (nonquantity) -> qualifiers -> links -> Fact
"""

from __future__ import annotations

import datetime as dt
import decimal
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, localcontext
from typing import overload

from korfacts.lexicon import Lexicon
from korfacts.link import Linker, Stretch
from korfacts.link.time import iso_period
from korfacts.model import Fact, Mention, Per, Quantity, Span
from korfacts.morph import Analyzer, Morph, Sentence, UserWord
from korfacts.numerals import NumeralReader
from korfacts.prefilter import MAX_PIECE, Prefilter, split_pieces
from korfacts.recognize import duration, money, nonquantity, prefixes, qualifiers, quantity, ranges, rates
from korfacts.recognize.base import Context, Draft
from korfacts.recognize.nonquantity import glued_prefixes
from korfacts.units import UnitRegistry

__all__ = ["Extractor", "default_extractor"]

Stage = Callable[[Context, list[Draft]], list[Draft]]

# The recognizer stages after numeral x unit, in the order they run.
STAGES: tuple[tuple[str, Stage], ...] = (
    ("duration compounds", duration.compounds),
    ("ranges", ranges.recognize),
    ("prefixes", prefixes.recognize),
    ("duration", duration.recognize),
    ("money", money.recognize),
    ("rates", rates.recognize),
    ("nonquantity", nonquantity.recognize),
    ("qualifiers", qualifiers.recognize),
)

# The arithmetic of the recognizers (20~30만, 2년 6개월, 1달러 20센트): wide enough that sums and products of numerals
# of at most numerals.MAX_DIGITS significant digits, scaled up to 경, are exact.
_ARITHMETIC = decimal.Context(prec=100)
# A value reported is exact; a base value is a conversion whose factor is itself rounded (km/h to m/s: 0.277777777778),
# so it is given to this many significant digits.
_BASE_DIGITS = 15


class Extractor:
    """Finds numeric facts in Korean text.

    ``units`` is an optional path to a units file (the schema of data/units.yaml) whose entries are added to the
    bundled ones or replace them. ``include_non_quantities`` also reports dates, clock times and ordinals (with
    dimension ``date``, ``time`` or ``ordinal``); by default only quantities are reported. ``prefilter=False``
    gives every sentence to Kiwi, even those that cannot hold a quantity: slower, and the same facts. The prefilter
    skips dates and ranks too, so it is off when ``include_non_quantities`` is on.
    """

    def __init__(
        self,
        units: str | os.PathLike[str] | None = None,
        *,
        include_non_quantities: bool = False,
        prefilter: bool = True,
    ) -> None:
        self._units = None if units is None else os.fspath(units)
        self.registry = UnitRegistry.load(units)
        self.lexicon = Lexicon.load()
        self.reader = NumeralReader(self.registry, self.lexicon.approx_infix.words)
        self.prefilter = prefilter and not include_non_quantities
        self._glued_prefixes = glued_prefixes(self.registry, self.lexicon)
        self._prefilter = Prefilter(self.registry, self.lexicon, self.reader, self._glued_prefixes)
        self.linker = Linker(self.lexicon)
        proper = [UserWord(form=w, tag="NNP") for w in self.lexicon.user_proper_nouns.words]
        self.analyzer = Analyzer([*(UserWord(form=w) for w in self.lexicon.user_words.words), *proper])
        self.include_non_quantities = include_non_quantities

    # --- public API ---------------------------------------------------------------------------------------------

    def extract(self, text: str, doc_date: dt.date | str | None = None) -> list[Fact]:
        """All numeric facts in ``text`` (a sentence or a whole article), in text order.

        ``doc_date`` (a date or an ISO string) resolves relative times: with 2025-10-23, ``지난해`` is 2024.
        """
        _check_text(text)
        date = _as_date(doc_date)
        facts: list[Fact] = []
        for sentence, drafts, topic in self._walk(text):
            if sentence is not None:
                facts.extend(self._facts(text, sentence, drafts, date, topic))
        return facts

    def _walk(self, text: str) -> Iterator[tuple[Sentence | None, list[Draft], Mention | None]]:
        """Every sentence Kiwi analyzed, with its drafts and the topic carried to it; (None, [], topic) for a piece
        the prefilter skipped."""
        topic: Mention | None = None
        lead = True  # until the first sentence (after any headline) is past
        pieces = list(split_pieces(text))
        for n, (start, end) in enumerate(pieces, 1):
            if not self.prefilter or self._prefilter.may_hold_quantity(text[start:end]):
                for sentence in self.analyzer.analyze(text, start, end):
                    yield sentence, self._drafts(text, sentence), topic
            else:
                yield None, [], topic
            if n < len(pieces):  # the topic a sentence sets is for the ones after it
                topic = self.linker.topic(text, start, end, lead=lead) or topic
                lead = lead and self.linker.is_headline(text, start, end)

    def extract_many(
        self,
        texts: Iterable[str],
        doc_date: dt.date | str | None = None,
        *,
        jobs: int = 1,
        chunk_size: int = 32,
        time_limit: float | None = 60.0,
    ) -> Iterator[list[Fact]]:
        """``extract`` over many texts, lazily and in order; ``jobs`` worker processes, each with its own Kiwi.

        Memory stays bounded however many texts come in: at most ``jobs * 2`` chunks of ``chunk_size`` texts are
        in flight. A text that is not a str raises TypeError when its turn comes, and a text still being read after
        ``time_limit`` seconds (None: no limit) raises korfacts.errors.TimeLimitError. See korfacts.batch.
        """
        from korfacts.batch import Settings, Task, run

        settings = Settings(
            units=self._units, include_non_quantities=self.include_non_quantities, prefilter=self.prefilter
        )
        tasks = (Task(text, doc_date) for text in texts)
        outcomes = run(tasks, settings, jobs=jobs, chunk_size=chunk_size, extractor=self, time_limit=time_limit)
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                raise outcome
            assert isinstance(outcome, list)
            yield outcome

    def parse(self, text: str) -> Quantity | None:
        """``text`` read as one quantity expression (``삼십오만 원``, ``5000원 이상``), or None (also for a text of
        more than ``MAX_PIECE`` characters once stripped: no quantity expression is that long)."""
        _check_text(text)
        stripped = text.strip()
        if not stripped or len(stripped) > MAX_PIECE:
            return None
        offset = text.index(stripped)
        morphs = tuple(
            Morph(form=m.form, tag=m.tag, start=m.start + offset, end=m.end + offset)
            for m in self.analyzer.tokenize(stripped)
        )
        sentence = Sentence(start=offset, end=offset + len(stripped), morphs=morphs)
        drafts = [d for d in self._drafts(text, sentence, strict=False) if d.is_quantity]
        if len(drafts) != 1 or not _covers(text, sentence, drafts[0], self.lexicon):
            return None
        return self._quantity(drafts[0])

    def explain(self, text: str, doc_date: dt.date | str | None = None) -> str:
        """A readable account of what ``extract`` does with ``text``: each sentence with Kiwi's morphemes, each
        fact with the rules that built it and its links; the sentences the prefilter skipped are named."""
        _check_text(text)
        date = _as_date(doc_date)
        lines: list[str] = []
        skipped = 0
        for sentence, drafts, topic in self._walk(text):
            if sentence is None:
                skipped += 1
                continue
            lines.append(f"sentence {sentence.start}:{sentence.end} {text[sentence.start : sentence.end]!r}")
            lines.append("  morphs: " + " ".join(f"{m.form}/{m.tag}" for m in sentence.morphs))
            dropped: list[tuple[Draft, str]] = []
            self._drafts(text, sentence, dropped=dropped)
            for d, rule in dropped:
                lines.append(f"  dropped {text[d.start : d.end]!r}@{d.start}:{d.end} by {rule}")
                lines.append(f"      rules: {' > '.join(d.rules)}")
            linker = self.linker.for_sentence(
                text, sentence, doc_date=date, carried_topic=topic, durations=_durations(drafts)
            )
            for d in drafts:
                q = self._quantity(d)
                shown = "fact" if d.is_quantity or self.include_non_quantities else "skipped"
                lines.append(f"  {shown} {text[d.start : d.end]!r}@{d.start}:{d.end} -> {q} ({q.dimension})")
                lines.append(f"      rules: {' > '.join(d.rules)}")
                if not d.is_quantity:
                    continue
                links = linker.link(d.start, d.end, dimension=d.dimension, trace=True)
                assert links.trace is not None
                for name, mention, considered in (
                    ("measure", links.measure, links.trace.measure),
                    ("subject", links.subject, links.trace.subject),
                ):
                    shown = "-" if mention is None else f"{mention.text!r}@{mention.start}:{mention.end}"
                    lines.append(f"      {name}: {shown}")
                    lines.extend(f"        {c}" for c in considered)
                if links.time is not None:
                    lines.append(f"      time: {links.time.text!r}@{links.time.start}:{links.time.end}")
        if skipped:
            lines.append(f"({skipped} sentence(s) with no possible quantity skipped by the prefilter)")
        return "\n".join(lines)

    # --- stages -------------------------------------------------------------------------------------------------

    def _drafts(
        self, text: str, sentence: Sentence, *, strict: bool = True, dropped: list[tuple[Draft, str]] | None = None
    ) -> list[Draft]:
        """The drafts of the sentence after every stage; ``dropped`` collects those a stage dropped, with the rule
        (or, when the stage does not say, the stage) that dropped them."""
        ctx = Context(
            text=text,
            sentence=sentence,
            registry=self.registry,
            lexicon=self.lexicon,
            reader=self.reader,
            glued_prefixes=self._glued_prefixes,
            strict=strict,
            dropped=dropped,
        )
        with localcontext(_ARITHMETIC):
            drafts = quantity.recognize(ctx)
            for name, stage in STAGES:
                noted = len(dropped) if dropped is not None else 0
                kept = stage(ctx, drafts)
                if dropped is not None and len(dropped) == noted:
                    dropped.extend((d, name) for d in drafts if not any(_overlap(d, k) for k in kept))
                drafts = kept
        return drafts

    def _facts(
        self, text: str, sentence: Sentence, drafts: list[Draft], doc_date: dt.date | None, topic: Mention | None
    ) -> list[Fact]:
        facts: list[Fact] = []
        wanted = [d for d in drafts if d.is_quantity or self.include_non_quantities]
        if not wanted:
            return facts
        linker = self.linker.for_sentence(
            text, sentence, doc_date=doc_date, carried_topic=topic, durations=_durations(drafts)
        )
        for d in wanted:
            links = linker.link(d.start, d.end, dimension=d.dimension)
            fact = Fact(
                text=text[d.start : d.end],
                start=d.start,
                end=d.end,
                quantity=self._quantity(d),
                sentence=(sentence.start, sentence.end),
                subject=links.subject,
                measure=links.measure,
                time=links.time,
                per_span=None
                if d.per is None
                else Span(start=d.per.start, end=d.per.end, text=text[d.per.start : d.per.end]),
                rules=d.rules,
            )
            facts.append(fact)
        return facts

    def _quantity(self, d: Draft) -> Quantity:
        unit = d.unit
        base_unit = base_value = None
        if unit is not None and unit.factor is not None and d.value is not None:
            base_unit = self.registry.base_of(unit.dimension)
            base_value = _tidy(d.value * unit.factor, significant=_BASE_DIGITS)
        return Quantity(
            value=_tidy(d.value),
            low=_tidy(d.low),
            high=_tidy(d.high),
            unit=unit.id if unit is not None else None,
            dimension=d.dimension,
            base_value=base_value,
            base_unit=base_unit,
            approx=d.approx,
            bound=d.bound,
            inclusive=d.inclusive,
            change=d.change,
            per=None if d.per is None else Per(value=_tidy(d.per.value), unit=d.per.unit),
        )


def _overlap(dropped: Draft, kept: Draft) -> bool:
    """The kept draft covers the number of the dropped one (a range made of two drafts keeps both)."""
    return kept.start < dropped.num_end and dropped.num_start < kept.end


def _durations(drafts: Iterable[Draft]) -> list[Stretch]:
    """The spans of time the recognizers read, for the time links of the facts around them."""
    return [
        Stretch(start=d.start, end=d.end, period=iso_period(d.value, d.unit.id if d.unit else None))
        for d in drafts
        if d.dimension == "duration"
    ]


@overload
def _tidy(value: Decimal, *, significant: int | None = None) -> Decimal: ...
@overload
def _tidy(value: None, *, significant: int | None = None) -> None: ...
@overload
def _tidy(value: Decimal | None, *, significant: int | None = None) -> Decimal | None: ...
def _tidy(value: Decimal | None, *, significant: int | None = None) -> Decimal | None:
    """``value`` with no trailing zeros, and an integral value as an integer (1.01E+13 is shown as 10100000000000);
    rounded to ``significant`` digits when given, else exact (the reading gives exact values: numerals.MAX_DIGITS)."""
    if value is None:
        return None
    if significant is not None:
        with localcontext(decimal.Context(prec=significant)):
            value = +value
    # As many digits as the value has, whole: quantize and normalize round to the context's precision.
    digits = max(len(value.as_tuple().digits), value.adjusted() + 1)
    with localcontext(decimal.Context(prec=max(digits, 1))):
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


def _covers(text: str, sentence: Sentence, d: Draft, lexicon: Lexicon) -> bool:
    """True when nothing but spaces, qualifier words and one leading noun lies outside the draft."""
    rest_after = text[d.end : sentence.end].strip()
    if rest_after:
        word = (
            lexicon.bound_after.match_at(rest_after, 0)
            or lexicon.approx_after.match_at(rest_after, 0)
            or lexicon.duration_after.match_at(rest_after, 0)
        )
        if word is None or rest_after[len(word) :].strip():
            return False
    before = text[sentence.start : d.start].strip()
    return not before or " " not in before


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            raise ValueError(f"doc_date must be an ISO date such as '2025-10-23', got {value!r}") from None
    raise TypeError(f"doc_date must be a date or an ISO date string, got {type(value).__name__}")


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"korfacts expects a str, got {type(text).__name__}")


_default: Extractor | None = None
_default_lock = threading.Lock()


def default_extractor() -> Extractor:
    """The module-level Extractor behind ``korfacts.extract``/``parse``, built once on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Extractor()
    return _default
