"""Headlines first: a query that is an article's headline (the same characters once
normalised, spaces and punctuation aside) ranks the articles with that headline above every
other match, on both backends. Every literal was read off the sample archive (``corpus/``).
"""
from __future__ import annotations

import pytest

from indexer.backend import SearchBackend
from indexer.results import SearchRequest

SPEECH = "rmrb-20191002-02-02"  # 在庆祝中华人民共和国成立70周年大会上的讲话
BOOKLET = "rmrb-20191003-01-03"  # 习近平《在庆祝中华人民共和国成立70周年大会上的讲话》单行本出版
LOVE = "rmrb-20191002-06-03"  # 我爱你，中国！
SONG = "rmrb-20191002-16-01"  # 56个民族同唱“我爱你中国”
PICTURES = ["rmrb-20191001-03-04", "rmrb-20191001-10-03", "rmrb-20191002-03-04",
            "rmrb-20191002-04-05"]  # four articles headed 图片报道
JOINT = "rmrb-20191002-16-05"  # 报网联动弘扬家国情, which mentions 图片报道


def first_hits(archive: SearchBackend, query: str, n: int, **options) -> list[tuple[str, str]]:
    hits = archive.search(SearchRequest(query=query, **options)).hits[:n]
    return [(h.id, h.title) for h in hits]


@pytest.mark.parametrize("query", [
    "在庆祝中华人民共和国成立70周年大会上的讲话",
    "在慶祝中華人民共和國成立70週年大會上的講話",  # traditional characters
    "在庆祝中华人民共和国成立７０周年大会上的讲话",  # full-width digits
])
def test_a_headline_typed_whole_comes_before_a_higher_scored_article(archive, query):
    results = archive.search(SearchRequest(query=query))
    assert [(h.id, h.title) for h in results.hits] == [
        (SPEECH, "在庆祝中华人民共和国成立70周年大会上的讲话"),
        (BOOKLET, "习近平《在庆祝中华人民共和国成立70周年大会上的讲话》单行本出版")]
    # The headline is first by the rule, not by its score, which stays its own.
    assert results.hits[0].score < results.hits[1].score


@pytest.mark.parametrize("query", ["我爱你，中国！", "我爱你 中国", "我爱你。中国", "我愛你、中國"])
def test_a_headline_with_its_punctuation_changed_or_left_out_comes_first(archive, query):
    assert first_hits(archive, query, 2) == [
        (LOVE, "我爱你，中国！"), (SONG, "56个民族同唱“我爱你中国”")]


def test_articles_sharing_the_headline_all_come_before_the_others(archive):
    assert first_hits(archive, "图片报道", 5) == [
        *((i, "图片报道") for i in PICTURES), (JOINT, "报网联动弘扬家国情")]


def test_exports_list_the_headline_first_too(archive):
    hits = archive.iter_hits(SearchRequest(query="在庆祝中华人民共和国成立70周年大会上的讲话"))
    assert [h.id for h in hits] == [SPEECH, BOOKLET]


def test_sorting_by_date_still_sorts_by_date(archive):
    newest = archive.search(SearchRequest(query="图片报道", sort="newest")).hits
    assert [(h.date, h.id) for h in newest] == [
        ("2019-10-02", "rmrb-20191002-03-04"), ("2019-10-02", "rmrb-20191002-04-05"),
        ("2019-10-02", JOINT), ("2019-10-01", "rmrb-20191001-03-04"),
        ("2019-10-01", "rmrb-20191001-10-03")]
    oldest = archive.search(SearchRequest(query="在庆祝中华人民共和国成立70周年大会上的讲话",
                                          sort="oldest")).hits
    assert [(h.date, h.id) for h in oldest] == [("2019-10-02", SPEECH),
                                                ("2019-10-03", BOOKLET)]
