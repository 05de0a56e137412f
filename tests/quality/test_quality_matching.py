"""Nothing in the archive is missing: a quoted phrase, a pasted fragment, traditional and
full-width spellings all find the article, on the sample archive (corpus/)."""
from __future__ import annotations

from quality_helpers import ids, run

SEED = "h-e5569c6290978186"  # 浙江日报: 以百姓满意为追求 擦亮城市平安底色


def test_quoted_phrase_finds_exactly_the_article_that_has_it(sample_index) -> None:
    results = run(sample_index, '"化解在诉前"')
    assert (results.total, ids(results), results.notice) == (1, [SEED], None)
    assert results.hits[0].snippet.marked() == ["化解在诉前"]


def test_quoted_phrase_in_another_order_finds_nothing_and_is_not_loosened(sample_index) -> None:
    results = run(sample_index, '"诉前化解"')
    assert (results.total, ids(results), results.notice, results.loose) == (0, [], None, False)


def test_fragment_pasted_with_punctuation_finds_its_article(sample_index) -> None:
    results = run(sample_index, "化解在基层、化解在源头")
    assert ids(results) == [SEED]
    assert results.hits[0].snippet.marked() == ["化解在基层", "化解在源头"]


def test_taiwan_spelling_finds_the_simplified_text(sample_index) -> None:
    # 著 is Taiwan's spelling of 着 (看著 = 看着); elsewhere it is its own character.
    simplified = run(sample_index, "看着")
    taiwan = run(sample_index, "看著")
    assert ids(taiwan) == ids(simplified) == [
        "658d9f03-ebba-4946-b0e8-25b6fdbeb1c7", "h-11acafdb52427fff", "rmrb-20191002-15-01",
        "rmrb-20191001-07-01"]
    assert [h.snippet.marked()[0] for h in taiwan.hits] == ["看着"] * 4


def test_traditional_headline_finds_the_article_first(sample_index) -> None:
    results = run(sample_index, "習近平會見中國女排代表")
    assert ids(results)[0] == "rmrb-20191001-01-01"
    assert results.hits[0].title_marks.marked() == ["习近平会见中国女排代表"]


def test_full_width_digits_find_the_same_articles(sample_index) -> None:
    half = run(sample_index, "2019年", limit=50)
    full = run(sample_index, "２０１９年", limit=50)
    assert ids(full) == ids(half)
    assert (full.total, len(full.hits)) == (17, 15)


def test_traditional_fragment_finds_the_article_and_marks_the_simplified_text(sample_index
                                                                              ) -> None:
    results = run(sample_index, "化解在基層、化解在源頭")
    assert (ids(results), results.notice) == ([SEED], None)
    assert results.hits[0].snippet.marked() == ["化解在基层", "化解在源头"]


def test_both_traditional_spellings_of_a_headline_find_it_first(sample_index) -> None:
    # OpenCC's s2t writes 爲, Taiwan's standard (s2tw) 為: both are 为.
    for headline in ("以百姓滿意爲追求 擦亮城市平安底色", "以百姓滿意為追求 擦亮城市平安底色"):
        results = run(sample_index, headline)
        assert ids(results)[0] == SEED, headline
        assert results.hits[0].title_marks.marked() == ["以百姓满意为追求", "擦亮城市平安底色"]
