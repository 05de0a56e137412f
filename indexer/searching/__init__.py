"""What a search shows, the same whichever backend found it: identical texts collapsed into
one hit (``collapse``), snippets and marks (``snippets``), issues and articles for reading
(``issues``), counts over time (``trend``), the looser retry's notice (``loose``) and the
headline a query asks for, which comes first (``headlines``)."""
from __future__ import annotations
