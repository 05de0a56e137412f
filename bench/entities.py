"""The people, places and organisations facets: their quality, how much common words flood
them, and what they cost at indexing.

1. Quality: precision and recall of each facet (places at each level too) on the 100
   hand-labelled articles of ``tests/data/entities`` (``indexer.entities.scoring``; goal:
   places precision >= 0.9, recall >= 0.8).
2. Flood: over the first ``--flood`` articles of the corpus (人民日报 and 搜狐/中新网), how
   many articles get a person or place value that is an everyday word (高峰, 文明, 平安…),
   with Baoku's rules and with the naive way (every word of the article's jieba
   segmentation that jieba's dictionary tags nr / ns), and the values tagging most articles
   each way.
3. Cost: ``--articles`` articles of the corpus indexed into a new folder with the entity
   facets and without them (the extraction switched off, the schema the same), ``--rounds``
   times each, alternating, with one worker (all work in one process) and with two; the
   medians and their ratio (goal: at most 1.15), and the extraction alone per article.

Run: ``.venv/bin/python bench/entities.py [--articles 1000] [--rounds 3] [--flood 2000]``.
"""
from __future__ import annotations

import argparse
import itertools
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.article import Article  # noqa: E402
from indexer.entities import entities_of  # noqa: E402
from indexer.entities.scoring import read_labels, score  # noqa: E402
from indexer.entities.stoplist import name_tags  # noqa: E402
from indexer.readers import read_paths  # noqa: E402
from indexer.text.normalize import normalize  # noqa: E402
from indexer.text.segmentation import segmenter  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus-data"
LABELLED = REPO / "tests" / "data" / "entities"
# Everyday words that are also names of people or places in jieba's dictionary or the
# gazetteer: what must not flood the facets.
WATCHED = ("高峰", "文明", "平安", "和平", "光明", "江山", "东方", "黎明", "长安", "复兴",
           "白银", "安康", "大同", "华为", "金牌", "资源", "方正", "建华", "共和")


def corpus_articles(count: int) -> list[Article]:
    """The first articles with a body of the 人民日报 file and of the 搜狐/中新网 file,
    alternately."""
    files = [CORPUS / "rmrb-2019-2020.jsonl", CORPUS / "sohu-chinanews.jsonl"]
    streams = [(a for a in read_paths([f]) if isinstance(a, Article) and a.body)
               for f in files]
    mixed = (a for pair in zip(*streams, strict=False) for a in pair)
    return list(itertools.islice(mixed, count))


def quality() -> None:
    articles = [a for a in read_paths([LABELLED / "articles.jsonl"]) if isinstance(a, Article)]
    scores = score(articles, read_labels(LABELLED / "labels.tsv"))
    print(f"quality on {len(articles)} hand-labelled articles (tests/data/entities)")
    print(f"{'facet':16}{'precision':>10}{'recall':>8}{'found':>7}{'right':>7}{'labelled':>9}")
    for name, s in scores.items():
        print(f"{name:16}{s.precision:>10.3f}{s.recall:>8.3f}{s.found:>7}{s.right:>7}"
              f"{s.labelled:>9}")


def naive(article: Article) -> tuple[set[str], set[str]]:
    """Person and place values the naive way: jieba words tagged nr*/ns."""
    tags = name_tags()
    text = normalize(article.heading + "\n" + article.searchable_body())
    words = set(segmenter().cut(text))
    return ({w for w in words if tags.get(w, "").startswith("nr")},
            {w for w in words if tags.get(w) == "ns"})


def flood(count: int) -> None:
    articles = corpus_articles(count)
    ours_people, ours_places, naive_people, naive_places = (Counter() for _ in range(4))
    for article in articles:
        found = entities_of(article)
        ours_people.update(set(found.persons))
        ours_places.update(set(found.places.all()))
        people, places = naive(article)
        naive_people.update(people)
        naive_places.update(places)
    print(f"\nflood over {len(articles)} corpus articles: articles tagged with each watched "
          "word (person / place)")
    print(f"{'word':8}{'naive person':>14}{'naive place':>13}{'Baoku person':>14}"
          f"{'Baoku place':>13}")
    for word in WATCHED:
        place_names = [p for p in ours_places if p.startswith(word)]
        ours_place = sum(ours_places[p] for p in place_names)
        print(f"{word:8}{naive_people[word]:>14}{naive_places[word]:>13}"
              f"{ours_people[word]:>14}{ours_place:>13}")
    tagged = sum(1 for a in articles if any(w in naive(a)[0] for w in WATCHED))
    print(f"articles with a watched word as a person: naive {tagged}, Baoku "
          f"{sum(1 for a in articles if set(entities_of(a).persons) & set(WATCHED))}")
    for label, counter in (("naive person", naive_people), ("Baoku person", ours_people),
                           ("naive place", naive_places), ("Baoku place", ours_places)):
        top = ", ".join(f"{v} {c}" for v, c in counter.most_common(12))
        print(f"most frequent {label} values: {top}")


def index_once(articles: list[Article], workers: int, entities: bool) -> float:
    from indexer.engine.store import create_or_open
    from indexer.engine.writing import index_articles
    folder = Path(tempfile.mkdtemp(prefix="baoku-entities-"))
    try:
        index = create_or_open(folder / "index")
        switch = (mock.patch("indexer.engine.schema.entity_values", lambda *a, **k: {})
                  if not entities else mock.patch.object(sys, "argv", sys.argv))
        with switch:
            started = time.perf_counter()
            summary = index_articles(index, articles, workers=workers)
            seconds = time.perf_counter() - started
        assert summary.added == len(articles), summary.line()
        return seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def cost(count: int, rounds: int) -> None:
    articles = corpus_articles(count)
    size = sum(len(a.body) for a in articles)
    print(f"\nindexing {len(articles)} corpus articles ({size / 1000:.0f} K characters), "
          f"{rounds} rounds each, alternating")
    for workers in (1, 2):
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(rounds):
            for entities in (False, True):
                times[entities].append(index_once(articles, workers, entities))
        without, with_ = statistics.median(times[False]), statistics.median(times[True])
        print(f"workers {workers}: without entities {without:.2f} s, with {with_:.2f} s "
              f"(medians); ratio {with_ / without:.3f}  "
              f"[runs without {json.dumps([round(t, 2) for t in times[False]])}, "
              f"with {json.dumps([round(t, 2) for t in times[True]])}]")
    started = time.perf_counter()
    for article in articles:
        entities_of(article)
    each = (time.perf_counter() - started) / len(articles) * 1000
    print(f"extraction alone: {each:.2f} ms an article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--flood", type=int, default=2000)
    parser.add_argument("--skip-cost", action="store_true", help="quality and flood only")
    args = parser.parse_args()
    entities_of(Article(id="warm", title="嘉兴", body="记者李小文"))  # load the tables once
    quality()
    flood(args.flood)
    if not args.skip_cost:
        cost(args.articles, args.rounds)


if __name__ == "__main__":
    main()
