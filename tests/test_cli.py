"""The korfacts command: demo, show, and extract (a batch job with an exact interface that scripts depend on)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from korfacts.cli import main

SENTENCES = [
    "정부는 내년 예산을 10조1000억원으로 편성했다.",
    "오늘은 숫자가 없는 문장이다.",
    "GPU 1만5000장과 전력 120㎿를 확보했다.",
    "서울 아파트값은 지난해보다 3.5% 올랐다.",
    "태풍으로 주택 320채가 물에 잠겼다.",
]


def _records(tmp_path: Path, rows: list[object], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_demo_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "10조1000억원" in out and "KRW" in out and "documents" in out


def test_show_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--json", "GPU", "1만5000장을", "확보했다"]) == 0
    [fact] = _lines(capsys.readouterr().out)
    assert (fact["text"], fact["value"], fact["unit"]) == ("1만5000장", 15000, "장")


def test_extract_writes_one_record_per_input_record_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[object] = [{"id": i, "text": t} for i, t in enumerate(SENTENCES)]
    source = _records(tmp_path, rows)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out)]) == 0
    results = _lines(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in results] == list(range(len(SENTENCES)))
    assert [len(r["facts"]) for r in results] == [1, 0, 2, 1, 1]  # type: ignore[arg-type]
    assert "5 documents, 5 facts, 0 errors" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl.partial.jsonl").exists()


def test_malformed_records_become_error_records_and_exit_1(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a", "text": "사과 3개"}\nnot json\n{"id": "c", "text": 7}\n'
        '{"id": "d"}\n{"id": "e", "text": "배 2개"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out)]) == 1
    results = _lines(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in results] == ["a", None, "c", "d", "e"]
    assert ["error" in r for r in results] == [False, True, True, True, False]
    assert "not valid JSON" in str(results[1]["error"])


def test_strict_stops_at_the_first_error(tmp_path: Path) -> None:
    source = _records(tmp_path, [{"id": 1, "text": "사과 3개"}, {"id": 2}, {"id": 3, "text": "배 2개"}])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out), "--strict"]) == 1
    assert not out.exists()
    partial = tmp_path / "out.jsonl.partial.jsonl"
    assert [r["id"] for r in _lines(partial.read_text(encoding="utf-8"))] == [1, 2]


def _stopped_by_strict(tmp_path: Path, rows: list[object], out: Path) -> Path:
    """The partial file of a job that --strict stopped at its first error: a partial file as a real job leaves it."""
    source = _records(tmp_path, rows)
    assert main(["extract", str(source), "-o", str(out), "--strict"]) == 1
    return source


ROWS_WITH_AN_ERROR: list[object] = [
    *({"id": i, "text": t} for i, t in enumerate(SENTENCES[:3])),
    {"id": "no text"},
    *({"id": i, "text": t} for i, t in enumerate(SENTENCES[3:], 3)),
]


def _uninterrupted_and_stopped(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The input, the output of a job over it run to its end, and the output of one stopped by --strict."""
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    source = _stopped_by_strict(tmp_path, ROWS_WITH_AN_ERROR, out)
    assert main(["extract", str(source), "-o", str(full)]) == 1
    return source, full, out


def test_resume_continues_a_stopped_job_to_the_same_output(tmp_path: Path) -> None:
    source, full, out = _uninterrupted_and_stopped(tmp_path)
    assert len(_lines((tmp_path / "out.jsonl.partial.jsonl").read_text(encoding="utf-8"))) == 4
    # The error record is in the output: exit 1 (a --strict job resumed without --strict exited 0).
    assert main(["extract", str(source), "-o", str(out), "--resume"]) == 1
    assert out.read_bytes() == full.read_bytes()
    assert not (tmp_path / "out.jsonl.partial.jsonl").exists() and not (tmp_path / "out.jsonl.resume.json").exists()


def test_resume_with_strict_stops_at_an_error_already_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    source = _stopped_by_strict(tmp_path, ROWS_WITH_AN_ERROR, out)
    capsys.readouterr()
    assert main(["extract", str(source), "-o", str(out), "--resume", "--strict"]) == 1
    assert "stopped at the first error (--strict)" in capsys.readouterr().err
    assert not out.exists()


def test_resume_drops_a_line_cut_short(tmp_path: Path) -> None:
    """A full disk or a kill leaves a last line cut short: --resume drops it and writes that record again."""
    source, full, out = _uninterrupted_and_stopped(tmp_path)
    partial = tmp_path / "out.jsonl.partial.jsonl"
    partial.write_bytes(partial.read_bytes()[:-7])
    assert main(["extract", str(source), "-o", str(out), "--resume"]) == 1
    assert out.read_bytes() == full.read_bytes()


def test_resume_refuses_another_input_even_with_null_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    rows: list[object] = [{"text": "사과 3개"}, {"text": 7}, {"text": "배 2개"}]
    _stopped_by_strict(tmp_path, rows, out)
    other = _records(tmp_path, [{"text": "감 9개"}, {"text": "귤 1개"}, {"text": "밤 2개"}], name="other.jsonl")
    capsys.readouterr()
    assert main(["extract", str(other), "-o", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"korfacts: cannot resume: {out}.partial.jsonl was made from another input or with other ")
    assert "inputs[0].path: " in err and err.count("\n") == 1


def test_resume_refuses_other_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    source = _stopped_by_strict(tmp_path, ROWS_WITH_AN_ERROR, out)
    capsys.readouterr()
    assert main(["extract", str(source), "-o", str(out), "--resume", "--id-field", "key"]) == 2
    assert "(id_field: 'id' then, 'key' now)" in capsys.readouterr().err


def test_resume_refuses_a_partial_file_with_no_fingerprint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _records(tmp_path, [{"id": "x", "text": "사과 3개"}])
    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.partial.jsonl").write_text('{"id": "other", "facts": []}\n', encoding="utf-8")
    assert main(["extract", str(source), "-o", str(out), "--resume"]) == 2
    assert "nothing says what" in capsys.readouterr().err


def test_resume_refuses_a_partial_file_whose_ids_differ(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    source = _stopped_by_strict(tmp_path, ROWS_WITH_AN_ERROR, out)
    partial = tmp_path / "out.jsonl.partial.jsonl"
    partial.write_text(partial.read_text(encoding="utf-8").replace('{"id": 1,', '{"id": 7,'), encoding="utf-8")
    capsys.readouterr()
    assert main(["extract", str(source), "-o", str(out), "--resume"]) == 2
    assert "does not match the input at record 2: its id there is 7, the input's id is 1" in capsys.readouterr().err


def test_resume_without_a_partial_file_starts_afresh(tmp_path: Path) -> None:
    source = _records(tmp_path, [{"id": "x", "text": "사과 3개"}])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out), "--resume"]) == 0
    assert _lines(out.read_text(encoding="utf-8"))[0]["id"] == "x"


def test_fields_doc_dates_gzip_and_csv(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl.gz"
    row = {"key": "n1", "body": "정부는 지난해 예산을 10조원으로 늘렸다.", "published": "2025-10-23"}
    with gzip.open(source, "wt", encoding="utf-8") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
    out = tmp_path / "out.csv"
    args = ["extract", str(source), "-o", str(out), "--text-field", "body", "--id-field", "key"]
    assert main([*args, "--doc-date-field", "published"]) == 0
    header, line = out.read_text(encoding="utf-8").splitlines()
    assert header == "id,facts,error"
    assert line.startswith("n1,") and '""value"": ""2024""' in line


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["extract", str(tmp_path / "missing.jsonl")]) == 2
    source = _records(tmp_path, [{"id": 1, "text": "사과 3개"}])
    assert main(["extract", str(source), "--format", "csv"]) == 2  # csv needs -o
    assert main(["extract", str(source), "--resume"]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(source), "--jobs", "0"])
    assert exit_info.value.code == 2


def test_two_jobs_give_the_same_output_as_one(tmp_path: Path) -> None:
    rows: list[object] = [{"id": i, "text": SENTENCES[i % len(SENTENCES)]} for i in range(60)]
    rows.insert(17, {"id": "bad"})
    source = _records(tmp_path, rows)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(source), "-o", str(one), "--jobs", "1"]) == 1
    assert main(["extract", str(source), "-o", str(two), "--jobs", "2", "--chunk-size", "4"]) == 1
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert len(_lines(two.read_text(encoding="utf-8"))) == len(rows)


def test_parquet_in_and_out(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["사과 3개", None]}), source)
    out = tmp_path / "out.parquet"
    assert main(["extract", str(source), "-o", str(out)]) == 1
    table = pq.read_table(out).to_pylist()
    assert [r["id"] for r in table] == ["a", "b"]
    assert json.loads(table[0]["facts"])[0]["value"] == 3
    assert table[1]["error"] is not None
