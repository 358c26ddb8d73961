"""korfacts.spark: the Spark adapter gives, row for row, what Extractor.extract gives in one process.

Skipped when pyspark is not installed (``pip install "korfacts[spark]"``). One local[2] session serves the module.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pyspark")
pa = pytest.importorskip("pyarrow")

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.types import DateType, LongType, StringType, StructField, StructType  # noqa: E402

import korfacts  # noqa: E402
from korfacts.spark import FACT_SCHEMA, extract_facts, fact_batches, fact_row, worker_extractor  # noqa: E402

# Written for these tests: economy, energy, weather; one text with no number, one null text, and one article whose
# later sentences leave their subject (광주시) unsaid.
DOCUMENTS: list[tuple[int, str | None]] = [
    (1, "한국전력은 올해 3분기 영업이익이 3조 2000억 원으로 집계됐다고 밝혔다."),
    (2, "정부는 2030년까지 해상풍력 설비를 14.3GW로 늘릴 계획이다."),
    (3, "서울의 낮 최고기온은 35도까지 오르겠다."),
    (4, "지난해 반도체 수출액은 약 1300억 달러로 전년보다 15% 감소했다."),
    (5, "이번 주말에는 전국에 비가 내리겠다."),
    (6, None),
    (
        7,
        "광주시는 친환경 교통 정책을 확대한다. 2028년까지 전기버스 120대를 도입한다. "
        "충전소도 약 30곳을 새로 짓는다고 밝혔다.",
    ),
    (8, "소비자물가 상승률은 2.5%로 한 달 만에 0.3%포인트 올랐다."),
    (9, "새로 짓는 태양광 발전소의 용량은 120MW 이상이다."),
    (10, "이번 태풍으로 3만~4만 가구가 정전됐다."),
    (11, "남부 지방의 예상 강수량은 20~60㎜다."),
    (12, "원·달러 환율은 1,380원 안팎에서 거래를 마쳤다."),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    # The Python workers must be this interpreter (the one with korfacts installed), not whatever python3 is first.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("korfacts-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.python.worker.reuse", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _expected_rows(documents: list[tuple[int, str | None]], doc_date: dt.date | None = None) -> list[dict[str, Any]]:
    extractor = korfacts.Extractor()
    rows: list[dict[str, Any]] = []
    for doc_id, text in documents:
        if text is None:
            continue
        facts = extractor.extract(text, doc_date)
        rows.extend(fact_row(str(doc_id), index, fact.to_dict()) for index, fact in enumerate(facts))
    return rows


def _by_position(row: dict[str, Any]) -> tuple[int, int]:
    return int(row["id"]), row["fact_index"]


def test_rows_equal_single_process_extract(spark: SparkSession) -> None:
    schema = StructType([StructField("doc_id", LongType()), StructField("body", StringType())])
    partitions = spark.sparkContext.parallelize(DOCUMENTS, numSlices=3)  # no shuffle to pay for
    assert partitions.getNumPartitions() == 3
    docs = spark.createDataFrame(partitions, schema)

    facts = extract_facts(docs, text_col="body", id_col="doc_id")
    got = sorted((row.asDict() for row in facts.collect()), key=_by_position)
    expected = sorted(_expected_rows(DOCUMENTS), key=_by_position)

    assert [_by_position(r) for r in got] == [_by_position(r) for r in expected]
    for got_row, expected_row in zip(got, expected, strict=True):
        assert got_row == expected_row
    # The cases the data was written for are really there: no rows for the text without a number and the null
    # text, and the article's later sentences carry 광주시 over as an inferred subject.
    ids = {r["id"] for r in got}
    assert "5" not in ids and "6" not in ids
    assert [(r["text"], r["subject"], r["subject_inferred"]) for r in got if r["id"] == "7"] == [
        ("120대", "광주시", True),
        ("약 30곳", "광주시", True),
    ]


def test_schema_is_fact_schema(spark: SparkSession) -> None:
    docs = spark.createDataFrame([("a", "수출액이 5억 달러를 넘어섰다.")], "id string, text string")
    assert extract_facts(docs).schema == FACT_SCHEMA


def test_doc_date_col_resolves_relative_times(spark: SparkSession) -> None:
    text = "지난해 반도체 수출액은 약 1300억 달러였다."
    schema = StructType(
        [StructField("id", StringType()), StructField("text", StringType()), StructField("published", DateType())]
    )
    docs = spark.createDataFrame([("dated", text, dt.date(2025, 10, 23)), ("undated", text, None)], schema)

    rows = {r["id"]: r for r in extract_facts(docs, doc_date_col="published").collect()}

    assert (rows["dated"]["time"], rows["dated"]["time_value"]) == ("지난해", "2024")
    assert (rows["undated"]["time"], rows["undated"]["time_value"]) == ("지난해", None)


def test_fact_batches_without_spark() -> None:
    """The executor-side function on hand-made Arrow batches: ISO-string dates, a null text, an empty batch."""
    batch = pa.RecordBatch.from_pydict(
        {
            "id": ["x", "y", None],
            "text": ["지난해 수출액은 5억 달러였다.", None, "비가 온다."],
            "doc_date": ["2025-10-23", "2025-10-23", None],
        }
    )
    out = list(fact_batches(iter([batch, batch.slice(0, 0)])))

    facts = korfacts.Extractor().extract("지난해 수출액은 5억 달러였다.", "2025-10-23")
    assert len(out) == 1
    assert out[0].to_pylist() == [fact_row("x", index, fact.to_dict()) for index, fact in enumerate(facts)]
    assert out[0].to_pylist()[0]["time_value"] == "2024"


def test_fact_row_flattens_a_fact_dict() -> None:
    fact = korfacts.Extractor().extract("수출액이 5억 달러를 넘어섰다.")[0]
    assert fact_row("d1", 0, fact.to_dict()) == {
        "id": "d1",
        "fact_index": 0,
        "text": "5억 달러",
        "start": 5,
        "end": 10,
        "value": 500000000.0,
        "low": None,
        "high": None,
        "unit": "USD",
        "base_value": None,
        "base_unit": None,
        "dimension": "money",
        "approx": False,
        "bound": "min",
        "inclusive": False,
        "change": None,
        "per_value": None,
        "per_unit": None,
        "per": None,
        "subject": "수출액",  # the topic that is itself what is measured: no other entity is named
        "subject_start": 0,
        "subject_end": 3,
        "subject_inferred": False,
        "measure": "수출액",
        "time": None,
        "time_value": None,
        "time_relation": None,
        "sentence_start": 0,
        "sentence_end": 17,
    }
    assert list(fact_row("d1", 0, fact.to_dict())) == FACT_SCHEMA.fieldNames()


def test_fact_row_flattens_a_rate() -> None:
    fact = korfacts.Extractor().extract("강남구 아파트의 3.3㎡당 평균 매매가는 8000만원이다.")[0]
    row = fact_row("d1", 0, fact.to_dict())
    assert (row["value"], row["unit"], row["per_value"], row["per_unit"], row["per"]) == (
        80000000.0,
        "KRW",
        3.3,
        "m2",
        "3.3㎡당",
    )


def test_worker_extractor_is_built_once_per_process() -> None:
    assert worker_extractor() is worker_extractor()


def test_import_korfacts_does_not_import_pyspark() -> None:
    """pyspark and pyarrow stay optional: only ``import korfacts.spark`` needs them."""
    code = "import sys, korfacts; print(sorted({'pyspark', 'pyarrow', 'korfacts.spark'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
