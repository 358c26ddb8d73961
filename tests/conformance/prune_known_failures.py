"""Drop the cases that now pass from known_failures.yaml, and report regressions.

Usage (from the repository root)::

    .venv/bin/python tests/conformance/prune_known_failures.py [--dry-run] [--verbose]

Runs every conformance case with the same checks as tests/test_conformance.py (both use conformance_cases.py), then:

- removes from known_failures.yaml each listed id whose case now passes (or that is no longer a case), keeping the
  other entries, their reasons, the comments and the order. A comment block whose entries are all gone is removed
  with them;
- prints each case that fails but is not listed: a regression. It is not added to the file; fix it, or add it by
  hand with a reason (a ready-to-paste line is printed).

Exit status: 0, or 1 when there is a regression.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]  # conformance_cases, and the checkout's korfacts

import conformance_cases as cc  # noqa: E402


def _entry_id(line: str) -> str | None:
    """The case id of a ``id: reason`` line, or None for a comment or blank line."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    data = yaml.safe_load(line)
    if not isinstance(data, dict) or len(data) != 1:
        raise SystemExit(f"known_failures.yaml: expected one 'id: reason' entry per line, got {line!r}")
    return str(next(iter(data)))


def prune_text(text: str, drop: set[str]) -> str:
    """``text`` without the entry lines whose id is in ``drop``; emptied comment blocks go too."""
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines(keepends=True):
        if line.strip():
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])  # the blank line opens the next paragraph
    out: list[str] = []
    for para in paragraphs:
        ids = [_entry_id(line) for line in para]
        kept = [line for line, i in zip(para, ids, strict=True) if i is None or i not in drop]
        had_entries = any(i is not None for i in ids)
        if had_entries and not any(_entry_id(line) for line in kept):
            continue  # every entry of this block now passes: drop its comments as well
        out.extend(kept)
    while out and not out[0].strip() and not text.startswith("\n"):
        out.pop(0)  # the first block was dropped: do not leave the file opening with a blank line
    return "".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--dry-run", action="store_true", help="report only; do not rewrite known_failures.yaml")
    ap.add_argument("--verbose", action="store_true", help="print the problems of every failing case")
    ap.add_argument("--file", type=Path, default=cc.KNOWN_FAILURES_FILE, help="the known-failures file")
    args = ap.parse_args()

    known = cc.load_known_failures(args.file)
    cases = cc.load_all_cases()
    total: collections.Counter[str] = collections.Counter()
    passed: collections.Counter[str] = collections.Counter()
    now_pass: list[cc.Case] = []
    regressions: list[tuple[cc.Case, list[str]]] = []
    for case in cases:
        group = f"{case.corpus} {case.row.get('dimension') or case.row.get('model')}"
        problems = cc.run_case(case)
        total[case.corpus] += 1
        total[group] += 1
        if not problems:
            passed[case.corpus] += 1
            passed[group] += 1
            if case.id in known:
                now_pass.append(case)
            continue
        if case.id not in known:
            regressions.append((case, problems))
        elif args.verbose:
            print("\n".join(f"FAIL {p}" for p in problems))

    for group in sorted(k for k in total if " " in k):
        print(f"  {group}: {passed[group]}/{total[group]}")
    for corpus in ("duckling", "recognizers"):
        print(f"{corpus}: {passed[corpus]}/{total[corpus]} pass")

    stale = sorted(set(known) - {c.id for c in cases})
    for case in now_pass:
        print(f"NOW PASSES {case.id} {case.text!r} (was: {known[case.id]})")
    for sid in stale:
        print(f"NOT A CASE {sid} (was: {known[sid]})")
    for case, problems in regressions:
        print(f"REGRESSION {case.id} {case.text!r}")
        for p in problems:
            print(f"    {p}")
        print(f'    to list it: {json.dumps(case.id, ensure_ascii=False)}: "<reason>"')

    drop = {c.id for c in now_pass} | set(stale)
    if drop and not args.dry_run:
        old = args.file.read_text(encoding="utf-8")
        args.file.write_text(prune_text(old, drop), encoding="utf-8")
        print(f"removed {len(drop)} id(s) from {args.file}")
    elif drop:
        print(f"would remove {len(drop)} id(s) from {args.file} (dry run)")
    print(f"{len(known) - len(drop)} known failures, {len(regressions)} regression(s)")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
