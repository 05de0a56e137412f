"""Fixtures of the saved-search tests: an archive of two real 人民日报 issues (5 and 6
October 2019) built once and copied for each test that writes, and the issue that arrives
later (7 October 2019, 31 articles)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from saved_helpers import BASE_ISSUES

from indexer.engine.backend import WhooshBackend
from indexer.readers import read_paths


@pytest.fixture(scope="session")
def base_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index folder of the two earlier issues, built once; never written to."""
    folder = tmp_path_factory.mktemp("saved-base") / "index"
    summary = WhooshBackend(folder).index_articles(read_paths(BASE_ISSUES), workers=1)
    assert (summary.added, summary.failed) == (72, 0)
    return folder


@pytest.fixture()
def archive(base_folder: Path, tmp_path: Path) -> WhooshBackend:
    """A copy of the earlier issues' archive, this test's own to write to."""
    shutil.copytree(base_folder, tmp_path / "index")
    return WhooshBackend(tmp_path / "index")
