"""The time a fact refers to: ``2030년까지`` (by 2030), ``올해 3분기``, ``지난해``, ``지난 13일``, ``5년간``.

Points in time are found in the sentence with one pattern built from the vocabulary (relative words and their
offsets, the relation words after them, in data/lexicon.yaml). Spans of time are the durations the recognizers read
(``Stretch``) followed by a word of relation ``during`` (``5년간``, ``3주일간``, ``10시간 동안``). The time nearest the
quantity is its time, a time before the quantity winning a tie. With a document date, relative times resolve to ISO
dates and periods: ``2030`` (a year), ``2025-10`` (a month), ``2025-10-13`` (a day), ``2025-Q3`` (a quarter),
``2025-H1`` (a half); a span is an ISO 8601 duration: ``P5Y``, ``P3W``, ``PT10H``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import attrs
import regex

from korfacts.lexicon import Lexicon
from korfacts.model import TimeRef

__all__ = ["Stretch", "TimeFinder", "iso_period"]

_HALVES = {"상반기": "H1", "하반기": "H2"}
# ISO 8601 designators of the duration units of units.yaml; hours, minutes and seconds come after T
_PERIODS = {"year": "Y", "month": "M", "week": "W", "day": "D"}
_CLOCK_PERIODS = {"hour": "H", "minute": "M", "second": "S"}


@attrs.frozen
class Stretch:
    """A span of time the recognizers read (``5년``, ``3주일``, ``1∼2개월``), with its ISO 8601 ``period`` when it
    is one amount of one unit (``P5Y``)."""

    start: int
    end: int
    period: str | None


def iso_period(value: Decimal | None, unit: str | None) -> str | None:
    """``P5Y``, ``P3W``, ``PT10H``, ``P1.5Y`` for an amount of a duration unit; None for a range or another unit."""
    if value is None or unit is None:
        return None
    amount = format(value.normalize(), "f")
    if unit in _PERIODS:
        return f"P{amount}{_PERIODS[unit]}"
    if unit in _CLOCK_PERIODS:
        return f"PT{amount}{_CLOCK_PERIODS[unit]}"
    return None


_CLAUSE_BREAK = regex.compile(r"[,;.!?…]")
# "작년 같은 달보다", "1973년 관측 이래": a time that is the base of a comparison or a record
_COMPARED = regex.compile(r"\s*(?:같은\s*(?:달|기간|분기|해|날)|동기|동월|관측|집계)?\s*(?:보다|대비|에\s*비해|이래)")
_DURING = "during"
_HANGUL = regex.compile(r"[가-힣]")


@attrs.frozen
class _Found:
    start: int
    end: int
    value: str | None
    relation: str


class TimeFinder:
    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon

        def alt(words: Iterable[str]) -> str:
            return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))

        relative = alt(lexicon.time_words)
        relations = alt(lexicon.time_relations)
        self._during = tuple(sorted((w for w, r in lexicon.time_relations.items() if r == _DURING), key=len)[::-1])
        self._pattern = regex.compile(
            rf"""
            (?<![가-힣0-9])
            (?=[0-9]|상반기|하반기|{relative})   # something of a time starts here (every part below is optional)
            (?:(?P<relative>{relative})\s*)?                                              # 올해, 지난해 …
            (?:(?P<year>[0-9]{{4}})\s*년\s*)?                                            # 2030년
            (?:(?P<quarter>[1-4])\s*분기|(?P<half>상반기|하반기)|(?P<month>[0-9]{{1,2}})\s*월)?  # 3분기, 10월
            (?:\s*(?:(?P<past>지난)\s*|(?P<coming>오는)\s*)?(?P<day>[0-9]{{1,2}})\s*일)?       # 지난 13일
            (?P<relation>{relations})?
            """,
            regex.VERBOSE,
        )

    def in_sentence(
        self, text: str, span: tuple[int, int], doc_date: dt.date | None, stretches: Sequence[Stretch] = ()
    ) -> list[TimeRef]:
        """The time expressions of the sentence at ``span``, resolved with ``doc_date``: its points in time, and the
        ``stretches`` of time the recognizers read that a word of ``during`` follows (``5년간``, ``10시간 동안``). A
        point found where a stretch was read is no point (``14일에서 7일로``: days, not dates)."""
        found = [
            TimeRef(start=f.start, end=f.end, text=text[f.start : f.end], value=f.value, relation=f.relation)
            for f in self._find(text, span, doc_date)
            if not any(f.start < s.end and s.start < f.end for s in stretches)
        ]
        for stretch in stretches:
            end = self._during_end(text, stretch.end)
            if end is not None:
                found.append(
                    TimeRef(start=stretch.start, end=end, text=text[stretch.start : end], value=stretch.period,
                            relation=_DURING)
                )  # fmt: skip
        return sorted(found, key=lambda t: t.start)

    def _during_end(self, text: str, pos: int) -> int | None:
        """Where the word of ``during`` right after ``pos`` ends (``간``, `` 동안``), not a word it begins
        (``2011년 간호사``)."""
        start = pos + (text[pos : pos + 1] == " ")
        word = next((w for w in self._during if text.startswith(w, start)), None)
        if word is None:
            return None
        end = start + len(word)
        return end if not _HANGUL.match(text, end) or self._particle_ends(text, end) else None

    def _particle_ends(self, text: str, pos: int) -> bool:
        particle = self._lexicon.particles.match_at(text, pos)
        return particle is not None and not _HANGUL.match(text, pos + len(particle))

    @staticmethod
    def nearest(text: str, start: int, end: int, times: list[TimeRef]) -> TimeRef | None:
        """Of a sentence's ``times``, the one nearest the quantity at ``text[start:end]``; a point in time wins over
        a span (``지난달 한 달 동안 21조원``: last month), and a span only holds for what comes after it (``64.3달러로
        한 주 동안 5% 넘게 떨어졌다``: the week is the fall's, not the price's)."""
        best: tuple[bool, int, TimeRef] | None = None
        for found in times:
            if found.start < end and start < found.end:
                continue  # the quantity itself ("5년간" is a duration fact, not its own time)
            if found.start >= end and _CLAUSE_BREAK.search(text, end, found.start):
                continue  # "월 15만장 수준으로, 내년에는 …": a time after a comma belongs to the next clause
            span = found.relation == _DURING
            if span and found.start >= end:
                continue
            distance = start - found.end if found.end <= start else found.start - end + 1
            if best is None or (span, distance) < best[:2]:
                best = (span, distance, found)
        return None if best is None else best[2]

    def _find(self, text: str, span: tuple[int, int], doc_date: dt.date | None) -> Iterator[_Found]:
        for m in self._pattern.finditer(text, *span):
            relative = m.group("relative")
            if relative and len(relative) == 1 and m.end("relative") < len(text) and text[m.end("relative")] != " ":
                continue  # "올 3분기" is this year's, "올랐다" is a verb
            body = [g for g in ("relative", "year", "quarter", "half", "month", "day") if m.group(g)]
            if not body or _COMPARED.match(text, m.end()) or self._lexicon.comparison_after.match_at(text, m.end()):
                continue  # "전날보다 4.3원 오른", "작년 같은 달보다": the base of a comparison is not the fact's time
            if body == ["day"] and self._lexicon.reporting_verbs.match_at(text, _skip_spaces(text, m.end())):
                continue  # "29일 밝혔다": the day a fact was told, not the day it holds
            if body == ["day"] and not text[m.start() : m.end("day") + 1].rstrip().endswith("일"):
                continue
            relation_word = m.group("relation")
            if relation_word and _HANGUL.match(text, m.end()) and not self._particle_ends(text, m.end()):
                relation_word = None  # "2011년 간호사": 간 begins a word, it is no relation
            relation = self._lexicon.time_relations.get(relation_word or "", "at")
            end = m.start("relation") if m.group("relation") else m.end()
            while end > m.start() and text[end - 1] == " ":
                end -= 1
            yield _Found(m.start(), end, self._resolve(m, doc_date), relation)

    def _resolve(self, m: regex.Match[str], doc_date: dt.date | None) -> str | None:
        year = int(m.group("year")) if m.group("year") else None
        month = int(m.group("month")) if m.group("month") else None
        day = int(m.group("day")) if m.group("day") else None
        relative = m.group("relative")
        if relative:
            if doc_date is None:
                return None
            unit, amount = self._lexicon.time_words[relative]
            anchor = _shift(doc_date, unit, amount)
            if unit == "days":
                return anchor.isoformat()
            if unit == "weeks":
                iso = anchor.isocalendar()
                return f"{iso[0]}-W{iso[1]:02d}"
            year = anchor.year
            if unit == "months" and month is None:
                month = anchor.month
        if year is None and doc_date is not None and (month or m.group("quarter") or m.group("half")):
            year = doc_date.year  # 3분기, 10월: this year's
        if year is None and month is None and day is not None and doc_date is not None:
            year, month = _month_of_day(doc_date, day, past=bool(m.group("past")), coming=bool(m.group("coming")))
        if year is None:
            return None
        if m.group("quarter"):
            return f"{year}-Q{m.group('quarter')}"
        if m.group("half"):
            return f"{year}-{_HALVES[m.group('half')]}"
        if month is None:
            return f"{year}"
        if day is None:
            return f"{year}-{month:02d}"
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None


def _month_of_day(date: dt.date, day: int, *, past: bool, coming: bool) -> tuple[int, int]:
    """The month a bare day (23일) falls in: of the previous, this and the next month, the one that puts it nearest
    the document date; 지난 (past) keeps it on or before that date, 오는 (coming) on or after it."""
    options = []
    for shift in (-1, 0, 1):
        months = date.year * 12 + date.month - 1 + shift
        year, month = months // 12, months % 12 + 1
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if (past and candidate > date) or (coming and candidate < date):
            continue
        options.append((abs((candidate - date).days), year, month))
    if not options:
        return date.year, date.month
    _, year, month = min(options)
    return year, month


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _shift(date: dt.date, unit: str, amount: int) -> dt.date:
    if unit == "days":
        return date + dt.timedelta(days=amount)
    if unit == "weeks":
        return date + dt.timedelta(weeks=amount)
    months = date.year * 12 + date.month - 1 + (amount if unit == "months" else 12 * amount)
    return dt.date(months // 12, months % 12 + 1, 1)
