"""Records in and out of batch jobs: JSON Lines (also gzipped), Parquet and CSV.

Reading never stops at a bad record: every input line becomes a ``Record``, and one that cannot be read carries the
reason in ``error`` (bad JSON, a missing or non-string text field), so that the output has one record per input
record. Parquet needs pyarrow (``pip install "korfacts[parquet]"``).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from korfacts.errors import KorfactsError

__all__ = ["FORMATS", "Record", "RecordError", "read_records", "result_line", "write_results"]

FORMATS = ("jsonl", "parquet", "csv")


class RecordError(KorfactsError, ValueError):
    """An input or output that cannot be read or written as asked (missing pyarrow, unknown format)."""


@attrs.frozen(kw_only=True)
class Record:
    """One input record: its id, its text and document date (when readable), or why it cannot be processed."""

    id: Any
    text: str | None = None
    doc_date: str | None = None
    error: str | None = None


def read_records(path: str, text_field: str, id_field: str, date_field: str | None) -> Iterator[Record]:
    """The records of a JSONL, JSONL.gz or Parquet file, or of standard input for ``-``."""
    if path.endswith(".parquet"):
        yield from _parquet_records(path, text_field, id_field, date_field)
        return
    with _open_text(path) as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Record(id=None, error=f"{path}:{number}: not valid JSON ({exc.msg})")
                continue
            yield _record(row, text_field, id_field, date_field, f"{path}:{number}")


def _open_text(path: str) -> IO[str]:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _record(row: object, text_field: str, id_field: str, date_field: str | None, where: str) -> Record:
    if not isinstance(row, dict):
        return Record(id=None, error=f"{where}: a record must be a JSON object, got {type(row).__name__}")
    record_id = row.get(id_field)
    text = row.get(text_field)
    if text is None:
        return Record(id=record_id, error=f"{where}: no {text_field!r} field")
    if not isinstance(text, str):
        return Record(id=record_id, error=f"{where}: {text_field!r} must be a string, got {type(text).__name__}")
    doc_date = row.get(date_field) if date_field else None
    if doc_date is not None and not isinstance(doc_date, str):
        return Record(id=record_id, error=f"{where}: {date_field!r} must be an ISO date string")
    return Record(id=record_id, text=text, doc_date=doc_date)


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RecordError('Parquet needs pyarrow: pip install "korfacts[parquet]"') from None
    return pa, pq


def _parquet_records(path: str, text_field: str, id_field: str, date_field: str | None) -> Iterator[Record]:
    _, pq = _pyarrow()
    columns = [c for c in (id_field, text_field, date_field) if c]
    parquet = pq.ParquetFile(path)
    present = [c for c in columns if c in parquet.schema_arrow.names]
    for batch in parquet.iter_batches(columns=present):
        for number, row in enumerate(batch.to_pylist(), 1):
            yield _record(row, text_field, id_field, date_field, f"{path}:row {number}")


def result_line(record_id: Any, facts_json: str | None, error: str | None) -> str:
    """One output record as a JSON line: ``{"id", "facts"}`` (``facts_json`` is already the JSON array of the
    facts) or ``{"id", "error"}``."""
    head = '{"id": ' + json.dumps(record_id, ensure_ascii=False)
    if error is None:
        return f'{head}, "facts": {facts_json or "[]"}}}'
    return f'{head}, "error": {json.dumps(error, ensure_ascii=False)}}}'


def write_results(jsonl: Path, target: Path, fmt: str) -> None:
    """Turn the finished JSON Lines results into ``target`` in ``fmt`` (jsonl: a rename)."""
    if fmt == "jsonl":
        jsonl.replace(target)
        return
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line]
    flat = [
        {
            "id": None if row.get("id") is None else str(row["id"]),
            "facts": None if "facts" not in row else json.dumps(row["facts"], ensure_ascii=False),
            "error": row.get("error"),
        }
        for row in rows
    ]
    partial = target.with_name(target.name + ".tmp")
    if fmt == "csv":
        with partial.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=["id", "facts", "error"])
            writer.writeheader()
            writer.writerows(flat)
    elif fmt == "parquet":
        pa, pq = _pyarrow()
        schema = pa.schema([("id", pa.string()), ("facts", pa.string()), ("error", pa.string())])
        pq.write_table(pa.Table.from_pylist(flat, schema=schema), partial)
    else:
        raise RecordError(f"unknown output format {fmt!r}; expected one of {FORMATS}")
    partial.replace(target)
    jsonl.unlink()
