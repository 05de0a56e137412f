"""The people an article names: its byline, and names that a role or a speech verb marks.

jieba's part-of-speech tags alone flood a facet: its dictionary tags thousands of everyday
words as names (高峰, 文明, 嘉兴 are all ``nr``), and tagging every article with
``jieba.posseg`` costs several times its segmentation. So a name in the text is taken only
where the text says it is one: right after a role (书记、记者、主任、教授…) or right before a
speech verb (说、表示、介绍…). The few characters there are segmented with jieba (its
segmenter of the archive, HMM on, so unknown names come out whole); the word next to the
trigger is a name when it is two or three characters, starts with a surname, is not a word
jieba knows as something else, and is not on the stop-list.
"""
from __future__ import annotations

import re
from functools import lru_cache

import jieba

from indexer.text.segmentation import segmenter

from .names import COMPOUND_SURNAMES, ROLES, SPEECH, SURNAMES
from .stoplist import COMMON_NAME_WORDS, NAME_TAGS, _tags

_CJK = re.compile(r"[\u4e00-\u9fff]{2,4}")
_WINDOW = 5  # characters segmented beside a trigger (a name of three, and what follows)


@lru_cache(maxsize=1)
def _triggers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    roles = "|".join(sorted(map(re.escape, ROLES), key=len, reverse=True))
    speech = "|".join(sorted(map(re.escape, SPEECH), key=len, reverse=True))
    return (re.compile(f"(?:{roles})(?=[\u4e00-\u9fff]{{2}})"),
            re.compile(f"(?<=[\u4e00-\u9fff]{{2}})(?:{speech})"))


def is_name(word: str) -> bool:
    """Whether ``word`` looks like a Chinese person's name (see the module's rules)."""
    if not _CJK.fullmatch(word) or len(word) > 4 or word in COMMON_NAME_WORDS:
        return False
    if word[:2] in COMPOUND_SURNAMES:
        if len(word) < 3:
            return False
    elif word[0] not in SURNAMES or len(word) > 3:
        return False
    tag = _tags().get(word)
    return tag is None or tag in NAME_TAGS and tag != "ns"


def _first_word(seg: jieba.Tokenizer, text: str) -> str:
    return next(iter(seg.cut(text, HMM=True)), "")


def _last_word(seg: jieba.Tokenizer, text: str) -> str:
    words = list(seg.cut(text, HMM=True))
    return words[-1] if words else ""


def names_in_text(text: str, userdict: str | None = None) -> list[str]:
    """The names ``text`` (normalised) marks as people's, in order of first mention."""
    after_role, before_speech = _triggers()
    seg = segmenter(userdict)
    found: dict[str, None] = {}
    for match in after_role.finditer(text):
        word = _first_word(seg, text[match.end():match.end() + _WINDOW])
        if is_name(word):
            found[word] = None
    for match in before_speech.finditer(text):
        word = _last_word(seg, text[max(0, match.start() - _WINDOW):match.start()])
        if is_name(word):
            found[word] = None
    return list(found)


def people(byline: tuple[str, ...], text: str, userdict: str | None = None
           ) -> tuple[str, ...]:
    """The byline's names, then the names the text marks."""
    names = [n.strip() for n in byline if n.strip()]
    return tuple(dict.fromkeys([*names, *names_in_text(text, userdict)]))
