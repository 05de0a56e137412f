"""`baoku index`, `baoku remove` and `baoku check` on real issues, as an editor runs them:
idempotent, replacing a corrected article under its id, withdrawing articles and issues."""
from __future__ import annotations

import json
from pathlib import Path

from editing_helpers import untimed

from indexer.engine.store import open_index
from indexer.engine.writing import indexed_hashes


def issue_ids(folder: Path) -> list[str]:
    """The ids the e-paper files of an issue folder get (``rmrb-YYYYMMDD-PP-NN``)."""
    return sorted(f"rmrb-{p.stem}" for p in folder.glob("*.txt"))


def index_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def search_ids(baoku, index: Path, query: str) -> list[str]:
    """The ids a search finds, with those of identical articles collapsed into a hit."""
    ran = baoku("search", query, "--index", index, "--json", "--limit", "100")
    assert ran.code == 0, ran.err
    return sorted(i for h in json.loads(ran.out)["hits"] for i in [h["id"], *h["also_on"]])


def test_indexing_twice_changes_nothing(baoku, epaper, tmp_path) -> None:
    index = tmp_path / "index"
    first = baoku("index", epaper / "20191005", "--index", index)
    assert (first.code, untimed(first.out)) == (
        0, "added 37, replaced 0, unchanged 0, removed 0, failed 0\n")
    files = index_files(index)
    hashes = indexed_hashes(open_index(index))
    again = baoku("index", epaper / "20191005", "--index", index)
    assert (again.code, untimed(again.out)) == (
        0, "added 0, replaced 0, unchanged 37, removed 0, failed 0\n")
    assert index_files(index) == files  # no new generation, no new segment
    assert indexed_hashes(open_index(index)) == hashes
    assert sorted(hashes) == issue_ids(epaper / "20191005")


def test_a_corrected_article_replaces_the_old_one(baoku, issue_copy, tmp_path) -> None:
    issue = issue_copy("20191005")
    index = tmp_path / "index"
    assert baoku("index", issue, "--index", index).code == 0
    assert search_ids(baoku, index, '"更正说明"') == []
    article = issue / "20191005-04-02.txt"
    lines = article.read_bytes().decode("utf-8").split("\r\n")
    assert lines[1] == "秋染梯田"
    lines[1] = "秋染梯田（更正稿）"
    lines.append("\u3000\u3000更正说明：本文图片说明有误，已更正。")
    article.write_bytes("\r\n".join(lines).encode("utf-8"))

    dry = baoku("index", issue, "--index", index, "--dry-run")
    assert (dry.code, untimed(dry.out)) == (0, "would replace rmrb-20191005-04-02\n"
                                           "would be: added 0, replaced 1, unchanged 36, "
                                           "removed 0, failed 0\n")
    assert search_ids(baoku, index, '"更正说明"') == []

    ran = baoku("index", issue, "--index", index)
    assert untimed(ran.out) == "added 0, replaced 1, unchanged 36, removed 0, failed 0\n"
    assert search_ids(baoku, index, '"更正说明"') == ["rmrb-20191005-04-02"]
    assert search_ids(baoku, index, 'title:"更正稿"') == ["rmrb-20191005-04-02"]
    shown = json.loads(baoku("show", "rmrb-20191005-04-02", "--index", index, "--json").out)
    assert (shown["title"], shown["body"].splitlines()[-1]) == (
        "秋染梯田（更正稿）", "更正说明：本文图片说明有误，已更正。")
    assert len(indexed_hashes(open_index(index))) == 37


def test_withdrawing_articles_and_an_issue(baoku, epaper, tmp_path) -> None:
    index = tmp_path / "index"
    assert baoku("index", epaper / "20191005", epaper / "20191006", "--index", index).code == 0
    ids_05, ids_06 = issue_ids(epaper / "20191005"), issue_ids(epaper / "20191006")

    ran = baoku("remove", "rmrb-20191005-04-02", "rmrb-20191005-01-01", "no-such-id",
                "--index", index)
    assert (ran.code, untimed(ran.out), ran.err) == (
        0, "added 0, replaced 0, unchanged 0, removed 2, failed 0\n",
        "not in the index: no-such-id\n")
    gone = baoku("show", "rmrb-20191005-04-02", "--index", index)
    assert (gone.code, gone.err) == (
        1, "Error: no article with id 'rmrb-20191005-04-02' in the index\n")

    dry = baoku("remove", "--issue", "2019-10-05", "--source", "人民日报", "--index", index,
                "--dry-run")
    remaining = [i for i in ids_05 if i not in ("rmrb-20191005-04-02", "rmrb-20191005-01-01")]
    assert untimed(dry.out) == "".join(f"would remove {i}\n" for i in remaining) + (
        "would be: added 0, replaced 0, unchanged 0, removed 35, failed 0\n")
    other_paper = baoku("remove", "--issue", "2019-10-05", "--source", "浙江日报",
                        "--index", index)
    assert (untimed(other_paper.out), other_paper.err) == (
        "added 0, replaced 0, unchanged 0, removed 0, failed 0\n",
        "no article of 2019-10-05 (浙江日报) is in the index\n")

    ran = baoku("remove", "--issue", "2019-10-05", "--index", index, "--json")
    summary = json.loads(ran.out)
    assert (summary["removed"], summary["failed"]) == (35, 0)
    assert sorted(indexed_hashes(open_index(index))) == ids_06
    assert search_ids(baoku, index, "") == ids_06
    check = baoku("check", "--index", index)
    assert (check.code, check.out) == (
        0, f"{index}: generation 3, 1 segment, {len(ids_06)} articles\nok\n")


def test_remove_refuses_unclear_requests(baoku, tmp_path, sample_index) -> None:
    both = baoku("remove", "x", "--issue", "2019-10-05", "--index", sample_index.path)
    assert (both.code, both.err) == (2, "Error: give either article ids or --issue DATE\n")
    bad_date = baoku("remove", "--issue", "2019-13-05", "--index", sample_index.path)
    assert (bad_date.code, bad_date.err) == (
        2, "Error: '2019-13-05' is not a date; write YYYY-MM-DD, e.g. 2019-10-01\n")
    missing = baoku("remove", "x", "--index", tmp_path / "none")
    assert missing.code == 1
    assert missing.err == (f"Error: no Baoku index at {tmp_path / 'none'} (run 'baoku index "
                           f"PATH --index {tmp_path / 'none'}' to create one)\n")
    assert not (tmp_path / "none").exists()


def test_dry_run_of_new_articles_lists_them_and_writes_nothing(baoku, epaper, tmp_path
                                                               ) -> None:
    index = tmp_path / "index"
    assert baoku("index", epaper / "20191005", "--index", index).code == 0
    files = index_files(index)
    dry = baoku("index", epaper / "20191007", "--index", index, "--dry-run")
    ids_07 = issue_ids(epaper / "20191007")
    assert untimed(dry.out) == "".join(f"would add {i}\n" for i in ids_07) + (
        f"would be: added {len(ids_07)}, replaced 0, unchanged 0, removed 0, failed 0\n")
    assert index_files(index) == files
