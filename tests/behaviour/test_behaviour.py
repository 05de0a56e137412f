"""What a user sees of the sample archive (``corpus/``, 140 articles), asserted as whole
values that must be identical on both backends (``archive`` runs each test on Whoosh and on
OpenSearch). Every literal was read off the Whoosh backend."""
from __future__ import annotations

from indexer.backend import SearchBackend
from indexer.results import SearchRequest, SearchResults

WEIJIAYUAN = "h-e5569c6290978186"  # 浙江日报 2020-04-14, the one article with 微嘉园
ZHEJIANG = ["h-11acafdb52427fff", "h-14afb57bfdb47e1d", "h-bb2b516001b4633e",
            "h-e5569c6290978186", "h-f2d43f8cbc0f79dc"]


def find(archive: SearchBackend, query: str, **options) -> SearchResults:
    return archive.search(SearchRequest(query=query, **options))


def every_id(archive: SearchBackend, query: str, **options) -> list[str]:
    """The ids of every matching article (uncollapsed), sorted."""
    return sorted(h.id for h in archive.iter_hits(SearchRequest(query=query, **options)))


def facets(results: SearchResults, *names: str) -> dict[str, dict[str, int]]:
    return {name: results.facet(name).counts() for name in names}


def test_a_rare_word_finds_its_article_first_with_the_word_marked(archive):
    results = find(archive, "微嘉园")
    assert (results.total, results.collapsed, results.loose) == (1, 0, False)
    hit = results.hits[0]
    assert (hit.id, hit.source, hit.date, hit.authors) == (
        WEIJIAYUAN, "浙江日报", "2020-04-14", ("李小文", "赵妍"))
    assert hit.snippet.html() == (
        "“没想到‘<mark>微嘉园</mark>’这么快就帮我解决了问题。”近日,嘉兴南湖区从事食品经营的肖某"
        "通过“<mark>微嘉园</mark>”“南湖12345”栏目在线调处,解决了一起7万余元的欠款纠纷。在嘉兴,"
        "像这样通过“<mark>微嘉园</mark>”实现困难、诉求“全流程”“不见面”“掌上办”的情况并不少见。")
    assert results.to_json()["hits"][0]["snippet"] == hit.snippet.html()


def test_the_empty_query_counts_every_paper_year_and_month(archive):
    results = find(archive, "")
    assert (results.total, results.collapsed) == (140, 7)
    assert facets(results, "source", "year", "month") == {
        "source": {"人民日报": 127, "浙江日报": 5, "Modern  Marketing": 1, "哔哩哔哩": 1,
                   "国际金融报": 1, "巴彦淖尔日报": 1},
        "year": {"1998": 1, "2003": 1, "2004": 1, "2005": 1, "2018": 1, "2019": 127,
                 "2020": 5, "2022": 3},
        "month": {"1998-03": 1, "2003-05": 1, "2004-07": 1, "2005-06": 1, "2018-08": 1,
                  "2019-10": 127, "2020-04": 5, "2022-02": 3}}


def test_the_facets_of_a_query(archive):
    results = find(archive, "阅兵")
    assert (results.total, results.collapsed) == (23, 3)
    assert facets(results, "source", "year", "month", "page") == {
        "source": {"人民日报": 23}, "year": {"2019": 23}, "month": {"2019-10": 23},
        "page": {"3": 6, "4": 3, "1": 2, "2": 2, "5": 2, "10": 1, "11": 1, "14": 1, "15": 1,
                 "16": 1}}


def test_a_phrase_with_punctuation(archive):
    results = find(archive, '"不忘初心、牢记使命"')
    assert (results.total, results.collapsed) == (17, 2)
    first = results.hits[0]
    assert (first.id, first.snippet.marked(), first.title_marks.marked()) == (
        "rmrb-20191003-04-04", ["不忘初心", "牢记使命"], ["不忘初心", "牢记使命"])


def test_a_one_character_query(archive):
    results = find(archive, "嘉", limit=20)
    assert (results.total, results.collapsed) == (16, 3)
    assert facets(results, "source") == {"source": {"人民日报": 15, "浙江日报": 1}}
    hit = next(h for h in results.hits if h.id == WEIJIAYUAN)
    assert hit.snippet.marked() == ["嘉", "嘉", "嘉", "嘉"]


def test_or_and_not(archive):
    # Relevance order across the two words is not the same on both backends (their scores
    # differ), so what is asserted is which articles match and how they are counted.
    either = find(archive, "国庆 OR 微嘉园")
    assert (either.total, either.collapsed) == (44, 4)
    assert facets(either, "source") == {"source": {"人民日报": 43, "浙江日报": 1}}
    assert set(every_id(archive, "国庆 OR 微嘉园")) == (
        set(every_id(archive, "国庆")) | {WEIJIAYUAN})
    assert every_id(archive, "阅兵 NOT 习近平") == [
        "rmrb-20191002-03-04", "rmrb-20191002-09-01", "rmrb-20191002-16-02",
        "rmrb-20191002-20-01", "rmrb-20191003-02-02", "rmrb-20191003-02-04",
        "rmrb-20191003-04-05"]


def test_title_and_author_fields(archive):
    assert every_id(archive, "title:阅兵") == [
        "rmrb-20191002-01-01", "rmrb-20191002-03-01", "rmrb-20191002-03-03",
        "rmrb-20191002-05-02", "rmrb-20191002-06-04", "rmrb-20191003-03-02"]
    assert find(archive, "title:阅兵").collapsed == 2
    results = find(archive, "author:李小文")
    assert [(h.id, h.authors) for h in results.hits] == [(WEIJIAYUAN, ("李小文", "赵妍"))]


def test_source_and_page_fields(archive):
    assert every_id(archive, "source:浙江日报") == ZHEJIANG
    results = find(archive, "page:3")
    assert (results.total, facets(results, "page", "month")) == (
        15, {"page": {"3": 15}, "month": {"2019-10": 15}})


def test_a_date_field(archive):
    results = find(archive, "date:2019-10-02")
    assert (results.total, results.collapsed) == (43, 2)
    assert {h.date for h in archive.iter_hits(SearchRequest(query="date:2019-10-02"))} == {
        "2019-10-02"}


def test_a_traditional_query_finds_the_simplified_text(archive):
    traditional, simplified = find(archive, "經濟"), find(archive, "经济")
    assert (traditional.total, traditional.collapsed) == (41, 3)
    assert [h.id for h in traditional.hits] == [h.id for h in simplified.hits]
    assert traditional.hits[0].snippet.marked() == ["经济", "经济", "经济"]
    assert every_id(archive, "經濟") == every_id(archive, "经济")


def test_filters_narrow_the_hits_but_keep_the_field_s_other_counts(archive):
    assert every_id(archive, "阅兵", filters=(("page", ("3",)),)) == [
        "rmrb-20191002-03-01", "rmrb-20191002-03-02", "rmrb-20191002-03-03",
        "rmrb-20191002-03-04", "rmrb-20191003-03-02", "rmrb-20191003-03-05"]
    results = find(archive, "经济", filters=(("source", ("浙江日报", "巴彦淖尔日报")),))
    assert sorted(h.id for h in results.hits) == [
        "500b350d-d38d-4fb0-9e81-75e0c95e95a8", WEIJIAYUAN]
    assert facets(results, "source", "year") == {
        "source": {"人民日报": 35, "Modern  Marketing": 1, "巴彦淖尔日报": 1, "浙江日报": 1},
        "year": {"2020": 1, "2022": 1}}


def test_date_bounds(archive):
    assert every_id(archive, "经济", date_from="2020-01-01") == [
        "36efbc69-53dd-4d58-9e67-0353e2a1a7ec", "500b350d-d38d-4fb0-9e81-75e0c95e95a8",
        WEIJIAYUAN]
    one_day = find(archive, "经济", date_from="2019-10-02", date_to="2019-10-02", limit=0)
    assert (one_day.total, one_day.collapsed, one_day.hits) == (11, 1, ())


def test_sort_newest_and_oldest_first(archive):
    newest = find(archive, "", sort="newest", limit=5)
    oldest = find(archive, "", sort="oldest", limit=5)
    assert [h.date for h in newest.hits] == [
        "2022-02-14", "2022-02-13", "2022-02-11", "2020-04-14", "2020-04-14"]
    assert [h.date for h in oldest.hits] == [
        "1998-03-01", "2003-05-29", "2004-07-16", "2005-06-14", "2018-08-23"]


def test_a_text_printed_twice_is_one_hit_with_its_printings(archive):
    results = find(archive, "阅兵", limit=1)
    hit = results.hits[0]
    assert (results.total, results.collapsed, hit.id, hit.also_on) == (
        23, 3, "rmrb-20191002-05-02", ("rmrb-20191002-06-04",))
    assert [p.to_json() for p in hit.printings] == [
        {"id": "rmrb-20191002-06-04", "source": "人民日报", "date": "2019-10-02", "page": "6"}]
    apart = find(archive, "阅兵", collapse=False, limit=30)
    assert (apart.total, apart.collapsed, len(apart.hits)) == (23, 0, 23)


def test_a_missing_word_gives_a_looser_retry_naming_it(archive):
    results = find(archive, "阅兵 qwzxv")
    assert (results.total, results.loose, results.notice) == (
        23, True, "no article has all of 阅兵 qwzxv; showing articles with most of them "
        "(none has qwzxv)")
    assert {h.missing for h in results.hits} == {("qwzxv",)}


def test_iter_hits_yields_count_articles(archive):
    numbers = {}
    for query in ("", "阅兵", "经济", "国庆 OR 微嘉园", "source:浙江日报"):
        request = SearchRequest(query=query)
        numbers[query] = (archive.count(request), len(list(archive.iter_hits(request))))
    assert numbers == {"": (140, 140), "阅兵": (23, 23), "经济": (41, 41),
                       "国庆 OR 微嘉园": (44, 44), "source:浙江日报": (5, 5)}


def test_trend_by_month(archive):
    trend = archive.trend(SearchRequest(query="经济"), by="month")
    assert (trend.total, trend.first_date, trend.last_date) == (41, "1998-03-01", "2022-02-13")
    assert [(p.period, p.count, p.articles) for p in trend.periods] == [
        ("1998-03", 1, 1), ("2003-05", 1, 1), ("2004-07", 0, 1), ("2005-06", 0, 1),
        ("2018-08", 1, 1), ("2019-10", 35, 127), ("2020-04", 1, 5), ("2022-02", 2, 3)]


def test_an_issue_s_pages_in_order(archive):
    issues = archive.issues_on("2019-10-02", "人民日报")
    assert [(i.source, i.date, i.previous, i.next) for i in issues] == [
        ("人民日报", "2019-10-02", "2019-10-01", "2019-10-03")]
    pages = issues[0].pages
    assert [(p.page, len(p.articles)) for p in pages] == [
        ("1", 1), ("2", 2), ("3", 4), ("4", 7), ("5", 2), ("6", 4), ("7", 1), ("8", 1),
        ("9", 1), ("10", 1), ("11", 1), ("12", 1), ("13", 3), ("14", 2), ("15", 2),
        ("16", 6), ("17", 1), ("18", 1), ("19", 1), ("20", 1)]
    assert [a.id for a in pages[2].articles] == [
        "rmrb-20191002-03-01", "rmrb-20191002-03-02", "rmrb-20191002-03-03",
        "rmrb-20191002-03-04"]


def test_read_article_marks_the_query_s_words(archive):
    view = archive.read_article(WEIJIAYUAN, "微嘉园")
    assert [p.marked() for p in view.paragraphs if p.marks] == [
        ["微嘉园", "微嘉园", "微嘉园"], ["微嘉园", "微嘉园"]]
    assert [a.id for a in view.same_page] == [
        "h-f2d43f8cbc0f79dc", "h-bb2b516001b4633e", "h-14afb57bfdb47e1d",
        "h-11acafdb52427fff"]
    view = archive.read_article("rmrb-20191002-03-01", "阅兵")
    assert view.title.html() == (
        "中央军委主席习近平签署通令嘉奖参加庆祝中华人民共和国成立70周年<mark>阅兵</mark>全体人员")
    assert sum(len(p.marks) for p in view.paragraphs) == 5


def test_stats(archive):
    assert archive.stats().to_json() == {
        "articles": 140, "first_date": "1998-03-01", "last_date": "2022-02-14",
        "sources": {"人民日报": 127, "浙江日报": 5, "Modern  Marketing": 1, "哔哩哔哩": 1,
                    "国际金融报": 1, "巴彦淖尔日报": 1},
        "months": {"1998-03": 1, "2003-05": 1, "2004-07": 1, "2005-06": 1, "2018-08": 1,
                   "2019-10": 127, "2020-04": 5, "2022-02": 3}}
