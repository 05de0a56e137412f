"""``SearchBackend``: the one door to an archive, whatever engine holds it.

The command line, the web app and the batch runner reach an archive only through this
interface: Baoku's own requests (``indexer.results.SearchRequest``, whose query is the
language of ``indexer.query``) in, Baoku's plain result objects out, never an engine's
objects. ``indexer.archive.open_archive`` picks the implementation from the archive's
address (a folder: ``indexer.engine.backend.WhooshBackend``).

What every backend shares is written once here, over the abstract methods: reading an
article with its issue (``read_article``) and the month shares of a timeline.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Hashable, Iterable, Iterator, Sequence
from pathlib import Path

from .article import Article
from .editing.check_report import CheckReport
from .editing.progress import IndexProgress
from .editing.summary import IndexSummary
from .entities import entities_of
from .query.language import parse_query
from .query.synonyms import Synonyms
from .query.terms import highlight_terms
from .readers import ReadItem
from .results import ArchiveStats, Hit, SearchRequest, SearchResults, WarmUp
from .searching.issues import ArticleView, Issue, IssueRef, article_view
from .searching.trend import UNDATED, PeriodCount, Trend, TrendCache

# How long an editing run waits for another writer by default, in seconds.
WRITE_WAIT = 30.0
# The archive's jieba user dictionary and synonyms, kept in its state folder.
USERDICT_FILE = "userdict.txt"
SYNONYMS_FILE = "synonyms.txt"


class SearchBackend(ABC):
    """An archive: searched, browsed, counted, edited. Every method raises BaokuError's
    subclasses only (IndexNotFound, QuerySyntaxError, InvalidRequest, ArticleNotFound,
    IssueNotFound, IndexLocked, IndexWriteError…), never an engine's exception."""

    address: str  # what the user named: a folder, or a cluster's URL

    @property
    @abstractmethod
    def state_folder(self) -> Path:
        """A local folder where Baoku keeps files beside the archive (uploaded issues, the
        watch state and log)."""

    def beside_state_folder(self, suffix: str) -> Path:
        """A path beside the state folder, named after it: ``var/index`` + ``suffix`` ->
        ``var/index<suffix>``. What lives there (saved searches, failed logins, kept pages)
        outlives the index folder and is never met by ``baoku check``, ``copy`` or the
        writers."""
        folder = self.state_folder.resolve()
        return folder.with_name(folder.name + suffix)

    @abstractmethod
    def open(self) -> None:
        """Open the archive now (it is opened on first use otherwise). Raises
        IndexNotFound, IndexVersionError, or the error of an unreachable archive."""

    @property
    @abstractmethod
    def synonyms(self) -> Synonyms:
        """The archive's synonyms (empty when it has none). Raises IndexNotFound."""

    # Searching
    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResults:
        """One page of hits, identical texts collapsed, with facets and snippets."""

    @abstractmethod
    def iter_hits(self, request: SearchRequest, cap: int | None = None) -> Iterator[Hit]:
        """Every matching article (up to ``cap``), uncollapsed, in the request's order."""

    @abstractmethod
    def count(self, request: SearchRequest) -> int:
        """How many articles match (uncollapsed)."""

    @abstractmethod
    def trend(self, request: SearchRequest, by: str = "month",
              cache: TrendCache | None = None) -> Trend:
        """The matches' counts per period (year, month or day), with each period's articles;
        ``cache`` is kept by a caller running many queries (a batch)."""

    @abstractmethod
    def similar(self, article_id: str, limit: int = 5) -> tuple[Hit, ...]:
        """Articles sharing ``article_id``'s key words; never itself or its reprints."""

    @abstractmethod
    def matching_among(self, requests: Sequence[SearchRequest],
                       ids: Collection[str]) -> list[frozenset[str]]:
        """For each request, which of the articles ``ids`` it matches exactly (no looser
        retry; ids not in the archive match nothing): how saved searches are checked
        against the articles a commit added (``indexer.saved``), at the cost of the
        requests, not of reading the articles. Raises QuerySyntaxError, InvalidRequest."""

    # Reading and browsing
    @abstractmethod
    def article(self, article_id: str) -> Article:
        """The article with this id. Raises ArticleNotFound."""

    @abstractmethod
    def recent_issues(self, limit: int = 10) -> tuple[IssueRef, ...]:
        """The latest issues, newest first."""

    @abstractmethod
    def issues_on(self, date: str, source: str | None = None) -> tuple[Issue, ...]:
        """The issues of a day (one paper's when ``source`` is given). Raises
        InvalidRequest, IssueNotFound."""

    @abstractmethod
    def stats(self) -> ArchiveStats:
        """Article count, date range, papers and months."""

    @abstractmethod
    def warm_up(self) -> WarmUp:
        """Load what every search needs before the first user comes."""

    # Editing
    @abstractmethod
    def index_articles(self, items: Iterable[ReadItem], *, dry_run: bool = False,
                       wait: float = WRITE_WAIT, workers: int | None = None,
                       userdict: str | None = None, synonyms: str | None = None,
                       command: str | None = None,
                       progress: IndexProgress | None = None) -> IndexSummary:
        """Add new articles, replace changed ones, skip unchanged ones, report unreadable
        ones, in one commit, creating the archive when it does not exist (``userdict`` and
        ``synonyms`` files are kept with it). ``workers``: processes building the index
        (None: one per core). ``progress`` hears of each article done and of the phases
        after the indexing. Raises IndexLocked after ``wait`` seconds, IndexWriteError."""

    @abstractmethod
    def remove_articles(self, ids: Iterable[str], *, dry_run: bool = False,
                        wait: float = WRITE_WAIT, command: str | None = None) -> IndexSummary:
        """Withdraw these articles in one commit; ids not found are listed as missing."""

    @abstractmethod
    def remove_issue(self, date: str, source: str | None = None, *, dry_run: bool = False,
                     wait: float = WRITE_WAIT, command: str | None = None) -> IndexSummary:
        """Withdraw a day's issue (one paper's when ``source`` is given) in one commit."""

    @abstractmethod
    def check(self) -> CheckReport:
        """Verify the archive; problems and notes in the report, never raised."""

    # Shared by every backend (a backend may override them with a faster way)
    def iter_articles(self) -> Iterator[Article]:
        """Every article of the archive, oldest first (for copying an archive)."""
        request = SearchRequest(sort="oldest", facets=False, snippets=False)
        for hit in self.iter_hits(request):
            yield self.article(hit.id)

    def generation(self) -> Hashable | None:
        """What identifies the state of the archive that searches read now: two equal values
        mean every search, article and issue answers the same. None when the backend cannot
        tell (then nothing it answers is kept for reuse)."""
        return None

    def entity_notice(self) -> str | None:
        """One line saying the archive lacks the person, place and organisation facets
        (written before them) and how to add them; None when it has them."""
        return None

    def article_entities(self, article: Article) -> dict[str, tuple[str, ...]]:
        """The people, places (every level) and organisations ``article`` names, found as
        its indexing found them (with the archive's user dictionary); none for an archive
        written before these facets, where filtering by them would find nothing."""
        if self.entity_notice() is not None:
            return {}
        return entities_of(article, self.analysis_files()[0]).values()

    def analysis_files(self) -> tuple[str | None, str | None]:
        """The archive's user dictionary and synonyms files, each None when it has none."""
        found = [self.state_folder / name for name in (USERDICT_FILE, SYNONYMS_FILE)]
        return tuple(str(f) if f.is_file() else None for f in found)  # type: ignore[return-value]

    def read_article(self, article_id: str, query: str = "") -> ArticleView:
        """The article with the words of ``query`` marked, with the other articles of its
        page and issue. Raises ArticleNotFound, QuerySyntaxError."""
        terms = highlight_terms(parse_query(query), self.synonyms) if query.strip() else ()
        article = self.article(article_id)
        issues = self.issues_on(article.date) if article.date is not None else ()
        return article_view(article, terms, issues)

    def timeline(self, request: SearchRequest, by: str = "month") -> tuple[PeriodCount, ...]:
        """The dated periods of ``trend`` (no ``undated``): what a timeline draws, as counts
        or as shares."""
        return tuple(p for p in self.trend(request, by).periods if p.period != UNDATED)
