"""People, places and organisations on the cluster: the seed page's facets and the place
filter as in a Whoosh index, and an archive written before them (mapping version 2)
refused with how to rebuild it."""
from __future__ import annotations

import pytest

from indexer.archive import open_archive
from indexer.errors import IndexVersionError
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


def test_an_archive_of_mapping_version_2_is_refused_saying_how_to_rebuild_it(
        new_archive, sample_articles) -> None:
    written = new_archive("mapping-2")
    written.index_articles(sample_articles[:3])
    client, index = written.archive.cluster.client, written.archive.index
    meta = client.indices.get_mapping(index=index)[index]["mappings"]["_meta"]
    meta["baoku"]["mapping_version"] = 2
    client.indices.put_mapping(index=index, body={"_meta": meta})
    address = written.archive.address.text
    with pytest.raises(IndexVersionError) as refused:
        open_archive(address).search(SearchRequest(query="阅兵"))
    assert str(refused.value).startswith(
        f"the archive at {address} has mapping version 2; this Baoku writes version 3: "
        "rebuild it as a new archive")
