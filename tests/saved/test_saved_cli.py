"""``baoku saved`` and ``baoku alerts`` as a user runs them: exact output and exit status."""
from __future__ import annotations

import json

from click.testing import CliRunner
from saved_helpers import NEW_ISSUE, articles_of, ids_with

from indexer.cli import main


def baoku(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_add_list_index_alerts_then_no_more_alerts(archive):
    at = ("--index", archive.path)
    code, out, err = baoku("saved", "add", "头版阅兵", "阅兵", "--filter", "page=1", *at)
    assert (code, err) == (0, "")
    assert out.startswith("saved '头版阅兵'; its feed: /saved/") and out.endswith(".atom\n")
    code, out, err = baoku("index", NEW_ISSUE, "--no-progress", *at)
    assert code == 0
    assert err.startswith("saved searches: 2 new matches (1 searches checked in ")
    code, out, _ = baoku("saved", "list", "--json", *at)
    [listed] = json.loads(out)
    assert {k: listed[k] for k in ("name", "query", "filters", "new", "by")} == {
        "name": "头版阅兵", "query": "阅兵", "filters": {"page": ["1"]},
        "new": {"web": 2, "alerts": 2}, "by": "command line"}
    code, out, _ = baoku("alerts", "--json", *at)
    [alert] = json.loads(out)
    expected = ids_with("阅兵", NEW_ISSUE, page="1")
    titles = {a.id: a.title for a in articles_of(NEW_ISSUE)}
    assert alert["search"]["name"] == "头版阅兵"
    assert {h["id"]: h["title"] for h in alert["new"]} == {i: titles[i] for i in expected}
    assert all(h["page"] == "1" and h["date"] == "2019-10-07" and "<mark>阅兵</mark>"
               in h["snippet"] for h in alert["new"])
    assert baoku("alerts", "--json", *at) == (0, "[]\n", "")
    assert baoku("alerts", *at) == (0, "no new matches\n", "")
    # the web page keeps its own look: still 2 new there
    code, out, _ = baoku("saved", "list", "--json", *at)
    assert json.loads(out)[0]["new"] == {"web": 2, "alerts": 0}


def test_alerts_as_text_name_each_search_and_its_articles(archive):
    at = ("--index", archive.path)
    baoku("saved", "add", "阅兵", "阅兵", *at)
    baoku("index", NEW_ISSUE, "--no-progress", *at)
    code, out, _ = baoku("alerts", *at)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "阅兵 (阅兵): 5 new"
    shown = [line for line in lines if line.startswith("  ") and not line.startswith("    ")]
    assert len(shown) == 5 and all("人民日报 · 2019-10-07 · " in line for line in shown)


def test_bad_input_is_one_line_and_exit_2(archive, tmp_path):
    at = ("--index", archive.path)
    assert baoku("saved", "add", "阅兵", "阅兵", *at)[0] == 0
    assert baoku("saved", "add", "阅兵", "国庆", *at) == (
        2, "", "Error: a saved search named '阅兵' already exists\n")
    assert baoku("saved", "add", "空", "", *at) == (
        2, "", "Error: a saved search needs a query: an empty one would follow every "
               "article\n")
    assert baoku("saved", "add", "引号", '"阅兵', *at) == (
        2, "", "Error: the quote opened at position 1 is never closed\n")
    assert baoku("saved", "add", "太长", "阅" * 1001, *at) == (
        2, "", "Error: the query is 1001 characters long; the most a query may have is "
               "1000\n")
    assert baoku("saved", "add", "x", "阅兵", "--filter", "colour=红", *at)[0] == 2
    assert baoku("saved", "remove", "没有", *at) == (
        2, "", "Error: no saved search is named '没有'\n")
    missing = tmp_path / "nowhere"
    code, out, err = baoku("saved", "add", "阅兵", "阅兵", "--index", missing)
    assert (code, out) == (1, "") and err.startswith(f"Error: no Baoku index at {missing}")
    assert len(err.splitlines()) == 1
    assert baoku("alerts", "--index", missing)[0] == 1


def test_remove_takes_the_search_and_its_record(archive):
    at = ("--index", archive.path)
    baoku("saved", "add", "阅兵", "阅兵", *at)
    assert baoku("saved", "remove", "阅兵", *at) == (0, "removed 1 saved search '阅兵'\n", "")
    assert baoku("saved", "list", *at) == (0, "no saved searches\n", "")
    assert baoku("saved", "list", "--json", *at) == (0, "[]\n", "")


def test_renew_feed_prints_a_new_feed_and_the_old_one_is_gone(archive):
    at = ("--index", archive.path)
    old = baoku("saved", "add", "阅兵", "阅兵", *at)[1].split("its feed: ")[1].strip()
    code, out, err = baoku("saved", "renew-feed", "阅兵", *at)
    assert (code, err) == (0, "") and out.startswith("'阅兵': its feed is now /saved/")
    new = out.split("its feed is now ")[1].strip()
    assert new != old and new.endswith(".atom")
    listed = json.loads(baoku("saved", "list", "--json", *at)[1])
    assert [s["feed"] for s in listed] == [new]
    code, _, err = baoku("saved", "renew-feed", "国庆", *at)
    assert (code, err) == (2, "Error: no saved search is named '国庆'\n")


def test_a_backfill_gives_the_latest_alerts_and_counts_the_others(archive, monkeypatch):
    # A back-filled year may bring thousands of matches: the chat bot gets the latest few,
    # told how many more there are, and all of them are seen.
    monkeypatch.setattr("indexer.saved.alerts.ALERT_HITS", 2)
    at = ("--index", archive.path)
    baoku("saved", "add", "阅兵", "阅兵", *at)
    baoku("index", NEW_ISSUE, "--no-progress", *at)
    code, out, _ = baoku("alerts", *at)
    lines = out.splitlines()
    assert (code, lines[0], lines[-1]) == (
        0, "阅兵 (阅兵): 5 new", "  and 3 more: open the saved search to see them")
    assert len([line for line in lines if line.startswith("  [") or "[" in line]) == 2
    assert baoku("alerts", *at) == (0, "no new matches\n", "")
