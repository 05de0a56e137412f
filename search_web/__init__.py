"""Baoku's web front end for journalists: search, facets, articles, issues and a JSON API.

``create_app(test_config=None)`` is the application factory. The views only read the URL,
call the library (``indexer``) and render; the open index lives on the app
(``app.extensions["baoku"]``).
"""
from __future__ import annotations

from typing import Any

from flask import Flask

from indexer.settings import SETTINGS, load_settings

from . import (
    admin,
    api,
    batch,
    errors,
    export,
    labels,
    links,
    messages,
    openapi,
    page_cache,
    pages,
    security,
)
from .archive import IndexHandle
from .saved import bp as saved_bp

SETTING_NAMES = frozenset(s.name for s in SETTINGS)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The app. ``test_config`` may hold Baoku settings (``index``, ``page_size``,
    ``facet_size``, ``snippet_chars``, ``export_cap``…, see ``indexer.settings``), which
    override the environment, and Flask settings (``TESTING``…). Raises ConfigError for a
    malformed setting. The index is opened on the first request that needs it."""
    config = dict(test_config or {})
    app = Flask(__name__)
    app.config.from_mapping(
        BAOKU=load_settings({k: v for k, v in config.items() if k in SETTING_NAMES}),
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    app.config.update({k: v for k, v in config.items() if k not in SETTING_NAMES})
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["baoku"] = IndexHandle(app.config["BAOKU"]["index"])

    labels.register(app)
    messages.register(app)
    links.register(app)
    page_cache.register(app)
    security.register(app)
    errors.register(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(openapi.bp)

    # --- Blueprints of other features register here -------------------------------------
    # The editors' admin pages (search_web/admin.py): app.register_blueprint(admin.bp)
    app.register_blueprint(admin.bp)
    # The batch search page (search_web/batch.py): app.register_blueprint(batch.bp)
    app.register_blueprint(batch.bp)
    # Saved searches, their pages and Atom feeds (search_web/saved.py)
    app.register_blueprint(saved_bp)
    # ---------------------------------------------------------------------------------------
    return app
