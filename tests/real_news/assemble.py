"""Builds the gold files of tests/real_news from the annotators' files (``python tests/real_news/assemble.py DIR``;
``--train DIR`` for the Wikinews articles of ``choose_texts.py --train``, written to wikinews/train.txt).

DIR holds ``r1.txt`` … ``rN.txt`` (each annotator's copy of the input ``choose_texts.py`` wrote, with F:/I: lines
added) and ``split.json``. Each text's gold is its first annotator's; the second annotation of the overlap texts is
kept apart (``second.txt``) so that agreement can be measured again at any time. KLUE sentences and Wikinews
articles go to separate folders because their licences differ.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
CORPUS = HERE.resolve().parents[2] / "shared" / "benchmarks" / "news_corpus.jsonl"


def blocks(path: Path) -> list[tuple[str, list[str]]]:
    """(id, the S:/F:/I: lines of its block) in file order."""
    out: list[tuple[str, list[str]]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if line.startswith("# id:"):
            out.append((line.split(":", 1)[1].strip(), []))
        elif line and not line.startswith("#") and out:
            out[-1][1].append(line)
    return out


def main_train(source: Path) -> int:
    """wikinews/train.txt: each article as its one annotator read it (none read twice, none held out)."""
    records = {r["id"]: r for r in map(json.loads, CORPUS.open(encoding="utf-8"))}
    lines: list[str] = []
    for path in sorted(source.glob("t*.txt"), key=lambda p: int(p.stem[1:])):
        for record_id, block in blocks(path):
            record = records[record_id]
            lines += [f"# id: {record_id}", f"# source: {record['source']} ({record['license']})"]
            lines += [f"# url: {record['url']}", f"# annotator: {path.stem}", *block, ""]
    out = HERE / "wikinews" / "train.txt"
    out.write_text((out.parent / "HEADER").read_text(encoding="utf-8") + "\n".join(lines), encoding="utf-8")
    print(out, sum(1 for line in lines if line.startswith("S:")), "texts")
    return 0


def main() -> int:
    if sys.argv[1] == "--train":
        return main_train(Path(sys.argv[2]))
    source = Path(sys.argv[1])
    split = json.loads((source / "split.json").read_text(encoding="utf-8"))
    paths = sorted(source.glob("r*.txt"), key=lambda p: int(p.stem[1:]))
    seen: dict[str, list[tuple[int, list[str]]]] = {}
    order: list[str] = []
    for k, path in enumerate(paths):
        for record_id, lines in blocks(path):
            if record_id not in seen:
                order.append(record_id)
            seen.setdefault(record_id, []).append((k, lines))
    first: dict[str, tuple[str, list[str]]] = {}
    second: dict[str, tuple[str, list[str]]] = {}
    for record_id, versions in seen.items():
        if len(versions) == 2:
            # annotator k also read the first texts of batch k+1 (the last one those of batch 1): the owner's
            # version is the gold, the other the second annotation
            (a, lines_a), (b, lines_b) = versions
            owner_is_b = (b - a) % len(paths) == 1
            (o, lines_o), (s, lines_s) = ((b, lines_b), (a, lines_a)) if owner_is_b else ((a, lines_a), (b, lines_b))
            first[record_id] = (paths[o].stem, lines_o)
            second[record_id] = (paths[s].stem, lines_s)
        else:
            first[record_id] = (paths[versions[0][0]].stem, versions[0][1])
    records = {r["id"]: r for r in map(json.loads, CORPUS.open(encoding="utf-8"))}
    files: dict[Path, list[str]] = {}
    for record_id in order:
        record = records[record_id]
        about = [f"# id: {record_id}", f"# source: {record['source']} ({record['license']})"]
        if record.get("url"):
            about.append(f"# url: {record['url']}")
        folder = HERE / ("wikinews" if record["license"] == "CC BY 2.5" else "klue")
        part = "heldout" if split[record_id] else "dev"
        annotator, lines = first[record_id]
        files.setdefault(folder / f"{part}.txt", []).extend([*about, f"# annotator: {annotator}", *lines, ""])
        if record_id in second:
            annotator2, lines2 = second[record_id]
            files.setdefault(folder / "second.txt", []).extend([*about, f"# annotator: {annotator2}", *lines2, ""])
    for path, lines in files.items():
        header = (path.parent / "HEADER").read_text(encoding="utf-8")
        path.write_text(header + "\n".join(lines), encoding="utf-8")
        print(path, sum(1 for line in lines if line.startswith("S:")), "texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
