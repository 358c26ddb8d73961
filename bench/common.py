"""What the benchmarks share: the corpus they read, and peak memory."""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "benchmarks" / "news_corpus.jsonl"
SAMPLE = ROOT / "data" / "sample_news.jsonl"


def load_corpus(limit: int | None = None, path: Path | None = None) -> tuple[list[str], str]:
    """The texts of ../shared/benchmarks/news_corpus.jsonl, or of the bundled sample when it is absent."""
    source = path or (NEWS if NEWS.exists() else SAMPLE)
    texts = []
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if limit is not None and len(texts) >= limit:
                break
    if source == SAMPLE:
        print(f"note: {NEWS} is absent; using the bundled sample (small, figures are indicative)", file=sys.stderr)
    return texts, str(source)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
