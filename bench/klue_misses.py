"""What the KLUE recall leaves out: every KLUE QT span (news sentences) that ``korfacts.extract()`` misses, sorted into
what the output contract says it is, and the recall that the contract lets korfacts reach at most.

    python bench/klue_misses.py [--examples 25]

It reads ../shared/benchmarks/klue_ner_dev_qt.jsonl (never copied into the project) and scores spans as
../shared/tools/klue_eval.py does: a gold span is found when a fact of a counted dimension overlaps it. A missed span
is put in the first class that fits:

- read by korfacts as an ordinal, a date or a clock time (``Extractor(include_non_quantities=True)``), which the
  contract reports only with those dimensions, never as a count, and which the scorer does not count;
- a score (``4-1``, ``2대 1``), which the contract lists as no quantity;
- the determiner 한 before a noun (``한 남자``), which the contract lists as no quantity;
- digits inside a name or a title (``시즌3``, ``'터미네이터 5'``), which the contract lists as no quantity;
- a rank, an ordinal or a label korfacts does not read (``첫째``, ``9단``, ``1심``);
- anything else: what korfacts could still learn.

The classes are read from the span's spelling, so they are approximate; the examples show what fell where. Last, it
gives the recall over the spans that konec's re-annotation of the same sentences labels as measurable quantities
(price, percentage, count, people, age, length, weight, size, speed, temperature, volume), in the sentences whose
text the two files share.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys

import regex
from common import ROOT

import korfacts

SHARED = ROOT.parent / "shared"
DATA = SHARED / "benchmarks" / "klue_ner_dev_qt.jsonl"
KONEC = SHARED / "benchmarks" / "konec_dev_qt_subtypes.jsonl"
MEASURABLE = {
    "QT_PRICE", "QT_PERCENTAGE", "QT_COUNT", "QT_MAN_COUNT", "QT_AGE", "QT_LENGTH", "QT_WEIGHT", "QT_SIZE",
    "QT_SPEED", "QT_TEMPERATURE", "QT_VOLUME",
}  # fmt: skip
COUNTED_OUT = {"date", "time", "datetime", "ordinal", "rank", "year", "period", "timepoint"}  # as the scorer does
NON_QUANTITIES = ("ordinal", "date", "time")

SCORE = regex.compile(r"[0-9]+\s*(?:-|–|:|대)\s*[0-9]+|[일이삼사오]\s*대\s*[일이삼사오]")
DETERMINER = regex.compile(r"한\s?\p{Hangul}+")
COUNTED_BY_ONE = regex.compile(r"한\s?(?:번|명|개|건|병|개비|장|대|곳)")  # one of a counter: a count, not 한 남자
IN_A_NAME = regex.compile(r"\p{L}+\s?[0-9]+")  # 시즌3, 톱10, 파5
RANK = regex.compile(
    r"번째|째|^첫|^제\s?[0-9]|[0-9]\s*(?:차전?|위권?|호선?|층|학년|기|회|심|단계?|루수?|강|라운드|주년|주기|등급?|급|번|편"
    r"|조|항|면|화|집|세대|인자?|사|수|성급?|학번|반|번지|전|섹션)$"
)

CLASSES = (
    "read as an ordinal, a date or a time",
    "a score",
    "the determiner 한",
    "digits in a name or a title",
    "a rank, an ordinal or a label not read",
    "other",
)


def classify(text: str, start: int, end: int, non_quantities: list[tuple[int, int]]) -> str:
    span = text[start:end]
    before = text[start - 1] if start > 0 else " "
    if any(a < end and start < b for a, b in non_quantities):
        return CLASSES[0]
    if SCORE.fullmatch(span):
        return CLASSES[1]
    if DETERMINER.fullmatch(span) and not COUNTED_BY_ONE.fullmatch(span):
        return CLASSES[2]
    if IN_A_NAME.fullmatch(span) or (span.isdigit() and (before.isalpha() or before in "'‘\"")):
        return CLASSES[3]
    if RANK.search(span):
        return CLASSES[4]
    return CLASSES[5]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=25, help="examples shown per class")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"{DATA} is absent: nothing to measure")
        return
    reporting = korfacts.Extractor(include_non_quantities=True)
    missed: dict[str, list[str]] = collections.defaultdict(list)
    n_gold = n_found = n_measurable = n_measurable_found = 0
    konec = _konec_labels()
    for line in DATA.open(encoding="utf-8"):
        record = json.loads(line)
        if record.get("domain") != "wikitree":
            continue
        text = record["text"]
        found = [(f.start, f.end) for f in korfacts.extract(text) if f.dimension not in COUNTED_OUT]
        non_quantities: list[tuple[int, int]] | None = None
        labels = konec.get(record["id"], {}).get(text, [])
        for gold in record["qt"]:
            n_gold += 1
            start, end = gold["start"], gold["end"]
            hit = any(a < end and start < b for a, b in found)
            if any(a < end and start < b and label in MEASURABLE for a, b, label in labels):
                n_measurable += 1
                n_measurable_found += hit
            if hit:
                n_found += 1
                continue
            if non_quantities is None:
                facts = reporting.extract(text)
                non_quantities = [(f.start, f.end) for f in facts if f.dimension in NON_QUANTITIES]
            missed[classify(text, start, end, non_quantities)].append(text[start:end])
    print(f"KLUE QT spans in news sentences: {n_gold}; found {n_found} (recall {n_found / n_gold:.3f})")
    for name in CLASSES:
        spans = missed[name]
        print(f"{len(spans):4d}  {name}: {', '.join(spans[: args.examples])}")
    barred = sum(len(missed[name]) for name in CLASSES[:5])
    most = n_gold - barred
    print(f"at most {most} of {n_gold} spans are quantities under the contract: recall {most / n_gold:.3f} at best")
    if n_measurable:
        rate = n_measurable_found / n_measurable
        print(
            f"spans konec labels measurable quantities: {n_measurable}; found {n_measurable_found} (recall {rate:.3f})"
        )


def _konec_labels() -> dict[str, dict[str, list[tuple[int, int, str]]]]:
    """konec's labelled spans by record id and text (its text is error-fixed in a few sentences: those are skipped)."""
    if not KONEC.exists():
        return {}
    labels: dict[str, dict[str, list[tuple[int, int, str]]]] = {}
    for line in KONEC.open(encoding="utf-8"):
        record = json.loads(line)
        spans = [(q["start"], q["end"], q["label"]) for q in record["qt"]]
        labels[record["id"]] = {record["text"]: spans}
    return labels


if __name__ == "__main__":
    sys.exit(main())
