"""The ``korfacts`` command: a thin argparse shell over the library. Imported by nothing else.

korfacts demo                 the facts of the bundled sample news, as a table
korfacts show "문장"           the facts of a text, as a table (add --json for JSON, --explain for the rules)
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from korfacts.batch import Rendered, Settings, Task, run
from korfacts.errors import KorfactsError
from korfacts.extractor import Extractor
from korfacts.model import Fact
from korfacts.records import FORMATS, Record, read_records, result_line, write_results
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
    widths = (22, 20, 10, 16, 14, 14, 16, 12)
    rows = [" ".join(_cell(h, w) for h, w in zip(header, widths, strict=True))]
    for f in facts:
        q = f.quantity
        amount = str(attrs.evolve(q, approx=False, bound=None, change=None, per=None))
        amount = amount.removesuffix(f" {q.unit}") if q.unit else amount
        unit = (q.unit or "") + (f"/{q.per}" if q.per else "")  # "USD/bbl", "KRW/3.3 m2"
        flags = [*(["approx"] if q.approx else []), *([q.bound] if q.bound else []), *([q.change] if q.change else [])]
        subject = (f.subject.text + ("*" if f.subject.inferred else "")) if f.subject else ""
        cells = (
            f.text, amount, unit, q.dimension, ",".join(flags), f.measure.text if f.measure else "",
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


def _extract(args: argparse.Namespace) -> int:
    """``korfacts extract``: one output record per input record, in input order (see docs/cli.md)."""
    out_path = None if args.output in (None, "-") else Path(args.output)
    fmt = args.format or _format_of(out_path)
    if fmt != "jsonl" and out_path is None:
        raise _Usage(f"--format {fmt} writes a file: give it with -o")
    if args.resume and out_path is None:
        raise _Usage("--resume needs -o OUT: it continues the partial file of that output")
    for path in args.inputs:
        if path != "-" and not Path(path).exists():
            raise _Usage(f"no such input file: {path}")
    records = itertools.chain.from_iterable(
        read_records(path, args.text_field, args.id_field, args.doc_date_field) for path in args.inputs
    )
    partial = out_path.with_name(out_path.name + ".partial.jsonl") if out_path else None
    done = _resume(partial, records) if args.resume and partial is not None else 0
    if partial is not None and not args.resume and partial.exists():
        partial.unlink()
    settings = Settings(units=args.units)
    feed, kept = itertools.tee(records)
    tasks = (Task(r.text if r.error is None else "", r.doc_date) for r in feed)
    outcomes = run(tasks, settings, jobs=args.jobs, chunk_size=args.chunk_size, as_json=True)
    sink = partial.open("a", encoding="utf-8") if partial is not None else sys.stdout
    progress = _progress(initial=done)
    n_docs = n_facts = n_errors = 0
    started = time.perf_counter()
    stopped = False
    try:
        for record, outcome in zip(kept, outcomes, strict=True):
            error = record.error or (f"{type(outcome).__name__}: {outcome}" if isinstance(outcome, Exception) else None)
            rendered = outcome if error is None and isinstance(outcome, Rendered) else None
            sink.write(result_line(record.id, rendered.json if rendered else None, error) + "\n")
            n_docs += 1
            n_facts += rendered.count if rendered else 0
            n_errors += error is not None
            progress.update(1)
            if error is not None and args.strict:
                stopped = True
                break
    finally:
        progress.close()
        if sink is not sys.stdout:
            sink.close()
    seconds = time.perf_counter() - started
    rate = n_docs / max(seconds, 1e-9)
    resumed = f" ({done} already done)" if done else ""
    print(
        f"korfacts: {n_docs} documents, {n_facts} facts, {n_errors} errors, {rate:.1f} documents/s{resumed}",
        file=sys.stderr,
    )
    if stopped:
        print(f"korfacts: stopped at the first error (--strict); partial output in {partial}", file=sys.stderr)
        return 1
    if out_path is not None and partial is not None:
        write_results(partial, out_path, fmt)
    return 1 if n_errors else 0


def _format_of(path: Path | None) -> str:
    if path is not None and path.suffix in (".parquet", ".csv"):
        return path.suffix[1:]
    return "jsonl"


def _resume(partial: Path, records: Iterator[Record]) -> int:
    """Skip the input records already in ``partial`` (checking their ids) and return how many there were."""
    if not partial.exists():
        return 0
    done = 0
    with partial.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            written = json.loads(line)
            record = next(records, None)
            if record is None or record.id != written.get("id"):
                raise _Usage(f"{partial} does not match the input at record {done + 1}: cannot resume")
            done += 1
    return done


class _NoProgress:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(initial: int) -> Any:
    """A tqdm bar on stderr when stderr is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(initial=initial, unit="doc", file=sys.stderr, dynamic_ncols=True)


class _Usage(Exception):
    """A usage error: reported in one line, exit status 2."""


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
    extract = sub.add_parser(
        "extract",
        help="the facts of every record of JSON Lines or Parquet files",
        description="Reads records (JSON Lines, .jsonl.gz, Parquet; - for stdin) and writes one output record per "
        'input record, in input order: {"id": ..., "facts": [...]} or {"id": ..., "error": "..."}. '
        "Exit status: 0 when every record succeeded, 1 when some are errors, 2 on a usage error.",
    )
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help="JSONL, JSONL.gz or Parquet files; - for stdin")
    extract.add_argument("-o", "--output", help="output file (default: standard output); written whole at the end")
    extract.add_argument("--jobs", type=_positive, default=1, help="worker processes (default 1)")
    extract.add_argument("--chunk-size", type=_positive, default=32, help="documents per task sent to a worker")
    extract.add_argument("--text-field", default="text", help="the field holding the text (default: text)")
    extract.add_argument("--id-field", default="id", help="the field holding the record id (default: id)")
    extract.add_argument("--doc-date-field", help="a field holding the document date (ISO), to resolve 지난해 …")
    extract.add_argument("--format", choices=FORMATS, help="output format (default: from -o's suffix, else jsonl)")
    extract.add_argument("--resume", action="store_true", help="continue an interrupted job writing to the same -o")
    extract.add_argument("--strict", action="store_true", help="stop at the first record that is an error")
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "extract":
            return _extract(args)
        extractor = Extractor(args.units)
        if args.command == "demo":
            return _demo(extractor, args.json)
        text = " ".join(args.text)
        if text == "-":
            text = sys.stdin.read()
        _show(extractor, text, args.json, args.explain)
        return 0
    except (_Usage, KorfactsError) as exc:
        print(f"korfacts: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # "korfacts demo | head": the reader went away
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("korfacts: interrupted; --resume continues a job written with -o", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
