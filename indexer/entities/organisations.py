"""The organisations an article names.

Three sources, each found in one scan of the text:

- the national bodies and media papers name most (``names.KNOWN_ORGS``: 国务院, 新华社,
  中新网, 银保监会), which jieba's dictionary often lacks;
- a place's name followed by the ending of an organisation's name (广西 + 商务厅, 嘉兴市 +
  人民政府, 黄陂区 + 中医院; the shortest ending, then one more part: 北京市委 + 宣传部);
  the name starts at the place nearest the ending (湖北省武汉市黄陂区中医院 -> 黄陂区中医院);
- names of organisations in jieba's dictionary (tagged ``nt``: 浙江大学, 国家博物馆), less
  the words for a kind of organisation (上市公司), taken only where a word starts (after
  punctuation or a word such as 的, 在, 从: not 民医院 inside 人民医院).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .names import GENERIC_ORGS, KNOWN_ORGS, ORG_ENDINGS, ORG_FINALS, ORG_PARTS, ORG_STARTS
from .places import FoundPlaces, find_places
from .stoplist import name_tags
from .wordscan import WordScanner


def _alternatives(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_ENDING = re.compile(f"[\u4e00-\u9fff]{{0,6}}?(?:{_alternatives(ORG_ENDINGS)})"
                     f"(?:{_alternatives(ORG_PARTS)})?")


@lru_cache(maxsize=1)
def _dictionary() -> WordScanner:
    """jieba's organisation words, and the generic ones (so that a scan consumes 人民医院
    whole instead of finding 民医院 in it), and the known organisations."""
    words = [w for w, tag in name_tags().items()
             if tag == "nt" and len(w) >= 3 and w[-1] in ORG_FINALS]
    return WordScanner([*words, *GENERIC_ORGS, *KNOWN_ORGS])


def organisations(text: str, places: FoundPlaces | None = None) -> tuple[str, ...]:
    """The organisations of ``text`` (normalised), in order of first mention; ``places``:
    its places when already found."""
    found: dict[int, str] = {}  # start -> name
    for match in _dictionary().finditer(text):
        word, start = match.group(), match.start()
        if word in GENERIC_ORGS:
            continue
        if word in KNOWN_ORGS or start == 0 or text[start - 1] in ORG_STARTS \
                or not text[start - 1].isalnum():
            found[start] = word
    places = places if places is not None else find_places(text)
    named = [m for m in places.matches if m.group() in places.places]
    for match, after in zip(named, [*named[1:], None], strict=False):
        ending = _ENDING.match(text, match.end())
        if ending is not None and (after is None or after.start() >= ending.end()):
            found[match.start()] = text[match.start():ending.end()]
    return tuple(dict.fromkeys(found[k] for k in sorted(found)))
