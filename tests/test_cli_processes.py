"""korfacts extract as a process among others: signals, killed processes, a full disk, a dead standard output.

The done-when of issue 12: a worker killed with SIGKILL, the parent stopped by SIGTERM (or SIGINT, or killed by
SIGKILL) and a full disk each end with a partial output that ``--resume`` completes, and the output is then
byte-identical to an uninterrupted run; no process of the job and no /tmp/pymp-* folder is left behind.

A job is held mid-way by tests/hold_hook/sitecustomize.py: the record that begins with HOLD waits in its worker while
the hold file exists. Each case starts one real command (Kiwi loads in about 2 s); the uninterrupted runs and the
resumes run in this process, where Kiwi is loaded once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from korfacts.cli import main

HOOK = Path(__file__).resolve().parent / "hold_hook"
SENTENCES = [
    "정부는 예산을 10조원으로 늘렸다.",
    "숫자가 없는 문장이다.",
    "GPU 1만5000장을 샀다.",
    "주택 320채가 잠겼다.",
]
# 14 records, the 8th held: with --jobs 2 --chunk-size 2 the job has written 6 records when the 8th is held.
ROWS = [{"id": n, "text": ("HOLD " if n == 7 else "") + SENTENCES[n % 4]} for n in range(14)]
WAIT = 60  # seconds any one step may take before the test fails (safety limits only)

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads the process tree from /proc")


class Job:
    """A ``korfacts extract`` process over ROWS writing to ``out``, with its own TMPDIR and hold file."""

    def __init__(self, tmp_path: Path) -> None:
        self.source = tmp_path / "in.jsonl"
        self.source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
        self.out = tmp_path / "out.jsonl"
        self.partial = tmp_path / "out.jsonl.partial.jsonl"
        self.hold = tmp_path / "hold"
        self.tmpdir = tmp_path / "tmp"
        self.tmpdir.mkdir()
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HOOK), *filter(None, [os.environ.get("PYTHONPATH")])]),
            "KORFACTS_TEST_HOLD": str(self.hold),
            "TMPDIR": str(self.tmpdir),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def command(self, *options: str) -> list[str]:
        return [sys.executable, "-m", "korfacts", "extract", str(self.source), "-o", str(self.out), *options]

    def start_held(self, *options: str) -> list[int]:
        """Start the job and return when the HOLD record is held in a worker and the 6 records before it are
        written; the pids of the job's processes then."""
        self.hold.touch()
        self.process = subprocess.Popen(self.command(*options), env=self.env, stderr=subprocess.PIPE)
        _until(lambda: self.hold.with_suffix(".pids").exists() and _count_lines(self.partial) >= 6)
        pids = _descendants(self.process.pid)
        assert {self.process.pid, *pids} <= set(_of_job(self))  # what _assert_all_gone looks for is there
        return pids

    def holder(self) -> int:
        return int(self.hold.with_suffix(".pids").read_text(encoding="ascii").split()[0])

    def finish(self) -> tuple[int, str]:
        assert self.process is not None
        _, err = self.process.communicate(timeout=WAIT)
        return self.process.returncode, err.decode()

    def uninterrupted(self, tmp_path: Path) -> bytes:
        """The output of the same job run at once, in this process (no hook here: the real extract())."""
        reference = tmp_path / "reference.jsonl"
        assert main(["extract", str(self.source), "-o", str(reference)]) == 0
        return reference.read_bytes()

    def resume_here(self, tmp_path: Path) -> None:
        """Let the held record go, resume the job here, and check that its output is the uninterrupted one."""
        self.hold.unlink(missing_ok=True)
        assert main(["extract", str(self.source), "-o", str(self.out), "--resume"]) == 0
        assert self.out.read_bytes() == self.uninterrupted(tmp_path)


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _children(pid: int) -> Iterator[int]:
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            yield from (int(child) for child in task.read_text().split())
        except OSError:
            continue


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        for child in _children(queue.pop()):
            found.append(child)
            queue.append(child)
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for a reaper that a container may not have)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"


def _of_job(job: Job) -> list[int]:
    """Every running process started for ``job``, wherever it was reparented: those with its hold file in their
    environment (workers started to replace others included)."""
    mark = f"KORFACTS_TEST_HOLD={job.hold}\0".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return [pid for pid in found if _running(pid)]


def _assert_all_gone(pids: list[int], job: Job) -> None:
    assert len(pids) >= 4  # the forkserver, the resource tracker and two workers
    _until(lambda: not any(_running(pid) for pid in pids) and not _of_job(job))
    assert list(job.tmpdir.iterdir()) == []  # no pymp-* folder left


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["TERM", "INT"])
def test_a_signal_to_the_parent_stops_every_process_and_resume_completes(
    tmp_path: Path, signum: int, code: int
) -> None:
    job = Job(tmp_path)
    pids = job.start_held("--jobs", "2", "--chunk-size", "2")
    assert job.process is not None
    job.process.send_signal(signum)
    returncode, err = job.finish()
    name = signal.Signals(signum).name
    assert (returncode, err) == (
        code,
        f"korfacts: stopped by {name} after 6 documents; {job.partial} is kept: run again with --resume to continue\n",
    )
    _assert_all_gone(pids, job)
    job.resume_here(tmp_path)


def test_a_parent_killed_leaves_no_process_nor_folder_and_resume_completes(tmp_path: Path) -> None:
    job = Job(tmp_path)
    pids = job.start_held("--jobs", "2", "--chunk-size", "2")
    assert job.process is not None
    job.process.kill()
    assert job.finish()[0] == -signal.SIGKILL
    _assert_all_gone(pids, job)  # the workers saw their parent go, the forkserver its last client
    job.resume_here(tmp_path)


def test_a_worker_killed_changes_nothing_in_the_output(tmp_path: Path) -> None:
    job = Job(tmp_path)
    pids = job.start_held("--jobs", "2", "--chunk-size", "2")
    os.kill(job.holder(), signal.SIGKILL)
    job.hold.unlink()  # the record is read again by another worker, and goes through this time
    returncode, err = job.finish()
    assert returncode == 0
    assert err.splitlines() == [
        "a korfacts worker process died (exit status -9); starting another",
        err.splitlines()[-1],
    ]
    assert err.splitlines()[-1].startswith("korfacts: 14 documents, 10 facts, 0 errors, ")
    assert job.out.read_bytes() == job.uninterrupted(tmp_path)
    _assert_all_gone(pids, job)


def test_a_record_over_the_time_limit_is_killed_with_its_worker_and_the_job_goes_on(tmp_path: Path) -> None:
    """The held record never ends (as if stuck in Kiwi's C code): its worker is killed when its second runs out."""
    job = Job(tmp_path)
    job.hold.touch()
    command = job.command("--jobs", "2", "--chunk-size", "2", "--time-limit", "1")
    done = subprocess.run(command, env=job.env, capture_output=True, timeout=WAIT, check=False)
    assert done.returncode == 1
    assert done.stderr.decode().startswith("korfacts: 14 documents, 9 facts, 1 errors, ")
    lines = [json.loads(line) for line in job.out.read_text(encoding="utf-8").splitlines()]
    assert lines[7] == {"id": 7, "error": "TimeLimitError: still reading the document after the time limit of 1 s"}
    reference = [json.loads(line) for line in job.uninterrupted(tmp_path).decode().splitlines()]
    assert lines[:7] + lines[8:] == reference[:7] + reference[8:]
    _until(lambda: not _of_job(job))
    assert list(job.tmpdir.iterdir()) == []


_FILE_SIZE_LIMIT = (
    "import os, resource, signal, sys; "
    "resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500)); "
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "  # so that a write past the limit fails (EFBIG) instead
    "os.execv(sys.executable, [sys.executable, '-m', 'korfacts', *sys.argv[1:]])"
)


def test_a_full_disk_leaves_a_partial_file_that_resume_completes(tmp_path: Path) -> None:
    """A file size limit (RLIMIT_FSIZE) stands for the full disk: the partial file is cut in the middle of a line."""
    job = Job(tmp_path)
    command = [sys.executable, "-c", _FILE_SIZE_LIMIT, *job.command()[3:]]
    done = subprocess.run(command, env=job.env, capture_output=True, timeout=WAIT, check=False)
    err = done.stderr.decode()
    assert done.returncode == 2
    assert err.startswith(f"korfacts: cannot write {job.partial}: File too large; the ") and err.count("\n") == 1
    assert err.endswith(" records before it are kept, --resume goes on after them\n")
    assert job.partial.stat().st_size == 1500 and not job.partial.read_bytes().endswith(b"\n")
    job.resume_here(tmp_path)


def test_standard_output_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    job = Job(tmp_path)
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "korfacts", "extract", str(job.source)],
            stdout=full, stderr=subprocess.PIPE, env=job.env, timeout=WAIT, check=False,
        )  # fmt: skip
    assert (done.returncode, done.stderr.decode()) == (
        2,
        "korfacts: cannot write to standard output: No space left on device\n",
    )
