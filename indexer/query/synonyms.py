"""The synonyms file: one group of interchangeable words a line, separated by commas or
spaces ("新冠肺炎, 新冠, COVID-19"); ``#`` starts a comment. A query word in a group also
finds the others. Words are normalised like all text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from indexer.errors import ConfigError
from indexer.text.normalize import normalize

_SPLIT = re.compile(r"[,，、\s]+")


@dataclass(frozen=True)
class Synonyms:
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def of(self, word: str) -> tuple[str, ...]:
        """The other words of ``word``'s group (normalised), or ()."""
        key = normalize(word)
        return tuple(w for w in self.groups.get(key, ()) if w != key)


def parse_synonyms(text: str, origin: str = "synonyms") -> Synonyms:
    """Raises ConfigError for a line with a single word."""
    groups: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = tuple(dict.fromkeys(normalize(w) for w in _SPLIT.split(line) if w))
        if len(words) < 2:
            raise ConfigError(f"{origin}:{number}: a synonyms line needs two or more words")
        for word in words:
            groups[word] = tuple(dict.fromkeys(groups.get(word, ()) + words))
    return Synonyms(groups)


def load_synonyms(path: Path) -> Synonyms:
    """The synonyms in ``path``; empty when the file does not exist. Raises ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Synonyms()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the synonyms file {path}: {exc}") from None
    return parse_synonyms(text, str(path))
