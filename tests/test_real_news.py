"""Values, qualifiers, subjects and measures on real news that nobody here wrote (tests/real_news, see its README).

The texts come from ../shared/benchmarks/news_corpus.jsonl (never from its reserved_ids.txt) and were annotated by
independent annotators with the shared annotation guide, without running korfacts. ``dev`` is what rules may be
developed on; ``heldout`` is never tuned on. The floors are what korfacts measures, rounded down: a change that
lowers one fails here, and ``python tests/links_scoring.py -v tests/real_news/klue/dev.txt`` shows every
disagreement. The agreement of two annotators on the texts both read is measured too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from links_scoring import Doc, Score, annotated, load, score

HERE = Path(__file__).parent / "real_news"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
PARTS = ("dev", "heldout")
FLOORS = {
    "dev": {"f1": 0.94, "qualifier": 0.97, "subject": 0.58, "measure": 0.63},
    "heldout": {"f1": 0.94, "qualifier": 0.99, "subject": 0.53, "measure": 0.61},
    "train": {"f1": 0.88, "qualifier": 0.99, "subject": 0.37, "measure": 0.47},
}
# Two annotators on the same texts (120 sentences and 6 articles): the ceiling a reader sets.
AGREEMENT_FLOORS = {"f1": 0.99, "qualifier": 0.99, "subject": 0.96, "measure": 0.87}


def _docs(part: str) -> list[Doc]:
    return load([p for p in (HERE / "klue" / f"{part}.txt", HERE / "wikinews" / f"{part}.txt") if p.exists()])


@pytest.fixture(scope="module", params=[*PARTS, "train"])
def part(request: pytest.FixtureRequest) -> tuple[str, Score]:
    name: str = request.param
    return name, score(_docs(name))


def test_the_set_is_big_enough() -> None:
    docs = [d for part in PARTS for d in _docs(part)]
    articles = [d for d in docs if d.id is not None and d.id.startswith("kowikinews")]
    assert len(docs) - len(articles) >= 400
    assert len(articles) >= 30
    assert len({d.id for d in docs}) == len(docs)  # every text once
    held_out = [d for d in _docs("heldout")]
    assert len(held_out) >= 200 and sum(len(d.facts) for d in held_out) >= 300


@pytest.mark.parametrize("key", ["f1", "qualifier", "subject", "measure"])
def test_agreement_with_careful_readers(part: tuple[str, Score], key: str) -> None:
    name, result = part
    rate = result.f1 if key == "f1" else result.rate(key)
    problems = [p for p in result.problems if key == "f1" or p.startswith(key.upper())]
    assert rate >= FLOORS[name][key], f"{name}: " + result.summary() + "\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("key", ["f1", "qualifier", "subject", "measure"])
def test_two_annotators_agree(key: str) -> None:
    second = load([HERE / "klue" / "second.txt", HERE / "wikinews" / "second.txt"])
    ids = {d.id for d in second}
    gold = [d for part in PARTS for d in _docs(part) if d.id in ids]
    assert len(gold) == len(second) >= 120
    result = score(gold, annotated(second))
    rate = result.f1 if key == "f1" else result.rate(key)
    assert rate >= AGREEMENT_FLOORS[key], result.summary() + "\n" + "\n".join(result.problems)


def test_no_reserved_record_and_the_split_is_by_hash() -> None:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent")
    import importlib.util

    spec = importlib.util.spec_from_file_location("choose_texts", HERE / "choose_texts.py")
    assert spec is not None and spec.loader is not None
    choose_texts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(choose_texts)
    reserved = {line.strip() for line in (SHARED / "reserved_ids.txt").open() if line.strip()[:1] not in ("", "#")}
    for part in PARTS:
        for doc in _docs(part):
            assert doc.id not in reserved, doc.id
            assert choose_texts.held_out(doc.id) == (part == "heldout"), doc.id
