"""The organisations an article names.

Two sources, both found in one scan of the text each: names of organisations in jieba's
dictionary (tagged ``nt``: 国务院, 新华社, 浙江大学, less the words for a kind of
organisation such as 上市公司), and a place's name followed by the head of an organisation's
name (嘉兴市 + 人民政府, 南湖区 + 人民法院; consecutive places count as one: 嘉兴市南湖区人民法院).
"""
from __future__ import annotations

from functools import lru_cache

from .names import GENERIC_ORGS, ORG_FINALS, ORG_HEADS
from .places import _scanner as place_scanner
from .stoplist import _tags
from .wordscan import WordScanner


@lru_cache(maxsize=1)
def _known() -> WordScanner:
    words = [w for w, tag in _tags().items()
             if tag == "nt" and len(w) >= 3 and w[-1] in ORG_FINALS and w not in GENERIC_ORGS]
    return WordScanner(words)


@lru_cache(maxsize=1)
def _heads() -> WordScanner:
    return WordScanner(ORG_HEADS)


def organisations(text: str) -> tuple[str, ...]:
    """The organisations of ``text`` (normalised), in order of first mention."""
    found: dict[int, str] = {}  # start -> name
    for match in _known().finditer(text):
        found[match.start()] = match.group()
    heads = _heads()
    start = end = -1
    for match in place_scanner().finditer(text):
        if match.start() != end:
            start = match.start()
        end = match.end()
        head = next(heads.finditer(text[end:end + 12]), None)
        if head is not None and head.start() == 0:
            found[start] = text[start:end + head.end()]
    return tuple(dict.fromkeys(found[k] for k in sorted(found)))
