"""Finding the real encoding of a saved HTML page.

Chinese pages are UTF-8 or one of the GB encodings, and their ``<meta charset>`` is not to
be trusted: pages re-saved as UTF-8 often still declare gb2312. The rules, in order:

1. bytes that are valid UTF-8 are UTF-8, whatever the page declares (a page cut off in the
   middle of its last character too);
2. a declared gb2312, gbk or gb18030 is read as GB18030 (a superset of the other two);
3. any other declared encoding is tried as declared;
4. otherwise charset-normalizer guesses.

A GB page with a few broken bytes (at most 8, or one in a thousand) is still read, and so is
a UTF-8 page cut off inside its last character: the bad bytes become U+FFFD and are counted
in ``replaced``. (UTF-16 pages hold NUL bytes and are refused as binary by ``read_bytes``.)
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from indexer.errors import IngestError

# meta charset, http-equiv content="...; charset=x", <?xml encoding="x"?> and the
# encoding="x" attribute of crawler wrappers, all within the first bytes of the page.
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_PEEK = 4096
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz"}


@dataclass(frozen=True)
class DecodedHtml:
    """A page's text and how it was obtained."""

    text: str
    encoding: str
    declared: str | None
    method: str
    replaced: int = 0

    def describe(self) -> str:
        """One line for reports: "gb18030 (declared gbk)", "utf-8 (valid UTF-8, declared
        gb2312 ignored)", "gb18030 (declared gb2312), 2 undecodable bytes replaced"."""
        note = f" ({self.method})" if self.method else ""
        plural = "s" if self.replaced != 1 else ""
        lost = f", {self.replaced} undecodable byte{plural} replaced" if self.replaced else ""
        return f"{self.encoding}{note}{lost}"


def declared_charset(data: bytes) -> str | None:
    """The encoding the page declares in its first bytes, as written, or None."""
    match = _DECLARED.search(data[:_PEEK])
    return match.group(1).decode("ascii").lower() if match else None


def _codec(name: str | None) -> str | None:
    """Python's codec name for ``name``, with the GB family widened to gb18030; None if unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if codec.replace("-", "_") in _GB_FAMILY else codec


def _decode_lenient(data: bytes, codec: str) -> tuple[str, int] | None:
    """The text and the number of bytes replaced by U+FFFD, when there are at most 8 of them
    or one in a thousand; None otherwise."""
    try:
        return data.decode(codec), 0
    except UnicodeDecodeError:
        pass
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
    return (text, bad) if bad <= max(8, len(data) // 1000) else None


def decode_html(data: bytes, path: Path) -> DecodedHtml:
    """Decode a page's bytes following the rules above. Raises IngestError when no encoding
    reads it."""
    declared = declared_charset(data)
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
        return DecodedHtml(text, "utf-8", declared, "BOM", text.count("\ufffd"))
    for cut in range(4):  # a UTF-8 page cut off in the middle of a character
        try:
            text = data[:len(data) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return DecodedHtml(text + "\ufffd" * bool(cut), "utf-8", declared,
                           _note(declared, "utf-8"), cut)
    codec = _codec(declared)
    if codec and codec != "utf-8":
        found = _decode_lenient(data, codec)
        if found is not None:
            return DecodedHtml(found[0], codec, declared, _note(declared, codec), found[1])
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        lie = f"declared {declared} unusable, " if declared else ""
        return DecodedHtml(str(best), best.encoding, declared,
                           f"{lie}guessed by charset-normalizer")
    # Last chances: a UTF-8 or GB page with a few broken bytes (cut off mid-character).
    for codec in ("utf-8", "gb18030"):
        found = _decode_lenient(data, codec)
        if found is not None:
            return DecodedHtml(found[0], codec, declared, _note(declared, codec), found[1])
    said = f", declared {declared}" if declared else ""
    raise IngestError(str(path), f"cannot decode HTML: not UTF-8 or GB18030{said}, and "
                                 "charset-normalizer finds no encoding")


def _note(declared: str | None, used: str) -> str:
    if declared is None:
        return "undeclared"
    if _codec(declared) == used:
        return f"declared {declared}"
    if used == "utf-8" and _codec(declared) is not None:
        return f"valid UTF-8, declared {declared} ignored"
    return f"declared {declared}, not usable"
