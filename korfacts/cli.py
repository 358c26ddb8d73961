"""The ``korfacts`` command: a thin argparse shell over the library. Imported by nothing else.

korfacts demo                 the facts of the bundled sample news, as a table
korfacts show "문장"           the facts of a text, as a table (add --json for JSON, --explain for the rules)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from korfacts.extractor import Extractor
from korfacts.model import Fact
from korfacts.resources import data_file

__all__ = ["main"]


def _sample_path() -> Path:
    return data_file("sample_news.jsonl")


def _cell(value: object, width: int) -> str:
    text = "" if value is None else str(value)
    if len(text) > width:
        text = text[: width - 1] + "…"
    # Hangul is two columns wide in a terminal.
    shown = sum(2 if "\u1100" <= ch <= "\ud7a3" or "\u3130" <= ch <= "\u318f" else 1 for ch in text)
    return text + " " * max(0, width - shown)


def format_table(facts: Sequence[Fact]) -> str:
    """Facts as an aligned table: expression, value, unit, qualifiers, measure, subject, time."""
    header = ("text", "value", "unit", "dimension", "flags", "measure", "subject", "time")
    widths = (22, 20, 6, 16, 14, 14, 16, 12)
    rows = [" ".join(_cell(h, w) for h, w in zip(header, widths, strict=True))]
    for f in facts:
        q = f.quantity
        amount = str(q).split(" [")[0].removeprefix("약 ")
        if q.unit and amount.endswith(" " + q.unit):
            amount = amount[: -len(q.unit) - 1]
        flags = [*(["approx"] if q.approx else []), *([q.bound] if q.bound else []), *([q.change] if q.change else [])]
        subject = (f.subject.text + ("*" if f.subject.inferred else "")) if f.subject else ""
        cells = (
            f.text, amount, q.unit or "", q.dimension, ",".join(flags), f.measure.text if f.measure else "",
            subject, f.time.text if f.time else "",
        )  # fmt: skip
        rows.append(" ".join(_cell(c, w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(rows)


def _show(extractor: Extractor, text: str, as_json: bool, explain: bool) -> None:
    if explain:
        print(extractor.explain(text))
        return
    facts = extractor.extract(text)
    if as_json:
        for f in facts:
            print(json.dumps(f.to_dict(), ensure_ascii=False))
    else:
        print(format_table(facts) if facts else "(no numeric facts)")


def _demo(extractor: Extractor, as_json: bool) -> int:
    path = _sample_path()
    n_docs = n_facts = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            text = record["text"]
            facts = extractor.extract(text)
            n_docs += 1
            n_facts += len(facts)
            if as_json:
                print(json.dumps({"id": record.get("id"), "facts": [f.to_dict() for f in facts]}, ensure_ascii=False))
                continue
            print(f"# {record.get('id', n_docs)}: {text}")
            print(format_table(facts) if facts else "(no numeric facts)")
            print()
    if not as_json:
        print(f"{n_docs} documents, {n_facts} facts ({path.name})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="korfacts", description="Numeric facts from Korean text.")
    parser.add_argument("--units", help="an extra units file (the schema of data/units.yaml)")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="show the facts of the bundled sample news")
    demo.add_argument("--json", action="store_true", help="JSON Lines instead of a table")
    show = sub.add_parser("show", help="show the facts of a text")
    show.add_argument("text", nargs="+", help="the text (several arguments are joined with spaces); - reads stdin")
    show.add_argument("--json", action="store_true", help="one JSON object per fact")
    show.add_argument("--explain", action="store_true", help="which rules built each fact")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    extractor = Extractor(args.units)
    if args.command == "demo":
        return _demo(extractor, args.json)
    text = " ".join(args.text)
    if text == "-":
        text = sys.stdin.read()
    _show(extractor, text, args.json, args.explain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
