"""Build a synthetic archive of N articles from the real text in ``../shared/corpus-data``.

Every article of the corpus's JSONL files is reused in turn, as often as needed, each time
as a new article: a new id, a date spread evenly (and deterministically) over 2005-2025, one
of several paper names and a page between 1 and 16. Title, 引题/副题, author and body are
kept as they are, so the text is real newspaper text with its real word and bigram
statistics; only the archive is bigger. The output is JSONL, ``ARTICLES_PER_FILE`` articles
a file, under ``bench/out/archive-<N>/`` (git-ignored), and ``archive-<N>.json`` beside
it saying what it holds. An archive already built with the same parameters is kept.

Run: ``.venv/bin/python bench/build_archive.py 100000`` (about 350 MB for 100,000 articles).
"""
from __future__ import annotations

import argparse
import datetime
import json
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "corpus-data"
OUT = REPO / "bench" / "out"

PAPERS = ("人民日报", "浙江日报", "杭州日报", "钱江晚报", "宁波日报", "温州日报", "金华日报",
          "绍兴日报")
FIRST_DAY = datetime.date(2005, 1, 1)
DAYS = (datetime.date(2025, 12, 31) - FIRST_DAY).days + 1
ARTICLES_PER_FILE = 20_000
# Kept from each source record; everything else is set anew.
KEPT = ("title", "pretitle", "subtitle", "author", "body", "category")


def source_records(data: Path = DATA) -> list[dict]:
    """Every article of the corpus's JSONL files, in file and line order."""
    records = []
    for path in sorted(data.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = json.loads(line)
                    records.append({k: record[k] for k in KEPT if record.get(k)})
    if not records:
        raise SystemExit(f"no articles in the JSONL files of {data}")
    return records


def synthetic(records: list[dict], count: int) -> Iterator[dict]:
    """``count`` articles: record k % len(records) with id, paper, date and page of its
    own. Dates step by a prime number of days so that consecutive articles spread over
    the twenty years."""
    for k in range(count):
        record = dict(records[k % len(records)])
        if "title" not in record and "body" not in record:
            record["title"] = "（图片）"  # the corpus's empty photo items, kept as articles
        day = FIRST_DAY + datetime.timedelta(days=(k * 7919) % DAYS)
        record.update(id=f"b{k:07d}", source=PAPERS[k % len(PAPERS)],
                      date=day.isoformat(), page=str(1 + (k // len(PAPERS)) % 16))
        yield record


def manifest_file(folder: Path) -> Path:
    """The description of the archive in ``folder`` (beside it, so that indexing the
    folder reads articles only)."""
    return folder.with_suffix(".json")


def build(count: int, out: Path = OUT, data: Path = DATA) -> Path:
    """Write the archive of ``count`` articles (unless already there); returns its folder."""
    folder = out / f"archive-{count}"
    manifest_path = manifest_file(folder)
    manifest = {"articles": count, "articles_per_file": ARTICLES_PER_FILE,
                "papers": list(PAPERS), "dates": ["2005-01-01", "2025-12-31"]}
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text())
        if {k: old.get(k) for k in manifest} == manifest:
            return folder
    folder.mkdir(parents=True, exist_ok=True)
    records = source_records(data)
    text_bytes = 0
    handle = None
    for k, record in enumerate(synthetic(records, count)):
        if k % ARTICLES_PER_FILE == 0:
            if handle:
                handle.close()
            handle = (folder / f"part-{k // ARTICLES_PER_FILE:03d}.jsonl").open(
                "w", encoding="utf-8")
        text_bytes += (len(record.get("title", "").encode("utf-8"))
                       + len(record.get("body", "").encode("utf-8")))
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    manifest["text_bytes"] = text_bytes
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=int, help="how many articles (e.g. 100000)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args()
    folder = build(args.articles, args.out)
    manifest = json.loads(manifest_file(folder).read_text())
    print(f"{folder}: {manifest['articles']} articles, "
          f"{manifest['text_bytes'] / 1e6:.0f} MB of title and body text")


if __name__ == "__main__":
    main()
