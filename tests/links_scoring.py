"""Scores korfacts.extract() on tests/corpus/links/*.txt: value+unit F1 and subject, measure, time agreement.

Used by tests/test_links.py; run it directly (``python tests/links_scoring.py -v``) to see every disagreement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

import korfacts

CORPUS = Path(__file__).parent / "corpus" / "links"


@attrs.define
class GoldFact:
    span: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    flags: set[str]
    subject: str | None
    inferred: bool
    measure: str | None
    time: tuple[str, str, str | None] | None  # (text, relation, value); ("", "none", None) for "must have none"


@attrs.define
class Doc:
    """One text given to extract(): a sentence, or an article's sentences joined."""

    source: str
    text: str
    doc_date: dt.date | None
    facts: list[GoldFact] = attrs.Factory(list)
    ignore: list[tuple[int, int]] = attrs.Factory(list)


def _number(raw: str) -> float:
    return float(raw)


def _parse_fact(rest: str, sentence: str, offset: int, cursor: dict[str, int]) -> GoldFact:
    parts = [p.strip() for p in rest.split("|")]
    while len(parts) < 5:
        parts.append("-")
    span, value_unit, subject, measure, time = parts[:5]
    start = sentence.find(span, cursor.get(span, 0))
    while start > 0 and span[:1].isdigit() and sentence[start - 1].isdigit():
        start = sentence.find(span, start + 1)  # "9조원" is not the tail of "79조원"
    if start < 0:
        raise ValueError(f"span {span!r} not in {sentence!r}")
    cursor[span] = start + 1
    tokens = value_unit.split()
    value_raw, unit, flags = tokens[0], tokens[1], set(tokens[2:])
    value = low = high = None
    if ".." in value_raw:
        low, high = (_number(v) for v in value_raw.split(".."))
    else:
        value = _number(value_raw)
    inferred = subject.endswith("*")
    parsed_time: tuple[str, str, str | None] | None = None
    if time == "none":
        parsed_time = ("", "none", None)
    elif time != "-":
        words = time.split()
        parsed_time = (words[0], words[1] if len(words) > 1 else "at", words[2] if len(words) > 2 else None)
    return GoldFact(
        span=span, start=offset + start, end=offset + start + len(span), value=value, low=low, high=high,
        unit=None if unit == "none" else unit, flags=flags, subject=None if subject == "-" else subject.rstrip("*"),
        inferred=inferred, measure=None if measure == "-" else measure, time=parsed_time,
    )  # fmt: skip


def load(paths: list[Path] | None = None) -> list[Doc]:
    docs: list[Doc] = []
    for path in paths or sorted(CORPUS.glob("*.txt")):
        doc_date: dt.date | None = None
        article: Doc | None = None
        sentence, offset, cursor = "", 0, {}
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.rstrip()
            if not line or line.startswith("#"):
                continue
            tag, _, rest = line.partition(":")
            rest = rest.strip()
            where = f"{path.name}:{number}"
            if tag == "D":
                doc_date = dt.date.fromisoformat(rest)
            elif tag == "A":
                article = Doc(source=where, text="", doc_date=doc_date)
                docs.append(article)
            elif tag == "E":
                article = None
            elif tag == "S":
                if article is not None:
                    # A headline (no final punctuation) stands on its own line, as in a news feed.
                    joiner = " " if article.text.rstrip().endswith((".", "!", "?", '"', "”")) else "\n"
                    offset = len(article.text) + (1 if article.text else 0)
                    article.text = f"{article.text}{joiner}{rest}" if article.text else rest
                else:
                    docs.append(Doc(source=where, text=rest, doc_date=doc_date))
                    offset = 0
                sentence, cursor = rest, {}
            elif tag == "F":
                docs[-1].facts.append(_parse_fact(rest, sentence, offset, cursor))
            elif tag == "I":
                start = sentence.find(rest)
                if start < 0:
                    raise ValueError(f"{where}: ignore span {rest!r} not in the sentence")
                docs[-1].ignore.append((offset + start, offset + start + len(rest)))
            else:
                raise ValueError(f"{where}: unknown line {line!r}")
    return docs


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _value_matches(gold: GoldFact, fact: dict[str, Any]) -> bool:
    if gold.unit != fact["unit"]:
        return False
    if gold.value is None:
        return _close(gold.low, fact["low"]) and _close(gold.high, fact["high"])
    if gold.unit is None:  # a fraction is written to a few digits: 3분의 2 as 0.6667
        return (
            gold.value is not None
            and fact["value"] is not None
            and math.isclose(gold.value, fact["value"], rel_tol=1e-3)
        )
    return _close(gold.value, fact["value"])


def _agrees(gold: str, mention: dict[str, Any] | None) -> bool:
    if mention is None:
        return False
    g, p = "".join(gold.split()), "".join(mention["text"].split())
    return bool(p) and (g in p or p in g)


def _time_agrees(gold: tuple[str, str, str | None], time: dict[str, Any] | None) -> bool:
    text, relation, value = gold
    if relation == "none":
        return time is None
    if time is None or not _agrees(text, time) or time["relation"] != relation:
        return False
    return value is None or time["value"] == value


@attrs.define
class Score:
    tp: int = 0
    gold: int = 0
    predicted: int = 0
    agree: dict[str, int] = attrs.Factory(lambda: {"subject": 0, "measure": 0, "time": 0})
    scored: dict[str, int] = attrs.Factory(lambda: {"subject": 0, "measure": 0, "time": 0})
    problems: list[str] = attrs.Factory(list)

    @property
    def f1(self) -> float:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def rate(self, key: str) -> float:
        return self.agree[key] / self.scored[key] if self.scored[key] else 1.0

    def summary(self) -> str:
        rates = " ".join(f"{k}={self.rate(k):.3f} ({self.agree[k]}/{self.scored[k]})" for k in self.agree)
        return f"facts F1={self.f1:.3f} (tp={self.tp} gold={self.gold} predicted={self.predicted}) | {rates}"


def _facts(doc: Doc) -> Iterator[dict[str, Any]]:
    for fact in korfacts.extract(doc.text, doc.doc_date):
        d = fact.to_dict()
        if not any(d["start"] < e and s < d["end"] for s, e in doc.ignore):
            yield d


def score(docs: list[Doc]) -> Score:
    result = Score()
    for doc in docs:
        predicted = list(_facts(doc))
        result.gold += len(doc.facts)
        result.predicted += len(predicted)
        used: set[int] = set()
        for gold in doc.facts:
            hit = next(
                (
                    i
                    for i, p in enumerate(predicted)
                    if i not in used and p["start"] < gold.end and gold.start < p["end"] and _value_matches(gold, p)
                ),
                None,
            )
            if hit is None:
                result.problems.append(f"MISS {gold.span!r} ({doc.source})")
                continue
            used.add(hit)
            result.tp += 1
            fact = predicted[hit]
            checks = {
                "subject": None
                if gold.subject is None
                else _agrees(gold.subject, fact["subject"])
                and (not gold.inferred or bool(fact["subject"] and fact["subject"].get("inferred"))),
                "measure": None if gold.measure is None else _agrees(gold.measure, fact["measure"]),
                "time": None if gold.time is None else _time_agrees(gold.time, fact["time"]),
            }
            for key, ok in checks.items():
                if ok is None:
                    continue
                result.scored[key] += 1
                result.agree[key] += ok
                if not ok:
                    want = {"subject": gold.subject, "measure": gold.measure, "time": gold.time}[key]
                    got = fact[key]
                    result.problems.append(f"{key.upper()} {gold.span!r}: want {want!r}, got {got!r} ({doc.source})")
        for i, p in enumerate(predicted):
            if i not in used:
                result.problems.append(f"EXTRA {p['text']!r} {p['value']} {p['unit']} ({doc.source})")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every disagreement")
    args = parser.parse_args()
    result = score(load())
    if args.verbose:
        print("\n".join(result.problems))
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
