"""korfacts extract over crawled text, run unattended: what issue 12 found stopping a job or spoiling its output.

Each bad input, output or record gives either an error record and the job goes on, or one line and exit status 2
before the job starts (when it can be known then). Signals, killed processes and full disks: test_cli_processes.py.
"""

from __future__ import annotations

import decimal
import gzip
import json
import multiprocessing
import os
import signal
import tracemalloc
from pathlib import Path

import pytest

from korfacts import records
from korfacts.cli import main
from korfacts.extractor import Extractor
from korfacts.model import Fact
from korfacts.output import JobFiles
from korfacts.records import write_results

_extract = Extractor.extract


def _write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _jsonl(rows: list[object]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _strict_json(line: str) -> object:
    """JSON as the standard has it: no NaN or Infinity (Python's json reads them)."""

    def refuse(name: str) -> object:
        raise ValueError(f"{name} is not JSON")

    return json.loads(line, parse_constant=refuse)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["extract", *args])
    return code, capsys.readouterr().err


# --- records that raise, hang, or hold bytes that are no text ------------------------------------------------------


def test_a_record_whose_extract_raises_is_an_error_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any exception, not just TypeError and ValueError: a decimal.InvalidOperation stopped the job before."""

    def extract(self: Extractor, text: str, doc_date: object = None) -> list[Fact]:
        if "29 digits" in text:
            raise decimal.InvalidOperation([decimal.ConversionSyntax])
        return _extract(self, text, doc_date)  # type: ignore[arg-type]

    monkeypatch.setattr(Extractor, "extract", extract)
    rows: list[object] = [{"id": 1, "text": "사과 3개"}, {"id": 2, "text": "29 digits"}, {"id": 3, "text": "배 2개"}]
    source, out = _write(tmp_path / "in.jsonl", _jsonl(rows)), tmp_path / "out.jsonl"
    code, err = _run([str(source), "-o", str(out)], capsys)
    assert code == 1 and "3 documents, 2 facts, 1 errors" in err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[1] == {"id": 2, "error": "InvalidOperation: [<class 'decimal.ConversionSyntax'>]"}
    assert [len(line.get("facts", [])) for line in lines] == [1, 0, 1]


def test_a_record_over_the_time_limit_is_an_error_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def extract(self: Extractor, text: str, doc_date: object = None) -> list[Fact]:
        if text == "slow":
            import time

            time.sleep(30)
        return _extract(self, text, doc_date)  # type: ignore[arg-type]

    monkeypatch.setattr(Extractor, "extract", extract)
    rows: list[object] = [{"id": 1, "text": "slow"}, {"id": 2, "text": "배 2개"}]
    source, out = _write(tmp_path / "in.jsonl", _jsonl(rows)), tmp_path / "out.jsonl"
    code, _ = _run([str(source), "-o", str(out), "--time-limit", "0.2"], capsys)
    assert code == 1
    assert out.read_text(encoding="utf-8").splitlines()[0] == (
        '{"id": 1, "error": "TimeLimitError: still reading the document after the time limit of 0.2 s"}'
    )


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "soon"])
def test_a_time_limit_must_be_seconds(tmp_path: Path, value: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(tmp_path / "in.jsonl"), "--time-limit", value])
    assert exit_info.value.code == 2


def test_a_line_that_is_not_utf8_is_an_error_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One bad byte spoiled the whole file (a UnicodeDecodeError, 0 records written, no resume past it)."""
    content = '{"id": 1, "text": "사과 3개"}\n'.encode() + b'{"id": 2, "text": "\xff"}\n' + b'{"id": 3, "text": "x"}\n'
    source, out = _write(tmp_path / "in.jsonl", content), tmp_path / "out.jsonl"
    code, _ = _run([str(source), "-o", str(out)], capsys)
    assert code == 1
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[1] == {"id": None, "error": f"{source}:2: not UTF-8 (byte 0xff at byte 20)"}
    assert [line["id"] for line in lines] == [1, None, 3]


def test_a_utf8_bom_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "in.jsonl", "\ufeff" + _jsonl([{"id": 1, "text": "사과 3개"}]))
    code, _ = _run([str(source), "-o", str(tmp_path / "out.jsonl")], capsys)
    assert code == 0


def test_json_that_python_cannot_hold_is_an_error_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "in.jsonl", "[" * 100_000 + "\n" + '{"id": ' + "1" * 5000 + ', "text": "x"}\n')
    code, _ = _run([str(source), "-o", str(tmp_path / "out.jsonl")], capsys)
    assert code == 1
    errors = [json.loads(line)["error"] for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors == [
        f"{source}:1: not valid JSON for Python (RecursionError)",
        f"{source}:2: not valid JSON for Python (ValueError)",
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_line_separators_inside_texts_and_ids_survive_every_format(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """U+2028, U+2029 and U+0085 are line ends to str.splitlines(): csv and parquet failed after all the work."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    rows: list[object] = [
        {"id": "a\u2028b", "text": "사과\u20283개\u2029그리고\x85배 2개"},
        {"id": "c\x85", "text": "귤 5개"},
    ]
    source, out = _write(tmp_path / "in.jsonl", _jsonl(rows)), tmp_path / f"out.{fmt}"
    code, _ = _run([str(source), "-o", str(out)], capsys)
    assert code == 0
    if fmt == "jsonl":
        ids = [json.loads(line)["id"] for line in out.read_bytes().split(b"\n") if line]
    elif fmt == "csv":
        import csv

        with out.open(encoding="utf-8", newline="") as table:
            ids = [row["id"] for row in csv.DictReader(table)]
    else:
        import pyarrow.parquet as pq

        ids = pq.read_table(out).column("id").to_pylist()
    assert ids == ["a\u2028b", "c\x85"]


def test_ids_that_are_no_json_numbers_are_written_as_strings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python's json reads NaN, Infinity and 1e999 (as infinity); the output must stay JSON."""
    content = '{"id": NaN, "text": "사과 3개"}\n{"id": 1e999, "text": "x"}\n{"id": [-Infinity], "text": "y"}\n'
    source, out = _write(tmp_path / "in.jsonl", content), tmp_path / "out.jsonl"
    code, _ = _run([str(source), "-o", str(out)], capsys)
    assert code == 0
    ids = [_strict_json(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]  # type: ignore[index]
    assert ids == ["NaN", "Infinity", "[-Infinity]"]


def test_resume_matches_ids_written_as_strings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = '{"id": NaN, "text": "사과 3개"}\n{"id": NaN}\n{"id": Infinity, "text": "y"}\n'
    source, out = _write(tmp_path / "in.jsonl", content), tmp_path / "out.jsonl"
    assert _run([str(source), "-o", str(out), "--strict"], capsys)[0] == 1
    assert _run([str(source), "-o", str(out), "--resume"], capsys)[0] == 1
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "NaN", "NaN", "Infinity"
    ]  # fmt: skip


def test_sigterm_in_one_process_keeps_a_partial_file_that_resume_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --jobs 1 the signal arrives in the middle of a record being read (here: as its reading starts)."""
    rows: list[object] = [{"id": n, "text": f"사과 {n}개" + (" TERM" if n == 3 else "")} for n in range(6)]
    source, out = _write(tmp_path / "in.jsonl", _jsonl(rows)), tmp_path / "out.jsonl"
    assert _run([str(source), "-o", str(tmp_path / "full.jsonl")], capsys)[0] == 0

    def extract(self: Extractor, text: str, doc_date: object = None) -> list[Fact]:
        if text.endswith("TERM") and not (tmp_path / "signalled").exists():
            (tmp_path / "signalled").touch()
            os.kill(os.getpid(), signal.SIGTERM)
        return _extract(self, text, doc_date)  # type: ignore[arg-type]

    monkeypatch.setattr(Extractor, "extract", extract)
    code, err = _run([str(source), "-o", str(out)], capsys)
    partial = tmp_path / "out.jsonl.partial.jsonl"
    assert (code, err) == (
        143,
        f"korfacts: stopped by SIGTERM after 3 documents; {partial} is kept: run again with --resume to continue\n",
    )
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the command put its handlers back
    assert _run([str(source), "-o", str(out), "--resume"], capsys)[0] == 0
    assert out.read_bytes() == (tmp_path / "full.jsonl").read_bytes()


# --- inputs that cannot be read ---------------------------------------------------------------------------------


def _gzip(rows: list[object]) -> bytes:
    return gzip.compress(_jsonl(rows).encode())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("in.jsonl.gz", b'{"id": 1, "text": "not gzip"}\n', "{path} is not gzip data (it ends in .gz)"),
        ("in.jsonl.gz", b"\x1f\x8b\x08\x00garbage", "{path}: cannot be read at its start: "),
        ("in.parquet", b"PAR1 not really", "cannot read {path} as Parquet: "),
        ("in.jsonl", None, "{path} is a directory, not a file of records"),
        ("missing.jsonl", False, "no such input file: {path}"),
    ],
    ids=["not-gzip", "bad-gzip-header", "not-parquet", "directory", "missing"],
)
def test_an_input_that_cannot_be_read_stops_the_job_before_it_starts(
    tmp_path: Path, name: str, content: bytes | bool | None, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``content`` None makes a folder of that name, False nothing at all."""
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    source = tmp_path / name
    if content is None:
        source.mkdir()
    elif isinstance(content, bytes):
        source.write_bytes(content)
    out = tmp_path / "out.jsonl"
    code, err = _run([str(source), "-o", str(out)], capsys)
    assert code == 2
    assert err.startswith("korfacts: " + message.format(path=source)) and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == ([] if content is False else [source])  # nothing written


def test_a_truncated_gzip_stops_the_job_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[object] = [{"id": i, "text": f"사과 {i}개 " * 50} for i in range(200)]
    whole = _gzip(rows)
    source = _write(tmp_path / "in.jsonl.gz", whole[: len(whole) // 2])
    out = tmp_path / "out.jsonl"
    code, err = _run([str(source), "-o", str(out)], capsys)
    assert code == 2
    assert err == (f"korfacts: {source}: cannot be read before its end: the gzip data ends early (a truncated file?)\n")
    assert not out.exists() and (tmp_path / "out.jsonl.partial.jsonl").exists()


def test_a_parquet_file_without_the_text_column_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [1], "body": ["사과 3개"]}), source)
    code, err = _run([str(source), "-o", str(tmp_path / "out.jsonl")], capsys)
    assert (code, err) == (2, f"korfacts: {source} has no column 'text' (it has id, body): see --text-field\n")


def test_a_damaged_parquet_page_stops_the_job_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The footer is sound, so the file opens; a data page in the middle is not."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "in.parquet"
    texts = [f"사과 {n}개를 샀다 " * 20 for n in range(3000)]
    pq.write_table(pa.table({"id": list(range(3000)), "text": texts}), source, compression="snappy")
    data = bytearray(source.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 2000] = bytes(b ^ 0x5A for b in data[middle : middle + 2000])
    source.write_bytes(bytes(data))
    code, err = _run([str(source), "-o", str(tmp_path / "out.jsonl")], capsys)
    assert (code, err) == (2, f"korfacts: {source}: cannot be read after row 0: Corrupt snappy compressed data.\n")


def test_parquet_rows_are_numbered_across_the_whole_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "in.parquet"
    texts = ["사과 3개"] * 6 + [None] + ["배 2개"]
    pq.write_table(pa.table({"id": list(range(8)), "text": texts}), source, row_group_size=2)
    out = tmp_path / "out.jsonl"
    assert _run([str(source), "-o", str(out)], capsys)[0] == 1
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[6])["error"] == f"{source}:row 7: no 'text' field"


# --- outputs that cannot be written -----------------------------------------------------------------------------


def _one_record(tmp_path: Path) -> Path:
    return _write(tmp_path / "in.jsonl", _jsonl([{"id": 1, "text": "사과 3개"}]))


def test_an_output_in_a_missing_folder_is_refused_before_the_job(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no" / "out.jsonl"
    code, err = _run([str(_one_record(tmp_path)), "-o", str(out)], capsys)
    assert (code, err) == (2, f"korfacts: cannot write {out}: no folder {out.parent}\n")


def test_an_output_that_is_a_folder_is_refused_before_the_job(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It failed only after the whole job, at the final rename."""
    out = tmp_path / "out.jsonl"
    out.mkdir()
    code, err = _run([str(_one_record(tmp_path)), "-o", str(out)], capsys)
    assert (code, err) == (2, f"korfacts: cannot write {out}: it is a folder\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_an_output_that_is_a_link_or_a_device_is_refused_before_the_job(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rename at the end would replace the link itself (-o /dev/stdout replaced /dev/stdout with a file)."""
    target = _write(tmp_path / "target.jsonl", "")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    code, err = _run([str(_one_record(tmp_path)), "-o", str(link)], capsys)
    assert (code, err) == (
        2,
        f"korfacts: cannot write {link}: it is a symbolic link; give the file's own path (or -o -)\n",
    )
    code, err = _run([str(_one_record(tmp_path)), "-o", "/dev/null"], capsys)
    assert (code, err) == (2, "korfacts: cannot write /dev/null: it is not a regular file (standard output is -o -)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "link.jsonl", "target.jsonl"]


def test_an_output_where_nothing_may_be_written_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """/sys refuses new files even to root (a read-only file system gives the same one line)."""
    out = Path("/sys/korfacts-out.jsonl")
    if not Path("/sys/kernel").is_dir():
        pytest.skip("needs Linux's /sys")
    code, err = _run([str(_one_record(tmp_path)), "-o", str(out)], capsys)
    assert code == 2 and err.startswith(f"korfacts: cannot write {out}: ") and err.count("\n") == 1


def test_a_second_job_on_the_same_output_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The second job deleted the first's partial file, and the first then renamed the second's unfinished one."""
    out = tmp_path / "out.jsonl"
    first = JobFiles(out)
    first.lock()
    try:
        code, err = _run([str(_one_record(tmp_path)), "-o", str(out)], capsys)
    finally:
        first.unlock()
    assert code == 2
    assert err == (
        f"korfacts: cannot write {out}: another korfacts job is writing it "
        f"(process {os.getpid()}, which holds {out}.lock)\n"
    )
    assert not out.exists()


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    dead = multiprocessing.get_context("fork").Process(target=os.getpid)
    dead.start()
    dead.join()
    _write(tmp_path / "out.jsonl.lock", f"{dead.pid}\n")
    assert _run([str(_one_record(tmp_path)), "-o", str(out)], capsys)[0] == 0
    assert out.exists() and not (tmp_path / "out.jsonl.lock").exists()


def test_files_planted_at_the_temporary_names_are_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A symbolic link at OUT.csv.tmp or OUT.partial.jsonl must not make korfacts write over what it points to."""
    victim = _write(tmp_path / "victim.txt", "keep me\n")
    out = tmp_path / "out.csv"
    (tmp_path / "out.csv.tmp").symlink_to(victim)
    (tmp_path / "out.csv.partial.jsonl").symlink_to(victim)
    assert _run([str(_one_record(tmp_path)), "-o", str(out)], capsys)[0] == 0
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert out.read_bytes().startswith(b"id,facts,error\r\n1,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.csv", "victim.txt"]


def test_resume_refuses_a_partial_file_that_is_a_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "in.jsonl", _jsonl([{"id": 1, "text": "사과 3개"}, {"id": 2}]))
    out = tmp_path / "out.jsonl"
    assert _run([str(source), "-o", str(out), "--strict"], capsys)[0] == 1
    partial = tmp_path / "out.jsonl.partial.jsonl"
    moved = partial.rename(tmp_path / "elsewhere.jsonl")
    partial.symlink_to(moved)
    code, err = _run([str(source), "-o", str(out), "--resume"], capsys)
    assert code == 2 and err.startswith(f"korfacts: cannot write {partial}: ") and err.count("\n") == 1


def test_a_bad_units_file_with_two_jobs_is_one_line_before_any_worker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = _write(tmp_path / "units.yaml", "units:\n  1: {dimension: count}\n")
    out = tmp_path / "out.jsonl"
    capsys.readouterr()
    code = main(["--units", str(units), "extract", str(_one_record(tmp_path)), "-o", str(out), "--jobs", "2"])
    err = capsys.readouterr().err
    assert (code, err.count("\n")) == (2, 1)
    assert err.startswith(f"korfacts: {units}: entry 'units', field '1': keys must be quoted strings, got int 1")
    assert multiprocessing.active_children() == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "in.jsonl", "units.yaml"
    ]  # fmt: skip


# --- CSV and Parquet written by streaming -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_conversion_memory_does_not_grow_with_the_output(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It held the whole result (434 MB for 27 MB of JSONL). Compared at n and 4n lines (4,000 and 16,000 of 400
    bytes, Parquet written 1,000 rows at a time): the peak may not grow with the size."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    monkeypatch.setattr(records, "_PARQUET_ROWS", 1_000)
    line = json.dumps({"id": "x", "facts": [{"text": "사과 3개", "value": 3, "note": "y" * 300}]}, ensure_ascii=False)

    def peak(lines: int) -> tuple[int, int]:
        """Python's peak, and Arrow's (its memory pool is not Python's; its peak is the process's so far)."""
        jsonl = _write(tmp_path / "results.jsonl", (line + "\n") * lines)
        tracemalloc.start()
        write_results(jsonl, tmp_path / f"out.{fmt}", fmt)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        arrow = __import__("pyarrow").default_memory_pool().max_memory() if fmt == "parquet" else 0
        return top, arrow

    (small, small_arrow), (large, large_arrow) = peak(4_000), peak(16_000)
    assert large < small * 1.5, (small, large)
    assert large_arrow <= small_arrow * 1.5, (small_arrow, large_arrow)
