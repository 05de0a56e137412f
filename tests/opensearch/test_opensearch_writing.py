"""Editing an archive on the cluster: idempotent by content hash (a second run changes
nothing), dry runs that write nothing, duplicate ids counted, articles replaced and removed
as in a Whoosh folder, the archive's synonyms and dictionary kept, and ``check``."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.archive import open_archive
from indexer.article import Article
from indexer.editing.copy import copy_archive
from indexer.errors import IndexNotFound, InvalidRequest
from indexer.readers import Failure
from indexer.results import SearchRequest

# A reprint pair (the same body on pages 1 and 3), a day of 浙江日报 and a few others.
PICKED = ("rmrb-20191003-01-05", "rmrb-20191003-03-05", "rmrb-20191001-01-01",
          "rmrb-20191002-04-02", "rmrb-20191003-04-05", "h-e5569c6290978186",
          "h-f2d43f8cbc0f79dc", "h-bb2b516001b4633e")


@pytest.fixture(scope="module")
def picked(sample_articles: list[Article]) -> list[Article]:
    by_id = {a.id: a for a in sample_articles}
    undated = by_id["rmrb-20191001-01-01"].replace(id="undated-1", date=None, page=None)
    return [by_id[i] for i in PICKED] + [undated]


def _counts(summary) -> tuple[int, ...]:
    return (summary.added, summary.replaced, summary.unchanged, summary.removed,
            summary.failed, summary.duplicates)


def test_indexing_again_changes_nothing(first_run, sample_articles) -> None:
    backend, summary = first_run
    assert _counts(summary) == (len(sample_articles), 0, 0, 0, 0, 0)
    again = backend.index_articles(sample_articles)
    assert _counts(again) == (0, 0, len(sample_articles), 0, 0, 0)
    assert again.changes == [] and not again.changed
    assert backend.count(SearchRequest()) == len(sample_articles)
    report = backend.check()
    assert report.ok, report.lines()
    assert report.articles == len(sample_articles)


def test_a_dry_run_reports_and_writes_nothing(new_archive, picked) -> None:
    backend = new_archive("dry")
    summary = backend.index_articles(picked, dry_run=True)
    assert summary.dry_run and _counts(summary) == (len(picked), 0, 0, 0, 0, 0)
    assert [a for a, _ in summary.changes] == ["add"] * len(picked)
    with pytest.raises(IndexNotFound, match=re.escape(backend.address)):
        backend.search(SearchRequest(query="女排"))
    backend.index_articles(picked)
    changed = picked[2].replace(body=picked[2].body + "\n本报记者补记。")
    summary = backend.index_articles([changed, *picked[3:]], dry_run=True)
    assert _counts(summary) == (0, 1, len(picked) - 3, 0, 0, 0)
    assert summary.changes == [("replace", changed.id)]
    assert backend.count(SearchRequest(query='"本报记者补记"')) == 0
    removal = backend.remove_articles([picked[0].id], dry_run=True)
    assert removal.dry_run and removal.removed == 1
    assert backend.count(SearchRequest()) == len(picked)


def test_duplicates_and_failures_of_one_run_are_counted(new_archive, picked) -> None:
    backend = new_archive("dup")
    twin = picked[0].replace(title="同一编号的另一篇")
    failure = Failure("broken.html", "cannot be read")
    summary = backend.index_articles([picked[0], failure, twin, picked[1]])
    assert _counts(summary) == (2, 0, 0, 0, 1, 1)
    assert summary.failures == [failure]
    assert backend.article(picked[0].id).title == picked[0].title  # the first one is kept


def test_edits_leave_the_archive_as_a_whoosh_folder(new_archive, picked,
                                                    tmp_path: Path) -> None:
    cluster = new_archive("edits")
    folder = open_archive(tmp_path / "whoosh")
    both = (cluster, folder)

    def same(check=lambda b: b):
        results = [check(b) for b in both]
        assert results[0] == results[1]
        return results[0]

    added = [b.index_articles(picked, workers=1) for b in both]
    assert _counts(added[0]) == _counts(added[1]) == (len(picked), 0, 0, 0, 0, 0)
    requests = [SearchRequest(query=q, limit=50, snippets=False)
                for q in ("", "中国", "习近平", "女排 OR 浙江", "补记")]

    def shape(b):
        return [(r.total, r.collapsed, {h.id: h.also_on for h in r.hits},
                 [(f.name, f.values) for f in r.facets])
                for r in map(b.search, requests)]

    before = same(shape)[0]
    assert before[2]["rmrb-20191003-01-05"] == ("rmrb-20191003-03-05",)  # a reprint folded
    # A reprint edited on its page 3: another body, so another key (it moves shard).
    edited = picked[1].replace(body=picked[1].body + "\n（本报记者补记）")
    retitled = picked[3].replace(title=picked[3].title + "（续）")
    replaced = [b.index_articles([edited, retitled, *picked[4:]], workers=1) for b in both]
    assert _counts(replaced[0]) == _counts(replaced[1]) == (0, 2, len(picked) - 4, 0, 0, 0)
    after = same(shape)[0]
    assert "rmrb-20191003-03-05" in after[2]  # no longer the same text
    assert after[1] == before[1] - 1
    assert cluster.count(SearchRequest(query='"本报记者补记"')) == 1
    assert cluster.article(edited.id).body == edited.body
    removed = [b.remove_articles([picked[0].id, "no-such-article"]) for b in both]
    assert _counts(removed[0]) == _counts(removed[1]) == (0, 0, 0, 1, 0, 0)
    assert removed[0].missing == ["no-such-article"]
    issue = [b.remove_issue("2020-04-14", "浙江日报") for b in both]
    assert issue[0].removed == issue[1].removed == 3
    nothing = [b.remove_issue("2020-04-15") for b in both]
    assert nothing[0].notes == nothing[1].notes != []
    with pytest.raises(InvalidRequest):
        cluster.remove_issue("2020-4-15")
    same(shape)
    for by in ("year", "month", "day"):
        trend = same(lambda b, by=by: b.trend(SearchRequest(query="中国"), by))
        assert trend.periods[-1].period == "undated"
    same(lambda b: b.recent_issues(10))
    same(lambda b: b.stats())
    report = cluster.check()
    assert report.ok, report.lines()
    assert report.articles == len(picked) - 4


def test_synonyms_and_the_user_dictionary_are_kept_with_the_archive(
        new_archive, picked, tmp_path: Path) -> None:
    synonyms = tmp_path / "synonyms.txt"
    synonyms.write_text("女排, 中国女子排球队\n", encoding="utf-8")
    userdict = tmp_path / "userdict.txt"
    userdict.write_text("女排精神 10 n\n", encoding="utf-8")
    cluster = new_archive("synonyms")
    folder = open_archive(tmp_path / "whoosh")
    for backend in (cluster, folder):
        backend.index_articles(picked, userdict=str(userdict), synonyms=str(synonyms),
                               workers=1)
    assert (cluster.state_folder / "synonyms.txt").read_text(encoding="utf-8") == \
        synonyms.read_text(encoding="utf-8")
    assert (cluster.state_folder / "userdict.txt").exists()
    request = SearchRequest(query="中国女子排球队", limit=20, snippets=False)
    expected = folder.search(request)
    assert expected.total > 0
    again = open_archive(cluster.address)  # another client of the cluster
    found = again.search(request)
    assert (found.total, found.highlight_terms) == (expected.total, expected.highlight_terms)
    assert again.synonyms == folder.synonyms


def test_every_article_is_read_back_whole_oldest_first(cluster_sample, sample_articles
                                                       ) -> None:
    articles = list(cluster_sample.iter_articles())
    assert sorted(a.id for a in articles) == sorted(a.id for a in sample_articles)
    assert {a.id: a for a in articles} == {a.id: a for a in sample_articles}
    dates = [a.date or "" for a in articles]
    assert dates == sorted(dates)


def test_an_archive_is_copied_with_its_dictionaries(new_archive, picked,
                                                    tmp_path: Path) -> None:
    synonyms = tmp_path / "synonyms.txt"
    synonyms.write_text("女排, 中国女子排球队\n", encoding="utf-8")
    source = new_archive("copy-from")
    source.index_articles(picked, synonyms=str(synonyms))
    target = new_archive("copy-to")
    report = copy_archive(open_archive(source.address), target)
    assert (report.articles, report.target_articles) == (len(picked), len(picked))
    assert target.synonyms == source.synonyms
    assert target.analysis_files()[1] is not None
    request = SearchRequest(query="中国女子排球队", snippets=False)
    assert target.search(request).total == source.search(request).total > 0
