"""The people an article names: its byline, and names that a role or a speech verb marks.

jieba's part-of-speech tags alone flood a facet: its dictionary tags thousands of everyday
words as names (高峰, 文明, 嘉兴 are all ``nr``), and tagging every article with
``jieba.posseg`` costs several times its segmentation. So a name in the text is taken only
where the text says it is one: right after a role (书记、记者、主任、教授、编辑:…), right
before a speech verb (说、表示、介绍…) or a title that follows names (总书记、同志、院士…).
The few characters there are segmented with jieba (its segmenter of the archive, HMM on, so
unknown names come out whole); the word next to the trigger is a name when it is two or
three characters, starts with a surname, is not a word jieba knows as something else, and
is not on the stop-list. Also taken: the well-known names of jieba's dictionary (``nrfg``:
习近平), a two-character name spaced out in a photo or text credit (崔  超摄), and the other
items of a list with 、 that holds a name found (黄坤明、王晓晖、铁凝).
"""
from __future__ import annotations

import re
from functools import lru_cache

from indexer.text.segmentation import Segmenter, segmenter

from .names import COMPOUND_SURNAMES, ROLES, SPEECH, SURNAMES, TITLES_AFTER
from .stoplist import COMMON_NAME_WORDS, NAME_TAGS, in_dictionary, name_tags
from .wordscan import WordScanner

_CJK = re.compile(r"[\u4e00-\u9fff]{2,4}")
_WINDOW = 5  # characters segmented beside a trigger (a name of three, and what follows)
# A run of CJK characters right after a role, up to the next punctuation: (记者黄艳梅).
_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Names listed with 、 (黄坤明、王晓晖、铁凝): runs of CJK characters joined by 、.
_LIST = re.compile(r"[\u4e00-\u9fff]+(?:、[\u4e00-\u9fff]+)+")
# A two-character name spaced out in a credit, as papers print them: 崔  超摄, (嘉 木).
_SPACED = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000]{1,3}([\u4e00-\u9fff])"
                     r"(?=[ \u3000]*(?:摄|图|文|\)|$))", re.M)


@lru_cache(maxsize=1)
def _triggers() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    def alternatives(words) -> str:
        return "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return (re.compile(f"(?:{alternatives(ROLES)})[:：]?(?=[\u4e00-\u9fff]{{2}})"),
            re.compile(f"(?<=[\u4e00-\u9fff]{{2}})(?:{alternatives(SPEECH)})"),
            re.compile(f"(?<=[\u4e00-\u9fff]{{2}})(?:{alternatives(TITLES_AFTER)})"))


@lru_cache(maxsize=1)
def _famous() -> WordScanner:
    """The names jieba's dictionary marks as well-known people's (``nrfg``: 习近平)."""
    return WordScanner(w for w, tag in name_tags().items() if tag == "nrfg" and len(w) >= 3)


def is_name(word: str) -> bool:
    """Whether ``word`` looks like a Chinese person's name (see the module's rules)."""
    if not _CJK.fullmatch(word) or len(word) > 4 or word in COMMON_NAME_WORDS:
        return False
    if word[:2] in COMPOUND_SURNAMES:
        if len(word) < 3:
            return False
    elif word[0] not in SURNAMES or len(word) > 3:
        return False
    tag = name_tags().get(word)
    return tag != "ns" if tag in NAME_TAGS else not in_dictionary(word)


# One-character words that jieba joins to a surname called by its title alone (向习主席,
# 和习主席, 对李总理): the two characters are no one's name.
_BEFORE_A_SURNAME = frozenset("向和与同对给跟在把被让为及并")


def _word_and_surname(word: str) -> bool:
    """Whether ``word`` is such a word and a surname (向习 of 向习主席致敬), found before a
    title: a name of two characters starting so is much rarer there."""
    return len(word) == 2 and word[0] in _BEFORE_A_SURNAME


def _may_start_name(text: str) -> bool:
    """Whether a name can start at the beginning of ``text``: most triggers are followed
    (or preceded) by no surname, and need no segmenting."""
    return text[:1] in SURNAMES or text[:2] in COMPOUND_SURNAMES


def _first_word(seg: Segmenter, text: str) -> str:
    run = _RUN.match(text)
    if run is None or not _may_start_name(run.group()):
        return ""
    if len(run.group()) <= 3:  # the whole run: (记者黄艳梅), 书记陈平说
        return run.group()[:-1] if run.group()[-1] in "说称讲" else run.group()
    return next(iter(seg.cut(run.group()[:_WINDOW])), "")


def _last_word(seg: Segmenter, text: str) -> str:
    runs = _RUN.findall(text)
    if not runs or not any(_may_start_name(runs[-1][-n:]) for n in (2, 3, 4)):
        return ""
    words = list(seg.cut(runs[-1][-_WINDOW:]))
    return words[-1] if words else ""


def names_in_text(text: str, userdict: str | None = None) -> list[str]:
    """The names ``text`` (normalised) marks as people's, in order of first mention."""
    after_role, before_speech, before_title = _triggers()
    seg = segmenter(userdict)
    found: dict[str, None] = {}
    for match in after_role.finditer(text):
        word = _first_word(seg, text[match.end():match.end() + _WINDOW + 3])
        if is_name(word):
            found[word] = None
    for trigger in (before_speech, before_title):
        for match in trigger.finditer(text):
            word = _last_word(seg, text[max(0, match.start() - _WINDOW):match.start()])
            if is_name(word) and not _word_and_surname(word):
                found[word] = None
    for match in _famous().finditer(text):
        found[match.group()] = None
    for match in _SPACED.finditer(text):
        word = match.group(1) + match.group(2)
        if is_name(word):
            found[word] = None
    for match in _LIST.finditer(text):  # a list holding a name found: its other names
        if not any(name in match.group() for name in found):
            continue
        items = _list_items(seg, match.group())
        if any(item in found for item in items):
            found.update((item, None) for item in items if is_name(item))
    return list(found)


def _list_items(seg: Segmenter, listed: str) -> list[str]:
    """The items of a 、 list; the first and the last run also hold the words before and
    after the list (作家梁晓声, 李洱颁奖), so only their word next to the 、 is taken."""
    runs = listed.split("、")
    first = list(seg.cut(runs[0][-_WINDOW:]))
    last = next(iter(seg.cut(runs[-1][:_WINDOW])), "")
    return [first[-1] if first else "", *runs[1:-1], last]


def people(byline: tuple[str, ...], text: str, userdict: str | None = None
           ) -> tuple[str, ...]:
    """The byline's names, then the names the text marks."""
    names = [n.strip() for n in byline if n.strip()]
    return tuple(dict.fromkeys([*names, *names_in_text(text, userdict)]))
