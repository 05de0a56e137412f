"""Finding the real encoding of saved pages, whatever their <meta charset> claims."""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus_paths import TEST_CORPUS

from indexer.errors import IngestError
from indexer.readers.html_encoding import declared_charset, decode_html

CORPUS = TEST_CORPUS
CWCED = CORPUS / "raw" / "cwced" / "original"
# UTF-8 pages declaring gb2312, written for the tests from 人民日报 articles
PAGES = Path(__file__).resolve().parent / "data" / "pages"
DATA = Path(__file__).resolve().parent / "data" / "html"


def describe(path: Path) -> str:
    return decode_html(path.read_bytes(), path).describe()


@pytest.mark.parametrize(("page", "title"), [
    ("netease-article.html", "<title>田径世锦赛 我国选手佳绩频传_网易体育</title>"),
    ("qq-article.html", "<title>耐压试验闯难关_新闻_腾讯网</title>"),
    ("people-article.html", "<title>黑土地上桃花源--旅游频道--人民网 </title>"),
])
def test_page_claiming_gb2312_is_read_as_utf8(page: str, title: str) -> None:
    path = PAGES / page
    decoded = decode_html(path.read_bytes(), path)
    assert (decoded.encoding, decoded.declared, decoded.describe()) == (
        "utf-8", "gb2312", "utf-8 (valid UTF-8, declared gb2312 ignored)")
    assert title in decoded.text


@pytest.mark.parametrize(("page", "expected"), [
    # declared gbk: read as GB18030, its superset
    ("ecbe8d49-c640-4a08-b46d-f8b795f836ba.html", "gb18030 (declared gbk)"),
    # declared gb2312, but uses characters GB2312 and GBK lack
    ("7c6d2080-5ab9-4385-9c0e-e1c8ed06efd3.html", "gb18030 (declared gb2312)"),
    # two broken bytes in a forum post: replaced, the page is still read
    ("6dc2d508-abb9-467c-bbea-1fedfcec5f9d.html",
     "gb18030 (declared gb2312), 2 undecodable bytes replaced"),
    # encoding="unset" is no encoding: charset-normalizer decides
    ("5dc3fa2d-6734-41e9-8520-a9c7c91ae1f8.html",
     "gb18030 (declared unset unusable, guessed by charset-normalizer)"),
    ("274a65d9-46df-45be-b9f6-4d18ba911427.html", "utf-8 (BOM)"),
])
def test_cwced_pages(page: str, expected: str) -> None:
    assert describe(CWCED / page) == expected


def test_gb2312_page_text_is_right() -> None:
    path = CWCED / "7c6d2080-5ab9-4385-9c0e-e1c8ed06efd3.html"
    text = decode_html(path.read_bytes(), path).text
    assert "劳伦斯：一个无法定义的“洛克菲勒”" in text


def test_gbk_page_whose_meta_says_utf8() -> None:
    path = DATA / "gbk-meta-says-utf8.html"
    decoded = decode_html(path.read_bytes(), path)
    assert decoded.describe() == "gb18030 (declared utf-8 unusable, guessed by charset-normalizer)"
    assert "<h1>城西新建三座社区图书馆</h1>" in decoded.text


def test_utf8_page_cut_off_inside_a_character(tmp_path: Path) -> None:
    data = "<html><body><p>城西新建三座社区图书馆".encode()[:-1]
    decoded = decode_html(data, tmp_path / "cut.html")
    assert (decoded.text, decoded.describe()) == (
        "<html><body><p>城西新建三座社区图书\ufffd",
        "utf-8 (undeclared), 2 undecodable bytes replaced")


def test_undecodable_bytes_raise() -> None:
    path = DATA / "undecodable.html"
    with pytest.raises(IngestError) as caught:
        decode_html(path.read_bytes(), path)
    assert caught.value.reason == (
        "cannot decode HTML: not UTF-8 or GB18030, and charset-normalizer finds no encoding")


@pytest.mark.parametrize(("head", "declared"), [
    (b'<meta charset="GB2312">', "gb2312"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">', "gbk"),
    (b"<meta charset=utf-8>", "utf-8"),
    (b'<?xml version="1.0" encoding="GB18030"?>', "gb18030"),
    (b"<title>no charset</title>", None),
])
def test_declared_charset(head: bytes, declared: str | None) -> None:
    assert declared_charset(b"<html><head>" + head + b"</head></html>") == declared
