"""One configuration object: defaults, then the environment, then explicit overrides (CLI
options, test config). ``SETTINGS`` is the single list the docs and ``--help`` come from."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError


def default_index_dir() -> str:
    """``$XDG_DATA_HOME/baoku/index``, i.e. ``~/.local/share/baoku/index`` by default."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "baoku" / "index")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    env: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("index", None, "BAOKU_INDEX",
            "The archive: an index folder (default: ~/.local/share/baoku/index) or an "
            "opensearch://HOST:PORT[,HOST:PORT…]/NAME address."),
    Setting("page_size", 20, "BAOKU_PAGE_SIZE", "Hits per page of results."),
    Setting("facet_size", 10, "BAOKU_FACET_SIZE", "Values listed per facet."),
    Setting("snippet_chars", 160, "BAOKU_SNIPPET_CHARS", "Longest snippet, in characters."),
    Setting("export_cap", 100_000, "BAOKU_EXPORT_CAP", "Most hits one CSV export streams."),
    Setting("admin_token", None, "BAOKU_ADMIN_TOKEN",
            "Token for the editors' admin pages; without it they answer 403."),
    Setting("upload_cap_mb", 100, "BAOKU_UPLOAD_CAP_MB",
            "Largest upload, in MB (no more than it may unpack to: a zip of page images "
            "hardly shrinks)."),
    Setting("upload_unpack_cap_mb", 100, "BAOKU_UPLOAD_UNPACK_CAP_MB",
            "Most an uploaded zip may unpack to, in MB (a day's issue is under 1 MB of text, "
            "some tens of MB with page images)."),
    Setting("batch_dir", None, "BAOKU_BATCH_DIR",
            "Folder of the web batch jobs (default: batch-jobs beside the index)."),
    Setting("batch_cap", 5000, "BAOKU_BATCH_CAP", "Most queries one web batch may hold."),
    Setting("public_url", None, "BAOKU_PUBLIC_URL",
            "The site's address as readers reach it (https://baoku.example.org), for the "
            "links in CSV exports and as an origin forms may be posted from; without it "
            "exports link to the host the request named if it is an allowed host, else "
            "give the article's path alone."),
    Setting("allowed_hosts", "localhost,127.0.0.1", "BAOKU_ALLOWED_HOSTS",
            "Comma-separated host names (host or host:port) that CSV exports may take from "
            "a request's Host header when public_url is not set."),
    Setting("login_attempts", 5, "BAOKU_LOGIN_ATTEMPTS",
            "Wrong admin tokens one client address may try per login window (then 429)."),
    Setting("login_window", 900, "BAOKU_LOGIN_WINDOW",
            "The login window, in seconds."),
    Setting("page_cache_mb", 32, "BAOKU_PAGE_CACHE_MB",
            "Search, article and issue pages the server keeps, for all its processes, beside "
            "the archive (var/index.pages), to answer the same address again, in MB; a "
            "commit leaves the earlier pages unused; 0 keeps none."),
    Setting("batch_job_days", 30, "BAOKU_BATCH_JOB_DAYS",
            "Days a finished web batch job is kept before it is deleted; 0 keeps them."),
)


def load_settings(overrides: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Defaults, then environment variables, then ``overrides`` (None values ignored).
    Raises ConfigError for a value of the wrong type."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in SETTINGS:
        value = s.default
        raw = environ.get(s.env)
        if raw not in (None, ""):
            value = _coerce(s, raw)
        if overrides and overrides.get(s.name) is not None:
            value = _coerce(s, overrides[s.name])
        values[s.name] = value
    if values["index"] is None:
        values["index"] = default_index_dir()
    return values


def _coerce(setting: Setting, raw: Any) -> Any:
    if isinstance(setting.default, int) and not isinstance(raw, int):
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{setting.env} must be a whole number, not '{raw}'") from None
    return raw
