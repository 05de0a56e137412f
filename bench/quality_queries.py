"""The queries of ``bench/quality.py``, generated from the indexed articles with a fixed seed,
and the hand-judged topic queries of ``bench/topics.json``.

Each kind draws from its own random stream (seeded with the seed and the kind's name), so
changing how many queries one kind has leaves the others as they were. Only legible
articles are drawn from: part of the SogouCS sample is mojibake as released (UTF-8 read as
GBK), and nobody types such text.

- title: the headline as typed; the known item should come first. A headline shared by
  several articles counts only when they are one text printed several times (same
  ``body_key``): any of them is the right answer.
- phrase: a quoted run of 2–8 characters from one line of the body, starting and ending
  with a letter, digit or Chinese character (punctuation inside is kept, as pasted).
- fragment: the same, pasted without quotes.
- author: one name of the byline.
- traditional: a headline (known item) or a fragment in traditional characters (OpenCC
  ``s2t`` or ``s2tw``), or with its ASCII digits and letters typed full-width
  (``２０２０年``).
- headline: a headline typed whole, which must come first (``indexer.text.headline``): any
  article with that headline is the right answer, however many share it. The headlines of
  ``HEADLINES`` that some article has, then as many drawn from every headline, half of them
  short (``SHORT`` characters or fewer: column names and one-word headlines, which other
  articles mention often), half longer.
"""
from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import opencc

from indexer.article import Article
from indexer.searching.collapse import body_key
from indexer.text.headline import headline_key
from indexer.text.normalize import normalize

TOPICS = Path(__file__).resolve().parent / "topics.json"
KINDS = ("title", "phrase", "fragment", "author", "traditional", "headline")
# Headlines typed whole, picked by hand: those of the report that asked for headlines first,
# and headlines of the corpus that other articles outranked (one-word headlines and column
# names, some shared by many articles).
HEADLINES = (
    "中国人民政治协商会议全国委员会常务委员会工作报告", "全国政协十三届三次会议闭幕", "心声",
    "我们的心声", "坚守", "来论", "数读", "丰收", "漫画", "建议", "速览", "身边事", "新书架",
    "微阅读", "财经短波", "资讯速递", "致读者", "编者按", "绽放", "攀登", "欢庆", "砥砺",
    "把脉", "养护", "应聘", "专注", "跳远", "报春", "风驰", "歌韵", "心曲",
)
SHORT = 4
_WORD = re.compile(r"[^\W_]")
_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")


@dataclass(frozen=True)
class Query:
    """One generated query: ``target`` must be in the result set; when ``known_item``, one of
    ``targets`` (the article and its identical printings) should rank first."""

    kind: str
    text: str
    target: str
    targets: frozenset[str]
    known_item: bool
    variant: str = ""  # for traditional: s2t title, s2tw fragment, full-width title, …


@dataclass(frozen=True)
class Topic:
    """A hand-written topic query and its judged articles: id -> grade (2 about the topic,
    1 partly about it, 0 judged not relevant)."""

    query: str
    description: str
    judgments: dict[str, int]


def legible(article: Article) -> bool:
    """Whether the article's text is readable Chinese: most of its Chinese characters are
    among the 3,755 common ones (GB2312 level 1); mojibake is mostly rare characters."""
    text = article.title + article.body[:300]
    total = common = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff":
            total += 1
            try:
                common += 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
            except UnicodeEncodeError:
                pass
    return total == 0 or common / total >= 0.6


def full_width(text: str) -> str:
    """ASCII digits and letters as their full-width forms."""
    return _ASCII_ALNUM.sub(lambda m: chr(ord(m.group()) + 0xFEE0), text)


class _Converters:
    def __init__(self) -> None:
        self.s2t = opencc.OpenCC("s2t")
        self.s2tw = opencc.OpenCC("s2tw")

    def convert(self, name: str, text: str) -> str:
        return (self.s2t if name == "s2t" else self.s2tw).convert(text)


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _excerpt(rng: random.Random, article: Article, need=None) -> str | None:
    """A run of 2–8 characters from one line of the body, starting and ending with a word
    character, without an ASCII double quote; None after 30 unlucky draws."""
    lines = [line for line in article.body.split("\n") if _word_count(line) >= 2]
    if not lines:
        return None
    for _ in range(30):
        line = rng.choice(lines)
        length = rng.randint(2, 8)
        if len(line) < length:
            continue
        start = rng.randrange(len(line) - length + 1)
        text = line[start:start + length]
        if (_WORD.match(text[0]) and _WORD.match(text[-1]) and '"' not in text
                and _word_count(text) >= 2 and (need is None or need(text))):
            return text
    return None


def _title_groups(articles: Sequence[Article]) -> dict[str, list[Article]]:
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        if a.title.strip():
            groups[normalize(a.title.strip())].append(a)
    return groups


def _known_items(articles: Sequence[Article]) -> list[tuple[Article, frozenset[str]]]:
    """Articles whose headline (of four or more characters) finds only them and their
    identical printings, with the ids of those printings."""
    out = []
    for group in _title_groups(articles).values():
        keys = {body_key(a) for a in group}
        if len(group) > 1 and (len(keys) > 1 or "" in keys):
            continue
        first = group[0]
        if _word_count(first.title) >= 4 and legible(first):
            out.append((first, frozenset(a.id for a in group)))
    return out


def _draw(rng: random.Random, pool: list, count: int) -> list:
    return rng.sample(pool, min(count, len(pool)))


def generate(articles: Sequence[Article], per_kind: int, seed: int) -> list[Query]:
    """``per_kind`` queries of each kind (fewer when the articles do not allow as many)."""
    readable = [a for a in articles if legible(a)]
    with_body = [a for a in readable if a.body.strip()]
    known = _known_items(articles)
    conv = _Converters()
    queries: list[Query] = []

    rng = random.Random(f"{seed}-title")
    for a, group in _draw(rng, known, per_kind):
        queries.append(Query("title", a.title.strip(), a.id, group, True))

    for kind in ("phrase", "fragment"):
        rng = random.Random(f"{seed}-{kind}")
        for a in _excerpts_from(rng, with_body, per_kind):
            text, article = a
            queries.append(Query(kind, f'"{text}"' if kind == "phrase" else text,
                                 article.id, frozenset({article.id}), False))

    rng = random.Random(f"{seed}-author")
    bylines = [a for a in readable if a.authors]
    for a in _draw(rng, bylines, per_kind):
        queries.append(Query("author", rng.choice(a.authors), a.id, frozenset({a.id}), False))

    queries.extend(_traditional(random.Random(f"{seed}-traditional"), known, with_body,
                                per_kind, conv))
    queries.extend(_headlines(random.Random(f"{seed}-headline"), articles, per_kind))
    return queries


def headline_groups(articles: Sequence[Article]) -> dict[str, list[Article]]:
    """The articles of each headline key."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        key = headline_key(a.title)
        if key:
            groups[key].append(a)
    return groups


def absent_headlines(articles: Sequence[Article]) -> list[str]:
    """The headlines of ``HEADLINES`` that no article has."""
    groups = headline_groups(articles)
    return [h for h in HEADLINES if headline_key(h) not in groups]


def _headlines(rng: random.Random, articles: Sequence[Article], per_kind: int
               ) -> list[Query]:
    """The listed headlines some article has, then headlines drawn from every legible one
    (half short, half longer), ``per_kind`` in all."""
    groups = headline_groups(articles)
    listed = {headline_key(h): h for h in HEADLINES if headline_key(h) in groups}
    out = [Query("headline", text, groups[key][0].id,
                 frozenset(a.id for a in groups[key]), True, "listed")
           for key, text in listed.items()]
    pool = [(key, g) for key, g in groups.items() if key not in listed and legible(g[0])]
    short = [(key, g) for key, g in pool if len(key) <= SHORT]
    longer = [(key, g) for key, g in pool if len(key) > SHORT]
    half = max(0, per_kind - len(out)) // 2
    for variant, drawn in (("short", _draw(rng, short, half)),
                           ("long", _draw(rng, longer, max(0, per_kind - len(out) - half)))):
        for _key, group in drawn:
            first = group[0]
            out.append(Query("headline", first.title.strip(), first.id,
                             frozenset(a.id for a in group), True, variant))
    return out


def _excerpts_from(rng: random.Random, pool: list[Article], count: int, need=None
                   ) -> list[tuple[str, Article]]:
    out: list[tuple[str, Article]] = []
    for a in rng.sample(pool, len(pool)):
        if len(out) == count:
            break
        text = _excerpt(rng, a, need)
        if text is not None:
            out.append((text, a))
    return out


def _traditional(rng: random.Random, known: list[tuple[Article, frozenset[str]]],
                 with_body: list[Article], per_kind: int, conv: _Converters) -> list[Query]:
    """A quarter each: headlines and fragments in traditional characters (alternating s2t
    and s2tw), headlines and fragments with full-width digits and letters."""
    quarter = max(1, per_kind // 4)
    out: list[Query] = []
    titles = [(a, g) for a, g in known
              if conv.convert("s2t", a.title) != a.title]
    for i, (a, group) in enumerate(_draw(rng, titles, quarter)):
        name = ("s2t", "s2tw")[i % 2]
        out.append(Query("traditional", conv.convert(name, a.title.strip()), a.id, group, True,
                         f"{name} title"))

    def changes(text: str) -> bool:
        return conv.convert("s2t", text) != text
    for i, (text, a) in enumerate(_excerpts_from(rng, with_body, quarter, changes)):
        name = ("s2t", "s2tw")[i % 2]
        out.append(Query("traditional", conv.convert(name, text), a.id, frozenset({a.id}),
                         False, f"{name} fragment"))

    wide_titles = [(a, g) for a, g in known if _ASCII_ALNUM.search(a.title)]
    for a, group in _draw(rng, wide_titles, quarter):
        out.append(Query("traditional", full_width(a.title.strip()), a.id, group, True,
                         "full-width title"))

    def ascii_alnum(text: str) -> bool:
        return bool(_ASCII_ALNUM.search(text))
    for text, a in _excerpts_from(rng, with_body, per_kind - 3 * quarter, ascii_alnum):
        out.append(Query("traditional", full_width(text), a.id, frozenset({a.id}), False,
                         "full-width fragment"))
    return out


def load_topics(path: Path = TOPICS) -> list[Topic]:
    """The judged topics of ``path``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Topic(t["query"], t.get("description", ""),
                  {k: int(v) for k, v in t["judgments"].items()}) for t in data["topics"]]


def by_kind(queries: Iterable[Query]) -> dict[str, list[Query]]:
    out: dict[str, list[Query]] = {k: [] for k in KINDS}
    for q in queries:
        out[q.kind].append(q)
    return out
