"""Reading query files: plain text and CSV, comments, bad lines reported by line number."""
from __future__ import annotations

import pytest

from indexer.batch.input import BatchInputError, QuerySpec, count_queries, read_queries


def test_text_file_one_query_a_line_ids_are_line_numbers(write):
    path = write("q.txt", "# 研究课题：疫情报道\n疫情\n\n  \"脱贫攻坚\"  \n武汉 OR 湖北\n")
    assert list(read_queries(path)) == [
        QuerySpec(2, "2", "疫情"),
        QuerySpec(4, "4", '"脱贫攻坚"'),
        QuerySpec(5, "5", "武汉 OR 湖北"),
    ]
    assert count_queries(path) == 3


def test_invalid_text_lines_are_yielded_with_their_error(write):
    path = write("q.txt", "疫情\n\"没有结束的引号\n(武汉\n")
    assert list(read_queries(path)) == [
        QuerySpec(1, "1", "疫情"),
        QuerySpec(2, "2", '"没有结束的引号',
                  error="the quote opened at position 1 is never closed"),
        QuerySpec(3, "3", "(武汉"),  # unbalanced: the parenthesis is plain punctuation
    ]


def test_csv_with_optional_columns_comments_and_bad_rows(write):
    path = write("q.csv", "\ufeffid,query,from,to,source\n"
                          "# 第一组\n"
                          "epi,疫情,2020-01,2020-02,人民日报\n"
                          "\n"
                          'phrase,"""脱贫攻坚""",,,\n'
                          "bad-date,春节,2020-13,,\n"
                          "late,春节,2020,2019,\n"
                          "epi,武汉,,,\n"
                          ",北京,,,\n"
                          "empty,,,,\n"
                          "short,上海\n")
    assert list(read_queries(path)) == [
        QuerySpec(3, "epi", "疫情", "2020-01-01", "2020-02-31", "人民日报"),
        QuerySpec(5, "phrase", '"脱贫攻坚"'),
        QuerySpec(6, "bad-date", "春节", error="'2020-13' is not a date; write YYYY, YYYY-MM "
                                                "or YYYY-MM-DD"),
        QuerySpec(7, "late", "春节", error="from 2020 is after to 2019"),
        QuerySpec(8, "epi", "武汉", error="id 'epi' was already used on line 3"),
        QuerySpec(9, "line 9", "北京", error="the id is empty"),
        QuerySpec(10, "empty", "", error="the query is empty"),
        QuerySpec(11, "short", "", error="2 cells where the header has 5"),
    ]


def test_csv_needs_only_id_and_query_in_any_order(write):
    path = write("q.csv", "query,id\n疫情,a\n")
    assert list(read_queries(path)) == [QuerySpec(2, "a", "疫情")]


def test_multiline_csv_cell_keeps_the_line_of_its_row(write):
    path = write("q.csv", 'id,query\na,"疫情\n武汉"\nb,春节\n')
    assert [(s.line, s.id, s.query) for s in read_queries(path)] == [
        (2, "a", "疫情\n武汉"), (4, "b", "春节")]


def test_unknown_csv_column_is_refused_as_a_whole(write):
    path = write("q.csv", "id,query,form\na,疫情,2020\n")
    with pytest.raises(BatchInputError) as info:
        list(read_queries(path))
    assert str(info.value) == ("line 1: the CSV columns must be id, query and optionally from,"
                               " to, source (each once), not id, query, form")


def test_file_not_utf8_or_missing(write, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("疫情\n".encode("gbk"))
    with pytest.raises(BatchInputError) as info:
        list(read_queries(path))
    assert str(info.value) == (f"the query file {path} is not UTF-8 text (byte 0); save it "
                               "as UTF-8")
    with pytest.raises(BatchInputError) as info:
        count_queries(tmp_path / "none.txt")
    assert str(info.value) == f"no query file at {tmp_path / 'none.txt'}"
