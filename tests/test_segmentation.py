"""Baoku's segmenter (jieba-rs through rjieba) gives jieba's own words: every text of the
repository's articles, with and without a user dictionary, word for word, so an index
written by either finds the same articles."""
from __future__ import annotations

import json
from pathlib import Path

import jieba
import pytest

from indexer.errors import ConfigError
from indexer.text.segmentation import Segmenter, segment, user_words, word_tokens

REPO = Path(__file__).resolve().parents[1]
ARTICLE_FILES = sorted((REPO / "corpus").glob("*.jsonl")) + sorted(
    (REPO / "tests" / "data" / "corpus").glob("*.jsonl"))
# Runs jieba-rs keeps whole and jieba cuts, each as it appears in the articles.
TRICKY = ["登录www.bjepb.gov.cn查询", "请拨打+86-10-12308或", "他于1983-1991年间",
          "宝来1.8T运动版", "身高1.35米，97%的人", "邮箱abc@163.com", "第13_2期", "J.Harris指出",
          "架KA-32直升机", "\r\n两行\r\n", "COVID-19疫情", "5G网络", "C919大飞机"]


def texts() -> list[str]:
    out = list(TRICKY)
    for path in ARTICLE_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            out += [record.get("title") or "", record.get("body") or ""]
    return out


@pytest.fixture(scope="module")
def jieba_default() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def test_the_same_words_as_jieba_on_every_article(jieba_default: jieba.Tokenizer):
    all_texts = texts()
    assert len(all_texts) > 1000 and len(ARTICLE_FILES) >= 3
    ours = Segmenter()
    differing = [t for t in all_texts if ours.cut(t) != list(jieba_default.cut(t, HMM=True))]
    assert differing == []


def test_the_words_add_up_to_the_text():
    for text in TRICKY:
        assert "".join(Segmenter().cut(text)) == text


def test_a_run_jieba_cuts_is_cut_the_same_way():
    assert Segmenter().cut("登录www.bjepb.gov.cn查询") == [
        "登录", "www", ".", "bjepb", ".", "gov", ".", "cn", "查询"]
    assert word_tokens("宝来1.8T运动版")[0] == ["宝来", "T", "运动版"]  # "1.8" is no term


def test_a_user_dictionary_as_jieba_reads_it(tmp_path: Path):
    userdict = tmp_path / "userdict.txt"
    userdict.write_text("\ufeff洪家村 10 ns\n报福镇杜鹃花基地\n\n浙江日报社 nt\n", encoding="utf-8")
    assert user_words(str(userdict)) == [("洪家村", 10, "ns"), ("报福镇杜鹃花基地", None, None),
                                         ("浙江日报社", None, "nt")]
    reference = jieba.Tokenizer()
    reference.initialize()
    reference.load_userdict(str(userdict))
    ours = Segmenter(str(userdict))
    for text in texts()[:400] + ["安吉县报福镇洪家村杜鹃花基地", "浙江日报社记者报道"]:
        assert ours.cut(text) == list(reference.cut(text, HMM=True)), text
    assert "洪家村" in segment("安吉县报福镇洪家村杜鹃花基地", str(userdict))


def test_a_user_dictionary_that_is_not_utf8_is_refused(tmp_path: Path):
    userdict = tmp_path / "userdict.txt"
    userdict.write_bytes("洪家村 10 ns\n".encode("gbk"))
    with pytest.raises(ConfigError, match="must be UTF-8"):
        Segmenter(str(userdict))
