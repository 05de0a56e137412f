"""More like this (``SearchBackend.similar``): from key words, never the article itself or its
reprints."""
from __future__ import annotations

import pytest

from indexer.article import Article
from indexer.engine.documents import get_article
from indexer.engine.similar import key_terms, similar_articles
from indexer.engine.store import ArchiveIndex
from indexer.engine.writing import index_articles, remove_articles
from indexer.errors import ArticleNotFound

PANDA = ("成都大熊猫繁育研究基地今年迎来多只熊猫幼崽。饲养员介绍，大熊猫幼崽出生后需要精心照料，"
         "基地为熊猫妈妈准备了竹子和营养餐。繁育团队表示，今年的大熊猫繁育工作取得了新进展，"
         "熊猫幼崽的存活率再创新高。")


def test_similar_leaves_out_the_article_and_its_reprints(empty_index: ArchiveIndex):
    index_articles(empty_index, [
        Article(id="panda", title="大熊猫基地喜添幼崽", body=PANDA, source="成都日报"),
        Article(id="reprint", title="熊猫幼崽（转载）", body=PANDA, source="四川日报"),
        Article(id="zoo", title="动物园的熊猫", body="北京动物园的大熊猫吃竹子，游客排队观看熊猫。",
                source="北京日报"),
        Article(id="stocks", title="股市收盘", body="今日股市小幅上涨，成交量放大。",
                source="经济日报"),
    ])
    article_terms = key_terms(empty_index, Article(id="panda", title="大熊猫基地喜添幼崽",
                                                   body=PANDA))
    assert "熊猫" in article_terms and "幼崽" in article_terms
    assert all(len(t) > 1 for t in article_terms)
    hits = similar_articles(empty_index, "panda")
    assert [h.id for h in hits] == ["zoo"]
    assert set(hits[0].snippet.marked()) <= set(article_terms)
    assert "熊猫" in hits[0].snippet.marked()
    # The reprint is not a second hit: it is listed as the other printing of the first.
    [panda] = similar_articles(empty_index, "zoo")
    assert (panda.id, [p.id for p in panda.printings]) == ("panda", ["reprint"])
    assert similar_articles(empty_index, "panda", limit=0) == ()


def test_similar_on_the_sample_archive(sample_index):
    article = get_article(sample_index, "rmrb-20191002-03-02")
    terms = set(key_terms(sample_index, article))
    hits = similar_articles(sample_index, article.id, limit=3)
    assert len(hits) == 3
    assert article.id not in [h.id for h in hits]
    for hit in hits:  # each shares key words with the article, marked
        marked = set(hit.snippet.marked()) | set(hit.title_marks.marked())
        assert marked and marked <= terms, hit.id
    with pytest.raises(ArticleNotFound):
        similar_articles(sample_index, "nope")


def test_an_article_added_or_removed_changes_the_similar_list_at_once(
        empty_index: ArchiveIndex):
    # The similar articles of an article are kept between page views; an editor's commit
    # must show in the next view all the same.
    index_articles(empty_index, [
        Article(id="panda", title="大熊猫基地喜添幼崽", body=PANDA, source="成都日报"),
        Article(id="stocks", title="股市收盘", body="今日股市小幅上涨，成交量放大。"),
    ])
    assert similar_articles(empty_index, "panda") == ()
    zoo = Article(id="zoo", title="动物园的熊猫",
                  body="北京动物园的大熊猫吃竹子，游客排队观看熊猫。")
    index_articles(empty_index, [zoo])
    assert [h.id for h in similar_articles(empty_index, "panda")] == ["zoo"]
    remove_articles(empty_index, ["zoo"])
    assert similar_articles(empty_index, "panda") == ()
