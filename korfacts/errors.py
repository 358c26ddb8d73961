"""Exceptions. All subclass KorfactsError; each also subclasses the builtin it stands for, and all pickle."""

from __future__ import annotations

__all__ = ["BatchError", "KorfactsError", "RegistryError", "RemoteError", "TimeLimitError", "WorkerDiedError"]


class KorfactsError(Exception):
    """Base class of every error korfacts raises on purpose."""


class RegistryError(KorfactsError, ValueError):
    """A units file is malformed: names the file, the entry and the field at fault."""

    def __init__(self, path: str, entry: str, field: str, problem: str) -> None:
        super().__init__(path, entry, field, problem)
        self.path = path
        self.entry = entry
        self.field = field
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: entry {self.entry!r}, field {self.field!r}: {self.problem}"


class TimeLimitError(KorfactsError, TimeoutError):
    """A document of a batch was still being read when its time limit ran out (``batch.run(time_limit=...)``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self) -> str:
        return f"still reading the document after the time limit of {self.seconds:g} s"


class WorkerDiedError(KorfactsError, RuntimeError):
    """The worker process reading a document died, and died again when another worker read it (a crash inside
    Kiwi, the out-of-memory killer). ``exitcode`` is the second one's (negative: killed by that signal)."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(exitcode)
        self.exitcode = exitcode

    def __str__(self) -> str:
        if self.exitcode is not None and self.exitcode < 0:
            how = f"was killed by signal {-self.exitcode}"
        else:
            how = f"exited with status {self.exitcode}"
        return f"the worker process reading this document {how}, twice"


class RemoteError(KorfactsError, RuntimeError):
    """An exception raised in a worker process that cannot travel back as itself (it does not pickle): the name of
    its type and its message."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(kind, message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class BatchError(KorfactsError, RuntimeError):
    """A batch cannot go on: its worker processes cannot start, or keep dying as they start."""
