"""Table-driven cases from tests/corpus/*.yaml (see tests/corpus/README.md for the format)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import korfacts

CORPUS = Path(__file__).parent / "corpus"
# Keys of a fact that are compared through the text of a mention rather than as values.
MENTIONS = ("subject", "measure", "time")


def _load() -> dict[str, list[Any]]:
    cases: dict[str, list[Any]] = {"phrases": [], "sentences": [], "negatives": []}
    for path in sorted(CORPUS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for group in data.get("phrases", []):
            expected = {k: v for k, v in group.items() if k not in ("surfaces", "xfail", "note")}
            for surface in group["surfaces"]:
                cases["phrases"].append(_param((path.stem, surface, expected), surface, group))
        for case in data.get("sentences", []):
            cases["sentences"].append(_param((path.stem, case), case["text"], case))
        for case in data.get("negatives", []):
            cases["negatives"].append(_param((path.stem, case), case["text"], case))
    return cases


def _param(values: tuple[Any, ...], text: str, case: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
    return pytest.param(*values, id=text, marks=marks)


CASES = _load()


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return actual is not None and not isinstance(actual, bool) and Decimal(str(actual)) == Decimal(str(expected))
    return bool(expected == actual)


def _mismatches(expected: dict[str, Any], fact: dict[str, Any]) -> list[str]:
    wrong = []
    for key, want in expected.items():
        if key in MENTIONS:
            got = fact[key]["text"] if fact.get(key) else None
            if got != want:
                wrong.append(f"{key}: want {want!r}, got {got!r}")
        elif isinstance(want, dict):  # per: {text: 3.3㎡당, value: 3.3, unit: m2}
            got = fact.get(key) or {}
            wrong += [f"{key}.{k}: want {v!r}, got {got.get(k)!r}" for k, v in want.items() if not _same(v, got.get(k))]
        elif key not in ("domain", "note") and not _same(want, fact.get(key)):
            wrong.append(f"{key}: want {want!r}, got {fact.get(key)!r}")
    return wrong


@pytest.mark.parametrize(("corpus", "surface", "expected"), CASES["phrases"])
def test_phrase(corpus: str, surface: str, expected: dict[str, Any]) -> None:
    facts = [f.to_dict() for f in korfacts.extract(surface)]
    assert len(facts) == 1, f"{corpus}: want one fact for {surface!r}, got {facts}"
    fact = facts[0]
    assert fact["text"] == surface.strip(), f"{corpus}: the fact covers {fact['text']!r}, not the whole surface"
    assert not _mismatches(expected, fact), _mismatches(expected, fact)


@pytest.mark.parametrize(("corpus", "case"), CASES["sentences"])
def test_sentence(corpus: str, case: dict[str, Any]) -> None:
    text = case["text"]
    facts = [f.to_dict() for f in korfacts.extract(text)]
    for f in facts:
        assert text[f["start"] : f["end"]] == f["text"]
    want = case.get("facts") or []
    got_texts = [f["text"] for f in facts]
    assert got_texts == [w["text"] for w in want], f"{corpus}: facts {got_texts}"
    problems = [f"{w['text']}: {m}" for w, f in zip(want, facts, strict=True) for m in _mismatches(w, f)]
    assert not problems, problems


@pytest.mark.parametrize(("corpus", "case"), CASES["negatives"])
def test_negative(corpus: str, case: dict[str, Any]) -> None:
    text = case["text"]
    facts = korfacts.extract(text)
    spans = case.get("not")
    if spans is None:
        assert facts == [], f"{corpus}: want no fact in {text!r}, got {facts}"
        return
    for span in spans:
        start = text.index(span)
        touching = [f for f in facts if f.start < start + len(span) and start < f.end]
        assert touching == [], f"{corpus}: {span!r} is not a quantity, got {touching}"
