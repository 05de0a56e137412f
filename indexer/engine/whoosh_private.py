"""The one place in Baoku that touches Whoosh's private names.

Written against whoosh3 3.54.0 (``TESTED_WHOOSH``). Everywhere else the engine uses Whoosh's
public API only; ``tests/engine/test_whoosh_pin.py`` enforces it. Whoosh's private names
(underscore-prefixed modules, attributes and methods, its file-name conventions, one global
switch) are not a contract: any release may change them. They are used because Baoku's speed
paths read and write Whoosh's on-disk format directly, where the public API goes one posting,
one term or one document at a time:

- reading a term's postings as arrays (``postings``, ``array_scores``): where the leaf
  matcher's list lies in the postings file and the layout of its blocks, the inlined lists
  of a ``ListMatcher``, the raw lengths column of a segment, the size of a ``Positions``
  value's count;
- reading a variable-length column in one piece, and a segment's terms reader to walk a
  field's entries (``facets``);
- writing a field's terms and postings in the ``whoosh3`` codec's format (``term_writer``):
  the codec field writer's files and settings (``FieldWriterState``), the term index's entry
  layout and its in-memory state (``TermIndexAppender``), the term-info record; the codec's
  block settings for storage format 3's writer (``codec_block_settings``);
- committing segments built in worker processes (``parallel``): the steps of
  ``SegmentWriter.commit``;
- the table of contents (``store``, ``check``, ``writing``), the terms a range or prefix
  query expands to (``array_ranking``), the hit collector that also counts every match
  (``search``), the exact union matcher for OR queries (``compile_query``) and the names of
  Whoosh's files (``locking``).

``check_whoosh_version`` refuses a Whoosh other than those listed in ``TESTED_WHOOSH``, where
``tests/perf`` (segments byte for byte and posting for posting as Whoosh's own writer makes
them, ranking as Whoosh's collector ranks) and the rest of the suite pass. To move to a new
Whoosh: install it, run the tests, fix what broke here, then add it to ``TESTED_WHOOSH`` and
to the pin in ``setup.cfg``.

Accessors are small functions called once per block, term, field or commit, never per
posting, so the hot paths cost what they did when they used the names themselves.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pickle import Unpickler, UnpicklingError, loads

import whoosh
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3TermInfo
from whoosh.collectors import TopCollector
from whoosh.filedb.filetables import _lengths as _HASH_ENTRY_LENGTHS
from whoosh.index import _DEF_INDEX_NAME, TOC
from whoosh.system import _INT_SIZE, _int_struct, unpack_int
from whoosh.util.numeric import byte_to_length

from indexer.errors import ConfigError

from .inflate import inflate

# --- Which Whoosh ------------------------------------------------------------------------

# The Whoosh versions (whoosh3 on PyPI) the format tests pass on.
TESTED_WHOOSH: tuple[tuple[int, int, int], ...] = ((3, 54, 0),)


def installed_whoosh() -> tuple[int, ...]:
    """The version of the Whoosh imported, as it reports it."""
    return tuple(whoosh.__version__[:3])


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


@cache
def _check(version: tuple[int, ...]) -> None:
    if version not in TESTED_WHOOSH:
        tested = ", ".join(_dotted(v) for v in TESTED_WHOOSH)
        latest = _dotted(max(TESTED_WHOOSH))
        raise ConfigError(
            f"Whoosh {_dotted(version)} is installed, but Baoku's index engine is tested on "
            f"Whoosh {tested} only: it reads and writes Whoosh's index format directly "
            "(indexer/engine/whoosh_private.py), so another version could misread or damage "
            f"an index. Install a tested version (pip install 'whoosh3=={latest}'), or pass "
            "the format tests (tests/perf) on this one and add it to TESTED_WHOOSH")


def check_whoosh_version() -> None:
    """Raise ConfigError, naming the installed and the tested versions, when the installed
    Whoosh is not one of ``TESTED_WHOOSH``. Checked once per process (per version seen)."""
    _check(installed_whoosh())


# --- Whoosh's files (locking) --------------------------------------------------------------

# Whoosh's default index name: its files are MAIN_*.seg (segments), _MAIN_*.toc (tables of
# contents), MAIN.tmp (the writer's temporary pool folder).
INDEX_NAME = _DEF_INDEX_NAME
_TOC = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")
_TOC_TEMP = re.compile(rf"^_{INDEX_NAME}_\d+\.toc\.[\d.]+$")  # a table being written
_SEGMENT = re.compile(rf"^({INDEX_NAME}_[0-9a-z]+)\.[A-Za-z0-9_.]+$")
POOL_FOLDER = f"{INDEX_NAME}.tmp"


def toc_generation(name: str) -> int | None:
    """The generation of the table of contents file ``name``; None when it is none."""
    found = _TOC.match(name)
    return int(found.group(1)) if found else None


def is_toc_temp(name: str) -> bool:
    """Whether ``name`` is a table of contents being written (renamed when complete)."""
    return _TOC_TEMP.match(name) is not None


def segment_of_file(name: str) -> str | None:
    """The id of the segment the file ``name`` belongs to; None when it is no segment's."""
    found = _SEGMENT.match(name)
    return found.group(1) if found else None


# --- The table of contents (store, check, writing) -----------------------------------------


def read_toc(ix):
    """The latest table of contents of the Whoosh index ``ix`` (its schema, generation and
    segments), read from disk now."""
    return ix._read_toc()


def index_segments(ix) -> list:
    """The segments of the latest commit of the Whoosh index ``ix``."""
    return ix._segments()


def latest_toc(storage) -> tuple[object, str] | None:
    """The latest table of contents in ``storage`` and its file name; None when the storage
    holds no index."""
    generation = TOC._latest_generation(storage, INDEX_NAME)
    if generation < 0:
        return None
    return TOC.read(storage, INDEX_NAME, generation), TOC._filename(INDEX_NAME, generation)


def latest_toc_file(storage) -> str | None:
    """The file name of the latest table of contents in ``storage`` (without reading it);
    None when the storage holds no index."""
    generation = TOC._latest_generation(storage, INDEX_NAME)
    return None if generation < 0 else TOC._filename(INDEX_NAME, generation)


# --- Committing segments built elsewhere (parallel) ----------------------------------------


def commit_segments(writer, mergetype, segments: list) -> None:
    """Whoosh's ``SegmentWriter.commit`` with ``segments`` (complete segments whose files are
    in the writer's storage) added: the merge policy ``mergetype`` copies the small existing
    segments into the writer's own segment, which follows the kept ones; then ``segments``,
    in their order, all in one new table of contents; the writer's lock is released."""
    try:
        kept = writer._merge_segments(mergetype, False, True)
        if writer._added:
            kept.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(kept + segments)
    except BaseException:
        writer._cleanup_on_error()
        raise
    writer._finish()


# --- Queries (compile_query, array_ranking, search) ----------------------------------------


def exact_union_matchers() -> None:
    """Make every Whoosh OR query match through the binary tree of union matchers (a global
    setting of Whoosh's ``Or`` class). For indexes under 5,000 documents Whoosh otherwise
    picks a "preloaded" union matcher (ArrayUnionMatcher) that drops matches from scored
    searches with several OR clauses; the binary tree is exact at every size."""
    wq.Or.matcher_type = wq.Or.DEFAULT_MATCHER


def term_texts(q, reader):
    """The terms (bytes) of the multi-term query ``q`` (a range, prefix, wildcard...) in the
    segment ``reader``."""
    return q._btexts(reader)


class TopAndAllCollector(TopCollector):
    """The top ``limit`` hits by score, and the set of every match, in one pass (Whoosh's
    TopCollector runs the query a second time for the set). Here because it overrides
    Whoosh's private collecting step, once per match: routing it through an accessor would
    add a call per match."""

    def prepare(self, top_searcher, q, context) -> None:
        super().prepare(top_searcher, q, context)
        self._all: set[int] = set()

    def _use_block_quality(self) -> bool:
        return False  # every match must be seen to be counted

    def matches(self):
        # Whoosh "replaces" a union matcher by a cheaper one that drops branches unable to
        # reach the top N: those documents would never be counted.
        self.replace = 0
        return super().matches()

    def _collect(self, global_docnum, score):
        self._all.add(global_docnum)
        return super()._collect(global_docnum, score)

    def all_ids(self) -> set[int]:
        return self._all

    def count(self) -> int:
        return len(self._all)


# --- Reading postings and columns (postings, array_scores, facets) -------------------------

# The bytes before the pickled position gaps in a posting value of Whoosh's ``Positions``
# format (the count, a packed int).
POSITIONS_COUNT_SIZE = _INT_SIZE


# More bytes than a block's pickled header takes (six small numbers: about 30).
_BLOCK_HEAD = 96
# A block's length (negative for a list's last block), as Whoosh writes it.
_INT = _int_struct


def goto_block(matcher, position: int) -> None:
    """What ``W3LeafMatcher._goto(position)`` does (the block at ``position`` becomes the
    current one, its data not read yet), reading the block's length and pickled header in
    one read: Whoosh unpickles the header from the postings file itself, a read call per
    pickle opcode (about 19 a block). A header longer than ``_BLOCK_HEAD`` bytes, or a
    damaged one, is left to Whoosh (which reports damage)."""
    head = matcher._postfile.get(position, _INT_SIZE + _BLOCK_HEAD)
    stream = BytesIO(head)
    stream.seek(_INT_SIZE)
    try:
        blocklength, maxid, maxweight, compression, low, high = Unpickler(stream).load()
    except Exception:  # cut short here, or damaged
        W3LeafMatcher._goto(matcher, position)
        return
    length = unpack_int(head[:_INT_SIZE])[0]
    matcher._data = matcher._ids = matcher._weights = matcher._values = None
    matcher._i = 0
    if length < 0:
        matcher._lastblock = True
        length = -length
    matcher._nextoffset = position + _INT_SIZE + length
    matcher._dataoffset = position + stream.tell()
    matcher._blocklength, matcher._maxid, matcher._maxweight = blocklength, maxid, maxweight
    matcher._compression = compression
    matcher._minlength, matcher._maxlength = byte_to_length(low), byte_to_length(high)


class QuickLeafMatcher(W3LeafMatcher):
    """Whoosh's matcher of a term's posting blocks, moving from block to block (its first
    one included, when it is made) with ``goto_block``: a cold search makes one for each
    term in each segment (some 0.2 ms each through Whoosh's own step); a block's data is
    decompressed by ISA-L (``inflate``)."""

    def _goto(self, position: int) -> None:
        goto_block(self, position)

    def _read_data(self) -> None:
        """The current block's data, as Whoosh reads it, decompressed by ISA-L."""
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        self._data = loads(inflate(data) if self._compression else data)


@dataclass(frozen=True)
class StoredBlocks:
    """A term's posting list as the blocks of a ``W3LeafMatcher``, read from the postings
    file in one piece: ``headers`` holds each block's highest document, compression level,
    and where its data starts and ends in ``data``. Reading a list block by block costs
    two reads a block and Whoosh's step from one to the next, more than decoding it (a
    common bigram's list at 10,000 articles is some 30 blocks of 1.4 KB)."""

    data: memoryview
    headers: list[tuple[int, int, int, int]]
    fixed_size: int | None  # the size of every value, as the field's format gives it

    def decoded(self, block: int, values: bool = True) -> tuple:
        """Block number ``block``'s (document numbers as gaps from the previous one, the
        first from 0; weights: None when all are 1.0, one float when all are equal, else
        one per posting; values, split as Whoosh splits them, or None when not asked
        for: splitting the 4-byte counts of a field without positions took two thirds of
        a block's decoding)."""
        _, compression, start, end = self.headers[block]
        data = self.data[start:end]
        ids, weights, stored = loads(inflate(data) if compression else data)
        return ids, weights, self._split(stored, len(ids)) if values else None

    def _split(self, values, count: int):
        size = self.fixed_size
        if size is None or size < 0:
            return values
        if size == 0:
            return (None,) * count
        return tuple(values[i:i + size] for i in range(0, count * size, size))


def stored_blocks(matcher) -> StoredBlocks:
    """The blocks of the list of a ``W3LeafMatcher`` just made (at its first block). A
    header that does not read raises ``pickle.UnpicklingError`` naming where it is; a list
    cut short, ``struct.error``: what the index's readers report as damage."""
    first = matcher._baseoffset
    extent = matcher._length
    if isinstance(extent, tuple):  # the ``whoosh3`` codec's term info leaves it unpacked
        (extent,) = extent
    data = memoryview(matcher._postfile.get(first, matcher._startoffset + extent - first))
    stream = BytesIO(data)
    header = Unpickler(stream)
    headers, at = [], 0
    while True:
        (length,) = _INT.unpack_from(data, at)
        stream.seek(at + _INT_SIZE)
        try:
            _, maxid, _, compression, _, _ = header.load()
        except Exception as exc:  # whatever a damaged pickle raises, as Whoosh's ``_goto``
            raise UnpicklingError(f"damaged posting block at offset {first + at} of "
                                  f"{getattr(matcher._postfile, '_name', 'a postings file')}"
                                  f": {exc}") from exc
        end = at + _INT_SIZE + abs(length)
        if end > len(data):
            raise struct.error(f"a posting block at offset {first + at} ends past its list")
        headers.append((maxid, compression, stream.tell(), end))
        if length < 0:
            return StoredBlocks(data, headers, matcher._fixedsize)
        at = end


def inlined_postings(matcher) -> tuple:
    """(document numbers, weights, values) of a ``ListMatcher``: the postings inlined in a
    term's entry. The weights are empty when all are 1.0, the values may be empty or None."""
    return matcher._ids, matcher._weights, matcher._values


def segment_terms(reader):
    """The terms reader of a segment reader (``SegmentReader._terms``: for storage format 3
    a ``CompactTermsReader``), None for another reader."""
    return getattr(reader, "_terms", None)


def field_length_bytes(reader, field: str) -> bytes | None:
    """The lengths column of ``field`` in the segment ``reader`` (a ``SegmentReader`` of a
    Whoosh 3 segment, or its per-document reader), raw: one quantised length per document,
    read in one piece. None for any other reader, or a field without the column."""
    perdoc = getattr(reader, "_perdoc", reader)
    column = perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN) \
        if hasattr(perdoc, "_cached_reader") else None
    if column is None:
        return None
    return column._dbfile.get(column._basepos, column._count)


def var_bytes_column(column) -> tuple[bytes, list, list]:
    """A ``VarBytesColumn.Reader``'s data in one piece, with each value's offset and length
    in it."""
    lengths, offsets = column._lengths, column._offsets
    data = column._dbfile.get(column._basepos, sum(lengths)) if len(lengths) else b""
    return data, offsets, lengths


# --- Writing terms and postings (term_writer) ----------------------------------------------

# A term-index entry of the ``whoosh3`` codec (``W3TermInfo``): inlined or not, total weight,
# document frequency, shortest and longest field length (as bytes), highest weight, first
# and last document; then the postings.
TERM_INFO = W3TermInfo._struct


def codec_block_settings(codec) -> tuple[int, int]:
    """Postings per block of the postings file, and the zlib level of blocks of
    ``COMPRESSION_MIN_SIZE`` bytes or more (0: none), of a ``W3Codec`` (or a subclass)."""
    return codec._blocklimit, codec._compression


class FieldWriterState:
    """What ``TermWriter`` writes through, of a ``W3FieldWriter`` after its ``start_field``:
    its files, the field's number and format, the codec's block settings."""

    __slots__ = ("_writer",)

    def __init__(self, fieldwriter) -> None:
        self._writer = fieldwriter

    @property
    def postings_file(self):
        """The segment's postings file (a Whoosh ``StructFile``)."""
        return self._writer._postfile

    @property
    def term_index(self):
        """The segment's term index (an ``OrderedHashWriter``)."""
        return self._writer._tindex

    @property
    def field_number(self) -> int:
        """The number of the field being written, the first part of its terms' keys."""
        return self._writer._fieldid

    @property
    def format(self):
        """The field's posting format (``whoosh.formats.Format``)."""
        return self._writer._format

    @property
    def block_limit(self) -> int:
        """Postings per block of the postings file."""
        return self._writer._codec._blocklimit

    @property
    def compression(self) -> int:
        """The zlib level of blocks of ``COMPRESSION_MIN_SIZE`` bytes or more (0: none)."""
        return self._writer._codec._compression

    def term_index_appender(self) -> TermIndexAppender:
        return TermIndexAppender(self.term_index)


class TermIndexAppender:
    """``OrderedHashWriter.add`` on the term index's own state, each entry in one write
    (``add``: once per term)."""

    __slots__ = ("_tindex", "_file", "_hash", "_buckets")

    def __init__(self, tindex) -> None:
        self._tindex = tindex
        self._file = tindex.dbfile.raw_file()
        self._hash = tindex.hashfn
        self._buckets = tindex.buckets

    def add(self, key: bytes, value: bytes) -> None:
        tindex = self._tindex
        if key <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
        pos = self._file.tell()
        tindex.index.append(pos)
        self._file.write(_HASH_ENTRY_LENGTHS.pack(len(key), len(value)) + key + value)
        h = self._hash(key)
        self._buckets[h & 255].append((h, pos))
        tindex.lastkey = key
