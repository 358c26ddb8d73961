"""A test hook, imported at start-up by every Python process of a korfacts command that tests/test_cli_processes.py
starts with this folder on PYTHONPATH (the forkserver and so its workers too): a text that begins with HOLD waits
while the file named by KORFACTS_TEST_HOLD exists, after writing the pid of its process to that name + ".pids". A
test can so act on a job that is certainly mid-way: signal it, kill a worker, then let it go on. The facts are those
of the real extract() of the same text."""

from __future__ import annotations

import os

_HOLD = os.environ.get("KORFACTS_TEST_HOLD")

if _HOLD:
    import time

    from korfacts import extractor

    _extract = extractor.Extractor.extract

    def _holding_extract(self: extractor.Extractor, text: str, doc_date: object = None) -> object:
        if isinstance(text, str) and text.startswith("HOLD") and os.path.exists(_HOLD):
            with open(_HOLD + ".pids", "a", encoding="ascii") as pids:
                pids.write(f"{os.getpid()}\n")
            deadline = time.monotonic() + 120  # a test that failed must not leave a process behind for ever
            while os.path.exists(_HOLD) and time.monotonic() < deadline:
                time.sleep(0.02)
        return _extract(self, text, doc_date)  # type: ignore[arg-type]

    extractor.Extractor.extract = _holding_extract  # type: ignore[assignment,method-assign]
