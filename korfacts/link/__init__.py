"""Linking: what each quantity is about. Runs after recognition, on Kiwi's morphemes of the sentence.

- measure (link.measure): what is measured: ``GPU 20만장`` -> GPU, ``예산을 10조1000억원으로`` -> 예산.
- subject (link.subject): whom or what it is about: ``광주시는``, ``SK하이닉스의 HBM``, ``규모의 국가AI데이터센터``.
- time (link.time): when: ``2030년까지`` (by), ``지난해`` (at), ``5년간`` (during), resolved with a document date.

Across an article, a sentence that names no subject of its own takes the topic an earlier sentence set
(``광주시는 …`` then ``전력도 … 공급이 가능하다``), marked ``inferred``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from korfacts.lexicon import Lexicon
from korfacts.link.choice import Considered
from korfacts.link.clause import SentenceReading, read_sentence
from korfacts.link.measure import EVENT_RULES, OWN_RULES, MeasureQuery, find_measure
from korfacts.link.subject import bracket_owner, find_subject, piece_topic, reads_as_headline, subject_query
from korfacts.link.time import Stretch, TimeFinder
from korfacts.model import Mention, TimeRef
from korfacts.morph import Sentence
from korfacts.recognize.base import NON_QUANTITY_DIMENSIONS

__all__ = ["Linker", "Links", "Stretch", "Trace"]


@attrs.frozen(kw_only=True)
class Links:
    subject: Mention | None
    measure: Mention | None
    time: TimeRef | None
    trace: Trace | None = None


class Linker:
    """Finds subject, measure and time; one per Extractor."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.times = TimeFinder(lexicon)

    def for_sentence(
        self,
        text: str,
        sentence: Sentence,
        *,
        doc_date: dt.date | None = None,
        carried_topic: Mention | None = None,
        durations: Sequence[Stretch] = (),
    ) -> SentenceLinker:
        """A linker for the quantities of one sentence; what they share (topics, times) is found once.
        ``durations`` are the spans of time the recognizers read in it."""
        times = self.times.in_sentence(text, (sentence.start, sentence.end), doc_date, durations)
        reading = read_sentence(text, sentence, self.lexicon)
        return SentenceLinker(self, text, sentence, reading, times, carried_topic)

    def topic(self, text: str, start: int, end: int, *, lead: bool = False) -> Mention | None:
        """The topic the sentence at ``text[start:end]`` sets for the sentences after it, if any; ``lead``: the
        first sentence of an article, whose subject is what the article is about."""
        return piece_topic(text, start, end, self.lexicon, lead=lead)

    @staticmethod
    def is_headline(text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` reads as a headline (no full stop at its end)."""
        return reads_as_headline(text, start, end)


_NOT_AMOUNTS = (None, "duration", "age", *NON_QUANTITY_DIMENSIONS)  # spans of time, ages and points


@attrs.frozen(kw_only=True)
class Trace:
    """Why each link was chosen: the candidates considered for the measure and the subject, in order (see
    ``Extractor.explain``)."""

    measure: tuple[Considered, ...]
    subject: tuple[Considered, ...]


@attrs.define
class SentenceLinker:
    linker: Linker
    text: str
    sentence: Sentence
    reading: SentenceReading
    times: list[TimeRef]
    carried_topic: Mention | None
    _last_measure: tuple[Mention, str] | None = None  # the last measure found in the sentence, with its dimension
    _last_subject: Mention | None = None  # the last subject found in the sentence (not carried from before)

    def link(self, start: int, end: int, *, dimension: str | None = None, trace: bool = False) -> Links:
        """Subject, measure and time of the quantity written at ``text[start:end]``; call it in text order. With
        ``trace``, ``Links.trace`` says which rule chose each link and what else was considered."""
        lexicon, text, span = self.linker.lexicon, self.text, (start, end)
        amount = dimension not in _NOT_AMOUNTS
        compared = amount and self._last_measure is not None and self._last_measure[1] == dimension
        owner = bracket_owner(text, self.sentence.morphs, span, lexicon) if compared else None
        measure_trace: list[Considered] | None = [] if trace else None
        chosen = find_measure(
            MeasureQuery(
                text=text, morphs=self.sentence.morphs, reading=self.reading, span=span, lexicon=lexicon,
                times=self.times, amount=amount, dimension=dimension, earlier=self._last_measure, owner=owner,
            ),
            measure_trace,
        )  # fmt: skip
        measure = chosen.mention
        if measure is not None and chosen.rule in OWN_RULES:
            self._last_measure = (measure, dimension or "")
        query = subject_query(
            text=text, sentence=self.sentence, reading=self.reading, span=span, lexicon=lexicon, measure=measure,
            carried=self.carried_topic, earlier=self._last_subject, owner=owner, dimension=dimension,
        )  # fmt: skip
        subject_trace: list[Considered] | None = [] if trace else None
        subject = find_subject(query, subject_trace).mention
        # a thing counted (not the counter itself, 2승, nor the event its clause states, 21명이 사망하고)
        counted = (
            measure is not None and (measure.end <= start or measure.start >= end) and chosen.rule not in EVENT_RULES
        )
        if subject is None and measure is not None:
            # "주민 두 명이 다쳤다": with no one else named, a count is about what it counts; "코스피는 23.94포인트
            # 하락한": a topic that is itself what is measured is the subject too
            topical = any(
                s.mention.start <= measure.start and s.mention.end == measure.end for s in self.reading.subjects
            )
            if (dimension == "count" and counted) or topical:
                subject = measure
                if subject_trace is not None:
                    subject_trace.append(
                        Considered("counted_noun" if not topical else "measured_topic", measure, "chosen")
                    )
        if subject is not None and not subject.inferred:
            self._last_subject = subject
        time = TimeFinder.nearest(text, start, end, self.times)
        traced = None if not trace else Trace(measure=tuple(measure_trace or ()), subject=tuple(subject_trace or ()))
        return Links(subject=subject, measure=measure, time=time, trace=traced)
