"""What the search-quality tests share: a small archive written for them (each article there
to show one behaviour) and a helper to run a search as a user would."""
from __future__ import annotations

from indexer.article import Article
from indexer.engine.search import search
from indexer.engine.store import ArchiveIndex
from indexer.results import SearchRequest, SearchResults

# A long document printed on page 1 and again, in full, on page 3 of the same issue.
REPORT = ("政府工作报告提出，今年要坚定实施扩大内需战略，推动消费持续恢复，稳定和扩大就业，"
          "加强社会保障，推进生态文明建设，统筹发展和安全，确保经济运行在合理区间，"
          "并继续做好民生工作，让人民群众有更多获得感。")

TINY = [
    # Heading above body: the word in the heading (and once in the body) beats it three
    # times in a body alone.
    Article(id="head", title="大熊猫基地喜添幼崽", body="饲养员说，熊猫幼崽出生后需要精心照料。",
            source="成都日报", date="2020-01-02", page="1"),
    Article(id="body", title="动物园见闻", body="熊猫吃竹子，熊猫睡觉，游客排队看熊猫。",
            source="成都日报", date="2020-01-02", page="2"),
    # Standing together as typed: the same words, next to each other or apart.
    Article(id="near", title="出征", body="武汉医疗队今天出发，队员们在机场集合。",
            source="长江日报", date="2020-01-26", page="1"),
    Article(id="apart", title="出发", body="武汉今天下雨，各地的医疗队在机场集合。",
            source="长江日报", date="2020-01-26", page="2"),
    # One text printed twice (pages 1 and 3), and a third article on the same subject.
    Article(id="report-1", title="政府工作报告", body=REPORT, source="人民日报",
            date="2020-03-06", page="1"),
    Article(id="report-3", title="政府工作报告（全文）", body=REPORT, source="人民日报",
            date="2020-03-06", page="3"),
    Article(id="comment", title="读懂政府工作报告里的民生",
            body="扩大内需战略怎么落地？记者采访了几位代表。", source="人民日报",
            date="2020-03-07", page="5"),
]


def run(index: ArchiveIndex, query: str, **kwargs) -> SearchResults:
    return search(index, SearchRequest(query=query, facets=False, **kwargs))


def ids(results: SearchResults) -> list[str]:
    return [h.id for h in results.hits]
