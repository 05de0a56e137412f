"""Baoku 报库: full-text search for Chinese newspaper archives.

The library is the product; the command line (``indexer.cli``) and the web app
(``search_web``) are thin layers over it. An archive is opened by its address and reached
only through ``SearchBackend``::

    from indexer import SearchRequest, open_archive, read_paths

    archive = open_archive("var/index")            # a folder: the Whoosh engine
    archive.index_articles(read_paths(["corpus"]))
    results = archive.search(SearchRequest(query='"微嘉园" 嘉兴'))

Subpackages: ``readers`` (newspaper files to articles), ``text`` (normalisation and
segmentation), ``query`` (the query language and users' dates), ``searching`` (what a search
shows, for every backend), ``editing`` (the editors' side), ``batch`` (batch queries),
``engine`` (the Whoosh engine), ``cli`` (the ``baoku`` command).
"""
from __future__ import annotations

from .archive import open_archive
from .article import Article
from .backend import SearchBackend
from .errors import (
    ArticleNotFound,
    BaokuError,
    ConfigError,
    IndexLocked,
    IndexNotFound,
    IndexVersionError,
    IndexWriteError,
    IngestError,
    InvalidRequest,
    IssueNotFound,
    QuerySyntaxError,
)
from .query import parse_query
from .readers import Failure, read_paths
from .results import FACET_FIELDS, SORTS, Hit, SearchRequest, SearchResults

__version__ = "0.1.0"

__all__ = [
    "FACET_FIELDS", "SORTS", "Article", "ArticleNotFound", "BaokuError", "ConfigError",
    "Failure", "Hit", "IndexLocked", "IndexNotFound", "IndexVersionError", "IndexWriteError",
    "IngestError", "InvalidRequest", "IssueNotFound", "QuerySyntaxError", "SearchBackend",
    "SearchRequest", "SearchResults", "open_archive", "parse_query", "read_paths",
]
