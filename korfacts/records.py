"""Records in and out of batch jobs: JSON Lines (also gzipped), Parquet and CSV.

Reading never stops at a bad record: every input line becomes a ``Record``, and one that cannot be read carries the
reason in ``error`` (bytes that are not UTF-8, bad JSON, a missing or non-string text field), so that the output has
one record per input record. Lines are split on ``\\n`` alone and decoded one by one: a text may hold U+2028 or
U+0085, which ``str.splitlines()`` takes for line ends, and one bad byte spoils one line, not the file. A UTF-8 byte
order mark before the first line is skipped.

What cannot be read at all is a ``RecordError`` of one line, raised by ``open_input`` before the job starts when it
can be seen then (a missing file, a directory, a .gz that is not gzip, a Parquet file without its footer or without
the text column), and while reading otherwise (a .gz cut short, a damaged Parquet page).

Parquet needs pyarrow (``pip install "korfacts[parquet]"``).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import itertools
import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

import attrs

from korfacts.errors import KorfactsError

__all__ = [
    "FORMATS", "Fields", "Input", "Record", "RecordError", "check_format", "create_new", "id_json", "open_input",
    "result_line", "write_results",
]  # fmt: skip

FORMATS = ("jsonl", "parquet", "csv")
_BOM = b"\xef\xbb\xbf"
_HEAD_BYTES = 1 << 16  # how much of an input file its fingerprint hashes
_PARQUET_ROWS = 10_000  # rows per batch written to a Parquet output


class RecordError(KorfactsError, ValueError):
    """An input or output that cannot be read or written as asked (a missing file, a truncated .gz, a missing
    pyarrow, an unknown format)."""


@attrs.frozen(kw_only=True)
class Record:
    """One input record: its id, its text and document date (when readable), or why it cannot be processed."""

    id: Any
    text: str | None = None
    doc_date: str | None = None
    error: str | None = None


@attrs.frozen(kw_only=True)
class Fields:
    """Which fields of an input record hold the text, the id and the document date."""

    text: str = "text"
    id: str = "id"
    doc_date: str | None = None


class _Lines(Protocol):
    """A binary stream read line by line: a file, standard input, a GzipFile."""

    def readline(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class Input:
    """One input, opened and checked by ``open_input``: its records, and a fingerprint of it for ``--resume``."""

    def __init__(self, path: str, stream: _Lines | None, parquet: Any, fields: Fields) -> None:
        self.path = path
        self._stream = stream
        self._parquet = parquet
        self._fields = fields
        self._first_line = b""
        if stream is not None:
            try:
                self._first_line = _read_line(path, stream, first=True)
            except RecordError:
                self.close()
                raise

    def fingerprint(self) -> dict[str, Any]:
        """What identifies this input: for a file its absolute path, size, modification time and a hash of its first
        64 KiB; for standard input (or a pipe, which can be read once) a hash of its first line."""
        status = None if self.path == "-" else os.stat(self.path)
        if status is None or not stat.S_ISREG(status.st_mode):
            return {"path": self.path, "first_line_sha256": hashlib.sha256(self._first_line).hexdigest()}
        path = Path(self.path).resolve()
        with path.open("rb") as raw:
            head = hashlib.sha256(raw.read(_HEAD_BYTES)).hexdigest()
        return {"path": str(path), "size": status.st_size, "mtime_ns": status.st_mtime_ns, "head_sha256": head}

    def records(self) -> Iterator[Record]:
        if self._parquet is not None:
            yield from _parquet_records(self.path, self._parquet, self._fields)
            return
        assert self._stream is not None
        lines = itertools.chain([self._first_line] if self._first_line else [], _lines(self.path, self._stream))
        for number, raw in enumerate(lines, 1):
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            if not raw.strip():
                continue
            yield _json_record(raw, self._fields, f"{self.path}:{number}")

    def close(self) -> None:
        if self._stream is not None and self.path != "-":
            self._stream.close()


def open_input(path: str, fields: Fields) -> Input:
    """The input at ``path`` (JSONL, .jsonl.gz, Parquet; ``-`` for standard input), checked as far as it can be
    before the job starts: RecordError names what is wrong."""
    if path == "-":
        return Input(path, sys.stdin.buffer, None, fields)
    if not Path(path).exists():
        raise RecordError(f"no such input file: {path}")
    if Path(path).is_dir():
        raise RecordError(f"{path} is a directory, not a file of records")
    if path.endswith(".parquet"):
        return Input(path, None, _open_parquet(path, fields), fields)
    try:
        raw: IO[bytes] = open(path, "rb")  # noqa: SIM115 (closed by Input.close)
    except OSError as exc:
        raise RecordError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not path.endswith(".gz"):
        return Input(path, raw, None, fields)
    with raw:
        magic = raw.read(2)
    if magic != b"\x1f\x8b":
        raise RecordError(f"{path} is not gzip data (it ends in .gz)")
    return Input(path, gzip.open(path, "rb"), None, fields)


def _lines(path: str, stream: _Lines) -> Iterator[bytes]:
    while line := _read_line(path, stream):
        yield line


def _read_line(path: str, stream: _Lines, first: bool = False) -> bytes:
    """The next line of ``stream`` (b"" at its end); a stream that cannot be read further is a RecordError."""
    try:
        return stream.readline()
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        where = "at its start" if first else "before its end"
        problem = "the gzip data ends early (a truncated file?)" if isinstance(exc, EOFError) else str(exc)
        raise RecordError(f"{path}: cannot be read {where}: {problem}") from None


def _json_record(raw: bytes, fields: Fields, where: str) -> Record:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Record(id=None, error=f"{where}: not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1})")
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return Record(id=None, error=f"{where}: not valid JSON ({exc.msg})")
    except (ValueError, RecursionError) as exc:  # an integer of 5,000 digits; arrays nested 100,000 deep
        return Record(id=None, error=f"{where}: not valid JSON for Python ({type(exc).__name__})")
    return _record(row, fields, where)


def _record(row: object, fields: Fields, where: str) -> Record:
    if not isinstance(row, dict):
        return Record(id=None, error=f"{where}: a record must be a JSON object, got {type(row).__name__}")
    record_id = row.get(fields.id)
    text = row.get(fields.text)
    if text is None:
        return Record(id=record_id, error=f"{where}: no {fields.text!r} field")
    if not isinstance(text, str):
        return Record(id=record_id, error=f"{where}: {fields.text!r} must be a string, got {type(text).__name__}")
    doc_date = row.get(fields.doc_date) if fields.doc_date else None
    if doc_date is not None and not isinstance(doc_date, str):
        return Record(id=record_id, error=f"{where}: {fields.doc_date!r} must be an ISO date string")
    return Record(id=record_id, text=text, doc_date=doc_date)


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RecordError('Parquet needs pyarrow: pip install "korfacts[parquet]"') from None
    return pa, pq


def _open_parquet(path: str, fields: Fields) -> Any:
    _, pq = _pyarrow()
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow's errors of a file that is not Parquet subclass one of them
        raise RecordError(f"cannot read {path} as Parquet: {exc}") from None
    names = parquet.schema_arrow.names
    if fields.text not in names:
        raise RecordError(f"{path} has no column {fields.text!r} (it has {', '.join(names)}): see --text-field")
    return parquet


def _parquet_records(path: str, parquet: Any, fields: Fields) -> Iterator[Record]:
    columns = [c for c in (fields.id, fields.text, fields.doc_date) if c and c in parquet.schema_arrow.names]
    batches = parquet.iter_batches(columns=columns)
    number = 0  # rows are numbered across the whole file, not from 1 in each batch
    while True:
        try:
            batch = next(batches, None)
        except (OSError, ValueError) as exc:
            raise RecordError(f"{path}: cannot be read after row {number}: {exc}") from None
        if batch is None:
            return
        for row in batch.to_pylist():
            number += 1
            yield _record(row, fields, f"{path}:row {number}")


def id_json(record_id: Any) -> str:
    """A record's id as JSON text for the output. An id that is no JSON value is written as a string: ``NaN`` and
    ``Infinity`` (Python's json reads them, and ``1e999`` as infinity), bytes or a date from a Parquet column."""
    try:
        return json.dumps(record_id, ensure_ascii=False, allow_nan=False)
    except (ValueError, TypeError, RecursionError):
        pass
    if isinstance(record_id, float):
        text = json.dumps(record_id)  # NaN, Infinity, -Infinity
    else:
        try:
            text = json.dumps(record_id, ensure_ascii=False, default=str)
        except (ValueError, RecursionError):
            text = str(record_id)
    return json.dumps(text, ensure_ascii=False)


def result_line(record_id: Any, facts_json: str | None, error: str | None) -> str:
    """One output record as a JSON line: ``{"id", "facts"}`` (``facts_json`` is already the JSON array of the
    facts) or ``{"id", "error"}``."""
    head = '{"id": ' + id_json(record_id)
    if error is None:
        return f'{head}, "facts": {facts_json or "[]"}}}'
    return f'{head}, "error": {json.dumps(error, ensure_ascii=False)}}}'


def check_format(fmt: str) -> None:
    """Raise RecordError now, before a job, when its output format cannot be written at its end."""
    if fmt not in FORMATS:
        raise RecordError(f"unknown output format {fmt!r}; expected one of {FORMATS}")
    if fmt == "parquet":
        _pyarrow()


def create_new(path: Path) -> IO[bytes]:
    """``path`` opened for writing as a new file: one left there before is removed first, and the file is created
    with O_EXCL and O_NOFOLLOW, so that a symbolic link planted at that name is never followed."""
    path.unlink(missing_ok=True)  # a symbolic link itself is removed, not what it points to
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.fdopen(os.open(path, flags, 0o666), "wb")


def write_results(jsonl: Path, target: Path, fmt: str) -> None:
    """Turn the finished JSON Lines results into ``target`` in ``fmt`` (jsonl: a rename), reading them line by line:
    memory stays flat however large the output. ``target`` appears whole or not at all; ``jsonl`` is removed once it
    has."""
    check_format(fmt)
    if fmt == "jsonl":
        jsonl.replace(target)
        return
    temporary = target.with_name(target.name + ".tmp")
    try:
        with jsonl.open("rb") as lines, create_new(temporary) as out:
            rows = (_flat(json.loads(line)) for line in lines if line.strip())
            if fmt == "csv":
                _write_csv(rows, out)
            else:
                _write_parquet(rows, out)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    jsonl.unlink()


def _flat(row: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """The columns of CSV and Parquet: id as a string, facts as their JSON array, error."""
    record_id = row.get("id")
    facts = None if "facts" not in row else json.dumps(row["facts"], ensure_ascii=False)
    return (None if record_id is None else str(record_id)), facts, row.get("error")


def _write_csv(rows: Iterable[tuple[str | None, ...]], out: IO[bytes]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(("id", "facts", "error"))
    writer.writerows(rows)
    text.flush()
    text.detach()  # ``out`` is closed by its owner


def _write_parquet(rows: Iterator[tuple[str | None, ...]], out: IO[bytes]) -> None:
    pa, pq = _pyarrow()
    schema = pa.schema([("id", pa.string()), ("facts", pa.string()), ("error", pa.string())])
    with pq.ParquetWriter(out, schema) as writer:
        while batch := list(itertools.islice(rows, _PARQUET_ROWS)):
            columns = list(zip(*batch, strict=True))
            writer.write_table(pa.table([pa.array(c, pa.string()) for c in columns], schema=schema))
