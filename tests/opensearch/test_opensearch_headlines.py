"""An archive on the cluster written before headline keys (mapping version 1) is refused
with how to rebuild it, rather than searched without them."""
from __future__ import annotations

import pytest

from indexer.archive import open_archive
from indexer.errors import IndexVersionError
from indexer.results import SearchRequest


def test_an_archive_of_mapping_version_1_is_refused_saying_how_to_rebuild_it(
        new_archive, sample_articles) -> None:
    written = new_archive("mapping-1")
    written.index_articles(sample_articles[:3])
    client, index = written.archive.cluster.client, written.archive.index
    meta = client.indices.get_mapping(index=index)[index]["mappings"]["_meta"]
    meta["baoku"]["mapping_version"] = 1
    client.indices.put_mapping(index=index, body={"_meta": meta})
    address = written.archive.address.text
    with pytest.raises(IndexVersionError) as refused:
        open_archive(address).search(SearchRequest(query="阅兵"))
    assert str(refused.value) == (
        f"the archive at {address} has mapping version 1; this Baoku writes version 3: "
        "rebuild it as a new archive, with 'baoku copy --from FOLDER --to "
        "opensearch://HOST:PORT/NEWNAME' from an index folder of its articles or "
        "'baoku index FILES --index opensearch://HOST:PORT/NEWNAME' from their files")
