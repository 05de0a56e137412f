"""The lean analysis functions give exactly the terms and positions of the tokenizers."""
from __future__ import annotations

from collections import Counter

from indexer.engine.analyzers import CharTokenizer, GramTokenizer, WordTokenizer
from indexer.text.normalize import normalize
from indexer.text.segmentation import (
    char_counts,
    gram_tokens,
    word_tokens,
)

TEXT = normalize("浙江日报讯，杭州5G基站 ab_c 擦亮城市平安底色。擦亮！")


def _positions(tokenizer, text: str) -> list[tuple[str, int]]:
    return [(token.text, token.pos) for token in tokenizer(text, positions=True)]


def _pairs(tokens: tuple) -> list[tuple[str, int]]:
    terms, positions = tokens
    return list(zip(terms, positions, strict=True))  # strict: as many positions as terms


def test_word_tokens_count_words() -> None:
    assert _pairs(word_tokens(TEXT)) == [
        ("浙江日报", 0), ("讯", 1), ("杭州", 2), ("5g", 3), ("基站", 4), ("ab", 5), ("c", 6),
        ("擦亮", 7), ("城市", 8), ("平安", 9), ("底色", 10), ("擦亮", 11)]


def test_gram_tokens_leave_a_gap_between_runs() -> None:
    assert _pairs(gram_tokens("微嘉园，5g等 a")) == [
        ("微嘉", 0), ("嘉园", 1), ("5g", 3), ("g等", 4)]


def test_char_counts_keep_letters_digits_and_cjk() -> None:
    assert char_counts("擦亮，擦 5_a!") == {"擦": 2, "亮": 1, "5": 1, "a": 1}


def test_the_same_as_the_tokenizers_on_real_articles(sample_articles) -> None:
    for article in sample_articles:
        text = normalize(article.searchable_body())
        assert _pairs(word_tokens(text)) == _positions(WordTokenizer(), text), article.id
        assert _pairs(gram_tokens(text)) == _positions(GramTokenizer(), text), article.id
        chars = Counter(term for term, _ in _positions(CharTokenizer(), text))
        assert char_counts(text) == chars, article.id
