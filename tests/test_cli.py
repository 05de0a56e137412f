"""The `baoku` command as a user runs it: exact output and exit status."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from indexer.cli import main


def baoku(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_search_json_has_the_documented_shape(sample_index) -> None:
    code, out, _ = baoku("search", "微嘉園", "--index", str(sample_index.path), "--json")
    assert code == 0
    data = json.loads(out)
    hit = data["hits"][0]
    assert (data["query"], data["total"], len(data["hits"])) == ("微嘉園", 1, 1)
    assert {k: hit[k] for k in ("title", "date", "source", "page", "authors")} == {
        "title": "以百姓满意为追求 擦亮城市平安底色", "date": "2020-04-14", "source": "浙江日报",
        "page": None, "authors": ["李小文", "赵妍"]}
    assert hit["snippet"].count("<mark>微嘉园</mark>") == 3
    assert isinstance(hit["score"], float) and hit["score"] > 0
    assert data["facets"] == {"source": {"浙江日报": 1}, "year": {"2020": 1},
                              "month": {"2020-04": 1}, "page": {},
                              "author": {"李小文": 1, "赵妍": 1},
                              "person": {"李小文": 1, "赵妍": 1},
                              "place_province": {"浙江省": 1}, "place_city": {"嘉兴市": 1},
                              "place_county": {"南湖区": 1}, "org": {}}


def test_search_text_output(sample_index) -> None:
    code, out, _ = baoku("search", "title:花海", "--index", str(sample_index.path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("1 articles (")
    assert lines[1].startswith("1. 享受花海  [")
    assert lines[2:] == [
        "   浙江日报 · 2020-04-14",
        "   4月13日,在安吉县报福镇洪家村杜鹃花基地,近万株杜鹃与竹海、绿水形成了美丽的乡村风景线,"
        "游客慕名而来,享受美丽乡村的美好时光。"]


def test_filters_and_dates_on_the_command_line(sample_index) -> None:
    code, out, _ = baoku("search", "阅兵", "--index", str(sample_index.path), "--json",
                         "--filter", "page=2", "--from", "2019-10-03", "--to", "2019-10-03",
                         "--sort", "newest")
    assert code == 0
    data = json.loads(out)
    assert {(h["date"], h["page"]) for h in data["hits"]} == {("2019-10-03", "2")}


def test_malformed_query_exits_2_with_a_message(sample_index) -> None:
    code, out, err = baoku("search", '"微嘉园', "--index", str(sample_index.path))
    assert (code, out, err) == (2, "", "Error: the quote opened at position 1 is never closed\n")


def test_bad_filter_exits_2(sample_index) -> None:
    code, _, err = baoku("search", "嘉兴", "--index", str(sample_index.path), "--filter", "x")
    assert code == 2
    assert err == ("Error: --filter takes FIELD=VALUE with FIELD one of source, year, month, "
                   "page, author, person, place_province, place_city, place_county, org, "
                   "place, not 'x'\n")


def test_missing_index_exits_1_with_a_hint(tmp_path: Path) -> None:
    where = tmp_path / "nowhere"
    code, _, err = baoku("search", "嘉兴", "--index", str(where))
    assert code == 1
    assert err == (f"Error: no Baoku index at {where} (run 'baoku index PATH --index {where}'"
                   " to create one)\n")


def test_index_env_variable_is_the_default(sample_index, monkeypatch) -> None:
    monkeypatch.setenv("BAOKU_INDEX", str(sample_index.path))
    code, out, _ = baoku("stats", "--json")
    assert code == 0
    stats = json.loads(out)
    assert (stats["articles"], stats["first_date"], stats["last_date"]) == (
        140, "1998-03-01", "2022-02-14")
    assert stats["sources"]["人民日报"] == 127 and stats["sources"]["浙江日报"] == 5


def test_index_prints_the_summary_and_is_idempotent(tmp_path: Path, corpus_data: Path) -> None:
    issue = str(corpus_data / "raw" / "rmrb-epaper" / "20191005")
    target = str(tmp_path / "ix")
    code, out, _ = baoku("index", issue, "--index", target)
    assert code == 0
    assert out.startswith("added 37, replaced 0, unchanged 0, removed 0, failed 0 in ")
    code, out, _ = baoku("index", issue, "--index", target, "--json")
    summary = json.loads(out)
    assert (summary["added"], summary["unchanged"], summary["failed"]) == (0, 37, 0)


def test_parse_prints_every_field(corpus_data: Path) -> None:
    page = corpus_data / "raw" / "rmrb-epaper" / "20191001" / "20191001-01-01.txt"
    code, out, _ = baoku("parse", str(page), "--json")
    assert code == 0
    article = json.loads(out)
    assert (article["id"], article["source"], article["date"], article["page"]) == (
        "rmrb-20191001-01-01", "人民日报", "2019-10-01", "1")
    assert set(article) >= {"id", "title", "body", "source", "date", "page", "authors",
                            "captions", "continuation", "url", "source_file", "content_hash"}


def test_search_snippets_take_their_length_from_the_settings(sample_index, monkeypatch) -> None:
    monkeypatch.setenv("BAOKU_SNIPPET_CHARS", "20")
    code, out, _ = baoku("search", "阅兵", "--index", str(sample_index.path), "--json",
                         "--limit", "3")
    snippets = [h["snippet"] for h in json.loads(out)["hits"]]
    assert code == 0 and snippets and all(len(s.replace("<mark>", "").replace("</mark>", ""))
                                          <= 20 + 2 for s in snippets), snippets  # + two …
