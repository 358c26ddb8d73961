"""Hostile texts (issue 12): CPU seconds of Extractor.extract per 10,000 characters, and how they grow.

    python bench/hostile.py [--scale 1.0]

Each text of the issue is read whole and its first quarter too; the ratio of the two times is about 4 when the cost is
linear in the length (16 when quadratic). The news corpus (or the bundled sample) is timed the same way, in the same
run, to set the scale: real text against the worst text korfacts knows of.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from common import load_corpus

from korfacts import Extractor

CASES: dict[str, Callable[[int], str]] = {
    "1,1,1,…원": lambda n: "1," * (n // 2) + "원",
    "1.1.1.…": lambda n: "1." * (n // 2),
    "1~1~1~…명": lambda n: "1~" * (n // 2) + "명",
    "1:1:1:…": lambda n: "1:" * (n // 2),
    "가1가1…": lambda n: "가1" * (n // 2),
    "numeral words 삼십오만…": lambda n: "삼십오만" * (n // 4),
    "3명3명… (no space)": lambda n: "3명" * (n // 2),
    "one number of n digits": lambda n: "7" * n,
    "table 서울 123명, 부산 45명, …": lambda n: ("서울 123명, 부산 45명, " * (n // 17 + 1))[:n],
    "ages in notes 김모(33)…": lambda n: "김모(33)" * (n // 6),
}
# The sizes of the issue, in characters
SIZES = {
    "1,1,1,…원": 60_000,
    "1.1.1.…": 60_000,
    "1~1~1~…명": 40_000,
    "1:1:1:…": 60_000,
    "가1가1…": 60_000,
    "numeral words 삼십오만…": 55_000,
    "3명3명… (no space)": 44_000,
    "one number of n digits": 100_000,
    "table 서울 123명, 부산 45명, …": 80_000,
    "ages in notes 김모(33)…": 240_000,
}


def _timed(extractor: Extractor, texts: list[str]) -> tuple[float, int]:
    """CPU seconds of extracting ``texts``, and the facts found."""
    start = time.process_time()
    facts = sum(len(extractor.extract(text)) for text in texts)
    return time.process_time() - start, facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the sizes of the issue (default 1)")
    args = parser.parse_args()
    extractor = Extractor()
    extractor.extract("준비 1개")
    texts, source = load_corpus(3000)
    seconds, _ = _timed(extractor, texts)
    print(f"news ({source}, {len(texts)} documents): {seconds / sum(map(len, texts)) * 1e4:.3f} s per 10k characters")
    print(f"{'text':34} {'characters':>10} {'facts':>7} {'CPU s':>7} {'s per 10k':>9} {'whole/quarter':>13}")
    for name, make in CASES.items():
        text = make(int(SIZES[name] * args.scale))
        whole, facts = _timed(extractor, [text])
        quarter, _ = _timed(extractor, [text[: len(text) // 4]])
        per = whole / len(text) * 1e4
        print(f"{name:34} {len(text):>10,} {facts:>7,} {whole:>7.2f} {per:>9.3f} {whole / quarter:>13.1f}")


if __name__ == "__main__":
    main()
