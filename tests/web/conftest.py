"""Fixtures of the web tests: the app and its test client over the session's sample index,
a helper to parse pages, and ``baoku serve`` running as a real subprocess for the browser.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from live_serve import serving

from indexer.engine.store import ArchiveIndex
from search_web import create_app


@pytest.fixture(scope="session")
def app(sample_index: ArchiveIndex) -> Flask:
    """The app over the sample index (read-only), 20 hits a page, 10 facet values."""
    return create_app({"index": str(sample_index.path), "TESTING": True, "page_size": 20,
                       "facet_size": 10, "snippet_chars": 160, "export_cap": 100_000})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(sample_index: ArchiveIndex) -> Iterator[str]:
    """``baoku serve`` on the sample index on a free port, as a real subprocess; yields the
    address it printed."""
    with serving(sample_index.path) as url:
        yield url


