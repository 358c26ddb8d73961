"""Loaders and checks for the third-party conformance corpora in this folder (see README.md).

Shared by ``tests/test_conformance.py`` (one pytest case per corpus case) and ``prune_known_failures.py``
(which drops the ids that now pass from ``known_failures.yaml``). This module does not import pytest.

- Duckling (``duckling_ko.jsonl``): whole phrases through ``korfacts.parse``; value, unit and bounds must match.
- Recognizers-Text (``recognizers_ko.jsonl``): sentences through ``korfacts.extract``; every expected result that has
  offsets and a numeric value must be overlapped by an extracted fact that carries that value.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import korfacts

HERE = Path(__file__).resolve().parent
DUCKLING_FILE = HERE / "duckling_ko.jsonl"
RECOGNIZERS_FILE = HERE / "recognizers_ko.jsonl"
KNOWN_FAILURES_FILE = HERE / "known_failures.yaml"

REL_TOL = 1e-9

# Duckling's unit strings -> korfacts units. "$" is Duckling's country-less Dollar; korfacts reads 달러/불 as USD.
# A bare 도/° ("degree" in Duckling) is read as Celsius by korfacts.
DUCKLING_UNITS: dict[str, str] = {
    "$": "USD",
    "£": "GBP",
    "cent": "USc",
    "KRW": "KRW",
    "EUR": "EUR",
    "kilometre": "km",
    "metre": "m",
    "centimetre": "cm",
    "mile": "mi",
    "millilitre": "mL",
    "litre": "L",
    "hectolitre": "hL",
    "gallon": "gal",
    "gram": "g",
    "근": "근",
    "cup": "cup",
    "celsius": "C",
    "fahrenheit": "F",
    "degree": "C",
}
# korfacts dimensions that stand for a Duckling numeral (unit None): a number, or a fraction such as 사분의삼.
NUMERAL_DIMENSIONS = frozenset({"number", "fraction"})
# Length in seconds of the korfacts duration units a Duckling duration may come back in.
DURATION_SECONDS: dict[str, float] = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}

# Recognizers-Text models whose cases are checked (only the ones the .NET implementation runs: dotnet_runs == true).
RECOGNIZER_MODELS = frozenset({"number", "numberrange", "percent", "currency", "dimension", "temperature", "age"})
_RANGE = re.compile(r"([\[(])([-\d.eE+]*),([-\d.eE+]*)([\])])")


@dataclass(frozen=True)
class Case:
    corpus: str  # "duckling" or "recognizers"
    id: str  # the row's "id": the key used in known_failures.yaml
    text: str
    row: dict[str, Any]

    @property
    def label(self) -> str:
        """Base of the pytest id: the corpus name and the case's text."""
        return f"{self.corpus}:{self.text}"


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_duckling_cases(path: Path = DUCKLING_FILE) -> list[Case]:
    """Every Duckling case except the ordinals (korfacts has no ordinal dimension)."""
    return [Case("duckling", r["id"], r["text"], r) for r in _read_jsonl(path) if r["dimension"] != "ordinal"]


def recognizer_targets(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The checkable expected results of a Recognizers-Text row.

    A result is checkable when it has offsets and a numeric value. Returned dicts hold ``text``, ``start`` and
    ``end`` (end made exclusive; the data's end is inclusive), ``raw`` (the value string), and either ``value`` or
    ``low``/``high`` (None for an open end of a range).
    """
    targets = []
    for e in row["expected"]:
        start, end = e.get("start"), e.get("end")
        if start is None or end is None:
            continue
        raw = e.get("value")
        if raw is None:
            continue
        raw = str(raw)
        target: dict[str, Any] = {"text": e.get("text"), "start": start, "end": end + 1, "raw": raw}
        m = _RANGE.fullmatch(raw)
        if m:
            low, high = _to_float(m.group(2)), _to_float(m.group(3))
            if low is None and high is None:
                continue
            target.update(value=None, low=low, high=high)
        else:
            value = _to_float(raw)
            if value is None:
                continue
            target.update(value=value, low=None, high=None)
        targets.append(target)
    return targets


def load_recognizer_cases(path: Path = RECOGNIZERS_FILE) -> list[Case]:
    """Recognizers-Text cases that .NET runs, in the checked models, with at least one checkable expected result."""
    return [
        Case("recognizers", r["id"], r["text"], r)
        for r in _read_jsonl(path)
        if r.get("dotnet_runs") and r["model"] in RECOGNIZER_MODELS and recognizer_targets(r)
    ]


def load_all_cases() -> list[Case]:
    return load_duckling_cases() + load_recognizer_cases()


def unique_labels(cases: Iterable[Case]) -> list[str]:
    """Pytest ids: ``<corpus>:<text>``, with the case id appended when a text occurs more than once."""
    cases = list(cases)
    seen: dict[str, int] = {}
    for c in cases:
        seen[c.label] = seen.get(c.label, 0) + 1
    return [c.label if seen[c.label] == 1 else f"{c.label} [{c.id}]" for c in cases]


def load_known_failures(path: Path = KNOWN_FAILURES_FILE) -> dict[str, str]:
    """Case id -> reason. A missing or empty file means no known failures."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of case id -> reason")
    return {str(k): str(v) for k, v in data.items()}


# ---------------------------------------------------------------------------------------------------------------
# Checks. Each returns a list of problems; an empty list means the case passes.


def _to_float(s: object) -> float | None:
    try:
        return float(str(s).rstrip("%"))
    except (TypeError, ValueError):
        return None


def same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return math.isclose(float(a), float(b), rel_tol=REL_TOL)


def _fmt(d: dict[str, Any] | None, keys: Iterable[str]) -> str:
    if d is None:
        return "None"
    return "{" + ", ".join(f"{k}={d.get(k)!r}" for k in keys) + "}"


_QKEYS = ("value", "low", "high", "unit", "dimension", "bound", "inclusive", "approx")


def check_duckling(row: dict[str, Any], parse: Callable[[str], Any] = korfacts.parse) -> list[str]:
    """``parse(text)`` must give Duckling's value (or interval) in the mapped unit."""
    e = row["expected"]
    dim = row["dimension"]
    q = parse(row["text"])
    got = q.to_dict() if q is not None else None
    want = {k: v for k, v in e.items() if v is not None}
    prefix = f"{row['id']} {row['text']!r}: want {want}, got {_fmt(got, _QKEYS)}"
    if got is None:
        return [f"{prefix}: parse() returned None"]
    problems: list[str] = []

    factor = 1.0  # korfacts number * factor -> the unit of the expected numbers
    if dim == "duration":
        if got.get("unit") not in DURATION_SECONDS:
            return [f"{prefix}: unit {got.get('unit')!r} is not a duration unit in {sorted(DURATION_SECONDS)}"]
        factor = DURATION_SECONDS[got["unit"]]
    elif dim == "numeral":
        if got.get("unit") is not None:
            problems.append(f"unit {got.get('unit')!r} != None")
        if got.get("dimension") not in NUMERAL_DIMENSIONS:
            problems.append(f"dimension {got.get('dimension')!r} not in {sorted(NUMERAL_DIMENSIONS)}")
    else:
        want_unit = DUCKLING_UNITS.get(e["unit"], e["unit"])
        if got.get("unit") != want_unit:
            problems.append(f"unit {got.get('unit')!r} != {want_unit!r}")

    def num(key: str) -> float | None:
        v = got.get(key)
        return None if v is None else float(v) * factor

    if e["kind"] == "value":
        want_value = e["normalized_seconds"] if dim == "duration" else e["value"]
        if not same_number(num("value"), want_value):
            problems.append(f"value {num('value')!r} != {want_value!r}" + (" (seconds)" if dim == "duration" else ""))
    else:
        lo, hi = e.get("min"), e.get("max")
        if lo is not None and hi is not None:
            if not (same_number(num("low"), lo) and same_number(num("high"), hi)):
                problems.append(f"low/high {num('low')!r}/{num('high')!r} != {lo!r}/{hi!r}")
        else:
            bound, want_value = ("min", lo) if lo is not None else ("max", hi)
            if not same_number(num("value"), want_value):
                problems.append(f"value {num('value')!r} != {want_value!r}")
            if got.get("bound") != bound:
                problems.append(f"bound {got.get('bound')!r} != {bound!r}")
    return [f"{prefix}: {'; '.join(problems)}"] if problems else []


def check_recognizers(row: dict[str, Any], extract: Callable[[str], Any] = korfacts.extract) -> list[str]:
    """Every checkable expected result needs an overlapping extracted fact with that value.

    A single value may be matched by the fact's value, low or high; for a range, each closed end must be among the
    fact's value/low/high (an open end is not checked). Same rule as shared/tools/conformance.py.
    """
    text = row["text"]
    facts = [f.to_dict() for f in extract(text)]
    problems = []
    for t in recognizer_targets(row):
        ok = False
        for f in facts:
            if f.get("start") is None or not (f["start"] < t["end"] and t["start"] < f["end"]):
                continue
            cands = [float(x) for x in (f.get("value"), f.get("low"), f.get("high")) if x is not None]
            if t["value"] is not None:
                ok = any(same_number(t["value"], c) for c in cands)
            else:
                ok = all(any(same_number(end, c) for c in cands) for end in (t["low"], t["high"]) if end is not None)
            if ok:
                break
        if not ok:
            got = [
                f"{f.get('text')!r}@{f.get('start')}-{f.get('end')} "
                + _fmt(f, ("value", "low", "high", "unit", "bound"))
                for f in facts
            ]
            problems.append(
                f"{row['id']} {text!r}: want {t['raw']} for {t['text']!r}@{t['start']}-{t['end']} "
                f"({row['model']}), got {got or 'no facts'}"
            )
    return problems


def check_case(case: Case) -> list[str]:
    if case.corpus == "duckling":
        return check_duckling(case.row)
    return check_recognizers(case.row)


def run_case(case: Case) -> list[str]:
    """``check_case`` that reports an exception from korfacts as a problem instead of raising."""
    try:
        return check_case(case)
    except Exception as ex:
        return [f"{case.id} {case.text!r}: korfacts raised {type(ex).__name__}: {ex}"]
