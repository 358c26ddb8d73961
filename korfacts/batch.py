"""Many documents on all cores: ordered, streaming, bounded memory.

``run(tasks, settings, jobs=N)`` gives one outcome per task, in the order of the tasks, while it reads them: a list
of Facts, or the exception that one document raised (a non-str text is a TypeError, a bad date a ValueError), so
that one bad record does not stop a batch. At most ``jobs * 2`` chunks of ``chunk_size`` documents are in flight, so
memory stays flat however long the input is.

Each worker process owns one Extractor (and so one Kiwi); a Kiwi is never pickled nor sent between processes. The
workers fork from a forkserver that preloaded and warmed the Kiwi (korfacts.worker), so that each costs a fork rather
than seconds of set-up. That fork is safe because korfacts' Kiwi runs without a thread pool (``num_workers=0``): a
default, pooled Kiwi hangs in a child forked after it was used, and the forkserver never runs one. The parent, which
may have used its own Kiwi, never forks a worker. ``start_method="spawn"`` builds a Kiwi in every worker instead.
``jobs=1`` runs in this process.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

import attrs

from korfacts.extractor import Extractor
from korfacts.model import Fact

__all__ = ["Rendered", "Settings", "Task", "run"]


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
) -> Iterator[Outcome]:
    """One outcome per task, in order (see the module docstring). With ``as_json`` the facts come as the JSON array
    of their ``to_dict()``, made in the worker: what a batch job writes, without sending Facts between processes."""
    if jobs < 1 or chunk_size < 1:
        raise ValueError(f"jobs and chunk_size must be at least 1, got {jobs} and {chunk_size}")
    settings = settings or Settings()
    if jobs == 1:
        local = extractor or settings.build()
        for task in tasks:
            yield _one(local, task, as_json)
        return
    yield from _parallel(tasks, settings, jobs, chunk_size, start_method, as_json)


def _one(extractor: Extractor, task: Task, as_json: bool) -> Outcome:
    try:
        facts = extractor.extract(task.text, task.doc_date)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:  # misuse by one record: report it, go on with the others
        return exc
    if not as_json:
        return facts
    return Rendered(json.dumps([f.to_dict() for f in facts], ensure_ascii=False), len(facts))


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(
    tasks: Iterable[Task], settings: Settings, jobs: int, chunk_size: int, start_method: str, as_json: bool
) -> Iterator[Outcome]:
    context = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        context.set_forkserver_preload(["korfacts.worker"])
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(settings,)) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        for chunk in _chunks(tasks, chunk_size):
            pending.append(pool.submit(_work, chunk, as_json))
            while len(pending) >= jobs * 2:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


_WORKER: Extractor | None = None


def _start_worker(settings: Settings) -> None:
    global _WORKER
    if settings == Settings():  # the preloaded one (forkserver), already warm, is the one wanted
        from korfacts import worker

        _WORKER = worker.EXTRACTOR
    else:
        _WORKER = settings.build()
        _WORKER.analyzer.warm_up()


def _work(chunk: list[Task], as_json: bool) -> list[Outcome]:
    assert _WORKER is not None, "the worker was not started"
    return [_one(_WORKER, task, as_json) for task in chunk]


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
