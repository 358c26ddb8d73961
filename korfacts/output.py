"""The files of a batch job that writes to OUT (``korfacts extract -o OUT``): one writer at a time, a partial file
that can always be resumed, and what that partial file was made from.

``OUT.lock``
    held with flock() by the job writing OUT, which also writes its process id in it for the message a second job
    gets: a second job for the same OUT is refused while the first runs (before, the second deleted the first's
    partial file and the first then renamed the second's unfinished one). The lock is the open file, not its
    existence: one left by a process that died holds nothing and the next job takes it over.
``OUT.partial.jsonl``
    the output records written so far, one line each, flushed as each is written: a job stopped anywhere (a signal,
    SIGKILL, a full disk) leaves at worst one cut last line, which ``resume`` drops.
``OUT.resume.json``
    the fingerprint of the inputs and of the settings that change the output, written before the partial file:
    ``resume`` refuses other ones (record ids cannot tell two inputs apart when they are null).

OUT itself appears only when the job is complete: the partial file renamed, or converted beside it (records.py).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from korfacts.datafile import shown
from korfacts.errors import KorfactsError
from korfacts.records import create_new, id_json, write_results

try:
    import fcntl
except ImportError:  # Windows: no lock (docs/cli.md says so)
    fcntl = None  # type: ignore[assignment]

__all__ = ["JobFiles", "OutputError", "ResumeError", "Written"]

log = logging.getLogger(__name__)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_BLOCK = 1 << 16


class OutputError(KorfactsError, OSError):
    """An output that cannot be written: a missing folder, a read-only one, a full disk, OUT locked by another job."""


class ResumeError(KorfactsError, ValueError):
    """A partial output that cannot be continued: made from another input or other settings, or not a partial
    output at all."""


@attrs.frozen
class Written:
    """An output record already in the partial file: its id as JSON text, whether it is an error, its facts."""

    id_json: str
    error: bool
    facts: int


class JobFiles:
    """The files beside OUT (see the module docstring). ``lock()`` first; then ``start()`` or ``resume()``, which
    give the partial file to append to; ``finish()`` when every record is written."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.partial = out.with_name(out.name + ".partial.jsonl")
        self.fingerprint_file = out.with_name(out.name + ".resume.json")
        self._lock_file = out.with_name(out.name + ".lock")
        self._lock: int | None = None

    def check(self) -> None:
        """What can be known about OUT before anything is read: its folder exists, and OUT is not a folder."""
        folder = self.out.parent
        if not folder.is_dir():
            raise OutputError(f"cannot write {self.out}: no folder {folder}")
        if self.out.is_dir():
            raise OutputError(f"cannot write {self.out}: it is a folder")
        # OUT is replaced whole by a rename at the end: a link would be replaced, not what it points to (-o
        # /dev/stdout replaced the link /dev/stdout with a file), and a pipe or a device would be too.
        if self.out.is_symlink():
            raise OutputError(f"cannot write {self.out}: it is a symbolic link; give the file's own path (or -o -)")
        if self.out.exists() and not self.out.is_file():
            raise OutputError(f"cannot write {self.out}: it is not a regular file (standard output is -o -)")

    def lock(self) -> None:
        """Take OUT.lock, or raise OutputError naming the process that holds it."""
        while True:
            try:
                fd = os.open(self._lock_file, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o666)
            except OSError as exc:
                raise OutputError(f"cannot write {self.out}: {exc.strerror or exc} ({self._lock_file})") from None
            if fcntl is None:
                break
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                problem = f"another korfacts job is writing it (process {holder}, which holds {self._lock_file})"
                raise OutputError(f"cannot write {self.out}: {problem}") from None
            except OSError as exc:  # a file system without flock (some network ones): go on unlocked
                log.warning("cannot lock %s (%s): two jobs could write %s at once", self._lock_file, exc, self.out)
                break
            if _same_file(fd, self._lock_file):
                break
            os.close(fd)  # the lock file was removed by the job that held it, between our open and flock
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._lock = fd

    def unlock(self) -> None:
        if self._lock is None:
            return
        if _same_file(self._lock, self._lock_file):
            self._lock_file.unlink()  # removed while still held: a job waiting on it sees another file and retries
        os.close(self._lock)
        self._lock = None

    def start(self, fingerprint: dict[str, Any]) -> IO[str]:
        """A new job: the files of an earlier one go, the fingerprint is written, and an empty partial file is
        opened for appending."""
        self.partial.unlink(missing_ok=True)
        temporary = self.fingerprint_file.with_name(self.fingerprint_file.name + ".tmp")
        with create_new(temporary) as out:
            out.write(json.dumps(fingerprint, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
        temporary.replace(self.fingerprint_file)
        create_new(self.partial).close()
        return self._append()

    def resume(self, fingerprint: dict[str, Any]) -> tuple[Iterator[Written], IO[str]]:
        """Continue a job: the fingerprint must be the one the partial file was made from. Gives the records already
        written (to check against the input) and the partial file, opened for appending after a cut last line is
        dropped."""
        if not self.partial.exists():
            return iter(()), self.start(fingerprint)
        try:
            before = json.loads(self.fingerprint_file.read_bytes())
        except (OSError, ValueError):
            raise ResumeError(
                f"cannot resume: {self.fingerprint_file} is missing or unreadable, so nothing says what "
                f"{self.partial} was made from; run again without --resume"
            ) from None
        difference = _difference(before, fingerprint)
        if difference is not None:
            raise ResumeError(
                f"cannot resume: {self.partial} was made from another input or with other settings ({difference}); "
                "give the same ones, or run again without --resume"
            )
        try:
            _drop_cut_line(self.partial)
        except OSError as exc:  # a symbolic link is not followed (ELOOP)
            raise OutputError(f"cannot write {self.partial}: {exc.strerror or exc}") from None
        return self._written(), self._append()

    def finish(self, fmt: str) -> None:
        """Every record is written: OUT appears, and the partial file and the fingerprint go."""
        write_results(self.partial, self.out, fmt)
        self.fingerprint_file.unlink(missing_ok=True)

    def _append(self) -> IO[str]:
        try:
            fd = os.open(self.partial, os.O_WRONLY | os.O_APPEND | _NOFOLLOW)
        except OSError as exc:
            raise OutputError(f"cannot write {self.partial}: {exc.strerror or exc}") from None
        # One flush per record: a job killed at any point loses at most the line being written.
        return open(fd, "a", encoding="utf-8", newline="\n", buffering=1)

    def _written(self) -> Iterator[Written]:
        with self.partial.open("rb") as lines:
            for number, line in enumerate(lines, 1):
                try:
                    row = json.loads(line)
                    written = Written(id_json(row["id"]), "error" in row, len(row.get("facts") or ()))
                except (ValueError, KeyError, TypeError):
                    raise ResumeError(
                        f"cannot resume: line {number} of {self.partial} is not an output record"
                    ) from None
                yield written


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
    except FileNotFoundError:
        return False


def _drop_cut_line(path: Path) -> None:
    """Cut the file after its last newline: what follows is a line cut short (a full disk, a kill)."""
    fd = os.open(path, os.O_RDWR | _NOFOLLOW)
    try:
        end = size = os.fstat(fd).st_size
        while end > 0:
            start = max(0, end - _BLOCK)
            block = os.pread(fd, end - start, start)
            newline = block.rfind(b"\n")
            if newline >= 0:
                end = start + newline + 1
                break
            end = start
        if end < size:
            log.info("dropping %d bytes of a line cut short at the end of %s", size - end, path)
            os.ftruncate(fd, end)
    finally:
        os.close(fd)


def _difference(before: Any, now: Any, where: str = "") -> str | None:
    """The first difference between two fingerprints, said for a person: "news.jsonl: size 1200 then, 1450 now"."""
    if isinstance(before, dict) and isinstance(now, dict):
        for key in [*before, *(k for k in now if k not in before)]:  # in order: a path before its hash
            found = _difference(before.get(key), now.get(key), f"{where}.{key}" if where else key)
            if found is not None:
                return found
        return None
    if isinstance(before, list) and isinstance(now, list):
        if len(before) != len(now):
            return f"{len(before)} inputs then, {len(now)} now"
        for n, (old, new) in enumerate(zip(before, now, strict=True)):
            found = _difference(old, new, f"{where}[{n}]")
            if found is not None:
                return found
        return None
    if before != now:
        return f"{where}: {shown(before)} then, {shown(now)} now"
    return None
