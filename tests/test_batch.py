"""korfacts.batch and korfacts.pool: one bad document never stops the others, however it fails.

The documents that fail are made to fail on purpose, by an Extractor.extract patched for texts that hold a marker;
the workers are started with ``start_method="fork"`` so that they inherit the patch (the forkserver of a real job
would import a clean korfacts). The real command is run in tests/test_cli_processes.py.
"""

from __future__ import annotations

import decimal
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from korfacts import batch, pool
from korfacts.batch import Rendered, Settings, Task, run
from korfacts.errors import BatchError, RemoteError, TimeLimitError, WorkerDiedError
from korfacts.extractor import Extractor
from korfacts.model import Fact

_extract = Extractor.extract


class _Unpicklable(Exception):
    """An exception that pickles but does not unpickle (its __init__ takes two arguments)."""

    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a} {b}")


def _hostile_extract(self: Extractor, text: str, doc_date: object = None) -> list[Fact]:
    """Extractor.extract, but for texts that ask otherwise (see the module docstring)."""
    if not isinstance(text, str):
        return _extract(self, text, doc_date)  # type: ignore[arg-type]
    if text.startswith("RAISE"):
        raise decimal.InvalidOperation([decimal.ConversionSyntax])
    if text.startswith("ODD"):
        raise _Unpicklable("odd", "error")
    if text.startswith("SLEEP"):
        time.sleep(float(text.split()[1]))
    if text.startswith("SWALLOW"):  # an extract that catches everything, as a defensive one might
        try:
            time.sleep(float(text.split()[1]))
        except Exception:
            return []
    if text.startswith("BLOCK"):  # no SIGALRM reaches it: as if stuck in C code
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(float(text.split()[1]))
    if text.startswith("DIE ALWAYS"):  # the worker is killed while it reads this document, every time ...
        os.kill(os.getpid(), signal.SIGKILL)
    if text.startswith("DIE ONCE"):  # ... or the first time only
        flag = Path(text.split()[2])
        if not flag.exists():
            flag.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    return _extract(self, text, doc_date)  # type: ignore[arg-type]


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(Extractor, "extract", _hostile_extract)
    Extractor().analyzer.warm_up()  # forked workers, and those that replace them, inherit a loaded Kiwi
    yield
    assert multiprocessing.active_children() == []  # every worker stopped when its run ended


def _outcomes(texts: list[str], jobs: int, **options: object) -> list[object]:
    """The outcome of each text, as the count of facts or the exception."""
    tasks = [Task(text) for text in texts]
    outcomes = run(tasks, jobs=jobs, start_method="fork", as_json=True, **options)  # type: ignore[arg-type]
    return [o.count if isinstance(o, Rendered) else o for o in outcomes]


@pytest.mark.parametrize("jobs", [1, 2])
def test_any_exception_of_one_document_is_its_outcome(hostile: None, jobs: int) -> None:
    outcomes = _outcomes(
        ["사과 3개", "RAISE 123456789012345678901234567890", "배 2개와 귤 5개", "ODD", 7], jobs, chunk_size=2
    )  # type: ignore[list-item]
    assert [type(o).__name__ for o in outcomes] == [
        "int",
        "InvalidOperation",
        "int",
        "RemoteError" if jobs > 1 else "_Unpicklable",
        "TypeError",
    ]
    assert outcomes[0] == 1 and outcomes[2] == 2
    if jobs > 1:  # it could not travel back as itself: its type's name and message did
        assert (outcomes[3].kind, outcomes[3].message) == ("_Unpicklable", "odd error")  # type: ignore[union-attr]
        assert batch.describe(outcomes[3]) == "_Unpicklable: odd error"  # type: ignore[arg-type]
    assert batch.describe(outcomes[4]) == "TypeError: korfacts expects a str, got int"  # type: ignore[arg-type]


def test_an_error_record_is_cut_short() -> None:
    assert batch.describe(ValueError("x" * 5000)) == "ValueError: " + "x" * 987 + "…"


def test_in_process_a_document_over_its_time_limit_is_stopped_by_sigalrm(hostile: None) -> None:
    started = time.monotonic()
    outcomes = _outcomes(["사과 3개", "SLEEP 30", "배 2개"], jobs=1, time_limit=0.3)
    assert time.monotonic() - started < 20  # a safety limit only: without the alarm it takes 30 s
    assert outcomes[0] == 1 and outcomes[2] == 1
    assert isinstance(outcomes[1], TimeLimitError) and str(outcomes[1]) == (
        "still reading the document after the time limit of 0.3 s"
    )
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_in_process_a_swallowed_alarm_is_still_a_time_limit_error(hostile: None) -> None:
    [outcome] = _outcomes(["SWALLOW 30"], jobs=1, time_limit=0.2)
    assert isinstance(outcome, TimeLimitError)


def test_in_process_an_alarm_of_the_caller_is_left_alone(hostile: None) -> None:
    """A caller that set its own alarm keeps it: the limit is not applied (the docstring says so)."""
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: None)
    try:
        signal.setitimer(signal.ITIMER_REAL, 100)
        started = time.monotonic()
        assert _outcomes(["SLEEP 0.5"], jobs=1, time_limit=0.1) == [0]
        left = 100 - (time.monotonic() - started)
        assert left - 0.5 < signal.getitimer(signal.ITIMER_REAL)[0] <= left + 0.01  # still running, untouched
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_worker_over_the_time_limit_is_killed_and_replaced(hostile: None) -> None:
    """BLOCK ignores SIGALRM, as Kiwi's C code would: only killing the worker stops it."""
    texts = ["사과 3개", "BLOCK 60", "배 2개", "귤 5개", "감 1개와 밤 2개"]
    started = time.monotonic()
    outcomes = _outcomes(texts, jobs=2, chunk_size=3, time_limit=1.0)
    assert time.monotonic() - started < 30  # a safety limit only: the blocked document alone takes 60 s
    assert [outcomes[0], *outcomes[2:]] == [1, 1, 1, 2]
    assert isinstance(outcomes[1], TimeLimitError)


def test_a_worker_killed_once_costs_nothing(hostile: None, tmp_path: Path) -> None:
    texts = ["사과 3개", f"DIE ONCE {tmp_path / 'once'} 귤 4개", "배 2개", "감 1개와 밤 2개"]
    assert _outcomes(texts, jobs=2, chunk_size=2) == [1, 1, 1, 2]
    assert (tmp_path / "once").exists()  # it did kill the first worker that read it


def test_a_document_that_kills_its_worker_twice_is_an_error(hostile: None, tmp_path: Path) -> None:
    texts = ["사과 3개", "DIE ALWAYS", "배 2개", "감 1개와 밤 2개"]
    outcomes = _outcomes(texts, jobs=2, chunk_size=2)
    assert [outcomes[0], *outcomes[2:]] == [1, 1, 2]
    assert isinstance(outcomes[1], WorkerDiedError)
    assert str(outcomes[1]) == "the worker process reading this document was killed by signal 9, twice"


def test_a_worker_that_cannot_start_stops_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(settings: Settings) -> Extractor:
        raise MemoryError("no room for Kiwi")

    monkeypatch.setattr(pool, "_extractor", broken)
    with pytest.raises(BatchError, match="a worker process cannot start: MemoryError: no room for Kiwi"):
        _outcomes(["사과 3개"], jobs=2)
    assert multiprocessing.active_children() == []


def test_workers_that_die_as_they_start_stop_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def dying(settings: Settings) -> Extractor:
        os._exit(3)

    monkeypatch.setattr(pool, "_extractor", dying)
    with pytest.raises(BatchError, match=r"worker processes die as they start \(the last one: exit status 3\)"):
        _outcomes(["사과 3개"], jobs=2)
    assert multiprocessing.active_children() == []


def test_a_caller_that_stops_early_stops_the_workers(hostile: None) -> None:
    outcomes = run([Task("사과 3개")] * 50, jobs=2, chunk_size=2, start_method="fork")
    assert isinstance(next(outcomes), list)
    assert len(multiprocessing.active_children()) == 2
    outcomes.close()  # GeneratorExit in the pool: workers are killed, not waited for


def test_bad_settings_raise_when_run_is_called(tmp_path: Path) -> None:
    units = tmp_path / "units.yaml"
    units.write_text("units: [1]\n", encoding="utf-8")
    with pytest.raises(Exception, match="must be a mapping of entries"):
        run([Task("사과 3개")], Settings(units=str(units)), jobs=2)
    assert multiprocessing.active_children() == []
    with pytest.raises(ValueError, match="time_limit must be a number of seconds above 0"):
        run([], time_limit=0)


def test_extract_many_raises_a_time_limit_error_in_its_turn(hostile: None) -> None:
    results = Extractor().extract_many(["사과 3개", "SLEEP 30"], time_limit=0.2)
    assert len(next(results)) == 1
    with pytest.raises(TimeLimitError):
        next(results)


def test_the_errors_of_batches_pickle_and_subclass_a_builtin() -> None:
    import pickle

    from korfacts.errors import KorfactsError
    from korfacts.output import OutputError, ResumeError
    from korfacts.records import RecordError

    errors = [
        (TimeLimitError(1.5), TimeoutError),
        (WorkerDiedError(-9), RuntimeError),
        (RemoteError("X", "y"), RuntimeError),
        (BatchError("z"), RuntimeError),
        (OutputError("cannot write x"), OSError),
        (ResumeError("cannot resume"), ValueError),
        (RecordError("no such input file: x"), ValueError),
    ]
    for error, builtin in errors:
        assert isinstance(error, KorfactsError) and isinstance(error, builtin)
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy)) == (type(error), str(error))
