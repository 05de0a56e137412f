"""Normalisation and the three tokenizers: what is indexed for a piece of text."""
from __future__ import annotations

from pathlib import Path

from indexer.engine.analyzers import CharTokenizer, GramTokenizer, WordTokenizer
from indexer.text.normalize import normalize, normalize_with_offsets
from indexer.text.segmentation import grams_of, segment


def test_normalisation_folds_width_traditional_and_case() -> None:
    assert normalize("習近平談經濟 ２０２０年 ＡＢＣ COVID") == "习近平谈经济 2020年 abc covid"


def test_offsets_point_back_to_the_original_characters() -> None:
    text, origin = normalize_with_offsets("㎏價２０")
    assert text == "kg价20"
    assert list(origin) == [0, 0, 1, 2, 3, 4]


def test_words_have_token_positions_not_character_offsets() -> None:
    tokens = [(t.text, t.pos, t.startchar, t.endchar) for t in WordTokenizer()(
        "擦亮城市平安底色", positions=True, chars=True, start_pos=10, start_char=100)]
    assert tokens == [("擦亮", 10, 100, 102), ("城市", 11, 102, 104), ("平安", 12, 104, 106),
                      ("底色", 13, 106, 108)]


def test_bigrams_cover_every_run_and_never_span_punctuation() -> None:
    tokens = [(t.text, t.pos, t.startchar) for t in GramTokenizer()(
        "微嘉园，5g等", positions=True, chars=True)]
    assert tokens == [("微嘉", 0, 0), ("嘉园", 1, 1), ("5g", 3, 4), ("g等", 4, 5)]


def test_single_characters_for_one_character_queries() -> None:
    assert [t.text for t in CharTokenizer()("花海，a1")] == ["花", "海", "a", "1"]


def test_query_runs_become_bigram_phrases() -> None:
    assert grams_of("微嘉园，等 5g") == [["微嘉", "嘉园"], ["等"], ["5g"]]


def test_user_dictionary_keeps_new_words_whole(tmp_path: Path) -> None:
    text = "安吉县报福镇洪家村杜鹃花基地"
    assert segment(text) == ["安吉县", "报福镇", "洪", "家村", "杜鹃花", "基地"]
    userdict = tmp_path / "userdict.txt"
    userdict.write_text("洪家村 10 ns\n", encoding="utf-8")
    assert segment(text, str(userdict)) == ["安吉县", "报福镇", "洪家村", "杜鹃花", "基地"]
    # Other callers (and jieba's global segmenter) are untouched.
    assert segment(text) == ["安吉县", "报福镇", "洪", "家村", "杜鹃花", "基地"]
