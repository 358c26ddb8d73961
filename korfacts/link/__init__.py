"""Linking: what each quantity is about. Runs after recognition, on Kiwi's morphemes of the sentence.

- measure (link.measure): what is measured: ``GPU 20만장`` -> GPU, ``예산을 10조1000억원으로`` -> 예산.
- subject (link.subject): whom or what it is about: ``광주시는``, ``SK하이닉스의 HBM``, ``규모의 국가AI데이터센터``.
- time (link.time): when: ``2030년까지`` (by), ``지난해`` (at), ``5년간`` (during), resolved with a document date.

Across an article, a sentence that names no subject of its own takes the topic an earlier sentence set
(``광주시는 …`` then ``전력도 … 공급이 가능하다``), marked ``inferred``.
"""

from __future__ import annotations

import datetime as dt

import attrs

from korfacts.lexicon import Lexicon
from korfacts.link.measure import find_measure
from korfacts.link.subject import find_subject, sentence_topic
from korfacts.link.time import TimeFinder
from korfacts.model import Mention, TimeRef
from korfacts.morph import Sentence

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

    def link(
        self,
        text: str,
        sentence: Sentence,
        start: int,
        end: int,
        *,
        doc_date: dt.date | None = None,
        carried_topic: Mention | None = None,
    ) -> Links:
        """Subject, measure and time of the quantity written at ``text[start:end]`` in ``sentence``."""
        measure = find_measure(text, sentence.morphs, start, end, self.lexicon)
        subject = find_subject(text, sentence, start, end, measure, self.lexicon)
        if subject is None and carried_topic is not None:
            subject = attrs.evolve(carried_topic, inferred=True)
        time = self.times.nearest(text, start, end, (sentence.start, sentence.end), doc_date)
        return Links(subject=subject, measure=measure, time=time)

    def topic(self, text: str, sentence: Sentence) -> Mention | None:
        """The topic ``sentence`` sets for the sentences after it, if any."""
        return sentence_topic(text, sentence, self.lexicon)
