"""Many documents on all cores: ordered, streaming, bounded memory, and one bad document never stops the rest.

``run(tasks, settings, jobs=N)`` gives one outcome per task, in the order of the tasks, while it reads them: a list
of Facts, or the exception that one document raised. Whatever a document raises (a non-str text is a TypeError, a bad
date a ValueError, anything else a bug that should not stop a job over millions of crawled texts), it is that
document's outcome and the others go on. At most ``jobs * 2`` chunks of ``chunk_size`` documents are in flight, so
memory stays flat however long the input is.

``time_limit`` (seconds of wall-clock time, 60 by default, None for none) bounds each document:

- with ``jobs >= 2`` the parent kills a worker still reading one document when its limit runs out and starts another
  (korfacts.pool): a hard limit, which stops Kiwi's C code too;
- with ``jobs=1`` the document runs in this process, interrupted by SIGALRM: Python code stops at once, but a call
  into Kiwi's C code runs to its end first. SIGALRM is only used from the main thread and when no one else has set an
  alarm; otherwise there is no limit.

A document over its limit gets a ``TimeLimitError`` as outcome.

Each worker process owns one Extractor (and so one Kiwi); a Kiwi is never pickled nor sent between processes. The
workers fork from a forkserver that preloaded and warmed the Kiwi (korfacts.worker), so that each costs a fork rather
than seconds of set-up. That fork is safe because korfacts' Kiwi runs without a thread pool (``num_workers=0``): a
default, pooled Kiwi hangs in a child forked after it was used, and the forkserver never runs one. The parent, which
may have used its own Kiwi, never forks a worker. ``start_method="spawn"`` builds a Kiwi in every worker instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import signal
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from types import FrameType

import attrs

from korfacts.errors import RemoteError, TimeLimitError
from korfacts.extractor import Extractor
from korfacts.model import Fact
from korfacts.units import UnitRegistry

__all__ = ["DEFAULT_TIME_LIMIT", "Rendered", "Settings", "Task", "describe", "run"]

DEFAULT_TIME_LIMIT = 60.0  # seconds per document; a news article takes milliseconds
_LONGEST_ERROR = 1000  # characters of an error kept in an error record: an exception may quote a whole text


@attrs.frozen
class Rendered:
    """A document's facts as the JSON array of their ``to_dict()`` (``run(as_json=True)``), and how many."""

    json: str
    count: int


Outcome = list[Fact] | Rendered | Exception


@attrs.frozen(kw_only=True)
class Settings:
    """What a worker needs to build an Extractor like the caller's."""

    units: str | None = None
    include_non_quantities: bool = False
    prefilter: bool = True

    def build(self) -> Extractor:
        return Extractor(self.units, include_non_quantities=self.include_non_quantities, prefilter=self.prefilter)

    def check(self) -> None:
        """Raise what ``build()`` would raise in a worker (RegistryError for a bad units file), without building
        more than the units: the bundled data is the same in every process."""
        if self.units is not None:
            UnitRegistry.load(self.units)


@attrs.frozen
class Task:
    """One document: its text (anything; only a str gives facts) and its date, if known."""

    text: object
    doc_date: dt.date | str | None = None


def run(
    tasks: Iterable[Task],
    settings: Settings | None = None,
    *,
    jobs: int = 1,
    chunk_size: int = 32,
    start_method: str = "forkserver",
    extractor: Extractor | None = None,
    as_json: bool = False,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> Generator[Outcome, None, None]:
    """One outcome per task, in order (see the module docstring). With ``as_json`` the facts come as the JSON array
    of their ``to_dict()``, made in the worker: what a batch job writes, without sending Facts between processes.

    The settings are checked here, when ``run`` is called: a bad units file raises RegistryError in the caller, before
    any worker starts. Workers start on the first ``next()``."""
    if jobs < 1 or chunk_size < 1:
        raise ValueError(f"jobs and chunk_size must be at least 1, got {jobs} and {chunk_size}")
    if time_limit is not None and not time_limit > 0:
        raise ValueError(f"time_limit must be a number of seconds above 0, or None; got {time_limit}")
    settings = settings or Settings()
    if jobs == 1:
        return _in_process(extractor or settings.build(), tasks, as_json, time_limit)
    if extractor is None:
        settings.check()
    from korfacts.pool import Pool

    return Pool(settings, jobs, start_method=start_method, time_limit=time_limit).run(
        _chunks(tasks, chunk_size), as_json
    )


def describe(error: BaseException) -> str:
    """An error outcome as the one line of an error record: ``"TypeError: korfacts expects a str, got int"``."""
    text = str(error) if isinstance(error, RemoteError) else f"{type(error).__name__}: {error}"
    return text if len(text) <= _LONGEST_ERROR else text[: _LONGEST_ERROR - 1] + "…"


def one(extractor: Extractor, task: Task, as_json: bool) -> Outcome:
    """The outcome of one document: whatever it raises is its outcome, so that it cannot stop the others."""
    try:
        facts = extractor.extract(task.text, task.doc_date)  # type: ignore[arg-type]
        if not as_json:
            return facts
        # allow_nan=False: a value that is no JSON number makes an error record, never an invalid output line.
        return Rendered(json.dumps([f.to_dict() for f in facts], ensure_ascii=False, allow_nan=False), len(facts))
    except Exception as exc:  # one bad record must never stop a job over millions of them
        return exc


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_process(
    extractor: Extractor, tasks: Iterable[Task], as_json: bool, time_limit: float | None
) -> Generator[Outcome, None, None]:
    if time_limit is not None:
        extractor.analyzer.warm_up()  # the seconds Kiwi takes to load are not the first document's
    for task in tasks:
        yield _within(time_limit, functools.partial(one, extractor, task, as_json))


def _within(seconds: float | None, work: Callable[[], Outcome]) -> Outcome:
    """``work()``, interrupted by SIGALRM after ``seconds`` when this thread may use it (see the module docstring).

    The handler is installed for this one document and the previous one put back after it, so that an alarm of the
    caller's between two documents is never taken for ours. If ``work`` swallows the TimeLimitError (a broad
    ``except`` inside), the outcome is a TimeLimitError all the same."""
    if seconds is None or not _may_use_alarm():
        return work()
    fired = False

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        fired = True
        raise TimeLimitError(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            outcome = work()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except TimeLimitError as exc:  # raised outside work(), between its end and the timer's
        outcome = exc
    finally:
        signal.signal(signal.SIGALRM, previous)
    return TimeLimitError(seconds) if fired else outcome


def _may_use_alarm() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    unused = (signal.SIG_DFL, signal.SIG_IGN, None)
    return signal.getsignal(signal.SIGALRM) in unused and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
