"""People, places and organisations as facets, as a user meets them: on the seed page (a
浙江日报 page about 微嘉园 in 嘉兴 南湖区), in the search facets, the place filter, the JSON
API, the article page's links and the command line; and an index written before them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from indexer.archive import open_archive
from indexer.cli import main
from indexer.results import SearchRequest
from search_web import create_app

OLD = Path(__file__).resolve().parents[1] / "data" / "index-before-subpackages"
SEED = "h-e5569c6290978186"  # 以百姓满意为追求 擦亮城市平安底色 (浙江日报, 2020-04-14)


def baoku(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_seed_page_names_jiaxing_nanhu_under_zhejiang_and_its_bylines(sample_backend):
    found = sample_backend.search(SearchRequest(query="微嘉园"))
    assert [h.id for h in found.hits] == [SEED]
    facets = {f.name: f.counts() for f in found.facets}
    assert facets["person"] == {"李小文": 1, "赵妍": 1}
    assert facets["place_province"] == {"浙江省": 1}
    assert facets["place_city"] == {"嘉兴市": 1}
    assert facets["place_county"] == {"南湖区": 1}


def test_filtering_by_a_city_finds_the_articles_naming_its_districts(sample_backend):
    for field, value in (("place", "嘉兴市"), ("place", "南湖区"), ("place_city", "嘉兴市"),
                         ("place_county", "南湖区"), ("person", "赵妍")):
        found = sample_backend.search(SearchRequest(query="微嘉园",
                                                    filters=((field, (value,)),)))
        assert [h.id for h in found.hits] == [SEED], (field, value)
    nowhere = sample_backend.search(SearchRequest(query="微嘉园",
                                                  filters=(("place", ("北京市",)),)))
    assert nowhere.total == 0


def test_the_api_and_the_article_page_link_each_name_to_its_search(sample_index):
    client = create_app({"index": str(sample_index.path), "TESTING": True}).test_client()
    data = client.get("/api/search?q=微嘉园&place=嘉兴市").get_json()
    assert [h["id"] for h in data["hits"]] == [SEED]
    assert data["facets"]["place_county"] == {"南湖区": 1}
    article = client.get(f"/api/article/{SEED}").get_json()
    assert article["entities"]["person"] == ["李小文", "赵妍"]
    assert article["entities"]["place"] == ["浙江省", "嘉兴市", "南湖区"]
    page = BeautifulSoup(client.get(f"/article/{SEED}").data, "html.parser")
    links = {a.text: a["href"] for a in page.select("dd.entities a")}
    assert links["嘉兴市"] == "/search?place=%E5%98%89%E5%85%B4%E5%B8%82"
    assert links["赵妍"] == "/search?person=%E8%B5%B5%E5%A6%8D"
    narrowed = client.get(links["南湖区"]).get_data(as_text=True)
    assert narrowed.count('href="/article/') >= 1 and f'href="/article/{SEED}' in narrowed
    search = BeautifulSoup(client.get("/search?q=微嘉园").data, "html.parser")
    labels = [h.text for h in search.select("section.facet h3")]
    assert labels[-5:] == ["人物", "省份", "城市", "区县", "机构"]
    county = search.select_one('section[data-facet="place_county"] a.facet-value')
    assert (county["data-value"], county["href"]) == (
        "南湖区", "/search?q=%E5%BE%AE%E5%98%89%E5%9B%AD&place_county=%E5%8D%97%E6%B9%96%E5%8C%BA")


def test_the_command_line_filters_by_place_and_prints_the_facets(sample_index):
    code, out, _ = baoku("search", "微嘉园", "--filter", "place=嘉兴市", "--json",
                         "--index", str(sample_index.path))
    assert code == 0
    assert [h["id"] for h in json.loads(out)["hits"]] == [SEED]
    code, out, _ = baoku("search", "微嘉园", "--facets", "--index", str(sample_index.path))
    assert code == 0
    assert out.splitlines()[-5:] == ["person: 李小文 1, 赵妍 1", "place_province: 浙江省 1",
                                     "place_city: 嘉兴市 1", "place_county: 南湖区 1", "org: "]
    code, _, err = baoku("search", "微嘉园", "--filter", "city=嘉兴市",
                         "--index", str(sample_index.path))
    assert code == 2
    assert "place_province, place_city, place_county, org, place" in err


def test_an_index_written_before_them_searches_and_says_how_to_add_them(tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(OLD, folder)
    found = open_archive(folder).search(SearchRequest(query="微嘉园"))
    assert [f.name for f in found.facets] == ["source", "year", "month", "page", "author"]
    code, _, err = baoku("search", "微嘉园", "--facets", "--index", str(folder))
    assert code == 0
    assert err.strip() == (
        f"the index at {folder} was written before the person, place and org facets and "
        f"has none; to add them, copy it into a new folder: baoku copy --from {folder} "
        f"--to NEW_FOLDER (or index the files again into one)")
    # Its article page offers no place links that would find nothing.
    old_page = create_app({"index": str(folder), "TESTING": True}).test_client().get(
        f"/api/article/{found.hits[0].id}").get_json()
    assert old_page["entities"] == {}
    code, _, _ = baoku("copy", "--from", str(folder), "--to", str(tmp_path / "new"))
    assert code == 0
    copied = open_archive(tmp_path / "new").search(SearchRequest(query="微嘉园"))
    assert copied.facet("place_county").counts() == {"南湖区": 1}
    new_page = create_app({"index": str(tmp_path / "new"), "TESTING": True}).test_client().get(
        f"/api/article/{found.hits[0].id}").get_json()
    assert new_page["entities"]["place"] == ["浙江省", "嘉兴市", "南湖区"]


def test_a_batch_counts_its_queries_by_place_at_every_level(sample_index, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("微嘉园\n", encoding="utf-8")
    code, _, err = baoku("batch", str(queries), "--by", "place", "--counts-only",
                         "--index", str(sample_index.path))
    assert code == 0, err
    rows = (tmp_path / "queries.counts.csv").read_text(encoding="utf-8-sig").splitlines()
    counted = {r.split(",")[1]: r.split(",")[2] for r in rows[1:]}
    assert {v: n for v, n in counted.items() if n != "0"} == {
        "浙江省": "1", "嘉兴市": "1", "南湖区": "1"}
    assert rows[0] == "id,period,count,articles,ratio"
    code, _, err = baoku("batch", str(queries), "--by", "city", "--counts-only",
                         "--index", str(sample_index.path))
    assert code == 2 and "'city' is not one of" in err
