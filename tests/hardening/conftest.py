"""Fixtures of the hardening tests: the web app over the session's sample index (read-only),
its test client, and a batch job folder of the test's own. Hypothesis keeps what it writes
(its cache of constants) in a temporary folder, never in the repository."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis.configuration import set_hypothesis_home_dir

from indexer.engine.store import ArchiveIndex
from search_web import create_app

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="baoku-hypothesis-"))


@pytest.fixture(scope="session")
def app(sample_index: ArchiveIndex, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app over the sample index, 20 hits a page, 10 facet values."""
    return create_app({"index": str(sample_index.path), "TESTING": True, "page_size": 20,
                       "facet_size": 10, "snippet_chars": 160, "export_cap": 100_000,
                       "batch_dir": str(tmp_path_factory.mktemp("hardening-jobs"))})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def jobs_app(sample_index: ArchiveIndex, tmp_path: Path) -> Flask:
    """An app whose batch jobs live in the test's own folder (``tmp_path / "jobs"``)."""
    return create_app({"index": str(sample_index.path), "TESTING": True,
                       "batch_dir": str(tmp_path / "jobs")})
