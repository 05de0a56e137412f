"""``baoku saved add|list|remove`` (the archive's saved searches) and ``baoku alerts`` (their
new matches since the last alerts, for a cron job or a newsroom chat bot). Each parses its
options, calls ``indexer.saved`` and formats."""
from __future__ import annotations

import json
from urllib.parse import quote

import click

from indexer.backend import SearchBackend
from indexer.errors import InvalidRequest
from indexer.query.dates import date_bound
from indexer.results import FILTER_FIELDS, where_printed
from indexer.saved import ALERTS, WEB, SavedStore, new_saved_search
from indexer.saved.alerts import Alert, take_alerts
from indexer.saved.location import store_path
from indexer.settings import load_settings

from .options import index_option, json_option, open_archive_option, parse_filters, translate_errors


def _store(archive: SearchBackend) -> SavedStore:
    """The saved searches of ``archive``, which must exist. Raises IndexNotFound."""
    archive.open()
    return SavedStore(store_path(archive))


def feed_path(token: str) -> str:
    return f"/saved/{token}.atom"


@click.group()
def saved() -> None:
    """The saved searches: each is checked after every commit of baoku index, watch and the
    admin upload, and its new matches are shown on its web page (/saved), in its Atom feed
    and by baoku alerts."""


@saved.command("add")
@click.argument("name")
@click.argument("query")
@click.option("--filter", "filters", multiple=True, metavar="FIELD=VALUE",
              help=f"Only articles with this value ({', '.join(FILTER_FIELDS)}); repeatable.")
@click.option("--from", "date_from", metavar="DATE", help="Earliest date (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", metavar="DATE", help="Latest date (YYYY[-MM[-DD]]).")
@index_option
@json_option
@translate_errors
def add(name: str, query: str, filters: tuple[str, ...], date_from: str | None,
        date_to: str | None, index_dir: str | None, as_json: bool) -> None:
    """Save QUERY (with its filters) under NAME. Exits 2 for an empty or invalid query or a
    name already taken, 1 when there is no archive."""
    new = new_saved_search(name, query, parse_filters(filters),
                           date_bound(date_from, end=False, name="--from"),
                           date_bound(date_to, end=True, name="--to"))
    store = _store(open_archive_option(index_dir))
    made = store.add(new)
    if as_json:
        click.echo(json.dumps({**made.to_json(), "feed": feed_path(made.feed_token)},
                              ensure_ascii=False))
    else:
        click.echo(f"saved '{made.name}'; its feed: {feed_path(made.feed_token)}")


@saved.command("list")
@index_option
@json_option
@translate_errors
def list_(index_dir: str | None, as_json: bool) -> None:
    """Every saved search (those made in browsers too), with how many matches each has that
    its web page and baoku alerts have not shown yet."""
    store = _store(open_archive_option(index_dir))
    web, alerts = store.unseen_counts(WEB), store.unseen_counts(ALERTS)
    rows = [{**s.to_json(), "feed": feed_path(s.feed_token),
             "new": {"web": web.get(s.id, 0), "alerts": alerts.get(s.id, 0)}}
            for s in store.searches()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo("no saved searches")
    for row in rows:
        narrowed = " ".join(f"{k}={v}" for k, values in row["filters"].items() for v in values)
        click.echo(f"{row['name']}\t{row['query']}{' ' + narrowed if narrowed else ''}\t"
                   f"new: {row['new']['web']} on the web page, {row['new']['alerts']} for "
                   f"alerts\t{row['feed']}")


@saved.command("remove")
@click.argument("name")
@click.option("--all", "remove_all", is_flag=True,
              help="Remove every saved search of this name (browsers may each have one).")
@index_option
@translate_errors
def remove(name: str, remove_all: bool, index_dir: str | None) -> None:
    """Remove the saved search NAME with its record of matches. Exits 2 when there is none,
    or several (made in different browsers) without --all."""
    store = _store(open_archive_option(index_dir))
    found = _named(store, name, remove_all, "remove")
    for search in found:
        store.remove(search.id)
    click.echo(f"removed {len(found)} saved search{'es' if len(found) > 1 else ''} '{name}'")


@saved.command("renew-feed")
@click.argument("name")
@click.option("--all", "renew_all", is_flag=True,
              help="Renew the feed of every saved search of this name.")
@index_option
@translate_errors
def renew_feed(name: str, renew_all: bool, index_dir: str | None) -> None:
    """Give the saved search NAME a new feed link and print it: the old one (which may have
    leaked) no longer answers. Exits 2 when there is none, or several without --all."""
    store = _store(open_archive_option(index_dir))
    for search in _named(store, name, renew_all, "renew"):
        renewed = store.renew_feed_token(search.id)
        if renewed is not None:
            click.echo(f"'{name}': its feed is now {feed_path(renewed.feed_token)}")


def _named(store: SavedStore, name: str, every: bool, verb: str) -> list:
    """The saved searches called ``name``. Raises InvalidRequest when there is none, or
    several (made in different browsers) and not ``every``."""
    found = store.named(name)
    if not found:
        raise InvalidRequest(f"no saved search is named '{name}'")
    if len(found) > 1 and not every:
        raise InvalidRequest(f"{len(found)} saved searches are named '{name}' (made in "
                             f"different browsers); give --all to {verb} them all")
    return found


def _article_url(article_id: str) -> str | None:
    """The article's address on the site when the ``public_url`` setting names it."""
    public = load_settings().get("public_url")
    return f"{public.rstrip('/')}/article/{quote(article_id)}" if public else None


def _alert_json(alert: Alert) -> dict:
    data = alert.to_json()
    for hit in data["new"]:
        hit["url"] = _article_url(hit["id"])
    return data


def _alert_lines(alert: Alert) -> list[str]:
    lines = [f"{alert.search.name} ({alert.search.query}): {len(alert.hits) + alert.more} new"]
    for matched in alert.hits:
        hit = matched.hit
        meta = where_printed(hit.source, hit.date, hit.page)
        lines.append(f"  {hit.title}  [{hit.id}]  {meta}")
        lines.append(f"    {' '.join(hit.snippet.text.split())}")
    if alert.more:
        lines.append(f"  and {alert.more} more: open the saved search to see them")
    return lines


@click.command()
@index_option
@json_option
@translate_errors
def alerts(index_dir: str | None, as_json: bool) -> None:
    """Print the new matches of every saved search since alerts last ran, and mark them
    seen (the web page keeps its own): a second run right after prints none."""
    archive = open_archive_option(index_dir)
    found = take_alerts(archive, _store(archive), load_settings()["snippet_chars"])
    if as_json:
        click.echo(json.dumps([_alert_json(a) for a in found], ensure_ascii=False))
        return
    if not found:
        click.echo("no new matches")
    for alert in found:
        click.echo("\n".join(_alert_lines(alert)))
