"""The prefilter skips sentences that cannot hold a quantity and must never change a result.

Every sentence of the test corpora, and articles made of them, is extracted with and without the prefilter: the
facts must be identical. The news corpus of ../shared/benchmarks is run the same way under the slow marker.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from korfacts import Extractor
from korfacts.prefilter import split_pieces

HERE = Path(__file__).parent
NEWS = HERE.parent.parent / "shared" / "benchmarks" / "news_corpus.jsonl"


def _corpus_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((HERE / "corpus").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts += [s for group in data.get("phrases", []) for s in group["surfaces"]]
        texts += [case["text"] for key in ("sentences", "negatives") for case in data.get(key, [])]
    for path in sorted((HERE / "corpus" / "links").glob("*.txt")):
        texts += [line[2:].strip() for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("S:")]
    sample = HERE.parent / "data" / "sample_news.jsonl"
    texts += [json.loads(line)["text"] for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def _facts(extractor: Extractor, text: str) -> list[dict[str, Any]]:
    return [f.to_dict() for f in extractor.extract(text, "2025-10-23")]


@pytest.fixture(scope="module")
def extractors() -> tuple[Extractor, Extractor]:
    return Extractor(prefilter=True), Extractor(prefilter=False)


def test_same_facts_with_and_without_the_prefilter(extractors: tuple[Extractor, Extractor]) -> None:
    with_filter, without = extractors
    texts = _corpus_texts()
    # Articles too, so that topics carried across skipped sentences are compared.
    texts += [" ".join(texts[i : i + 8]) for i in range(0, len(texts), 8)]
    different = [t for t in texts if _facts(with_filter, t) != _facts(without, t)]
    assert len(texts) > 1000
    assert different == []


def test_the_prefilter_skips_sentences_without_quantities(extractors: tuple[Extractor, Extractor]) -> None:
    pre = extractors[0]._prefilter
    assert not pre.may_hold_quantity("광주시는 플랜B를 마련 중이라고 23일 밝혔다.")
    assert not pre.may_hold_quantity("제22대 국회가 2024년 5월 30일 개원했고 정당 지지율 1위를 지켰다.")
    assert not pre.may_hold_quantity("한 시민은 이번 사업이 세계적인 수준이라고 말했다.")
    for text in ("사흘 동안 비가 왔다.", "두 명이 다쳤다.", "삼십오만 원", "3일 동안", "45일", "2~3위", "1,382.3원"):
        assert pre.may_hold_quantity(text), text


def test_pieces_cover_the_text() -> None:
    text = '정부는 "예산을 늘린다."고 밝혔다. 매출은 3조원이다!\n\n다음 문단 10개.'
    pieces = list(split_pieces(text))
    # A quotation closed inside the sentence does not end it; blank lines are left out.
    want = ['정부는 "예산을 늘린다."고 밝혔다.', " 매출은 3조원이다!", "다음 문단 10개."]
    assert [text[s:e] for s, e in pieces] == want


@pytest.mark.slow
@pytest.mark.skipif(not NEWS.exists(), reason="../shared/benchmarks/news_corpus.jsonl is not beside the project")
def test_same_facts_on_the_news_corpus(extractors: tuple[Extractor, Extractor]) -> None:
    with_filter, without = extractors
    docs = [json.loads(line)["text"] for line in NEWS.read_text(encoding="utf-8").splitlines()]
    different = [d[:80] for d in docs if _facts(with_filter, d) != _facts(without, d)]
    assert different == []
