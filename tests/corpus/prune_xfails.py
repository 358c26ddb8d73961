"""Remove the ``xfail:`` line of every corpus case that now passes (run after a fix; tests run strict xfails).

    python tests/corpus/prune_xfails.py          # rewrite the YAML files in place, print what changed

Cases are matched by their position in the file: the ``xfail:`` line belongs to the case that starts before it.
A phrase group loses its xfail only when every surface of the group passes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from test_corpus import test_negative, test_phrase, test_sentence  # noqa: E402


def _passes(check: Any, *args: Any) -> bool:
    try:
        check(*args)
    except AssertionError:
        return False
    return True


def _fixed_reasons(path: Path) -> list[tuple[str, str]]:
    """(first surface or text, reason) of each xfail case in ``path`` that passes now."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    fixed = []
    for group in data.get("phrases", []):
        if group.get("xfail"):
            expected = {k: v for k, v in group.items() if k not in ("surfaces", "xfail", "note")}
            if all(_passes(test_phrase, path.stem, s, expected) for s in group["surfaces"]):
                fixed.append((group["surfaces"][0], group["xfail"]))
    for key, check in (("sentences", test_sentence), ("negatives", test_negative)):
        for case in data.get(key, []):
            if case.get("xfail") and _passes(check, path.stem, case):
                fixed.append((case["text"], case["xfail"]))
    return fixed


def main() -> int:
    for path in sorted(HERE.glob("*.yaml")):
        fixed = _fixed_reasons(path)
        if not fixed:
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for first, reason in fixed:
            start = next(i for i, line in enumerate(lines) if first in line)
            for i in range(start, len(lines)):
                if lines[i].strip().startswith("xfail:") and yaml.safe_load(lines[i].strip())["xfail"] == reason:
                    del lines[i]
                    print(f"{path.name}: fixed {first!r} ({reason})")
                    break
        path.write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
