"""More like this: articles sharing an article's key terms, never the article itself or
another printing of its text (indexer.engine.similar)."""
from __future__ import annotations

from indexer.engine.documents import get_article
from indexer.engine.similar import key_terms, similar_articles


def test_more_like_a_printed_twice_text_leaves_out_both_printings(tiny_index) -> None:
    assert [(h.id, h.also_on) for h in similar_articles(tiny_index, "report-1")] == [
        ("comment", ())]
    assert [(h.id, h.also_on) for h in similar_articles(tiny_index, "report-3")] == [
        ("comment", ())]


def test_the_twice_printed_text_is_one_similar_hit(tiny_index) -> None:
    assert [(h.id, h.also_on) for h in similar_articles(tiny_index, "comment")] == [
        ("report-1", ("report-3",))]


def test_key_terms_are_the_article_words_rare_elsewhere(tiny_index) -> None:
    terms = key_terms(tiny_index, get_article(tiny_index, "near"))
    assert terms == ("出征", "出发", "队员", "今天", "医疗队", "机场", "武汉", "集合")


def test_more_like_an_article_of_the_sample(sample_index) -> None:
    # 习近平会见中国女排代表 was printed on pages 1 and 2 of 2019-10-01: neither is similar
    # to the other; the follow-ups about the team come first.
    for article in ("rmrb-20191001-01-01", "rmrb-20191001-02-01"):
        hits = similar_articles(sample_index, article)
        assert [h.id for h in hits] == ["rmrb-20191003-04-01", "rmrb-20191003-04-02",
                                        "rmrb-20191001-04-02", "rmrb-20191001-04-01",
                                        "rmrb-20191001-04-04"]
        assert "女排" in hits[0].snippet.marked()
