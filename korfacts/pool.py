"""The worker processes of korfacts.batch: each owns one Extractor, and the parent watches every one of them.

concurrent.futures.ProcessPoolExecutor, used before, could not do what an unattended job over crawled text needs:
one worker killed (kill -9, the out-of-memory killer, a crash inside Kiwi) broke the whole pool, every pending
document failed with BrokenProcessPool and nothing said which one had been read; there was no time limit; and the
workers, the forkserver and its resource tracker outlived a parent killed by SIGTERM or SIGKILL, holding 500 MB each.
Here:

- a worker sends back each document's outcome as soon as it has it, so the parent knows which document every worker
  is reading, and since when;
- a worker still reading one document when its time limit runs out is killed (SIGKILL: nothing else stops Kiwi's C
  code) and replaced; the document's outcome is a TimeLimitError and the rest of its chunk goes to a worker again;
- a worker that dies is replaced and the document it was reading is read once more, by another worker: a worker
  killed from outside costs nothing, and a document that kills its worker twice gets a WorkerDiedError;
- every worker watches its parent (the sentinel that multiprocessing gives each child) and exits when the parent is
  gone, killed by SIGKILL too; the forkserver then exits with its last client. The first worker to see it removes the
  parent's multiprocessing folder (/tmp/pymp-*, which holds the forkserver's socket), which only the parent removes
  otherwise, at a normal exit.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import multiprocessing
import os
import pickle
import selectors
import shutil
import signal
import threading
import time
from collections.abc import Generator, Iterable, Iterator
from multiprocessing import util
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

import attrs

from korfacts.batch import Outcome, Settings, Task, one
from korfacts.errors import BatchError, RemoteError, TimeLimitError, WorkerDiedError
from korfacts.extractor import Extractor

__all__ = ["Pool"]

log = logging.getLogger(__name__)

_FAILED_STARTS = 3  # workers dying one after the other before they are ready: the next one would die too
_STOP_SECONDS = 5.0  # how long an idle worker may take to exit when asked, before it is killed

_READY, _OUTCOME, _FAILED = "ready", "outcome", "failed"  # what a worker sends: (kind, payload)


@attrs.define
class _Run:
    """Documents of one chunk given to one worker: ``tasks`` are the chunk's from index ``first`` on; ``done`` of
    them are finished."""

    chunk: int
    first: int
    tasks: list[Task]
    done: int = 0

    @property
    def current(self) -> int:
        """The index in its chunk of the document being read."""
        return self.first + self.done

    def rest(self) -> _Run | None:
        """The documents not finished yet, as a run to give to a worker again."""
        if self.done >= len(self.tasks):
            return None
        return _Run(chunk=self.chunk, first=self.current, tasks=self.tasks[self.done :])


@attrs.define(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    run: _Run | None = None
    since: float = 0.0  # time.monotonic() when the document being read was begun


@attrs.define
class _Finished:
    """An outcome read from a worker, for the document ``index`` of chunk ``chunk``."""

    chunk: int
    index: int
    outcome: Outcome


class Pool:
    """``jobs`` worker processes over chunks of tasks, giving outcomes in the order of the tasks (see the module
    docstring). ``run`` may be called once; the workers are stopped when it ends, however it ends."""

    def __init__(self, settings: Settings, jobs: int, *, start_method: str, time_limit: float | None) -> None:
        self._settings = settings
        self._jobs = jobs
        self._time_limit = time_limit
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(["korfacts.worker"])
        # The folder of the forkserver's socket, for the workers to remove if this process dies without doing it.
        self._tempdir = util.get_temp_dir() if start_method == "forkserver" else None
        self._workers: list[_Worker] = []
        self._events = selectors.DefaultSelector()  # every worker's pipe and sentinel, with (worker, is_sentinel)
        self._failed_starts = 0
        self._retried: set[tuple[int, int]] = set()  # (chunk, index) of documents whose worker died once

    def run(self, chunks: Iterable[list[Task]], as_json: bool) -> Generator[Outcome, None, None]:
        """One outcome per task of ``chunks``, in order, with at most ``jobs * 2`` chunks read ahead."""
        try:
            yield from self._run(iter(chunks), as_json)
        except BaseException:  # an error, GeneratorExit when the caller stops early, a signal: no waiting
            self._stop(kill=True)
            raise
        self._stop(kill=False)

    def _run(self, chunks: Iterator[list[Task]], as_json: bool) -> Iterator[Outcome]:
        waiting: collections.deque[_Run] = collections.deque()
        outcomes: dict[int, list[Outcome | None]] = {}
        missing: dict[int, int] = {}  # chunk -> how many of its outcomes are still to come
        taken = given = 0  # chunks read from the input; chunks given to the caller
        exhausted = False
        while True:
            if given < taken and missing[given] == 0:
                finished = outcomes.pop(given)
                del missing[given]
                given += 1
                yield from (outcome for outcome in finished if outcome is not None)
                continue
            while not exhausted and taken - given < 2 * self._jobs:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                outcomes[taken] = [None] * len(chunk)
                missing[taken] = len(chunk)
                waiting.append(_Run(chunk=taken, first=0, tasks=chunk))
                taken += 1
            if given == taken:  # and so the input is exhausted
                return
            self._start_workers()
            self._hand_out(waiting, as_json)
            for done in self._collect(waiting):
                outcomes[done.chunk][done.index] = done.outcome
                missing[done.chunk] -= 1

    # --- the workers, seen from the parent ----------------------------------------------------------------------

    def _start_workers(self) -> None:
        while len(self._workers) < self._jobs:
            parent_end, child_end = self._context.Pipe()
            process = self._context.Process(  # type: ignore[attr-defined]
                target=_serve, args=(child_end, self._settings, self._tempdir), name="korfacts-worker", daemon=True
            )
            try:
                process.start()
            except OSError as exc:  # no memory to fork, too many open files
                parent_end.close()
                raise BatchError(f"cannot start a worker process: {exc.strerror or exc}") from None
            finally:
                child_end.close()
            worker = _Worker(process=process, conn=parent_end)
            self._workers.append(worker)
            self._events.register(worker.conn, selectors.EVENT_READ, (worker, False))
            self._events.register(worker.process.sentinel, selectors.EVENT_READ, (worker, True))

    def _hand_out(self, waiting: collections.deque[_Run], as_json: bool) -> None:
        for worker in list(self._workers):
            if not waiting:
                return
            if worker.ready and worker.run is None:
                run = waiting.popleft()
                try:
                    worker.conn.send((run.tasks, as_json))
                except OSError:  # it died meanwhile: the run goes back, the worker is replaced
                    waiting.appendleft(run)
                    self._remove(worker)
                    continue
                worker.run, worker.since = run, time.monotonic()

    def _collect(self, waiting: collections.deque[_Run]) -> list[_Finished]:
        """Waits for something to happen (an outcome, a worker ready or dead, a time limit running out) and returns
        the outcomes it brought. One selector holds every worker's pipe and sentinel: a message costs one select()
        and one read, which matters at a few hundred microseconds per document."""
        finished: list[_Finished] = []
        timeout = None
        busy = [w.since for w in self._workers if w.run is not None]
        if self._time_limit is not None and busy:
            timeout = max(0.0, min(busy) + self._time_limit - time.monotonic())
        for key, _ in self._events.select(timeout):
            worker, exited = key.data
            if worker in self._workers:
                self._read(worker, exited, waiting, finished)
        if self._time_limit is not None:
            now = time.monotonic()
            for worker in list(self._workers):
                if worker.run is not None and now - worker.since >= self._time_limit:
                    self._overran(worker, waiting, finished)
        return finished

    def _read(self, worker: _Worker, exited: bool, waiting: collections.deque[_Run], finished: list[_Finished]) -> None:
        """One message of the worker; or, when it has exited, every message it left, and then what its death means
        for the document it was reading."""
        try:
            while True:
                try:
                    kind, payload = worker.conn.recv()
                except (EOFError, OSError):
                    raise
                except Exception as exc:  # an outcome that does not unpickle: the document's outcome says so
                    kind, payload = _OUTCOME, RemoteError(type(exc).__name__, f"unreadable outcome: {exc}")
                self._message(worker, kind, payload, finished)
                if not exited or not worker.conn.poll():
                    break
        except (EOFError, OSError):  # its end of the pipe is closed: it died
            exited = True
        if exited:
            self._lost(worker, waiting, finished)

    def _message(self, worker: _Worker, kind: str, payload: Any, finished: list[_Finished]) -> None:
        if kind == _READY:
            worker.ready = True
            self._failed_starts = 0
        elif kind == _FAILED:
            raise BatchError(f"a worker process cannot start: {payload}")
        elif kind == _OUTCOME and worker.run is not None:
            run = worker.run
            finished.append(_Finished(chunk=run.chunk, index=run.current, outcome=payload))
            run.done += 1
            worker.since = time.monotonic()
            if run.done == len(run.tasks):
                worker.run = None

    def _lost(self, worker: _Worker, waiting: collections.deque[_Run], finished: list[_Finished]) -> None:
        """A worker died: its document is read again by another worker, unless it had killed one already."""
        exitcode = self._remove(worker)
        log.warning("a korfacts worker process died (exit status %s); starting another", exitcode)
        if not worker.ready:
            self._failed_starts += 1
            if self._failed_starts >= _FAILED_STARTS:
                raise BatchError(f"worker processes die as they start (the last one: exit status {exitcode})")
        run = worker.run
        if run is None:
            return
        if (run.chunk, run.current) in self._retried:
            finished.append(_Finished(chunk=run.chunk, index=run.current, outcome=WorkerDiedError(exitcode)))
            run.done += 1
        else:
            self._retried.add((run.chunk, run.current))
        rest = run.rest()
        if rest is not None:
            waiting.appendleft(rest)

    def _overran(self, worker: _Worker, waiting: collections.deque[_Run], finished: list[_Finished]) -> None:
        """A worker is still reading one document when its time limit has run out: kill it, and go on without it."""
        run = worker.run
        assert run is not None and self._time_limit is not None
        self._remove(worker)
        finished.append(_Finished(chunk=run.chunk, index=run.current, outcome=TimeLimitError(self._time_limit)))
        run.done += 1
        rest = run.rest()
        if rest is not None:
            waiting.appendleft(rest)

    def _remove(self, worker: _Worker) -> int | None:
        """Kill the worker if it still runs, reap it, and return its exit status."""
        self._workers.remove(worker)
        self._events.unregister(worker.conn)
        self._events.unregister(worker.process.sentinel)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        exitcode = worker.process.exitcode
        worker.conn.close()
        worker.process.close()
        return exitcode

    def _stop(self, *, kill: bool) -> None:
        """Stop every worker: asked to exit when the job is done (they are idle), killed when it is cut short."""
        workers, self._workers = self._workers, []
        self._events.close()
        for worker in workers:
            if kill:
                worker.process.kill()
                continue
            with contextlib.suppress(OSError):  # already gone: the join below reaps it
                worker.conn.send(None)
        for worker in workers:
            worker.process.join(None if kill else _STOP_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
            worker.process.close()


# --- a worker, in its own process ---------------------------------------------------------------------------------


def _serve(conn: Connection, settings: Settings, tempdir: str | None) -> None:
    """What a worker process runs: build the Extractor, then read the runs it is sent until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker would inherit the parent's handler
    parent = multiprocessing.parent_process()
    if parent is not None:
        sentinel = parent.sentinel
        threading.Thread(target=_watch, args=(sentinel, tempdir), name="korfacts-parent-watch", daemon=True).start()
    try:
        extractor = _extractor(settings)
    except Exception as exc:
        conn.send((_FAILED, f"{type(exc).__name__}: {exc}"))
        return
    try:
        conn.send((_READY, None))
        while (work := conn.recv()) is not None:
            tasks, as_json = work
            for task in tasks:
                conn.send((_OUTCOME, _portable(one(extractor, task, as_json))))
    except (EOFError, OSError):  # the parent's end of the pipe is closed: it is gone, or going
        if parent is not None:
            _watch(sentinel, tempdir)


def _extractor(settings: Settings) -> Extractor:
    if settings == Settings():  # the one preloaded in the forkserver, already warm
        from korfacts import worker

        return worker.EXTRACTOR
    extractor = settings.build()  # cheap: the Kiwi of the preload is shared (morph._shared_kiwi)
    extractor.analyzer.warm_up()
    return extractor


def _portable(outcome: Outcome) -> Outcome:
    """The outcome as it can travel to the parent: an exception that does not survive pickling becomes a
    RemoteError with its type's name and message."""
    if not isinstance(outcome, Exception):
        return outcome
    try:
        pickle.loads(pickle.dumps(outcome))
    except Exception:
        return RemoteError(type(outcome).__name__, str(outcome))
    return outcome


def _watch(parent_sentinel: int, tempdir: str | None) -> None:
    """Wait for the parent to be gone, then clean up after it and exit (see the module docstring). Runs in a thread
    of its own from the start, and in the main thread when a pipe to the parent breaks."""
    wait([parent_sentinel])
    if tempdir is not None:
        shutil.rmtree(tempdir, ignore_errors=True)
    os._exit(1)
