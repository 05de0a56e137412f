"""Archive addresses on a cluster: read, refused when malformed, dispatched by
``open_archive``, and the local state folder they are given (no cluster needed)."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.archive import open_archive
from indexer.engine.backend import WhooshBackend
from indexer.errors import ConfigError
from indexer.opensearch import OpenSearchBackend
from indexer.opensearch.address import parse_address


def test_an_address_names_every_node_and_the_archive() -> None:
    address = parse_address("opensearch://127.0.0.1:9201,127.0.0.1:9202,Node-3/papers_2019")
    assert address.hosts == (("127.0.0.1", 9201), ("127.0.0.1", 9202), ("node-3", 9200))
    assert address.index == "papers_2019"
    same_nodes = parse_address("opensearch://127.0.0.1:9202,127.0.0.1:9201,node-3/other")
    assert same_nodes.cluster_key == address.cluster_key


@pytest.mark.parametrize("text", [
    "opensearch://", "opensearch://127.0.0.1:9201", "opensearch://127.0.0.1:9201/",
    "opensearch:///papers", "opensearch://127.0.0.1:99999/papers",
    "opensearch://127.0.0.1:port/papers", "opensearch://127.0.0.1:9201/Papers",
    "opensearch://127.0.0.1:9201/a/b", "opensearch://user:pw@127.0.0.1:9201/papers",
    "opensearch://127.0.0.1:9201/_papers", "opensearch://bad_host!:9201/papers",
])
def test_a_malformed_address_is_refused_with_the_form_to_write(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        open_archive(text)
    message = str(caught.value)
    assert text in message and "opensearch://HOST:PORT" in message
    assert "\n" not in message


def test_open_archive_dispatches_by_address(tmp_path: Path) -> None:
    assert isinstance(open_archive("opensearch://127.0.0.1:9201/papers"), OpenSearchBackend)
    assert isinstance(open_archive("OpenSearch://127.0.0.1:9201/papers"), OpenSearchBackend)
    assert isinstance(open_archive(tmp_path / "index"), WhooshBackend)
    with pytest.raises(ConfigError, match="'ftp://' addresses are not supported"):
        open_archive("ftp://example.org/index")


def test_the_state_folder_is_per_cluster_and_archive(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOKU_STATE_DIR", str(tmp_path / "state"))
    one = open_archive("opensearch://127.0.0.1:9201,127.0.0.1:9202/papers").state_folder
    again = open_archive("opensearch://127.0.0.1:9202,127.0.0.1:9201/papers").state_folder
    other = open_archive("opensearch://127.0.0.1:9203/papers").state_folder
    assert one == again != other
    assert one.parent == tmp_path / "state" / "opensearch" and one.is_dir()
    assert one.name.endswith("-papers")
    monkeypatch.delenv("BAOKU_STATE_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert open_archive("opensearch://127.0.0.1:9203/papers").state_folder == (
        tmp_path / "xdg" / "baoku" / "opensearch" / other.name)


def test_shards_and_replicas_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = OpenSearchBackend("opensearch://127.0.0.1:9201/papers")
    assert (backend.archive.shards, backend.archive.replicas) == (3, 1)
    monkeypatch.setenv("BAOKU_OPENSEARCH_SHARDS", "2")
    monkeypatch.setenv("BAOKU_OPENSEARCH_REPLICAS", "0")
    backend = OpenSearchBackend("opensearch://127.0.0.1:9201/papers")
    assert (backend.archive.shards, backend.archive.replicas) == (2, 0)
    monkeypatch.setenv("BAOKU_OPENSEARCH_SHARDS", "many")
    with pytest.raises(ConfigError, match="BAOKU_OPENSEARCH_SHARDS"):
        OpenSearchBackend("opensearch://127.0.0.1:9201/papers")
