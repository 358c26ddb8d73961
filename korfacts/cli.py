"""The ``korfacts`` command: a thin argparse shell over the library. Imported by nothing else.

korfacts demo                 the facts of the bundled sample news, as a table
korfacts show "문장"           the facts of a text, as a table (add --json for JSON, --explain for the rules)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, Any

import attrs

from korfacts import __version__
from korfacts.batch import DEFAULT_TIME_LIMIT, Rendered, Settings, Task, describe, run
from korfacts.errors import KorfactsError
from korfacts.extractor import Extractor
from korfacts.model import Fact
from korfacts.output import JobFiles, OutputError, ResumeError, Written
from korfacts.records import FORMATS, Fields, Input, Record, check_format, id_json, open_input, result_line
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
    """``korfacts extract``: one output record per input record, in input order (see docs/cli.md). What can be
    checked is checked before anything is read or written: the options, OUT's folder, the units file, the inputs
    (``_Job.run``) and OUT's lock."""
    out_path = None if args.output in (None, "-") else Path(args.output)
    fmt = args.format or _format_of(out_path)
    if fmt != "jsonl" and out_path is None:
        raise _Usage(f"--format {fmt} writes a file: give it with -o")
    if args.resume and out_path is None:
        raise _Usage("--resume needs -o OUT: it continues the partial file of that output")
    if args.inputs.count("-") > 1:
        raise _Usage("- (standard input) can be read once only")
    files = JobFiles(out_path) if out_path is not None else None
    if files is not None:
        check_format(fmt)
        files.check()
    settings = Settings(units=args.units)
    settings.check()
    job = _Job(args, files, fmt, settings)
    with _Interruptible():
        try:
            return job.run()
        except _Stopped as stopped:  # the workers are stopped and the partial file closed by now
            print(job.stopped(stopped), file=sys.stderr)
            return 128 + stopped.signum


class _Job:
    """One run of ``korfacts extract`` once its options are known to be sound."""

    def __init__(self, args: argparse.Namespace, files: JobFiles | None, fmt: str, settings: Settings) -> None:
        self.args = args
        self.files = files
        self.fmt = fmt
        self.settings = settings
        self.new = _Tally()  # the records written by this run
        self.done = _Tally()  # those a resumed run found written already
        self.where = str(files.partial) if files is not None else "standard output"

    def run(self) -> int:
        with contextlib.ExitStack() as stack:
            fields = Fields(text=self.args.text_field, id=self.args.id_field, doc_date=self.args.doc_date_field)
            inputs = []
            for path in self.args.inputs:
                inputs.append(open_input(path, fields))
                stack.callback(inputs[-1].close)
            if self.files is not None:
                self.files.lock()
                stack.callback(self.files.unlock)
            return self._run(inputs, stack)
        raise AssertionError("unreachable")  # mypy: an ExitStack could swallow the exception

    def _run(self, inputs: list[Input], stack: contextlib.ExitStack) -> int:
        args, files = self.args, self.files
        records = itertools.chain.from_iterable(source.records() for source in inputs)
        sink: IO[str] = sys.stdout
        if files is not None:
            fingerprint = self._fingerprint(inputs)
            if args.resume:
                written, sink = files.resume(fingerprint)
                stack.callback(_close, sink)
                self._skip_done(written, records)
            else:
                sink = files.start(fingerprint)
                stack.callback(_close, sink)
        if args.strict and self.done.errors:
            return self._strict_stop()
        feed, kept = itertools.tee(records)
        tasks = (Task(r.text if r.error is None else "", r.doc_date) for r in feed)
        outcomes = run(
            tasks, self.settings, jobs=args.jobs, chunk_size=args.chunk_size, as_json=True,
            time_limit=args.time_limit or None,
        )  # fmt: skip
        stack.callback(outcomes.close)  # stops the workers, whatever ends the job
        progress = _progress(initial=self.done.records)
        stack.callback(progress.close)
        started = time.perf_counter()
        for record, outcome in zip(kept, outcomes, strict=True):
            error = record.error or (describe(outcome) if isinstance(outcome, Exception) else None)
            rendered = outcome if error is None and isinstance(outcome, Rendered) else None
            self._write(sink, result_line(record.id, rendered.json if rendered else None, error))
            self.new.add(rendered.count if rendered else 0, error is not None)
            progress.update(1)
            if error is not None and args.strict:
                self._summary(started)
                return self._strict_stop()
        self._summary(started)
        if files is not None:
            sink.close()
            try:
                files.finish(self.fmt)
            except OSError as exc:
                raise OutputError(f"cannot write {files.out}: {exc.strerror or exc}; --resume tries again") from None
        return 1 if self.new.errors or self.done.errors else 0

    def _fingerprint(self, inputs: list[Input]) -> dict[str, Any]:
        """What the partial output is made from: the inputs and the settings that change the output."""
        units = self.args.units
        return {
            "korfacts": __version__,
            "inputs": [source.fingerprint() for source in inputs],
            "text_field": self.args.text_field,
            "id_field": self.args.id_field,
            "doc_date_field": self.args.doc_date_field,
            "units": None if units is None else {
                "path": str(Path(units).resolve()), "sha256": hashlib.sha256(Path(units).read_bytes()).hexdigest()
            },
        }  # fmt: skip

    def _skip_done(self, written: Iterator[Written], records: Iterator[Record]) -> None:
        """Skip the input records already in the partial file, checking their ids, and count them."""
        for line in written:
            record = next(records, None)
            if record is None or id_json(record.id) != line.id_json:
                problem = "the input has fewer records" if record is None else f"the input's id is {id_json(record.id)}"
                raise ResumeError(
                    f"cannot resume: {self.where} does not match the input at record {self.done.records + 1}: "
                    f"its id there is {line.id_json}, {problem}"
                )
            self.done.add(line.facts, line.error)

    def _write(self, sink: IO[str], line: str) -> None:
        try:
            sink.write(line + "\n")
            sink.flush()
        except OSError as exc:
            if sink is sys.stdout:  # what is left in its buffer would fail again, noisily, when Python exits
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None
            written = self.new.records + self.done.records
            kept = f"; the {written} records before it are kept, --resume goes on after them"
            raise OutputError(f"cannot write {self.where}: {exc.strerror or exc}{kept}") from None

    def _summary(self, started: float) -> None:
        new, done = self.new, self.done
        rate = new.records / max(time.perf_counter() - started, 1e-9)
        resumed = ""
        if done.records:
            resumed = f" ({done.records} already done" + (f", {done.errors} of them errors)" if done.errors else ")")
        line = f"{new.records} documents, {new.facts} facts, {new.errors} errors, {rate:.1f} documents/s{resumed}"
        print(f"korfacts: {line}", file=sys.stderr)

    def _strict_stop(self) -> int:
        print(f"korfacts: stopped at the first error (--strict); partial output in {self.where}", file=sys.stderr)
        return 1

    def stopped(self, stopped: _Stopped) -> str:
        """The one line said when a signal stopped the job."""
        kept = f"; {self.where} is kept: run again with --resume to continue" if self.files is not None else ""
        return f"korfacts: stopped by {stopped.name} after {self.new.records} documents{kept}"


def _close(sink: IO[str]) -> None:
    """Close the partial file. After a write failed (a full disk) its buffer still holds the line that did not fit,
    and flushing it fails again: that line is cut short in the file either way, and --resume drops it."""
    with contextlib.suppress(OSError):
        sink.close()


@attrs.define
class _Tally:
    records: int = 0
    facts: int = 0
    errors: int = 0

    def add(self, facts: int, error: bool) -> None:
        self.records += 1
        self.facts += facts
        self.errors += error


def _format_of(path: Path | None) -> str:
    if path is not None and path.suffix in (".parquet", ".csv"):
        return path.suffix[1:]
    return "jsonl"


class _Stopped(BaseException):
    """SIGTERM or SIGINT reached the command (a BaseException: nothing may take it for one record's error)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


class _Interruptible:
    """While a job runs, SIGTERM (what ``timeout`` and schedulers send) and SIGINT raise _Stopped, so that the job
    stops its workers and closes its partial file for --resume; the first signal makes the next ones ignored, so
    that they cannot cut that clean-up short. The handlers before are put back after."""

    _SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __enter__(self) -> _Interruptible:
        self._previous = {}
        if threading.current_thread() is threading.main_thread():  # only it may set handlers (main() in a thread)
            self._previous = {signum: signal.signal(signum, self._raise) for signum in self._SIGNALS}
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    @classmethod
    def _raise(cls, signum: int, frame: FrameType | None) -> None:
        for other in cls._SIGNALS:
            signal.signal(other, signal.SIG_IGN)
        raise _Stopped(signum)


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
        "Exit status: 0 when every record succeeded, 1 when some are errors, 2 when the job cannot run or cannot "
        "go on (a usage error, an unreadable input, an output that cannot be written), 143 after SIGTERM and 130 "
        "after SIGINT (with -o, --resume continues).",
    )
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help="JSONL, JSONL.gz or Parquet files; - for stdin")
    extract.add_argument(
        "-o", "--output", help="output file (default: standard output); appears whole at the end, see --resume"
    )
    extract.add_argument("--jobs", type=_positive, default=1, help="worker processes (default 1)")
    extract.add_argument("--chunk-size", type=_positive, default=32, help="documents per task sent to a worker")
    extract.add_argument("--text-field", default="text", help="the field holding the text (default: text)")
    extract.add_argument("--id-field", default="id", help="the field holding the record id (default: id)")
    extract.add_argument("--doc-date-field", help="a field holding the document date (ISO), to resolve 지난해 …")
    extract.add_argument("--format", choices=FORMATS, help="output format (default: from -o's suffix, else jsonl)")
    extract.add_argument("--resume", action="store_true", help="continue an interrupted job writing to the same -o")
    extract.add_argument("--strict", action="store_true", help="stop at the first record that is an error")
    extract.add_argument(
        "--time-limit",
        type=_seconds,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"a record still being read after this long is an error record (default {DEFAULT_TIME_LIMIT:g}; 0: none)",
    )
    return parser


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {value!r}") from None
    if not number >= 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more, got {value!r}")
    return number


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
        print("korfacts: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
