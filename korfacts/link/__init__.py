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
from korfacts.link.clause import SentenceReading, read_sentence
from korfacts.link.measure import counter_noun, find_measure
from korfacts.link.subject import bracket_owner, find_subject, piece_topic
from korfacts.link.time import TimeFinder
from korfacts.model import Mention, TimeRef
from korfacts.morph import Sentence
from korfacts.recognize.base import NON_QUANTITY_DIMENSIONS

__all__ = ["Linker", "Links"]


@attrs.frozen(kw_only=True)
class Links:
    subject: Mention | None
    measure: Mention | None
    time: TimeRef | None


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
        durations: Sequence[tuple[int, int]] = (),
    ) -> SentenceLinker:
        """A linker for the quantities of one sentence; what they share (topics, times) is found once. A point in
        time found where a duration was read is no time (``14일에서 7일로``: days, not dates)."""
        times = [
            t
            for t in self.times.in_sentence(text, (sentence.start, sentence.end), doc_date)
            if t.relation == "during" or not any(t.start < end and start < t.end for start, end in durations)
        ]
        reading = read_sentence(text, sentence, self.lexicon)
        return SentenceLinker(self, text, sentence, reading, times, carried_topic)

    def topic(self, text: str, start: int, end: int) -> Mention | None:
        """The topic the sentence at ``text[start:end]`` sets for the sentences after it, if any."""
        return piece_topic(text, start, end, self.lexicon)


_RELATIVE = ("percent", "percentage_point", "multiplier", "fraction")  # a share or a change of another amount
_NOT_AMOUNTS = (None, "duration", "age", *NON_QUANTITY_DIMENSIONS)  # spans of time, ages and points


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

    def link(self, start: int, end: int, *, dimension: str | None = None) -> Links:
        """Subject, measure and time of the quantity written at ``text[start:end]``; call it in text order.

        An amount with no measure of its own measures what the one before it in the sentence does, when it is of the
        same ``dimension`` or relative to it (``관광객이 1337만명으로 … 2.4% 감소``: 관광객; not ``전용면적 84㎡가
        28억원에``), and else, when its counter is one of ``measured_counters``, that counter (``98타점``); one with no
        subject of its own is about the subject of the one before it, rather than a topic carried from an earlier
        sentence."""
        lexicon, text, span = self.linker.lexicon, self.text, (start, end)
        amount = dimension not in _NOT_AMOUNTS
        measure = find_measure(text, self.sentence.morphs, self.reading, span, lexicon, self.times, amount=amount)
        compared = amount and self._last_measure is not None and self._last_measure[1] == dimension
        owner = bracket_owner(text, self.sentence.morphs, span, lexicon) if compared else None
        if owner is not None and measure is not None and measure.start == owner.start:
            measure = None  # "32.5%로 석탄(28.1%)을": coal's share, of what the amount before measured
        if measure is not None:
            self._last_measure = (measure, dimension or "")
        elif amount and self._last_measure is not None and self._last_measure[0].end <= start:
            before, of = self._last_measure
            measure = before if dimension in (of, *_RELATIVE) else None
        if measure is None and amount:
            measure = counter_noun(text, self.sentence.morphs, span, lexicon)  # "98타점": the counter names it
        reading, carried, earlier = self.reading, self.carried_topic, self._last_subject
        subject = owner or find_subject(
            text, self.sentence, reading, span, measure, lexicon, carried, earlier, age=dimension == "age"
        )
        outside = measure is not None and (measure.end <= start or measure.start >= end)  # not the counter, 2승
        if subject is None and dimension == "count" and outside:
            subject = measure  # "주민 두 명이 다쳤다": with no one else named, a count is about what it counts
        if subject is not None and not subject.inferred:
            self._last_subject = subject
        time = TimeFinder.nearest(text, start, end, self.times)
        return Links(subject=subject, measure=measure, time=time)
