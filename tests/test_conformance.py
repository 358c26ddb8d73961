"""Conformance with the Korean test data of Duckling and Microsoft Recognizers-Text (see tests/conformance/README.md).

One test per case. Cases listed in tests/conformance/known_failures.yaml are strict xfails: when one starts to pass,
the run fails until it is removed from the list (``python tests/conformance/prune_known_failures.py`` does that).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest


def _load_shared() -> Any:
    """Import tests/conformance/conformance_cases.py by path (tests/ is not a package)."""
    name = "korfacts_conformance_cases"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).parent / "conformance" / "conformance_cases.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


cc = _load_shared()
KNOWN = cc.load_known_failures()
DUCKLING = cc.load_duckling_cases()
RECOGNIZERS = cc.load_recognizer_cases()


def _params(cases: list[Any]) -> list[Any]:
    params = []
    for case, label in zip(cases, cc.unique_labels(cases), strict=True):
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN[case.id])] if case.id in KNOWN else []
        params.append(pytest.param(case, id=label, marks=marks))
    return params


@pytest.mark.parametrize("case", _params(DUCKLING))
def test_duckling(case: Any) -> None:
    problems = cc.check_duckling(case.row)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", _params(RECOGNIZERS))
def test_recognizers(case: Any) -> None:
    problems = cc.check_recognizers(case.row)
    assert not problems, "\n".join(problems)


def test_known_failures_name_real_cases() -> None:
    ids = {c.id for c in DUCKLING + RECOGNIZERS}
    stale = sorted(set(KNOWN) - ids)
    assert not stale, f"known_failures.yaml lists ids that are not conformance cases: {stale}"


def test_case_counts() -> None:
    # Guards against a loader change silently dropping cases: 192 Duckling phrases (197 minus 5 ordinals) and the
    # Recognizers-Text cases run on .NET that have offsets and a numeric value.
    assert len(DUCKLING) == 192
    assert len(RECOGNIZERS) == 352
