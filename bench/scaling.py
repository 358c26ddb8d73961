"""Batch scaling: ``korfacts extract --jobs 1`` against ``--jobs 2``, memory per worker, and cold-start latency.

    python bench/scaling.py [--docs 14000] [--repeat 3]

Runs the command line as a user would, on ../shared/benchmarks/news_corpus.jsonl (or the bundled sample), the corpus
written ``--repeat`` times over so that the run is long against the two seconds every run spends loading Kiwi:

- wall time of --jobs 1 and --jobs 2 on the same input, their ratio, and whether the outputs are identical; the
  start-up (a run over one document) is measured too, and the ratio without it is the steady-state speed-up;
- peak resident memory (VmHWM) of every process of the job, sampled from /proc while it runs, at 1,000 documents
  and at the full count, to show that memory per worker stays flat;
- seconds from starting ``korfacts extract`` (cold: a new process) to the first output record that holds a fact.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import load_corpus

KORFACTS = [sys.executable, "-m", "korfacts"]


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue.extend(int(c) for c in task.read_text().split())
            except OSError:
                continue
    return found


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _run(args: list[str]) -> tuple[float, dict[int, float]]:
    """Wall seconds of a korfacts command, and the peak RSS (MB) of each of its processes."""
    peaks: dict[int, float] = {}
    start = time.perf_counter()
    proc = subprocess.Popen([*KORFACTS, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in _tree(proc.pid):
                peaks[pid] = max(peaks.get(pid, 0.0), _peak_rss_mb(pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"korfacts {' '.join(args)} failed: {err.decode()}")
    return seconds, peaks


def _first_fact_seconds(source: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([*KORFACTS, "extract", str(source)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    for line in proc.stdout:
        if json.loads(line).get("facts"):
            seconds = time.perf_counter() - start
            proc.kill()
            proc.wait()
            return seconds
    proc.wait()
    return float("nan")


def _workers(peaks: dict[int, float], parent_pid_count: int = 1) -> list[float]:
    """The peak RSS of every process but the first (the command itself), largest first."""
    values = list(peaks.values())
    return sorted(values[parent_pid_count:], reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=14000)
    parser.add_argument("--repeat", type=int, default=1, help="write the corpus this many times (default 1)")
    args = parser.parse_args()
    texts, source = load_corpus(args.docs)
    texts = texts * args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inputs = {}
        for n in sorted({min(1000, len(texts)), len(texts)}):
            path = work / f"in-{n}.jsonl"
            path.write_text(
                "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts[:n])),
                encoding="utf-8",
            )
            inputs[n] = path
        full = inputs[len(texts)]
        one_doc = work / "one-doc.jsonl"
        one_doc.write_text(json.dumps({"id": 0, "text": texts[0]}, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"corpus: {source} ({len(texts)} documents, {args.repeat}x)")
        print(f"first fact after a cold start: {_first_fact_seconds(full):.2f} s")
        out1, out2 = work / "one.jsonl", work / "two.jsonl"
        s1, _ = _run(["extract", str(one_doc), "-o", str(work / "s1.jsonl"), "--jobs", "1"])
        s2, _ = _run(["extract", str(one_doc), "-o", str(work / "s2.jsonl"), "--jobs", "2"])
        t1, peaks1 = _run(["extract", str(full), "-o", str(out1), "--jobs", "1"])
        t2, peaks2 = _run(["extract", str(full), "-o", str(out2), "--jobs", "2"])
        same = out1.read_bytes() == out2.read_bytes()
        print(f"start-up (one document): --jobs 1 {s1:.1f} s, --jobs 2 {s2:.1f} s")
        print(f"--jobs 1: {t1:.1f} s   --jobs 2: {t2:.1f} s   speed-up {t1 / t2:.2f}x   identical output: {same}")
        print(f"steady state (start-up taken out): {(t1 - s1) / (t2 - s2):.2f}x")
        print(f"peak RSS --jobs 1: {max(peaks1.values()):.0f} MB (one process)")
        print(
            f"peak RSS per process --jobs 2 ({len(texts)} docs): {', '.join(f'{v:.0f}' for v in _workers(peaks2))} MB"
        )
        if 1000 in inputs and len(texts) > 1000:
            _, small = _run(["extract", str(inputs[1000]), "-o", str(work / "small.jsonl"), "--jobs", "2"])
            print(f"peak RSS per process --jobs 2 (1000 docs): {', '.join(f'{v:.0f}' for v in _workers(small))} MB")


if __name__ == "__main__":
    main()
