"""The query language, parsed into a small syntax tree that any backend can compile.

    words            all must appear (AND); a word is matched as an exact run of characters
    A OR B           either
    NOT A, -A        must not appear
    "a phrase"       quoted (also “…” and 「…」): the characters in this order
    ( … )            grouping
    title:X  author:X  source:X  page:X   a field (X may be quoted)
    date:2020-01-01..2020-03-31, date:2020-01.., date:..2020-03, date:2020, date:2020-02

Raises QuerySyntaxError with the position of the problem, and QueryTooLarge for a query
beyond the bounds of ``indexer.query.limits`` (checked before any search work).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indexer.errors import QuerySyntaxError
from indexer.text.segmentation import RUN

from .dates import DateRange, parse_date_range
from .limits import check_depth, check_length, check_runs, check_terms

TEXT_FIELDS = ("title", "body")
EXACT_FIELDS = ("author", "source", "page")
FIELDS = TEXT_FIELDS + EXACT_FIELDS + ("date",)

_OPEN_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』"}
_FIELD = re.compile(r"([A-Za-z]+):")
_RUN = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Text:
    """Text to find: ``field`` None means heading or body; ``quoted`` keeps it a phrase."""

    text: str
    quoted: bool = False
    field: str | None = None


@dataclass(frozen=True)
class Exact:
    """An exact value of a metadata field (author, source, page)."""

    field: str
    value: str


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class MatchAll:
    """The empty query: every article (filters still apply)."""


Node = Text | Exact | DateRange | And | Or | Not | MatchAll


@dataclass(frozen=True)
class _Tok:
    kind: str  # WORD, QUOTED, FIELD, LPAREN, RPAREN, OR, AND, NOT
    value: str
    pos: int


_OPERATOR = re.compile(r"(?:^|\s)(?:OR|AND|NOT)(?:\s|$)")


def _unmatched_paren(query: str) -> int | None:
    """Position of the first parenthesis without its partner, or None."""
    opened: list[int] = []
    for i, ch in enumerate(query):
        if ch == "(":
            opened.append(i)
        elif ch == ")":
            if not opened:
                return i
            opened.pop()
    return opened[0] if opened else None


def _grouping(query: str) -> bool:
    """Parentheses group when they pair up. Unpaired ones are pasted text ("辉）第二届"),
    unless the query uses operators: then they are a mistake. Raises QuerySyntaxError."""
    bad = _unmatched_paren(query)
    if bad is None:
        return True
    if _OPERATOR.search(query):
        if query[bad] == "(":
            raise QuerySyntaxError(
                f"the parenthesis opened at position {bad + 1} is never closed", bad)
        raise QuerySyntaxError(f"unmatched ')' at position {bad + 1}", bad)
    return False


def _closing_quote(query: str, i: int) -> int:
    """Index of the quote closing the one at ``i``; -1 for an unclosed Chinese quote (pasted
    text often holds one: it is then plain punctuation). Raises QuerySyntaxError for an
    unclosed ASCII quote."""
    ch = query[i]
    close = query.find(_OPEN_QUOTES[ch], i + 1)
    if close < 0 and ch == '"':
        raise QuerySyntaxError(f"the quote opened at position {i + 1} is never closed", i)
    return close


def _lex(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    grouping = _grouping(query)
    breaks = '"“「『' + ("()" if grouping else "")
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()" and grouping:
            toks.append(_Tok("LPAREN" if ch == "(" else "RPAREN", ch, i))
            i += 1
        elif ch in _OPEN_QUOTES and (close := _closing_quote(query, i)) >= 0:
            toks.append(_Tok("QUOTED", query[i + 1:close], i))
            i = close + 1
        elif ch == "-" and (i + 1 < n and not query[i + 1].isspace()) and (
                not toks or query[i - 1].isspace() or query[i - 1] == "("):
            toks.append(_Tok("NOT", "-", i))
            i += 1
        else:
            m = _FIELD.match(query, i)
            if m and (i == 0 or query[i - 1].isspace() or query[i - 1] in "(-"):
                toks.append(_Tok("FIELD", m.group(1).lower(), i))
                i = m.end()
                continue
            j = i + 1
            while j < n and not query[j].isspace() and query[j] not in breaks:
                j += 1
            word = query[i:j]
            kind = word if word in ("OR", "AND", "NOT") else "WORD"
            toks.append(_Tok(kind, word, i))
            i = j
    return toks


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.toks = _lex(query)
        self.i = 0
        self.dropped: list[str] = []
        self.depth = 0  # parentheses and NOTs open around the current token
        self.terms = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if not self.toks:
            return MatchAll()
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:
            raise QuerySyntaxError(f"unexpected '{tok.value}' at position {tok.pos + 1}", tok.pos)
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            if self.peek() is None or self.peek().kind in ("OR", "RPAREN"):
                raise QuerySyntaxError(f"OR at position {tok.pos + 1} needs something after it",
                                       tok.pos)
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RPAREN"):
            if tok.kind == "AND":
                self.take()
                continue
            if tok.kind == "WORD" and not _RUN.search(tok.value):
                self.take()  # punctuation pasted with the text
                self.dropped.append(tok.value)
                continue
            items.append(self.parse_unary())
        if not items and self.dropped and (self.peek() is None
                                           or self.peek().kind == "RPAREN"):
            raise QuerySyntaxError(f"'{' '.join(self.dropped)}' has no letters, digits or "
                                   "Chinese characters to search for", 0)
        if not items:
            tok = self.peek()
            where = tok.pos if tok else len(self.query)
            word = f"'{tok.value}'" if tok else "the end"
            raise QuerySyntaxError(f"expected a word before {word} at position {where + 1}",
                                   where)
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Node:
        tok = self.take()
        if tok.kind in ("NOT", "LPAREN"):
            self.depth += 1
            check_depth(self.depth, tok.pos)
            node = self.parse_not(tok) if tok.kind == "NOT" else self.parse_group(tok)
            self.depth -= 1
            return node
        if tok.kind == "RPAREN":
            raise QuerySyntaxError(f"unmatched ')' at position {tok.pos + 1}", tok.pos)
        if tok.kind == "FIELD":
            return self.counted(self.parse_field(tok), tok.pos)
        return self.counted(Text(tok.value, quoted=tok.kind == "QUOTED"), tok.pos)

    def counted(self, node: Node, pos: int) -> Node:
        """``node``, counted into the query's terms (a text: each of its runs). Raises
        QueryTooLarge."""
        runs = RUN.findall(node.text) if isinstance(node, Text) else []
        check_runs(runs, pos)
        self.terms += max(1, len(runs))
        check_terms(self.terms, pos)
        return node

    def parse_not(self, tok: _Tok) -> Node:
        nxt = self.peek()
        if nxt is None or nxt.kind in ("OR", "AND", "RPAREN"):
            raise QuerySyntaxError(
                f"{tok.value} at position {tok.pos + 1} needs a word after it", tok.pos)
        return Not(self.parse_unary())

    def parse_group(self, tok: _Tok) -> Node:
        if (nxt := self.peek()) is not None and nxt.kind == "RPAREN":
            raise QuerySyntaxError(f"empty parentheses at position {tok.pos + 1}", tok.pos)
        node = self.parse_or()
        close = self.peek()
        if close is None or close.kind != "RPAREN":
            raise QuerySyntaxError(
                f"the parenthesis opened at position {tok.pos + 1} is never closed", tok.pos)
        self.take()
        return node

    def parse_field(self, tok: _Tok) -> Node:
        name = tok.value
        if name not in FIELDS:
            raise QuerySyntaxError(
                f"unknown field '{name}:' at position {tok.pos + 1}; the fields are "
                + ", ".join(f"{f}:" for f in FIELDS), tok.pos)
        value = self.peek()
        if value is None or value.kind not in ("WORD", "QUOTED") or value.pos != self.toks[
                self.i - 1].pos + len(name) + 1:
            raise QuerySyntaxError(f"'{name}:' at position {tok.pos + 1} needs a value right "
                                   "after the colon", tok.pos)
        self.take()
        if name == "date":
            return parse_date_range(value.value, value.pos)
        if name in TEXT_FIELDS:
            return Text(value.value, quoted=value.kind == "QUOTED", field=name)
        return Exact(name, value.value)


def parse_query(query: str) -> Node:
    """The syntax tree of ``query``. Raises QuerySyntaxError (QueryTooLarge beyond the
    bounds of ``indexer.query.limits``)."""
    check_encoded(query, "the query")
    check_length(query)
    normalized = unicodedata.normalize("NFKC", query).replace("\u3000", " ")
    check_length(normalized)
    return _Parser(normalized).parse()


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_encoded(text: str, name: str) -> None:
    """Raises QuerySyntaxError when ``text`` holds a byte that was not UTF-8 text (which
    Python keeps as a lone surrogate, as for a command line's arguments); ``name`` heads
    the message."""
    bad = _SURROGATE.search(text)
    if bad is None:
        return
    code = ord(bad.group())
    what = f"the byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else \
        f"the lone surrogate U+{code:04X}"
    raise QuerySyntaxError(f"{name} is not UTF-8 text: {what} at position {bad.start() + 1}",
                           bad.start())


def positive_texts(node: Node) -> list[Text]:
    """The Text nodes a matching article contains (not under NOT): what to highlight."""
    if isinstance(node, Text):
        return [node]
    if isinstance(node, And | Or):
        return [t for item in node.items for t in positive_texts(item)]
    return []
