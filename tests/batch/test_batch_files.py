"""`baoku batch` over an index of real articles: the three files, row by row."""
from __future__ import annotations

import json
import re

from batch_helpers import (
    BAD,
    BOM,
    GOOD,
    QUERIES,
    baoku,
    expected_counts,
    expected_hits,
    expected_summary,
    rows,
    search_ids,
    search_total,
)

from indexer.batch.output import COUNTS_COLUMNS, HITS_COLUMNS, SUMMARY_COLUMNS


def run(index, queries, prefix, *options: str) -> tuple[int, str, str]:
    return baoku("batch", str(queries), "--index", str(index.path), "--out", str(prefix),
                 *options)


def test_summary_totals_are_the_search_totals(batch_index, write, tmp_path):
    code, out, err = run(batch_index, write("q.txt", QUERIES), tmp_path / "out", "--limit", "3")
    assert code == 0, err
    summary = rows(tmp_path / "out.summary.csv")
    assert summary[0] == list(SUMMARY_COLUMNS)
    line, query, message = BAD
    expected = [expected_summary(batch_index, str(n), q) for n, q in GOOD[:9]]
    expected += [[str(line), query, "", "", "", message]]
    expected += [expected_summary(batch_index, str(n), q) for n, q in GOOD[9:]]
    assert summary[1:] == expected
    # The totals are those of `baoku search`, and not all alike (a real test of them).
    totals = {q: int(row[2]) for (_, q), row in zip(GOOD, summary[1:10] + summary[11:],
                                                    strict=True)}
    assert totals["xyz无此词"] == 0 and totals["中国"] > totals["疫情"] > totals['"脱贫攻坚"'] > 0
    assert err == f"line {line}: {message}\n"
    assert re.sub(r"in \d+\.\d s", "in T s", out) == (
        f"11 queries: 1 invalid, 1 without results, in T s\n"
        f"wrote {tmp_path}/out.summary.csv, {tmp_path}/out.counts.csv, "
        f"{tmp_path}/out.wide.csv, {tmp_path}/out.hits.csv\n"
        "without results:\n"
        "  10\txyz无此词\n")


def test_counts_per_month_sum_to_the_total_with_the_share_of_all_articles(batch_index, write,
                                                                          tmp_path):
    code, _, err = run(batch_index, write("q.txt", QUERIES), tmp_path / "out", "--by",
                       "month", "--counts-only")
    assert code == 0, err
    counts = rows(tmp_path / "out.counts.csv")
    assert counts[0] == list(COUNTS_COLUMNS)
    expected = [r for n, q in GOOD for r in expected_counts(batch_index, str(n), q)]
    assert counts[1:] == expected
    periods = [r[1] for r in counts[1:] if r[0] == "2"]
    assert periods == ["2012-06", "2016-01", "2019-02", "2019-10", "2020-01", "2020-02",
                       "2020-03", "2020-04", "undated"]
    for n, q in GOOD:
        assert sum(int(r[2]) for r in counts[1:] if r[0] == str(n)) == search_total(
            batch_index, q)
    assert not (tmp_path / "out.hits.csv").exists()


def test_hits_are_the_search_hits_in_rank_order_with_plain_snippets(batch_index, write,
                                                                    tmp_path):
    code, _, err = run(batch_index, write("q.txt", QUERIES), tmp_path / "out", "--limit", "4")
    assert code == 0, err
    hits = rows(tmp_path / "out.hits.csv")
    assert hits[0] == list(HITS_COLUMNS)
    expected = [r for n, q in GOOD for r in expected_hits(batch_index, str(n), q, 4)]
    assert hits[1:] == expected
    assert [r[2] for r in hits[1:] if r[0] == "3"] == search_ids(batch_index, "疫情", 4)
    assert all("<mark>" not in r[8] for r in hits[1:])
    assert sum(1 for r in hits[1:] if r[0] == "10") == 0


def test_limit_0_writes_every_hit_and_jsonl_holds_the_same_rows(batch_index, write,
                                                                tmp_path):
    queries = write("q.txt", "疫情\n\"脱贫攻坚\"\n")
    assert run(batch_index, queries, tmp_path / "a", "--limit", "0")[0] == 0
    assert run(batch_index, queries, tmp_path / "b", "--limit", "0", "--format", "jsonl")[0] \
        == 0
    csv_rows = rows(tmp_path / "a.hits.csv")
    assert len(csv_rows) - 1 == search_total(batch_index, "疫情") + search_total(
        batch_index, '"脱贫攻坚"')
    assert not (tmp_path / "b.hits.jsonl").read_bytes().startswith(BOM)  # JSONL: no mark
    with open(tmp_path / "b.hits.jsonl", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    assert [[str(v) for v in r.values()] for r in records] == csv_rows[1:]
    assert list(records[0]) == list(HITS_COLUMNS)


def test_csv_queries_with_their_own_dates_and_paper(batch_index, write, tmp_path):
    queries = write("q.csv", "id,query,from,to,source\n"
                             "all,中国,,,\n"
                             "rmrb-2020,中国,2020-01,2020-12,人民日报\n"
                             "cns,中国,,,中国新闻网\n")
    code, _, err = run(batch_index, queries, tmp_path / "out", "--counts-only", "--by", "year",
                       "--from", "2016")
    assert code == 0, err
    summary = {r[0]: r for r in rows(tmp_path / "out.summary.csv")[1:]}

    def total(*args: str) -> int:
        code, out, _ = baoku("search", "中国", "--index", str(batch_index.path), "--json",
                             "--limit", "0", *args)
        return json.loads(out)["total"]

    assert int(summary["all"][2]) == total("--from", "2016")
    assert int(summary["rmrb-2020"][2]) == total("--from", "2020-01", "--to", "2020-12",
                                                 "--filter", "source=人民日报")
    assert int(summary["cns"][2]) == total("--from", "2016", "--filter", "source=中国新闻网")
    assert 0 < int(summary["rmrb-2020"][2]) < int(summary["all"][2])
    counts = [r for r in rows(tmp_path / "out.counts.csv")[1:] if r[0] == "rmrb-2020"]
    # Only the paper's own articles of 2020 are counted, and the share is of those.
    assert counts == [["rmrb-2020", "2020", summary["rmrb-2020"][2], "50",
                       f"{int(summary['rmrb-2020'][2]) / 50:.6f}"]]


def test_bad_options_exit_2_with_a_message(batch_index, write, tmp_path):
    queries = write("q.txt", "疫情\n")
    assert run(batch_index, queries, tmp_path / "o", "--filter", "colour=red")[0:3:2] == (
        2, "Error: --filter takes FIELD=VALUE with FIELD one of source, year, month, page, "
           "author, person, place_province, place_city, place_county, org, place, "
           "not 'colour=red'\n")
    assert run(batch_index, queries, tmp_path / "o", "--limit", "-1")[0:3:2] == (
        2, "Error: --limit must be 0 (all hits) or more, not -1\n")
    assert run(batch_index, queries, tmp_path / "o", "--from", "2020-13")[0:3:2] == (
        2, "Error: --from: '2020-13' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD\n")


def test_wide_table_has_a_row_per_period_and_a_column_per_query(batch_index, write,
                                                                 tmp_path):
    queries = write("q.csv", 'id,query,from,to\n'
                             'all,疫情,,\n'
                             'y2020,春节,2020,2020\n'
                             'bad,"""没有结束",,\n'
                             'none,xyz无此词,,\n')
    code, out, err = run(batch_index, queries, tmp_path / "out", "--counts-only", "--by",
                         "year")
    assert code == 0, err
    assert f"wrote {tmp_path}/out.summary.csv, {tmp_path}/out.counts.csv, " \
           f"{tmp_path}/out.wide.csv\n" in out

    def trend(*args: str) -> dict[str, dict[str, int]]:
        code, out, _ = baoku("trend", *args, "--by", "year", "--index",
                             str(batch_index.path), "--json")
        assert code == 0
        return {t["query"]: {p["period"]: p["count"] for p in t["periods"]}
                for t in json.loads(out)}

    every = trend("疫情", "xyz无此词")
    spring = trend("春节", "--from", "2020", "--to", "2020")["春节"]
    assert list(every["疫情"]) == ["2012", "2016", "2019", "2020", "undated"]
    assert list(spring) == ["2020"]
    # One column per query that ran (the invalid one has none), headed with its text; the
    # cells of the periods a query's own dates leave out are empty.
    assert rows(tmp_path / "out.wide.csv") == [
        ["period", "疫情", "春节", "xyz无此词"],
        *([p, str(every["疫情"][p]), str(spring.get(p, "")), str(every["xyz无此词"][p])]
          for p in every["疫情"])]
    assert every["疫情"]["2020"] > 0 and spring["2020"] > 0
