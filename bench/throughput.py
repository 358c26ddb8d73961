"""Single-process throughput of korfacts against raw Kiwi tokenization of the same documents, in the same run.

    python bench/throughput.py [--docs 3000] [--rounds 5]

Each round times Kiwi.tokenize() over every document and Extractor.extract() over every document, alternating which
goes first; the report is the ratio of the two (above 1: korfacts is faster than tokenizing alone), per round and as a
median, so that a noisy shared machine shows as spread rather than as a wrong figure. Both are warmed up first.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

from common import load_corpus, peak_rss_mb

from korfacts import Extractor


def _time(fn: object, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=3000, help="documents to read (default 3000)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts, source = load_corpus(args.docs)
    chars = sum(map(len, texts))

    from kiwipiepy import Kiwi  # the baseline; korfacts itself imports Kiwi only in korfacts.morph

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        kiwi = Kiwi(num_workers=0)
    extractor = Extractor()
    kiwi.tokenize(texts[0])
    extractor.extract(texts[0])

    ratios, kiwi_times, korfacts_times = [], [], []
    for r in range(args.rounds):
        if r % 2 == 0:
            k, e = _time(kiwi.tokenize, texts), _time(extractor.extract, texts)
        else:
            e, k = _time(extractor.extract, texts), _time(kiwi.tokenize, texts)
        kiwi_times.append(k)
        korfacts_times.append(e)
        ratios.append(k / e)
        print(f"round {r + 1}: kiwi {k:.2f}s  korfacts {e:.2f}s  ratio {k / e:.2f}")
    facts = sum(len(extractor.extract(t)) for t in texts)
    print(f"corpus: {source} ({len(texts)} documents, {chars:,} characters, {facts:,} facts)")
    print(f"kiwi.tokenize: {chars / statistics.median(kiwi_times):,.0f} chars/s")
    print(f"korfacts.extract: {chars / statistics.median(korfacts_times):,.0f} chars/s")
    spread = f"min {min(ratios):.2f}, max {max(ratios):.2f}"
    print(f"speed ratio korfacts/kiwi: median {statistics.median(ratios):.2f} ({spread})")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
