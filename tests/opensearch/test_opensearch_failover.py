"""A node of the cluster killed (SIGKILL, by its PID) while searches run: every answer stays
complete (the totals of the Whoosh folder with the same articles), indexing goes on while the
node is down, and after it returns."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from indexer.results import SearchRequest

CLUSTER_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "opensearch" / "cluster.sh"
HOME = Path(os.environ.get("OPENSEARCH_HOME", "/tmp/baoku-opensearch"))
QUERIES = ("阅兵", '"人民日报"', "国庆 OR 嘉兴", "source:人民日报 -习近平", "date:2019-10-02")
ROUNDS = 40  # searches of every query, bounded: about a minute on a loaded machine
KILL_AT = 5


def _node_pid(node: int) -> int:
    return int((HOME / f"n{node}" / "opensearch.pid").read_text().strip())


def test_a_killed_node_loses_no_answer_and_no_write(cluster, cluster_sample, whoosh_sample,
                                                    new_archive, sample_articles) -> None:
    expected = {q: whoosh_sample.search(SearchRequest(query=q, limit=0)).total for q in QUERIES}
    assert all(expected.values()), expected
    wrong = []
    victim = _node_pid(2)
    started = time.monotonic()
    try:
        for round_ in range(ROUNDS):
            if round_ == KILL_AT:
                os.kill(victim, signal.SIGKILL)
            for q in QUERIES:
                total = cluster_sample.search(SearchRequest(query=q, limit=5)).total
                if total != expected[q]:
                    wrong.append((round_, q, total, expected[q]))
            if time.monotonic() - started > 240:
                break
        assert wrong == []
        assert round_ > KILL_AT + 5  # the loop ran well past the kill
        writer = new_archive("failover")
        first = writer.index_articles(sample_articles[:30])
        assert first.added == 30
    finally:
        done = subprocess.run(["bash", str(CLUSTER_SCRIPT), "start-node", "2"],
                              capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    second = writer.index_articles(sample_articles[30:60])
    assert (second.added, writer.count(SearchRequest(limit=0))) == (30, 60)
    assert [cluster_sample.search(SearchRequest(query=q, limit=0)).total for q in QUERIES] \
        == list(expected.values())
