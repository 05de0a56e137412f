"""Helpers of the web hardening tests: the admin token and what a page says."""
from __future__ import annotations

import re

TOKEN = "editor-token-2019"


def csrf(page: str) -> str:
    """The CSRF token of the first form of ``page``."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None, page
    return found.group(1)


def message(page: str) -> str:
    """The error message a page shows (the login form's or the error page's)."""
    found = re.search(r'<(?:p class="error"|span class="message")[^>]*>([^<]*)<', page)
    assert found is not None, page
    return found.group(1)
