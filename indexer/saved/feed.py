"""A saved search's Atom feed, built with feedgen: its latest hits, each with headline,
paper, date, 版, byline, snippet and the article's address. Feed readers poll it; the
secret token in its address is the only key to it."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from html import escape

from feedgen.feed import FeedGenerator

from indexer.results import where_printed

from .hits import MatchedHit
from .model import SavedSearch

# Chinese newspapers date their issues in China's time.
CHINA = timezone(timedelta(hours=8), "CST")


def _when(iso: str) -> datetime:
    """A stored UTC time (ISO) as an aware datetime."""
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _meta(hit) -> str:
    return where_printed(hit.source, hit.date, hit.page, "、".join(hit.authors))


def atom_feed(saved: SavedSearch, hits: Sequence[MatchedHit], *, feed_url: str,
              search_url: str, article_url: Callable[[str], str]) -> bytes:
    """The Atom document (UTF-8) of ``saved`` listing ``hits`` in their order: the entry of
    a hit is updated when the match was recorded, published on the article's date."""
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(f"报库订阅：{saved.name}")
    feed.subtitle(f"检索“{saved.query}”的新文章")
    feed.link(href=feed_url, rel="self")
    feed.link(href=search_url, rel="alternate")
    feed.language("zh-CN")
    feed.generator("Baoku")
    feed.updated(_when(hits[0].match.first_seen if hits else saved.created))
    for matched in hits:
        hit, url = matched.hit, article_url(matched.hit.id)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(hit.title or "（无标题）")
        entry.link(href=url, rel="alternate")
        entry.updated(_when(matched.match.first_seen))
        if published := _day(hit.date):
            entry.published(published)
        for name in hit.authors:
            entry.author(name=name)
        if hit.source:
            entry.category(term=hit.source)
        meta = _meta(hit)
        entry.summary(f"{meta}\n{hit.snippet.text}" if meta else hit.snippet.text)
        entry.content(f"<p>{escape(meta)}</p><p>{hit.snippet.html()}</p>", type="html")
    return feed.atom_str(pretty=True)


def _day(date: str | None) -> datetime | None:
    """The issue's day at midnight in China, or None for a date that is no real day (the
    library accepts 2019-02-30 from a reader): the entry is then listed without it."""
    try:
        return datetime.fromisoformat(date).replace(tzinfo=CHINA) if date else None
    except ValueError:
        return None
