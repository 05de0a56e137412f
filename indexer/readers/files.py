"""Loading a file's bytes and text with clear errors for bad input."""
from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from indexer.errors import IngestError

# Encodings tried in this order before asking charset-normalizer: most Chinese news text is
# UTF-8 or GB18030 (a superset of GBK and GB2312).
_COMMON = ("utf-8", "gb18030")


def read_bytes(path: Path) -> bytes:
    """The file's bytes. Raises IngestError when the file is missing, unreadable, empty
    or binary."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(str(path), "no such file") from None
    except PermissionError:
        raise IngestError(str(path), "permission denied") from None
    except IsADirectoryError:
        raise IngestError(str(path), "is a directory") from None
    except OSError as exc:
        raise IngestError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise IngestError(str(path), "empty file")
    if b"\x00" in data[:8192]:
        raise IngestError(str(path), "binary file (NUL bytes), not text")
    return data


def decode(data: bytes, path: Path, preferred: str | None = None) -> tuple[str, str]:
    """Decode ``data`` strictly; returns (text, encoding). Tries ``preferred``, then UTF-8,
    then GB18030, then charset-normalizer's best guess. Raises IngestError when nothing
    decodes it cleanly."""
    tried: list[str] = []
    for encoding in ((preferred,) if preferred else ()) + _COMMON:
        if encoding in tried:
            continue
        tried.append(encoding)
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    raise IngestError(str(path), f"cannot decode text (tried {', '.join(tried)})")


def read_text(path: Path, preferred: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding it was read with. Raises IngestError."""
    return decode(read_bytes(path), path, preferred)
