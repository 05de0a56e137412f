"""What the saved-search tests share: the real issues they index, and the oracle saying
which articles of an issue a word occurs in (read from the files, not from the index)."""
from __future__ import annotations

from pathlib import Path

from corpus_paths import TEST_CORPUS

from indexer.article import Article
from indexer.readers import read_paths

EPAPER = TEST_CORPUS / "raw" / "rmrb-epaper"
BASE_ISSUES = [EPAPER / "20191005", EPAPER / "20191006"]
NEW_ISSUE = EPAPER / "20191007"
LATER_ISSUE = EPAPER / "20191008"


def articles_of(folder: Path) -> list[Article]:
    return [a for a in read_paths([folder]) if isinstance(a, Article)]


def ids_with(word: str, folder: Path, page: str | None = None) -> set[str]:
    """The ids of the articles of ``folder`` (of one page when given) whose headline or
    text holds ``word``."""
    return {a.id for a in articles_of(folder)
            if word in " ".join(filter(None, (a.pretitle, a.title, a.subtitle, a.body)))
            and (page is None or a.page == page)}
