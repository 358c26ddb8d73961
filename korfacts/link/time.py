"""The time a fact refers to: ``2030년까지`` (by 2030), ``올해 3분기``, ``지난해``, ``지난 13일``, ``5년간``.

Time expressions are found in the sentence with one pattern built from the vocabulary (relative words and their
offsets, the relation words after them, in data/lexicon.yaml); the one nearest the quantity is its time, a time
before the quantity winning a tie. With a document date, relative times resolve to ISO dates and periods:
``2030`` (a year), ``2025-10`` (a month), ``2025-10-13`` (a day), ``2025-Q3`` (a quarter), ``2025-H1`` (a half),
``P5Y`` (a span of five years).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import attrs
import regex

from korfacts.lexicon import Lexicon
from korfacts.model import TimeRef

__all__ = ["TimeFinder"]

_HALVES = {"상반기": "H1", "하반기": "H2"}
_CLAUSE_BREAK = regex.compile(r"[,;.!?…]")
# "작년 같은 달보다", "1973년 관측 이래": a time that is the base of a comparison or a record
_COMPARED = regex.compile(r"\s*(?:같은\s*(?:달|기간|분기|해|날)|동기|동월|관측|집계)?\s*(?:보다|대비|에\s*비해|이래)")
_SPAN_UNITS = {"년": "Y", "개월": "M", "주": "W", "일": "D"}


@attrs.frozen
class _Found:
    start: int
    end: int
    value: str | None
    relation: str
    is_span: bool


class TimeFinder:
    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon

        def alt(words: Iterable[str]) -> str:
            return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))

        relative = alt(lexicon.time_words)
        relations = alt(lexicon.time_relations)
        particles = alt(lexicon.particles.words)
        self._pattern = regex.compile(
            rf"""
            (?<![가-힣0-9])
            (?=[0-9]|상반기|하반기|{relative})   # something of a time starts here (every part below is optional)
            (?:
                (?P<span>(?P<span_n>[0-9]+)\s*(?P<span_unit>년|개월|주|일)\s*(?:간|동안)   # 5년간, 3개월 동안
                    (?=(?:{particles})?(?![가-힣])))                                   # not 2011년 간호사
              | (?:(?P<relative>{relative})\s*)?                                          # 올해, 지난해 …
                (?:(?P<year>[0-9]{{4}})\s*년\s*)?                                        # 2030년
                (?:(?P<quarter>[1-4])\s*분기|(?P<half>상반기|하반기)|(?P<month>[0-9]{{1,2}})\s*월)?  # 3분기, 10월
                (?:\s*(?:(?P<past>지난)\s*|(?P<coming>오는)\s*)?(?P<day>[0-9]{{1,2}})\s*일)?   # 지난 13일
            )
            (?P<relation>{relations})?
            """,
            regex.VERBOSE,
        )

    def in_sentence(self, text: str, span: tuple[int, int], doc_date: dt.date | None) -> list[TimeRef]:
        """The time expressions of the sentence at ``span``, resolved with ``doc_date``."""
        return [
            TimeRef(start=f.start, end=f.end, text=text[f.start : f.end], value=f.value, relation=f.relation)
            for f in self._find(text, span, doc_date)
        ]

    @staticmethod
    def nearest(text: str, start: int, end: int, times: list[TimeRef]) -> TimeRef | None:
        """Of a sentence's ``times``, the one nearest the quantity at ``text[start:end]``."""
        best: tuple[int, TimeRef] | None = None
        for found in times:
            if found.start < end and start < found.end:
                continue  # the quantity itself ("5년간" is a duration fact, not its own time)
            if found.start >= end and _CLAUSE_BREAK.search(text, end, found.start):
                continue  # "월 15만장 수준으로, 내년에는 …": a time after a comma belongs to the next clause
            distance = start - found.end if found.end <= start else found.start - end + 1
            if best is None or distance < best[0]:
                best = (distance, found)
        return None if best is None else best[1]

    def _find(self, text: str, span: tuple[int, int], doc_date: dt.date | None) -> Iterator[_Found]:
        for m in self._pattern.finditer(text, *span):
            relative = m.group("relative")
            if relative and len(relative) == 1 and m.end("relative") < len(text) and text[m.end("relative")] != " ":
                continue  # "올 3분기" is this year's, "올랐다" is a verb
            body = [g for g in ("span", "relative", "year", "quarter", "half", "month", "day") if m.group(g)]
            if not body or _COMPARED.match(text, m.end()) or self._lexicon.comparison_after.match_at(text, m.end()):
                continue  # "전날보다 4.3원 오른", "작년 같은 달보다": the base of a comparison is not the fact's time
            if body == ["day"] and self._lexicon.reporting_verbs.match_at(text, _skip_spaces(text, m.end())):
                continue  # "29일 밝혔다": the day a fact was told, not the day it holds
            if body == ["day"] and not text[m.start() : m.end("day") + 1].rstrip().endswith("일"):
                continue
            relation_word = m.group("relation")
            relation = self._lexicon.time_relations.get(relation_word or "", "at")
            end = m.start("relation") if relation_word else m.end()
            while end > m.start() and text[end - 1] == " ":
                end -= 1
            if m.group("span"):
                value = f"P{m.group('span_n')}{_SPAN_UNITS[m.group('span_unit')]}"
                yield _Found(m.start(), end, value, "during", True)
                continue
            yield _Found(m.start(), end, self._resolve(m, doc_date), relation, False)

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
