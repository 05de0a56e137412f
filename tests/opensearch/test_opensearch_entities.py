"""People, places and organisations on the cluster: the seed page's facets and the place
filter as in a Whoosh index (an archive written before them: test_opensearch_headlines)."""
from __future__ import annotations

from indexer.results import SearchRequest


def test_the_seed_page_has_its_places_and_bylines_and_the_place_filter_rolls_up(
        cluster_sample, whoosh_sample) -> None:
    for backend in (cluster_sample, whoosh_sample):
        found = backend.search(SearchRequest(query="微嘉园", filters=(("place", ("嘉兴市",)),)))
        assert found.total == 1
        facets = {f.name: f.counts() for f in found.facets}
        assert facets["person"] == {"李小文": 1, "赵妍": 1}
        assert (facets["place_province"], facets["place_city"], facets["place_county"]) == (
            {"浙江省": 1}, {"嘉兴市": 1}, {"南湖区": 1})
    everywhere = SearchRequest(query="国庆", limit=0)
    assert ({f.name: f.counts() for f in cluster_sample.search(everywhere).facets}
            == {f.name: f.counts() for f in whoosh_sample.search(everywhere).facets})
