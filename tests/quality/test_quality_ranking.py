"""The article one remembers comes first: the heading weighs more than the body, words
typed together rank the articles where they stand together, a headline finds its article."""
from __future__ import annotations

import pytest
from quality_helpers import ids, run


def test_heading_match_ranks_above_more_body_mentions(tiny_index) -> None:
    # "head" has 熊猫 in its heading and once in its body; "body" three times in its body.
    results = run(tiny_index, "熊猫")
    assert ids(results) == ["head", "body"]
    assert results.hits[0].title_marks.marked() == ["熊猫"]


def test_words_standing_together_as_typed_rank_first(tiny_index) -> None:
    # Both articles have 武汉 and 医疗队 once, in bodies of the same length.
    assert ids(run(tiny_index, "武汉 医疗队")) == ["near", "apart"]
    assert ids(run(tiny_index, "武汉医疗队")) == ["near"]


def test_a_title_field_query_ranks_by_the_heading_only(tiny_index) -> None:
    assert ids(run(tiny_index, "title:熊猫")) == ["head"]


@pytest.mark.parametrize("headline, article, matches", [
    ("欢庆", "rmrb-20191003-04-03", 11),
    ("书写出更新更美的时代篇章", "rmrb-20191001-03-03", 7),
    ("礼赞新中国", "rmrb-20191001-06-01", 5),
])
def test_a_headline_as_typed_finds_its_article_first(sample_index, headline: str,
                                                     article: str, matches: int) -> None:
    # Other articles of the same days have these words in their bodies.
    results = run(sample_index, headline)
    assert (results.total, ids(results)[0]) == (matches, article)
    assert results.hits[0].title_marks.marked() == [headline]
