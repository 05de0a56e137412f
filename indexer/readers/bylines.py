"""Recognising credit lines in Chinese news text: bylines, photo credits and datelines.

Each parser returns the person names of a line (never the role words such as "本报记者"),
or ``None`` when the line is not that kind of credit. They never raise.

- ``parse_byline("本报记者 李小文 见习记者 赵妍") == ("李小文", "赵妍")``; also
  "见习记者 胡宗昊", "通讯员 X Y", "本报记者 X 通讯员 Y" and a whole-line note in
  parentheses "（本报记者  吕中正）". Outside parentheses a role must be followed by a
  space ("记者 X"), so that "记者手记" or "记者：…" are not bylines.
- ``parse_caption("夏鹏飞 摄") == ("夏鹏飞",)``; also "本报记者  殷新宇摄", "王鸿义  陈严雪摄影报道
  （影像中国）" and a description followed by its credit ("……图为村民。龙  涛摄").
- ``parse_dateline("本报北京1月31日电 （记者杜一菲）……") == ("杜一菲",)``;
  ``parse_dateline("本报讯 4月13日下午……") == ()`` (a dateline without names); ``None`` when
  the text does not start with a dateline. Only names in parentheses after the dateline are
  read; "本报讯 记者张三 昨天……" without parentheses gives ``()``.

Names are 2–4 Han characters, or Han parts joined by a middle dot ("廷·巴特尔"). Layout pads
two-character names with a space ("张  枨"); two single characters in a row are joined into
one name. ``Credits`` gathers the names and photo credits of an article paragraph by
paragraph, in order and without repeats.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_HAN = r"[\u3400-\u9fff]"
_NAME = re.compile(rf"{_HAN}{{2,4}}|{_HAN}{{1,8}}(?:[·・•‧]{_HAN}{{1,8}}){{1,3}}")
_AGENCY = (
    rf"(?:本报|本刊|新华社|中新社|中新网|人民网|新华网|央视网|央视|{_HAN}{{1,6}}?(?:日报|晚报|报|社|台))"
)
_ROLE = re.compile(
    rf"(?:{_AGENCY})?(?:特约|见习|实习|首席|驻{_HAN}{{1,6}}?)?(?:记者|通讯员|撰稿人)"
    rf"|(?:{_AGENCY})?实习生"
)
_SEPARATORS = re.compile(r"[\s、，,;；/]+")
_REPORTED = re.compile(r"(?:采访整理|综合报道|报道|整理|整合)$")  # "（本报记者 X、Y报道）"
_PARENS = re.compile(r"^[（(](?P<inner>[^（）()]*)[）)]$")
_PHOTO_SOURCE = re.compile(r"\s*[（(][^（）()]{1,12}[）)]$")
_PHOTO_VERB = re.compile(r"\s*(?:摄影报道|摄影|摄)$")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_DATELINE = re.compile(
    rf"^(?P<open>[（(])?\s*据?(?:本报|新华社|中新社|中新网|人民网|新华网|央视网|{_HAN}{{2,6}}?日报)"
    rf"(?:{_HAN}|·){{0,12}}?(?:\d{{1,2}}月\d{{1,2}}日)?(?:电|讯)(?=[\s（(]|$)"
)
_MAX_LINE = 120


def _names(text: str) -> list[str] | None:
    """The names in ``text`` separated by spaces or 、，; None if any piece is not a name."""
    tokens = [t for t in _SEPARATORS.split(text) if t]
    names: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if len(token) == 1:
            if i + 1 >= len(tokens) or len(tokens[i + 1]) != 1:
                return None
            token += tokens[i + 1]
            i += 1
        if not _NAME.fullmatch(token):
            return None
        names.append(token)
        i += 1
    return names or None


def _credit(text: str, *, names_first: bool, space_after_role: bool) -> tuple[str, ...] | None:
    """Names of a credit made of roles and names ("本报记者 X 通讯员 Y"). ``names_first``
    allows names before the first role ("夏鹏飞"); ``space_after_role`` demands a space
    between a role and its names. None when ``text`` is not such a credit."""
    parts = _ROLE.split(_REPORTED.sub("", text.strip()))
    lead, chunks = parts[0], parts[1:]
    found: list[str] = []
    if lead.strip():
        if not names_first or (lead_names := _names(lead)) is None:
            return None
        found.extend(lead_names)
    for chunk in chunks:
        if space_after_role and chunk[:1] and not chunk[:1].isspace():
            return None
        if (chunk_names := _names(chunk)) is None:
            return None
        found.extend(chunk_names)
    return tuple(found) if found else None


def parse_byline(line: str) -> tuple[str, ...] | None:
    """The names of a byline line ("本报记者 李小文 见习记者 赵妍" -> ("李小文", "赵妍")), or None
    when the line is not a byline (photo credits are not bylines: see ``parse_caption``)."""
    text = line.strip()
    if not text or len(text) > _MAX_LINE or _PHOTO_VERB.search(_PHOTO_SOURCE.sub("", text)):
        return None
    if (inner := _PARENS.match(text)) is not None:
        return _credit(inner["inner"], names_first=False, space_after_role=False)
    if not _ROLE.match(text):
        return None
    return _credit(text, names_first=False, space_after_role=True)


def parse_caption(line: str) -> tuple[str, ...] | None:
    """The photographers of a photo credit ("夏鹏飞 摄" -> ("夏鹏飞",)), possibly after a
    description ("……图为村民。龙  涛摄（人民视觉）"), or None when the line is no photo credit."""
    text = _PHOTO_SOURCE.sub("", line.strip())
    verb = _PHOTO_VERB.search(text)
    if verb is None or (len(text) > _MAX_LINE and not _SENTENCE_END.search(text)):
        return None
    credit = text[: verb.start()]
    ends = list(_SENTENCE_END.finditer(credit))
    if ends:
        credit = credit[ends[-1].end():]
    if credit.endswith("拍"):  # "拍摄" is a verb, not a credit
        return None
    return _credit(credit, names_first=True, space_after_role=False)


def parse_dateline(text: str) -> tuple[str, ...] | None:
    """The names credited by a dateline at the start of ``text``: "本报北京1月31日电 （记者杜一菲）"
    -> ("杜一菲",); "本报讯" -> (); None when ``text`` does not start with a dateline."""
    match = _DATELINE.match(text)
    if match is None:
        return None
    rest = text[match.end():].lstrip()
    if match["open"]:
        inner, closed, _ = rest.partition("）" if "）" in rest else ")")
    elif rest[:1] in ("（", "("):
        inner, closed, _ = rest[1:].partition("）" if rest[0] == "（" else ")")
    else:
        return ()
    if not closed:
        return ()
    return _credit(inner, names_first=True, space_after_role=False) or ()


@dataclass
class Credits:
    """The authors and photo credits of one article, gathered paragraph by paragraph."""

    authors: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)

    def take(self, paragraph: str) -> bool:
        """Record the credits of ``paragraph``. True when it is only a credit (a byline or a
        photo credit) and so leaves the body; a dateline's names are recorded, but its
        paragraph stays in the body (False)."""
        text = paragraph.strip()
        if (names := parse_byline(text)) is not None:
            self.add_authors(names)
            return True
        if parse_caption(text) is not None:
            self.captions.append(text)
            return True
        if (names := parse_dateline(text)) is not None:
            self.add_authors(names)
        return False

    def add_authors(self, names: tuple[str, ...]) -> None:
        self.authors.extend(n for n in names if n not in self.authors)
