"""Values, subjects and measures on tests/gold_news: sentences annotated without looking at korfacts (see its README).

The floors are the agreement measured when the files were added, rounded down: a change that lowers one fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from links_scoring import Score, load, score

GOLD = Path(__file__).parent / "gold_news"
FLOORS = {"f1": 0.99, "subject": 0.66, "measure": 0.80}


@pytest.fixture(scope="module")
def result() -> Score:
    return score(load(sorted(GOLD.glob("*.txt"))))


def test_the_files_hold_enough_facts(result: Score) -> None:
    docs = load(sorted(GOLD.glob("*.txt")))
    assert len(docs) >= 1990
    assert sum(len(d.facts) for d in docs) >= 4400


@pytest.mark.parametrize("key", ["f1", "subject", "measure"])
def test_agreement(result: Score, key: str) -> None:
    rate = result.f1 if key == "f1" else result.rate(key)
    problems = [p for p in result.problems if key == "f1" or p.startswith(key.upper())]
    assert rate >= FLOORS[key], result.summary() + "\n" + "\n".join(problems[:40])
