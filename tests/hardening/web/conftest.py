"""Fixtures of the web hardening tests: an app with the admin pages enabled over an index
folder of the test's own."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from websec_helpers import TOKEN

from search_web import create_app


@pytest.fixture()
def admin_app(tmp_path: Path) -> Flask:
    return create_app({"index": str(tmp_path / "index"), "admin_token": TOKEN,
                       "TESTING": True})
