"""An archive on the cluster written by an older mapping (version 1: before headline keys;
version 2: before the people, places and organisations) is refused with how to rebuild it,
rather than searched without them."""
from __future__ import annotations

import pytest

from indexer.archive import open_archive
from indexer.errors import IndexVersionError
from indexer.results import SearchRequest


@pytest.mark.parametrize("version", [1, 2])
def test_an_archive_of_an_older_mapping_is_refused_saying_how_to_rebuild_it(
        new_archive, sample_articles, version) -> None:
    written = new_archive(f"mapping-{version}")
    written.index_articles(sample_articles[:3])
    client, index = written.archive.cluster.client, written.archive.index
    meta = client.indices.get_mapping(index=index)[index]["mappings"]["_meta"]
    meta["baoku"]["mapping_version"] = version
    client.indices.put_mapping(index=index, body={"_meta": meta})
    address = written.archive.address.text
    with pytest.raises(IndexVersionError) as refused:
        open_archive(address).search(SearchRequest(query="阅兵"))
    assert str(refused.value) == (
        f"the archive at {address} has mapping version {version}; this Baoku writes "
        "version 3: "
        "rebuild it as a new archive, with 'baoku copy --from FOLDER --to "
        "opensearch://HOST:PORT/NEWNAME' from an index folder of its articles or "
        "'baoku index FILES --index opensearch://HOST:PORT/NEWNAME' from their files")
