"""Headlines first: which headline a query asks for, for both backends.

A query made only of text to find (words and phrases, anywhere or ``title:``) asks for the
headline with the same key (``indexer.text.headline``) as its texts joined in order:
``全国政协 十三届三次会议闭幕``, ``"全國政協十三屆三次會議閉幕"`` and
``全国政协十三届三次会议、闭幕`` all ask for 全国政协十三届三次会议闭幕. Ranked by relevance,
the matching articles with that headline come first, among themselves in the order of their
relevance; a query with OR, NOT or a metadata field, the empty query, and the sorts by date
are ranked as before.
"""
from __future__ import annotations

from indexer.query.language import And, Node, Text
from indexer.text.headline import headline_key


def asked_headline(node: Node) -> str | None:
    """The headline key ``node`` asks for, or None (a query of another shape, or a text
    without letters, digits or CJK characters)."""
    texts = _texts(node)
    if not texts:
        return None
    return headline_key("".join(texts)) or None


def _texts(node: Node) -> list[str] | None:
    """The texts of a query made only of Text nodes under And, in order; None otherwise."""
    if isinstance(node, Text):
        return [node.text] if node.field in (None, "title") else None
    if isinstance(node, And):
        out: list[str] = []
        for item in node.items:
            part = _texts(item)
            if part is None:
                return None
            out += part
        return out
    return None
