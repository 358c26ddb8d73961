"""Subject, measure and time on the annotated sentences and articles of tests/corpus/links (see its README).

The floors are the agreement measured when the corpus was written, rounded down: a change that lowers one fails
here, and ``python tests/links_scoring.py -v`` shows which facts moved.
"""

from __future__ import annotations

import pytest
from links_scoring import Score, load, score

FLOORS = {"f1": 0.99, "subject": 0.92, "measure": 0.94, "time": 0.98}


@pytest.fixture(scope="module")
def result() -> Score:
    return score(load())


def test_corpus_is_big_enough() -> None:
    docs = load()
    articles = [d for d in docs if d.text.count(". ") >= 2]
    assert sum(1 for d in docs if d not in articles) >= 200
    assert len(articles) >= 5


def test_values_and_units(result: Score) -> None:
    assert result.f1 >= FLOORS["f1"], result.summary() + "\n" + "\n".join(result.problems[:40])


@pytest.mark.parametrize("key", ["subject", "measure", "time"])
def test_links(result: Score, key: str) -> None:
    problems = [p for p in result.problems if p.startswith(key.upper())]
    assert result.rate(key) >= FLOORS[key], result.summary() + "\n" + "\n".join(problems[:40])
