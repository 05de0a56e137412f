"""How well the HTML reader pulls article text, dates and authors out of real pages.

Scores ``baoku parse --json`` (run once, as a subprocess, on every page) against the
hand-labelled CWCED pages in ``../shared/corpus-data/raw/cwced/``: ``original/<id>.html``
are the pages, ``cleaned/<id>.txt``, ``date/<id>.txt`` and ``author/<id>.txt`` the answers.
Two baselines are scored the same way on the same decoded text: the whole page's text
(BeautifulSoup ``get_text``) and readability-lxml alone.

Measures:

- body F1: character-level bag-of-characters F1 over non-whitespace characters (precision
  and recall of the multiset of characters), averaged over all pages; a page the reader
  skipped scores 0.
- date right: among pages whose date answer is a date ("2005-03-21 01:20:44", "2003-5",
  "2018"), the share whose ISO date agrees with every part the answer gives (year, month,
  day). Answers that are not dates (UNKNOWN, a typo such as "UNKNWON", an empty file, a
  name) are not counted; how many were left out is printed. Baselines take the first date
  written in their text.
- author right: among pages with an author answer (not UNKNOWN, not empty), the share whose
  authors, joined, equal the answer once spaces and 、，,; are removed. The whole-page
  baseline has no author; readability's is its ``Document.author()``.

Then dates and bylines alone on a larger hand-labelled set: the 35 CWCED pages of the
repository (``tests/data/web-pages/labels.tsv``) and 67 news pages of 40-odd other sites
that the rules were not written from, read from the development corpus
(``bench/web-page-labels.tsv``): among pages with a date (a byline), the share
found right, a wrong answer counting as a miss; among pages without one, how many got one
invented. The rules that found them are counted.

Run: ``.venv/bin/python bench/extraction.py [--verbose] [--data DIR]``.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from readability import Document

from indexer.readers.dates import find_date
from indexer.readers.html_encoding import decode_html
from indexer.readers.html_extract import readability_lines

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "corpus-data"
LABELS = REPO / "tests" / "data" / "web-pages" / "labels.tsv"  # pages in the repository
OUTSIDE_LABELS = REPO / "bench" / "web-page-labels.tsv"  # pages of the development corpus
_LABEL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_NAME_GLUE = re.compile(r"[\s、，,;；]+")


@dataclass(frozen=True)
class Guess:
    """What one system says about one page."""

    body: str
    date: str | None
    authors: str | None  # None: the system does not find authors at all


@dataclass(frozen=True)
class Answer:
    body: str
    date: tuple[int, ...] | None  # None: no usable date answer
    author: str | None  # None: no author answer
    date_left_out: bool  # a date answer that is neither UNKNOWN nor a date


def char_f1(guess: str, answer: str) -> float:
    """Bag-of-characters F1 over non-whitespace characters."""
    ours = Counter(c for c in guess if not c.isspace())
    theirs = Counter(c for c in answer if not c.isspace())
    overlap = sum((ours & theirs).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(ours.values()), overlap / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def label_date(text: str) -> tuple[int, ...] | None:
    match = _LABEL_DATE.match(text.strip())
    return tuple(int(g) for g in match.groups() if g) if match else None


def date_right(guess: str | None, answer: tuple[int, ...]) -> bool:
    if guess is None:
        return False
    parts = tuple(int(p) for p in guess.split("-"))
    return parts[: len(answer)] == answer


def author_right(guess: str | None, answer: str) -> bool:
    return guess is not None and _NAME_GLUE.sub("", guess) == _NAME_GLUE.sub("", answer)


def load_answers(root: Path, stem: str) -> Answer:
    def read(kind: str) -> str:
        return (root / kind / f"{stem}.txt").read_text(encoding="utf-8").strip()

    author, date = read("author"), read("date")
    return Answer(read("cleaned"), label_date(date), None if author in ("", "UNKNOWN") else author,
                  date != "UNKNOWN" and label_date(date) is None)


def parse_pages(pages: list[Path]) -> dict[str, dict]:
    """``baoku parse --json`` on every page at once; its articles keyed by source_file."""
    baoku = Path(sys.executable).with_name("baoku")
    done = subprocess.run([str(baoku), "parse", *map(str, pages), "--json"],
                          capture_output=True, text=True, encoding="utf-8", check=False)
    for line in done.stderr.splitlines():
        print(f"  reader: {line}", file=sys.stderr)
    articles = (json.loads(line) for line in done.stdout.splitlines())
    return {article["source_file"]: article for article in articles}


def run_reader(pages: list[Path]) -> dict[str, Guess]:
    """The reader's guesses for every page, keyed by source_file."""
    return {name: Guess(a["body"], a["date"], " ".join(a["authors"]))
            for name, a in parse_pages(pages).items()}


@dataclass(frozen=True)
class Label:
    """The hand-checked date and byline of one page (None: the page shows none)."""

    page: Path
    group: str
    date: tuple[int, ...] | None
    byline: str | None


def load_labels(path: Path, base: Path, group: str) -> list[Label]:
    """The pages of a label file (names relative to ``base``) that exist, with their
    answers."""
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, date, byline = line.split("\t")
        page = base / name
        if page.exists():
            labels.append(Label(page, group, None if date == "-" else label_date(date),
                                None if byline == "-" else byline))
    return labels


@dataclass
class Tally:
    """Dates and bylines right among the pages that have one, invented among the others."""

    dates: list[bool]
    bylines: list[bool]
    invented_dates: int = 0
    invented_bylines: int = 0
    pages: int = 0

    def add(self, label: Label, article: dict | None) -> None:
        date = article["date"] if article else None
        byline = " ".join(article["authors"]) if article else ""
        self.pages += 1
        if label.date is None:
            self.invented_dates += date is not None
        else:
            self.dates.append(date_right(date, label.date))
        if label.byline is None:
            self.invented_bylines += bool(byline)
        else:
            self.bylines.append(author_right(byline or None, label.byline))

    def row(self, name: str) -> str:
        def share(values: list[bool]) -> str:
            return f"{sum(values) / len(values):6.1%} of {len(values):>3}" if values else "-"
        return (f"{name:<12} {self.pages:>5}  {share(self.dates):>13} "
                f"{self.invented_dates:>8}  {share(self.bylines):>13} {self.invented_bylines:>8}")


def score_labels(labels: list[Label], verbose: bool) -> None:
    """Print the date and byline table of the labelled set, and the rules used."""
    found = parse_pages([label.page for label in labels])
    tallies = {group: Tally([], []) for group in ("CWCED", "other sites", "all")}
    rules: Counter[str] = Counter()
    for label in labels:
        article = found.get(str(label.page))
        for group in (label.group, "all"):
            tallies[group].add(label, article)
        for field, rule in ((article or {}).get("found_by") or {}).items():
            rules[f"{field}: {rule.split(' ')[0]}"] += 1
        if verbose:
            print(f"{label.page.name[:24]:<25} {(article or {}).get('date') or '-':<10} / "
                  f"{_show(label.date):<10}  {' '.join((article or {}).get('authors') or [])}"
                  f" / {label.byline or '-'}  {(article or {}).get('found_by') or ''}")
    print(f"\n{'set':<12} {'pages':>5}  {'date right':>13} {'invented':>8}  "
          f"{'byline right':>13} {'invented':>8}")
    for name, tally in tallies.items():
        print(tally.row(name))
    print("rules: " + ", ".join(f"{rule} {n}" for rule, n in rules.most_common()))


def whole_page(html: str) -> Guess:
    text = BeautifulSoup(html, "lxml").get_text("\n")
    return Guess(text, find_date(text), None)


def readability_alone(html: str) -> Guess:
    text = "\n".join(readability_lines(html))
    author = Document(html).author()
    return Guess(text, find_date(text), None if author == "[no-author]" else author)


@dataclass
class Score:
    f1: list[float]
    dates: list[bool]
    authors: list[bool]
    finds_authors: bool = True

    def row(self, name: str) -> str:
        authors = (f"{sum(self.authors) / len(self.authors):7.1%}" if self.finds_authors
                   else "    n/a")
        return (f"{name:<24} {len(self.f1):>5} {sum(self.f1) / len(self.f1):>8.3f} "
                f"{sum(self.dates) / len(self.dates):>10.1%} {authors:>12}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="one row per page")
    parser.add_argument("--data", type=Path, default=DATA, help="the corpus-data folder")
    args = parser.parse_args(argv)
    root = args.data / "raw" / "cwced"
    pages = sorted((root / "original").glob("*.html"))
    if not pages:
        parser.error(f"no pages under {root / 'original'}")
    ours = run_reader(pages)
    systems: dict[str, Callable[[str], Guess]] = {
        "whole page text": whole_page, "readability-lxml alone": readability_alone}
    scores = {name: Score([], [], [], name != "whole page text")
              for name in ("baoku", *systems)}
    unusable_dates = 0
    if args.verbose:
        print(f"{'page':<9} {'F1':>5} {'whole':>5} {'read.':>5}  date (ours / answer)"
              f"            authors (ours / answer)")
    for page in pages:
        answer = load_answers(root, page.stem)
        html = decode_html(page.read_bytes(), page).text
        guesses = {"baoku": ours.get(str(page), Guess("", None, "")),
                   **{name: system(html) for name, system in systems.items()}}
        for name, guess in guesses.items():
            scores[name].f1.append(char_f1(guess.body, answer.body))
            if answer.date is not None:
                scores[name].dates.append(date_right(guess.date, answer.date))
            if answer.author is not None:
                scores[name].authors.append(author_right(guess.authors, answer.author))
        unusable_dates += answer.date_left_out
        if args.verbose:
            mine = guesses["baoku"]
            print(f"{page.stem[:8]:<9} {scores['baoku'].f1[-1]:5.2f} "
                  f"{scores['whole page text'].f1[-1]:5.2f} "
                  f"{scores['readability-lxml alone'].f1[-1]:5.2f}  "
                  f"{mine.date or '-':<10} / {_show(answer.date):<10}  "
                  f"{mine.authors or '-'} / {answer.author or '-'}")
    print(f"\n{'system':<24} {'pages':>5} {'body F1':>8} {'date right':>10} {'author right':>12}")
    for name, score in scores.items():
        print(score.row(name))
    baoku = scores["baoku"]
    print(f"\n{len(pages)} pages; {len(baoku.dates)} with a date answer "
          f"({unusable_dates} non-date answers left out), {len(baoku.authors)} with an author "
          f"answer; {len(pages) - len(ours)} skipped by the reader.")
    score_labels(load_labels(LABELS, LABELS.parents[1], "CWCED")
                 + load_labels(OUTSIDE_LABELS, args.data, "other sites"), args.verbose)
    return 0


def _show(date: tuple[int, ...] | None) -> str:
    return "-".join(str(p) for p in date) if date else "-"


if __name__ == "__main__":
    sys.exit(main())
