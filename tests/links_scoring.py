"""Scores korfacts.extract() on gold files: value+unit F1 and qualifier, subject, measure, time agreement.

The gold format is the one of tests/corpus/links (see its README); tests/gold_news and tests/real_news use it without
the time column. Units compare by family and scale as ../shared/tools/score_gold.py does (``MW`` and ``kW``,
``year`` and ``month``, ``cm`` and ``m``), so that an annotator's spelling of a unit is no disagreement.
Used by tests/test_links.py, test_gold_news.py and test_real_news.py; run it directly
(``python tests/links_scoring.py -v [FILE ...]``) to see every disagreement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections.abc import Callable, Iterable, Iterator
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
    id: str | None = None  # the ``# id:`` comment before it, when the file names its texts
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
        text_id: str | None = None
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.rstrip()
            if line.startswith(_ID):
                text_id = line[len(_ID) :].strip()
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
                    docs.append(Doc(source=where, text=rest, doc_date=doc_date, id=text_id))
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


_ID = "# id:"

# Unit spellings that name the same unit or a multiple of another: (family, factor). A spelling not listed (a Korean
# counter: 명, 개, 세) is a family of its own.
_FAMILIES: dict[str, tuple[str, float]] = {
    **{u: ("W", f) for u, f in (("W", 1), ("kW", 1e3), ("MW", 1e6), ("GW", 1e9), ("TW", 1e12))},
    **{u: ("Wh", f) for u, f in (("Wh", 1), ("kWh", 1e3), ("MWh", 1e6), ("GWh", 1e9), ("TWh", 1e12))},
    **{u: ("g", f) for u, f in (("mg", 1e-3), ("g", 1), ("kg", 1e3), ("t", 1e6), ("lb", 453.59237))},
    **{u: ("m", f) for u, f in (("mm", 1e-3), ("cm", 1e-2), ("m", 1), ("km", 1e3), ("in", 0.0254), ("inch", 0.0254))},
    **{u: ("m", f) for u, f in (("ft", 0.3048), ("yd", 0.9144), ("mi", 1609.344))},
    **{u: ("m2", f) for u, f in (("m2", 1), ("km2", 1e6), ("ha", 1e4))},
    **{u: ("L", f) for u, f in (("mL", 1e-3), ("L", 1))},
    **{u: ("s", f) for u, f in (("second", 1), ("minute", 60), ("hour", 3600), ("day", 86400), ("week", 604800))},
    **{u: ("month", f) for u, f in (("month", 1), ("year", 12))},
    **{u: ("B", f) for u, f in (("B", 1), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("PB", 1e15))},
    "USD": ("USD", 1), "cent": ("USD", 0.01), "°C": ("C", 1), "℃": ("C", 1), "C": ("C", 1), "%포인트": ("%p", 1),
}  # fmt: skip


def _family(unit: str | None) -> tuple[str | None, float]:
    return _FAMILIES.get(unit, (unit, 1.0)) if unit is not None else (None, 1.0)


def _close(a: float | None, b: float | None, rel: float = 1e-6) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


def _value_matches(gold: GoldFact, fact: dict[str, Any]) -> bool:
    (family, factor), (fact_family, fact_factor) = _family(gold.unit), _family(fact["unit"])
    if family != fact_family:
        return False
    rel = 1e-3 if gold.unit is None else 1e-6  # a fraction is written to a few digits: 3분의 2 as 0.6667

    def scaled(value: float | None, by: float) -> float | None:
        return None if value is None else value * by

    if gold.value is None:
        low, high = scaled(fact["low"], fact_factor), scaled(fact["high"], fact_factor)
        return _close(scaled(gold.low, factor), low, rel) and _close(scaled(gold.high, factor), high, rel)
    value = fact["value"]
    if value is None and fact["low"] is not None and _close(fact["low"], fact["high"]):
        value = fact["low"]
    return _close(scaled(gold.value, factor), scaled(value, fact_factor), rel)


def _qualifier_agrees(gold: GoldFact, fact: dict[str, Any]) -> bool:
    want_bound = "min" if "min" in gold.flags else "max" if "max" in gold.flags else None
    want_change = "inc" if "inc" in gold.flags else "dec" if "dec" in gold.flags else None
    change = fact["change"][:3] if fact["change"] else None
    return bool(fact["approx"]) == ("approx" in gold.flags) and fact["bound"] == want_bound and change == want_change


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
    agree: dict[str, int] = attrs.Factory(lambda: dict.fromkeys(_LINKS, 0))
    scored: dict[str, int] = attrs.Factory(lambda: dict.fromkeys(_LINKS, 0))
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


_LINKS = ("qualifier", "subject", "measure", "time")
Predict = Callable[[Doc], Iterable[dict[str, Any]]]


def extracted(doc: Doc) -> Iterator[dict[str, Any]]:
    """The facts korfacts.extract() finds in the document, as ``to_dict()``."""
    for fact in korfacts.extract(doc.text, doc.doc_date):
        yield fact.to_dict()


def annotated(other: list[Doc]) -> Predict:
    """Predictions taken from another annotation of the same texts (matched by id): to measure agreement."""
    by_id = {d.id: d for d in other}

    def predict(doc: Doc) -> Iterator[dict[str, Any]]:
        for g in by_id[doc.id].facts if doc.id in by_id else []:
            yield {
                "text": g.span, "start": g.start, "end": g.end, "value": g.value, "low": g.low, "high": g.high,
                "unit": g.unit, "approx": "approx" in g.flags,
                "bound": "min" if "min" in g.flags else "max" if "max" in g.flags else None,
                "change": "inc" if "inc" in g.flags else "dec" if "dec" in g.flags else None,
                "subject": None if g.subject is None else {"text": g.subject},
                "measure": None if g.measure is None else {"text": g.measure}, "time": None,
            }  # fmt: skip

    return predict


def score(docs: list[Doc], predict: Predict = extracted) -> Score:
    result = Score()
    for doc in docs:
        predicted = [d for d in predict(doc) if not any(d["start"] < e and s < d["end"] for s, e in doc.ignore)]
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
                "qualifier": _qualifier_agrees(gold, fact),
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
                    wanted = {"qualifier": gold.flags, "subject": gold.subject, "measure": gold.measure}
                    want = wanted.get(key, gold.time)
                    got = (fact["approx"], fact["bound"], fact["change"]) if key == "qualifier" else fact[key]
                    result.problems.append(f"{key.upper()} {gold.span!r}: want {want!r}, got {got!r} ({doc.source})")
        for i, p in enumerate(predicted):
            if i not in used:
                result.problems.append(f"EXTRA {p['text']!r} {p['value']} {p['unit']} ({doc.source})")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="gold files (default: tests/corpus/links/*.txt)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every disagreement")
    args = parser.parse_args()
    result = score(load(args.files or None))
    if args.verbose:
        print("\n".join(result.problems))
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
