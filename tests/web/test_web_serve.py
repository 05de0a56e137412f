"""``baoku serve``: gunicorn serving the app, printing its address; refusing a missing index."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from indexer.cli import main
from indexer.cli.serve_command import display_address


def test_serve_runs_gunicorn_and_prints_the_address(live_server):
    assert live_server.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(live_server) as response:
        assert response.headers["Server"] == "gunicorn"
        assert "Content-Security-Policy" in response.headers
        html = response.read().decode("utf-8")
    assert "收录 <strong>140</strong> 篇文章" in html
    with urllib.request.urlopen(live_server + "api/search?q=%E6%94%B9%E9%9D%A9") as response:
        assert json.load(response)["total"] == 43


def test_serve_refuses_a_missing_index(tmp_path: Path):
    result = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output == (f"Error: no Baoku index at {tmp_path / 'none'} (run 'baoku index "
                             f"PATH --index {tmp_path / 'none'}' to create one)\n")


def test_serve_help_names_gunicorn():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Serve the search website for the index, with gunicorn." in result.output
    assert "--port INTEGER RANGE" in result.output


def test_display_address():
    assert display_address("127.0.0.1", 8080) == "http://127.0.0.1:8080/"
    assert display_address("::1", 80) == "http://[::1]:80/"
