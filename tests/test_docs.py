"""The examples in README.md and docs/*.md run and print what they say (doctest on their >>> blocks)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import korfacts

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("page", [p for p in PAGES if ">>> " in p.read_text(encoding="utf-8")], ids=lambda p: p.name)
def test_examples(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} example(s) in {page.name} failed (see the output above)"


def test_units_page_is_generated_from_units_yaml() -> None:
    """docs/units.md is what docs/gen_units.py writes from data/units.yaml: rerun it after changing the data."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_units", ROOT / "docs" / "gen_units.py")
    assert spec is not None and spec.loader is not None
    gen_units = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_units)
    from korfacts.units import UnitRegistry

    page = (ROOT / "docs" / "units.md").read_text(encoding="utf-8")
    assert page == gen_units.render(UnitRegistry.load()), "docs/units.md is stale: run python docs/gen_units.py"


def _linking_rows() -> list[list[str]]:
    """The worked cases of docs/linking.md: | `text` | `fact` | subject | measure | decided by |."""
    rows = []
    for line in (ROOT / "docs" / "linking.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 5:
            rows.append(cells)
    return rows


def test_linking_page_has_its_cases() -> None:
    assert len(_linking_rows()) >= 40


@pytest.mark.parametrize("row", _linking_rows(), ids=lambda row: f"{row[0]} {row[1]}")
def test_linking_case(row: list[str]) -> None:
    """Each worked case of docs/linking.md is what korfacts does: subject, measure, inferred and the deciding rules."""
    text, span, subject, measure, decided = row
    text, span = text.strip("`"), span.strip("`")
    report = korfacts.Extractor().explain(text)
    [fact] = [f for f in korfacts.extract(text) if f.text == span]
    inferred = subject.endswith("(inferred)")
    want_subject = subject.removesuffix("(inferred)").strip().strip("`")
    got_subject = fact.subject.text if fact.subject else "—"
    assert got_subject == want_subject
    assert bool(fact.subject and fact.subject.inferred) == inferred
    assert (fact.measure.text if fact.measure else "—") == measure.strip("`")
    subject_rule, measure_rule = (r.strip() for r in decided.split(","))
    assert _chosen_rules(report, fact) == (subject_rule, measure_rule)


def _chosen_rules(report: str, fact: korfacts.Fact) -> tuple[str, str]:
    """The rules explain() says chose the subject and the measure of ``fact``, or settled there is none ("" when no
    rule decided)."""
    lines = report.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"fact {fact.text!r}@{fact.start}:"))
    chosen = {"subject": "", "measure": ""}
    link = ""
    for line in lines[at + 1 :]:
        stripped = line.strip()
        if stripped.startswith(("fact ", "skipped ", "dropped ", "sentence ")):
            break
        if stripped.startswith(("subject:", "measure:", "time:")):
            link = stripped.split(":")[0]
        elif (stripped.endswith(" chosen") or ": - none: " in stripped) and link in chosen:
            chosen[link] = stripped.split(":")[0]  # the rule that chose, or that settled there is none
    return chosen["subject"], chosen["measure"]
