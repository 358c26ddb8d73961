"""Chooses the real-news texts of tests/real_news from ../shared/benchmarks/news_corpus.jsonl and writes one input
file per annotator (``python tests/real_news/choose_texts.py OUT_DIR``).

Reproducible: the same corpus gives the same choice. Records in reserved_ids.txt are never chosen. Sentences come
from the KLUE sources (CC BY-SA 4.0), whole articles from Korean Wikinews (CC BY 2.5). About two in five texts are
held out (chosen by a hash of the id, before anyone annotated them): nothing is tuned on them.
Each annotator gets a batch of sentences and articles of its own, plus the first sentences and article of the next
batch, so that every overlapping text is annotated twice and agreement can be measured.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared" / "benchmarks"
ANNOTATORS = 6
SENTENCES_EACH = 90
ARTICLES_EACH = 7
OVERLAP_SENTENCES = 20
OVERLAP_ARTICLES = 1
HELD_OUT_SHARE = 0.4
TRAIN_ANNOTATORS = 6
TRAIN_ARTICLES_EACH = 12  # more Wikinews articles to develop and fit on (CC BY 2.5), none held out

# Sentences likely to hold a fact: a digit run that is not only a date or clock time (2015년, 3월, 11일, 5시), or
# a native numeral before a common counter (두 명, 세 차례), or a vague numeral (수십, 절반). Sentences with dates only
# still come in with the articles, which keep every sentence.
_NUMERIC = re.compile(
    r"""
    \d+(?:[.,]\d+)*(?!\s?(?:년|월|일|시|\d))        # a digit run not followed by a date or clock word
    | (?<![가-힣])(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|스물|서른|마흔|쉰)
      \s?(?:명|개|곳|가지|번|차례|마리|살|배|시간|달|해|건|대|채|권|잔|병|장|척|그루|벌|사람|가구)(?![가-힣])
    | 수십|수백|수천|절반
    """,
    re.VERBOSE,
)


def held_out(record_id: str) -> bool:
    digest = hashlib.sha256(record_id.encode()).digest()
    return digest[0] < 256 * HELD_OUT_SHARE


def one_line(text: str) -> str:
    return re.sub(r"\s*\n+\s*", " ", text).strip()


def choose(records: list[dict[str, str]], reserved: set[str]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    free = [r for r in records if r["id"] not in reserved]
    sentences = [r for r in free if r["unit"] == "sentence" and _NUMERIC.search(r["text"])]
    articles = [
        r
        for r in free
        if r["source"] == "kowikinews" and 200 <= len(r["text"]) <= 1200 and len(re.findall(r"\d+", r["text"])) >= 3
    ]
    rng = random.Random(20261208)
    return (
        rng.sample(sentences, ANNOTATORS * SENTENCES_EACH),
        rng.sample(articles, ANNOTATORS * ARTICLES_EACH),
    )


def choose_train(records: list[dict[str, str]], reserved: set[str], taken: set[str]) -> list[dict[str, str]]:
    """Wikinews articles not chosen before, for the training part (``--train``): never held out."""
    free = [
        r
        for r in records
        if r["source"] == "kowikinews"
        and r["id"] not in reserved
        and r["id"] not in taken
        and 200 <= len(r["text"]) <= 1200
        and len(re.findall(r"\d+", r["text"])) >= 3
    ]
    return random.Random(20261209).sample(free, TRAIN_ANNOTATORS * TRAIN_ARTICLES_EACH)


def main() -> int:
    if not SHARED.exists():
        print(f"skipped: {SHARED} is absent")
        return 0
    if sys.argv[1] == "--train":
        return main_train(Path(sys.argv[2]))
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    reserved = {line.strip() for line in (SHARED / "reserved_ids.txt").open() if line.strip()[:1] not in ("", "#")}
    records = [json.loads(line) for line in (SHARED / "news_corpus.jsonl").open(encoding="utf-8")]
    sentences, articles = choose(records, reserved)
    batches = []
    for k in range(ANNOTATORS):
        batches.append(
            (
                sentences[k * SENTENCES_EACH : (k + 1) * SENTENCES_EACH],
                articles[k * ARTICLES_EACH : (k + 1) * ARTICLES_EACH],
            )
        )
    for k, (own_sentences, own_articles) in enumerate(batches):
        next_sentences, next_articles = batches[(k + 1) % ANNOTATORS]
        texts = own_sentences + next_sentences[:OVERLAP_SENTENCES] + own_articles + next_articles[:OVERLAP_ARTICLES]
        lines = []
        for record in texts:
            lines.append(f"# id: {record['id']}")
            lines.append(f"S: {one_line(record['text'])}")
            lines.append("")
        (out / f"r{k + 1}.txt").write_text("\n".join(lines), encoding="utf-8")
    split = {r["id"]: held_out(r["id"]) for r in sentences + articles}
    (out / "split.json").write_text(json.dumps(split, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(sentences)} sentences, {len(articles)} articles, {sum(split.values())} held out")
    return 0


def main_train(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    reserved = {line.strip() for line in (SHARED / "reserved_ids.txt").open() if line.strip()[:1] not in ("", "#")}
    records = [json.loads(line) for line in (SHARED / "news_corpus.jsonl").open(encoding="utf-8")]
    sentences, articles = choose(records, reserved)
    articles_train = choose_train(records, reserved, {r["id"] for r in sentences + articles})
    for k in range(TRAIN_ANNOTATORS):
        batch = articles_train[k * TRAIN_ARTICLES_EACH : (k + 1) * TRAIN_ARTICLES_EACH]
        lines = []
        for record in batch:
            lines += [f"# id: {record['id']}", f"S: {one_line(record['text'])}", ""]
        (out / f"t{k + 1}.txt").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(articles_train)} articles for training")
    return 0


if __name__ == "__main__":
    sys.exit(main())
