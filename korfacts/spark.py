"""The Apache Spark adapter: a DataFrame of documents in, a DataFrame with one row per fact out.

    from korfacts.spark import extract_facts

    facts = extract_facts(docs, text_col="body", id_col="doc_id", doc_date_col="published")
    facts.write.parquet("facts.parquet")

Install with ``pip install "korfacts[spark]"``; ``import korfacts`` never imports this module, so pyspark and
pyarrow stay optional. The work runs in ``DataFrame.mapInArrow``: Arrow batches of documents go to the Python
workers, each worker extracts with its own ``Extractor`` and sends back Arrow batches of facts. Nothing is collected
on the driver and no Extractor is pickled: each Python worker process builds one on its first batch and keeps it
(see ``worker_extractor``), so turn on ``spark.python.worker.reuse`` (the default) to build it once per worker, not
once per task.

Output schema (``FACT_SCHEMA``), one row per fact, in the order of the document's facts:

==================  =======  ========  =========================================================================
column              type     nullable  meaning
==================  =======  ========  =========================================================================
id                  string   yes       the document's id, cast to string (null when the id is null)
fact_index          int      no        position of the fact in its document (0, 1, ...)
text                string   no        the fact as written (``약 30곳``)
start, end          int      no        offsets of ``text`` in the document
value               double   yes       the value; null for a range
low, high           double   yes       the ends of a range (``3~5%``); null for a point value
unit                string   yes       canonical unit (``KRW``, ``MW``, ``%p``) or the counter (``명``); null if bare
base_value          double   yes       the amount in the dimension's base unit (``120 MW`` -> 120000000)
base_unit           string   yes       that base unit (``W``)
dimension           string   no        ``money``, ``power``, ``count``, ``percent`` ...
approx              boolean  no        written as approximate (``약``, ``가량``)
bound               string   yes       ``min`` / ``max`` for ``이상`` / ``미만`` ...
inclusive           boolean  yes       whether the bound includes the value
change              string   yes       ``increase`` / ``decrease``
per_value           double   yes       a rate's denominator (``3.3㎡당`` -> 3.3; ``하루`` -> 1); null if no rate
per_unit            string   yes       its unit (``m2``, ``day``, ``가구``)
per                 string   yes       the denominator as written (``3.3㎡당``)
subject             string   yes       what the fact is about (``광주시``)
subject_start/end   int      yes       offsets of ``subject`` in the document
subject_inferred    boolean  yes       true when the subject is carried over from an earlier sentence
measure             string   yes       what is measured (``수출액``)
time                string   yes       the time as written (``지난해``)
time_value          string   yes       the time resolved to an ISO date or period (``2024``) when it can be
time_relation       string   yes       ``at``, ``by``, ``during`` ...
sentence_start/end  int      no        offsets of the fact's sentence in the document
==================  =======  ========  =========================================================================

A document whose text is null (or not a string) gives no rows, and so does a document with no fact; use a left
join on ``id`` to keep such documents. Each column is the field of the same name in ``Fact.to_dict()``, flattened
by ``fact_row``; numbers become doubles.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterator, Mapping
from typing import Any

import pyarrow as pa
from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import BooleanType, DataType, DoubleType, IntegerType, StringType, StructField, StructType

from korfacts.extractor import Extractor
from korfacts.units import UnitRegistry

__all__ = ["FACT_SCHEMA", "extract_facts", "fact_batches", "fact_row", "worker_extractor"]


def _field(name: str, data_type: DataType, nullable: bool = True) -> StructField:
    return StructField(name, data_type, nullable)


FACT_SCHEMA = StructType(
    [
        _field("id", StringType()),
        _field("fact_index", IntegerType(), nullable=False),
        _field("text", StringType(), nullable=False),
        _field("start", IntegerType(), nullable=False),
        _field("end", IntegerType(), nullable=False),
        _field("value", DoubleType()),
        _field("low", DoubleType()),
        _field("high", DoubleType()),
        _field("unit", StringType()),
        _field("base_value", DoubleType()),
        _field("base_unit", StringType()),
        _field("dimension", StringType(), nullable=False),
        _field("approx", BooleanType(), nullable=False),
        _field("bound", StringType()),
        _field("inclusive", BooleanType()),
        _field("change", StringType()),
        _field("per_value", DoubleType()),
        _field("per_unit", StringType()),
        _field("per", StringType()),
        _field("subject", StringType()),
        _field("subject_start", IntegerType()),
        _field("subject_end", IntegerType()),
        _field("subject_inferred", BooleanType()),
        _field("measure", StringType()),
        _field("time", StringType()),
        _field("time_value", StringType()),
        _field("time_relation", StringType()),
        _field("sentence_start", IntegerType(), nullable=False),
        _field("sentence_end", IntegerType(), nullable=False),
    ]
)
"""The schema of ``extract_facts``'s result (see the module docstring for what each column holds)."""

# The Arrow type that Spark reads back as each Spark type of FACT_SCHEMA.
_ARROW_TYPE_OF: dict[type[DataType], pa.DataType] = {
    StringType: pa.string(),
    IntegerType: pa.int32(),
    DoubleType: pa.float64(),
    BooleanType: pa.bool_(),
}

_ARROW_FACT_SCHEMA = pa.schema(
    [pa.field(f.name, _ARROW_TYPE_OF[type(f.dataType)], nullable=f.nullable) for f in FACT_SCHEMA.fields]
)

# Names of the input columns inside the Arrow batches that reach the workers.
_ID, _TEXT, _DOC_DATE = "id", "text", "doc_date"


def extract_facts(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "id",
    doc_date_col: str | None = None,
    *,
    units: str | os.PathLike[str] | None = None,
) -> DataFrame:
    """The facts of every document in ``df``: one row per fact, with the schema ``FACT_SCHEMA``.

    ``text_col`` holds the documents, ``id_col`` their ids (cast to string in the result). ``doc_date_col``, if
    given, is a date, timestamp or ISO-string column that resolves relative times, as ``doc_date`` does in
    ``Extractor.extract`` (with 2025-10-23, ``지난해`` is 2024); a null date leaves them unresolved. ``units`` is an
    extra units file as in ``Extractor(units=...)``; it is checked here, on the driver, and must be readable at the
    same path on every executor.

    The result is lazy, like any DataFrame: extraction runs when an action (write, count, ...) needs it.
    """
    units_path = os.fspath(units) if units is not None else None
    if units_path is not None:
        # Fail on the driver with the file, entry and field named, not in every executor's log.
        UnitRegistry.load(units_path)
    columns: list[Column] = [F.col(id_col).cast("string").alias(_ID), F.col(text_col).alias(_TEXT)]
    if doc_date_col is not None:
        columns.append(F.col(doc_date_col).alias(_DOC_DATE))
    # A partial of a module-level function pickles by reference: the workers import korfacts.spark themselves and
    # nothing built on the driver travels with the task.
    return df.select(*columns).mapInArrow(functools.partial(fact_batches, units=units_path), FACT_SCHEMA)


def fact_batches(batches: Iterator[pa.RecordBatch], *, units: str | None = None) -> Iterator[pa.RecordBatch]:
    """What runs on the executors: batches of (id, text[, doc_date]) in, batches of FACT_SCHEMA rows out."""
    extractor = worker_extractor(units)
    for batch in batches:
        columns = batch.to_pydict()
        ids: list[str | None] = columns[_ID]
        texts: list[object] = columns[_TEXT]
        doc_dates: list[dt.date | str | None] = columns.get(_DOC_DATE, [None] * batch.num_rows)
        rows: list[dict[str, Any]] = []
        for doc_id, text, doc_date in zip(ids, texts, doc_dates, strict=True):
            if not isinstance(text, str):
                continue
            facts = extractor.extract(text, doc_date)
            rows.extend(fact_row(doc_id, index, fact.to_dict()) for index, fact in enumerate(facts))
        if rows:
            yield pa.RecordBatch.from_pylist(rows, schema=_ARROW_FACT_SCHEMA)


def fact_row(doc_id: str | None, index: int, fact_dict: Mapping[str, Any]) -> dict[str, Any]:
    """One row of FACT_SCHEMA from a ``Fact.to_dict()``: nested per/subject/measure/time/sentence flattened."""
    per = fact_dict["per"]
    subject = fact_dict["subject"]
    measure = fact_dict["measure"]
    time = fact_dict["time"]
    sentence = fact_dict["sentence"]
    return {
        "id": doc_id,
        "fact_index": index,
        "text": fact_dict["text"],
        "start": fact_dict["start"],
        "end": fact_dict["end"],
        "value": _double(fact_dict["value"]),
        "low": _double(fact_dict["low"]),
        "high": _double(fact_dict["high"]),
        "unit": fact_dict["unit"],
        "base_value": _double(fact_dict["base_value"]),
        "base_unit": fact_dict["base_unit"],
        "dimension": fact_dict["dimension"],
        "approx": fact_dict["approx"],
        "bound": fact_dict["bound"],
        "inclusive": fact_dict["inclusive"],
        "change": fact_dict["change"],
        "per_value": _double(per["value"]) if per else None,
        "per_unit": per["unit"] if per else None,
        "per": per["text"] if per else None,
        "subject": subject["text"] if subject else None,
        "subject_start": subject["start"] if subject else None,
        "subject_end": subject["end"] if subject else None,
        "subject_inferred": subject.get("inferred", False) if subject else None,
        "measure": measure["text"] if measure else None,
        "time": time["text"] if time else None,
        "time_value": time["value"] if time else None,
        "time_relation": time["relation"] if time else None,
        "sentence_start": sentence["start"],
        "sentence_end": sentence["end"],
    }


def _double(number: float | None) -> float | None:
    # An integral value comes out of to_dict() as an int, possibly beyond what an Arrow int64 holds ("1경").
    return None if number is None else float(number)


# One Extractor per Python worker process and units file. The pid is part of the key because an Extractor must
# not cross a fork: a worker forked from a process that had built one builds its own.
_worker_extractors: dict[tuple[int, str | None], Extractor] = {}


def worker_extractor(units: str | None = None) -> Extractor:
    """This process's Extractor for ``units``, built on first use (Kiwi takes a few seconds and ~500 MB)."""
    key = (os.getpid(), units)
    extractor = _worker_extractors.get(key)
    if extractor is None:
        for stale in [k for k in _worker_extractors if k[0] != key[0]]:
            del _worker_extractors[stale]
        extractor = _worker_extractors[key] = Extractor(units)
    return extractor
