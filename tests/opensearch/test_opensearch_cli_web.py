"""The command line and the web app on an archive named by an ``opensearch://`` address work
as on a folder: ``baoku index``, ``search --json``, ``stats``, ``show``, ``batch``,
``remove``, ``check``, the search, article and issue pages and the JSON API give what the same
commands give on a Whoosh folder of the same files; an unreachable cluster is one line (exit
1) or a 503 page naming the address."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import main
from search_web import create_app

UNREACHABLE = "opensearch://127.0.0.1:9299/nowhere"
QUERIES = ("阅兵", '"人民日报"', "嘉兴 OR 微嘉园", "source:人民日报 date:2019-10-02")


def baoku(*args: str | Path) -> tuple[int, str, str]:
    ran = CliRunner().invoke(main, [str(a) for a in args])
    return ran.exit_code, ran.stdout, ran.stderr


@pytest.fixture(scope="module")
def both(new_archive, sample_dir: Path, tmp_path_factory) -> dict[str, str]:
    """The sample archive indexed by ``baoku index`` into a folder and onto the cluster."""
    archives = {"whoosh": str(tmp_path_factory.mktemp("cli") / "index"),
                "opensearch": new_archive("cli").address}
    for address in archives.values():
        code, out, err = baoku("index", sample_dir, "--index", address, "--json")
        assert code == 0, err
        assert json.loads(out)["added"] == 140
    return archives


def _search(address: str, query: str) -> dict:
    code, out, err = baoku("search", query, "--index", address, "--json", "--limit", "5")
    assert code == 0, err
    return json.loads(out)


def test_indexing_again_changes_nothing(both, sample_dir: Path) -> None:
    code, out, _ = baoku("index", sample_dir, "--index", both["opensearch"], "--json")
    assert (code, json.loads(out)["unchanged"], json.loads(out)["added"]) == (0, 140, 0)


@pytest.mark.parametrize("query", QUERIES)
def test_search_json_answers_as_the_folder_does(both, query: str) -> None:
    folder, cluster = _search(both["whoosh"], query), _search(both["opensearch"], query)
    assert cluster["total"] == folder["total"] > 0
    assert cluster["facets"] == folder["facets"]
    assert cluster["hits"][0]["id"] == folder["hits"][0]["id"]


def test_stats_and_show(both) -> None:
    stats = {name: json.loads(baoku("stats", "--index", a, "--json")[1])
             for name, a in both.items()}
    assert stats["opensearch"] == stats["whoosh"]
    shown = {name: baoku("show", "rmrb-20191002-03-02", "--index", a)[1]
             for name, a in both.items()}
    assert shown["opensearch"] == shown["whoosh"] and "阅兵" in shown["whoosh"]


def test_batch_counts_are_the_folders(both, tmp_path: Path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("阅兵\n国庆\n\"脱贫攻坚\"\n", encoding="utf-8")
    outputs = {}
    for name, address in both.items():
        code, _, err = baoku("batch", queries, "--index", address, "--out", tmp_path / name,
                             "--counts-only", "--by", "day")
        assert code == 0, err
        outputs[name] = [(tmp_path / f"{name}.{kind}.csv").read_text("utf-8-sig")
                         for kind in ("summary", "counts")]
    assert outputs["opensearch"] == outputs["whoosh"]
    assert "阅兵" in outputs["whoosh"][0]


def test_remove_and_check(both, new_archive, sample_dir: Path) -> None:
    address = new_archive("cli-edit").address
    assert baoku("index", sample_dir / "rmrb-epaper", "--index", address)[0] == 0
    before = _search(address, "")["total"]
    code, out, err = baoku("remove", "rmrb-20191002-03-02", "--index", address, "--json")
    assert (code, json.loads(out)["removed"]) == (0, 1), err
    assert _search(address, "")["total"] == before - 1
    code, out, err = baoku("check", "--index", address)
    assert (code, out.splitlines()[-1]) == (0, "ok"), err


def test_the_web_pages_show_the_cluster_archive(both) -> None:
    pages = {name: create_app({"index": a, "TESTING": True}).test_client()
             for name, a in both.items()}
    found = {name: c.get("/api/search?q=阅兵").get_json() for name, c in pages.items()}
    assert found["opensearch"]["total"] == found["whoosh"]["total"] > 0
    first = found["whoosh"]["hits"][0]["id"]
    assert found["opensearch"]["hits"][0]["id"] == first
    page = pages["opensearch"].get("/search?q=阅兵")
    assert page.status_code == 200 and f'/article/{first}' in page.get_data(as_text=True)
    article = pages["opensearch"].get(f"/article/{first}?q=阅兵").get_data(as_text=True)
    assert "<mark>阅兵</mark>" in article
    issue = {name: c.get("/api/issue/2019-10-02").get_json() for name, c in pages.items()}
    assert issue["opensearch"] == issue["whoosh"]


def test_an_unreachable_cluster_is_one_line_and_a_503(tmp_path: Path) -> None:
    code, out, err = baoku("search", "阅兵", "--index", UNREACHABLE)
    assert (code, out, len(err.splitlines())) == (1, "", 1)
    assert err.startswith("Error: ") and "127.0.0.1:9299" in err
    client = create_app({"index": UNREACHABLE, "TESTING": True}).test_client()
    answer = client.get("/api/search?q=阅兵")
    assert (answer.status_code, answer.get_json()["error"]) == (503, {
        "status": 503, "type": "archive_unavailable", "position": None,
        "message": "the OpenSearch cluster cannot be reached"})
    page = client.get("/search?q=阅兵")
    assert page.status_code == 503 and "检索集群暂时无法连接" in page.get_data(as_text=True)
    assert "9299" not in page.get_data(as_text=True)  # the cluster's address is for the log


def test_copy_a_folder_onto_the_cluster_and_back(both, new_archive, tmp_path: Path) -> None:
    onto = new_archive("copied").address
    back = tmp_path / "back"
    for source, target in ((both["whoosh"], onto), (onto, back)):
        code, out, err = baoku("copy", "--from", source, "--to", target, "--json")
        assert code == 0, err
        report = json.loads(out)
        assert (report["articles"], report["target_articles"], report["added"]) == (
            140, 140, 140)
    for query in QUERIES:
        assert _search(str(back), query)["total"] == _search(onto, query)["total"] \
            == _search(both["whoosh"], query)["total"]
    assert baoku("show", "rmrb-20191002-03-02", "--index", back)[1] == \
        baoku("show", "rmrb-20191002-03-02", "--index", both["whoosh"])[1]
