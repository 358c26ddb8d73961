"""The examples in README.md and docs/*.md run and print what they say (doctest on their >>> blocks)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

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
