"""The editors' side: what a writing run did (``summary``), what a check found
(``check_report``), watching a drop folder (``watch``) and uploaded issues (``upload``,
``unpack``). The writing itself is each backend's (``SearchBackend.index_articles``)."""
from __future__ import annotations
