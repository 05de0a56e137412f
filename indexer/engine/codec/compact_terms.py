"""Storage format 3: Whoosh's ``whoosh3`` codec with a compact terms file.

``CompactTermsCodec`` keeps everything of ``W3Codec`` that is stored per document (stored
fields, field lengths, columns, vectors) and its postings file for long posting lists
(blocks read by ``W3LeafMatcher``), and replaces its term index (a hash file of pickled
entries) by the compact terms file of ``terms_file``, whose entries (``term_entries``)
hold each term's statistics and, for a term in at most ``INLINE_POSTINGS`` documents (most
of them), its postings as packed bytes.

Both writers write it: Whoosh's own (``CompactFieldWriter`` through ``start_term``,
``add``, ``finish_term``: small edits and merges) and Baoku's segment builder
(``CompactFieldWriter.write``, a whole posting list at a time), through one encoding, so
their segments are the same. ``CompactTermsReader`` gives Whoosh's searcher what the
``whoosh3`` term reader gives: term-info objects with its interface, ``ListMatcher`` for
inlined postings (as Baoku's array paths expect), ``W3LeafMatcher`` for blocks.

The import path of ``CompactTermsCodec`` is pickled into the table of contents of every
index written with it: never rename or move it.
"""
from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator

from whoosh.codec import base
from whoosh.codec.whoosh3 import W3Codec
from whoosh.matching.mcore import ListMatcher
from whoosh.reading import TermNotFound

from ..term_writer import PostingBlocks, values_kind
from ..whoosh_private import QuickLeafMatcher, codec_block_settings
from .term_entries import CompactTermInfo, doc_frequency, encode_extent, encode_inlined
from .terms_file import TermsFileReader, TermsFileWriter

# Terms with up to this many postings are inlined in their entry. Packed arrays in
# zlib-compressed blocks of entries take less room than the postings file's pickled blocks:
# on 2,000 articles (8.5 MB of text) the index was 21.6 MB with 64 (as format 2 inlines),
# 19.7 MB with 256, 18.2 MB with 1,024 (only characters and the commonest bigrams and words
# left in the postings file: 0.7 MB). A long inlined list is read in one piece by the
# array ranking, as a ``ListMatcher`` by Whoosh's matchers.
INLINE_POSTINGS = 1024

_FIELD_NUMBER = struct.Struct(">H")
_NO_FIELD = 0xFFFF  # a key no field of the segment has


class MissingTerm(TermNotFound, KeyError):
    """A term the segment does not have: Whoosh's readers expect ``TermNotFound`` from
    ``term_info`` and ``KeyError`` from ``frequency`` and ``doc_frequency`` (then 0)."""


class CompactTermsCodec(W3Codec):
    """``W3Codec`` with the compact terms file (``TERMS_EXT``)."""

    TERMS_EXT = ".tcb"  # terms, compact, in blocks

    def field_writer(self, storage, segment) -> CompactFieldWriter:
        return CompactFieldWriter(self, storage, segment)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        """``W3Codec``'s matchers: blocks read by ``QuickLeafMatcher``; inlined postings by
        a ``ListMatcher``, their values cut from the entry when asked for (``Slices``), or
        read as None for a format without values, as the postings file's blocks give them
        (a ``ListMatcher`` gives "")."""
        if not terminfo.is_inlined():
            offset, length = terminfo.extent()
            return QuickLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
        ids, weights, values = terminfo.inlined_postings(sliced=True)
        if format_.fixed_value_size() == 0:
            return ValuelessListMatcher(ids, weights, None, format_, scorer=scorer,
                                        term=term, terminfo=terminfo)
        return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term,
                           terminfo=terminfo)

    def terms_reader(self, storage, segment) -> CompactTermsReader:
        name = segment.make_filename(self.TERMS_EXT)
        terms = TermsFileReader(storage.open_file(name), storage.file_length(name), name)
        try:
            postfile = segment.open_file(storage, self.POSTS_EXT)
        except BaseException:
            terms.close()
            raise
        return CompactTermsReader(self, terms, postfile)


class ValuelessListMatcher(ListMatcher):
    """Inlined postings of a field without values (ids, keywords): each value is None."""

    def value(self):
        return None

    def all_items(self):
        return ((docnum, None) for docnum in self.all_ids())


class CompactFieldWriter(base.FieldWriter):
    """Writes a segment's terms: Whoosh's way (``start_field``, ``start_term``, ``add``,
    ``finish_term``, ``finish_field``) or a whole list at a time (``write``, after
    ``start_field``)."""

    def __init__(self, codec: CompactTermsCodec, storage, segment) -> None:
        self._codec = codec
        self._terms = TermsFileWriter(segment.create_file(storage, codec.TERMS_EXT))
        self._postfile = segment.create_file(storage, codec.POSTS_EXT)
        self._fieldmap: dict[str, int] = {}
        self._prefix = b""
        self._blocks: PostingBlocks | None = None
        self._inline_limit = 0
        self._term: bytes | None = None
        self._postings: tuple[list, list, list, list] = ([], [], [], [])
        self.is_closed = False

    def start_field(self, fieldname: str, fieldobj) -> None:
        number = self._fieldmap.setdefault(fieldname, len(self._fieldmap))
        self._prefix = _FIELD_NUMBER.pack(number)
        block_limit, compression = codec_block_settings(self._codec)
        self._blocks = PostingBlocks(self._postfile, block_limit, compression,
                                     values_kind(fieldobj.format))
        self._inline_limit = INLINE_POSTINGS

    def start_term(self, btext: bytes) -> None:
        self._term = btext
        self._postings = ([], [], [], [])

    def add(self, docnum: int, weight: float, vbytes: bytes, length: int | None) -> None:
        docs, weights, values, lengths = self._postings
        docs.append(docnum)
        weights.append(weight)
        values.append(vbytes or b"")
        lengths.append(length or 0)

    def finish_term(self) -> None:
        docs, weights, values, lengths = self._postings
        self._write(self._term, docs, weights, values, lengths)
        self._term = None

    def write(self, tbytes: bytes, docs, weights: list, values: list, lengths: array) -> None:
        """One term: its documents (ascending), the weight and encoded value of each
        posting, and the quantised field length of every document of the segment (one per
        document, 0: none); as ``TermWriter.write`` takes them."""
        self._write(tbytes, docs, weights, values, [lengths[d] for d in docs])

    def _write(self, tbytes: bytes, docs, weights: list, values: list,
               doc_lengths: list[int]) -> None:
        stored = array("f", weights)  # float32, as the ``whoosh3`` codec stores weights
        if len(docs) <= self._inline_limit:
            entry = encode_inlined(docs, stored, values, doc_lengths)
        else:
            offset, length = self._blocks.write(docs, weights, stored, values, doc_lengths)
            entry = encode_extent(docs, stored, doc_lengths, offset, length)
        self._terms.add(self._prefix + tbytes, entry)

    def finish_field(self) -> None:
        self._blocks = None

    def close(self) -> None:
        self._terms.close(self._fieldmap)
        self._postfile.close()
        self.is_closed = True


class CompactTermsReader(base.TermsReader):
    """The terms of one segment, read from its compact terms file, with the interface of
    Whoosh's ``W3TermsReader``."""

    def __init__(self, codec: CompactTermsCodec, terms: TermsFileReader, postfile) -> None:
        self._codec = codec
        self._terms = terms
        self._postfile = postfile
        self._fieldmap = terms.fieldmap
        self._fieldunmap = {number: name for name, number in self._fieldmap.items()}

    def key(self, fieldname: str, tbytes: bytes) -> bytes:
        """The key of a term in the terms file: its field's number, then its bytes."""
        return _FIELD_NUMBER.pack(self._fieldmap.get(fieldname, _NO_FIELD)) + tbytes

    def _term(self, key: bytes) -> tuple[str, bytes]:
        return self._fieldunmap[_FIELD_NUMBER.unpack_from(key)[0]], key[2:]

    def _entry(self, fieldname: str, tbytes: bytes) -> bytes:
        if fieldname not in self._fieldmap:
            raise MissingTerm(f"No term {fieldname}:{tbytes!r}")
        entry = self._terms.get(self.key(fieldname, tbytes))
        if entry is None:
            raise MissingTerm(f"No term {fieldname}:{tbytes!r}")
        return entry

    def __contains__(self, term) -> bool:
        fieldname, tbytes = term
        return (fieldname in self._fieldmap
                and self._terms.get(self.key(fieldname, tbytes)) is not None)

    def indexed_field_names(self):
        return self._fieldmap.keys()

    def cursor(self, fieldname: str, fieldobj) -> CompactFieldCursor:
        return CompactFieldCursor(self, fieldname, fieldobj)

    def entries_from(self, fieldname: str, tbytes: bytes) -> Iterator[tuple[bytes, bytes]]:
        """(key, entry) of every term from ``tbytes`` of ``fieldname`` on, to the end of
        the file (later fields too)."""
        return self._terms.items_from(self.key(fieldname, tbytes))

    def field_entries(self, fieldname: str) -> Iterator[tuple[bytes, bytes]]:
        """(term bytes, entry) of every term of ``fieldname``, in order."""
        prefix = self.key(fieldname, b"")
        for key, entry in self._terms.items_from(prefix):
            if key[:2] != prefix:
                return
            yield key[2:], entry

    def terms(self) -> Iterator[tuple[str, bytes]]:
        return (self._term(key) for key, _ in self._terms.items_from())

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        return (self._term(key) for key, _ in self.entries_from(fieldname, prefix))

    def items(self) -> Iterator[tuple[tuple[str, bytes], CompactTermInfo]]:
        return ((self._term(key), CompactTermInfo(entry))
                for key, entry in self._terms.items_from())

    def items_from(self, fieldname: str, prefix: bytes
                   ) -> Iterator[tuple[tuple[str, bytes], CompactTermInfo]]:
        return ((self._term(key), CompactTermInfo(entry))
                for key, entry in self.entries_from(fieldname, prefix))

    def term_info(self, fieldname: str, tbytes: bytes) -> CompactTermInfo:
        return CompactTermInfo(self._entry(fieldname, tbytes))

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        return self.term_info(fieldname, tbytes).weight()

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        return doc_frequency(self._entry(fieldname, tbytes))

    def matcher(self, fieldname: str, tbytes: bytes, format_, scorer=None):
        terminfo = self.term_info(fieldname, tbytes)
        return self._codec.postings_reader(self._postfile, terminfo, format_,
                                           term=(fieldname, tbytes), scorer=scorer)

    def close(self) -> None:
        self._terms.close()
        self._postfile.close()


class CompactFieldCursor(base.FieldCursor):
    """Whoosh's cursor over the terms of one field (fuzzy and spelling searches)."""

    def __init__(self, reader: CompactTermsReader, fieldname: str, fieldobj) -> None:
        self._reader = reader
        self._fieldname = fieldname
        self._fieldobj = fieldobj
        self._prefix = reader.key(fieldname, b"")
        self._walk: Iterator[tuple[bytes, bytes]] = iter(())
        self._text = self._entry = None
        self.first()

    def first(self):
        return self.find(b"")

    def find(self, term):
        if not isinstance(term, bytes):
            term = self._fieldobj.to_bytes(term)
        self._walk = self._reader.entries_from(self._fieldname, term)
        return self.next()

    def next(self):
        for key, entry in self._walk:
            if key.startswith(self._prefix):
                self._text = self._fieldobj.from_bytes(key[len(self._prefix):])
                self._entry = entry
                return self._text
            break
        self._walk = iter(())
        self._text = self._entry = None
        return None

    def text(self):
        return self._text

    def term_info(self):
        return None if self._entry is None else CompactTermInfo(self._entry)

    def is_valid(self) -> bool:
        return self._text is not None
