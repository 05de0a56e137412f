"""The two backends side by side: the same articles in a Whoosh folder and on an OpenSearch
cluster, indexed, measured and searched in one run.

The first N articles of ``../shared/corpus-data/rmrb-2019-2020.jsonl`` (人民日报 e-paper,
read by ``indexer.readers.read_paths``) are indexed through ``SearchBackend.index_articles``
twice, into a fresh index folder (``bench/out/backends-N-whoosh``, ``workers`` = the cores
of this machine) and into a fresh index of the cluster with 3 shards of 1 replica each
(named ``bench-backends-N`` unless the address names one; an index of that name is
replaced). Then, in this one process:

- indexing: wall seconds of the whole ``index_articles`` call (for OpenSearch it ends with
  the index's refresh), KB/s and articles/s of title + body text, CPU seconds of this
  process and of its finished children (the Whoosh workers; for OpenSearch the client
  only: normalising, jieba and the bulk requests), and, for OpenSearch, the time the
  shards spent indexing (index stats, primaries and every copy);
- size on disk: the folder's files for Whoosh; for OpenSearch the store of the primaries
  and of every copy (primaries and replicas) from the index stats API (``_stats``), read
  after the run's final refresh, with no flush and no force-merge (waiting out the 10 s
  the cluster caches store sizes; the translog is not in the store, and is given apart).
  Such a freshly written index still holds each document's whole original source
  (``_recovery_source``, kept because the mapping leaves the normalised text out of
  ``_source``) until a flush and a later merge drop it; so after the queries, once every
  copy's global checkpoint and retention leases have caught up with the last write (they
  are synced every 30 s), the index is flushed and force-merged to one segment a shard,
  and measured again: the size a settled archive has. Both measurements give the stored
  fields' share (``.fdt`` files). A shard already in one segment is not rewritten: with
  a few hundred articles the settled figure is not settled;
- each backend's start-up warm-up (``warm_up``, what ``baoku serve`` runs before it
  listens), timed;
- the query mix: one query of each kind as a user types it, each the first page of ten
  hits with facets and snippets (``archive.search(SearchRequest(query=q, limit=10,
  facets=True, snippets=True))``, what the web page asks). "Cold" is the first run of each
  query after the warm-up (the OS file cache holds both indexes, just written); "warm" the
  ``--repeat`` runs after it. Every query runs on both backends one after the other, the
  order swapped each time, so that a slower moment of a shared machine weighs on both. The
  hit counts of both are compared (they should be equal).

One Markdown table is printed, the two backends side by side with the ratio OpenSearch over
Whoosh (medians for latencies), then the conditions of the run; the figures are also kept
in ``bench/out/backends-N.json``. Both indexes are deleted at the end unless ``--keep``.

``--shard-copies K`` measures instead what one shard's search costs as it fills (no
Whoosh, a table of its own): the N articles in one shard without replica, then K copies of
them (new ids and body keys), each time settled (flushed, merged to one segment) and
measured (its store, and the shares of its files); for each query of the mix, the
cluster's own time (``took``) for the page request the backend sends, without its
aggregations, and for a bare count. The difference between the two sizes, per added match,
is what a search costs per matching article on one shard.

Run (the local three-node cluster: ``bash scripts/opensearch/cluster.sh start``):

    .venv/bin/python bench/backends.py --articles 2000 --repeat 20
    .venv/bin/python bench/backends.py --articles 8347 --shard-copies 7
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.scale import Timer, cores, folder_bytes, load, percentile  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus-data" / "rmrb-2019-2020.jsonl"
OUT = REPO / "bench" / "out"
NODES = "opensearch://127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203"
SHARDS, REPLICAS = 3, 1
OWN = "bench-backends-"  # the names of the indexes this benchmark makes (and may replace)
STORE_STATS_SECONDS = 11  # index.store.stats_refresh_interval (10 s) and a second
SETTLE_SECONDS = 120  # the longest wait for the copies' checkpoints and leases to catch up

# (label, query as typed, facet filters chosen): one of each kind, all with hits among the
# first 2,000 articles of the corpus (人民日报, February and October 2019 first).
MIX: tuple[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("one word", "改革", ()),
    ("two words", "经济 发展", ()),
    ("phrase", '"人民代表大会"', ()),
    ("name", "习近平", ()),
    ("filtered (source: and page 5)", "教育 source:人民日报", (("page", ("5",)),)),
    ("common word", "中国", ()),
    ("date range", "国庆 date:2019-10-01..2019-10-31", ()),
    ("one character", "党", ()),
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the cluster's REST API (sizes, statistics, cleaning up) -------------------------------

class Rest:
    """Plain HTTP to the cluster's nodes, for what the backend does not expose: health,
    index statistics, deleting the benchmark's index. Each call tries the nodes in turn."""

    def __init__(self, hosts: tuple[tuple[str, int], ...]) -> None:
        self.hosts = hosts

    def exists(self, path: str) -> bool:
        """Whether ``path`` (an index) exists."""
        return self.call("GET", path, missing_ok=True) is not None

    def call(self, method: str, path: str, missing_ok: bool = False, body: Any = None) -> Any:
        """The JSON answer of a request; ``body`` a dict (JSON) or a string (NDJSON, for
        ``_bulk``)."""
        last: Exception | None = None
        data, kind = None, {}
        if isinstance(body, str):
            data, kind = body.encode("utf-8"), {"Content-Type": "application/x-ndjson"}
        elif body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            kind = {"Content-Type": "application/json"}
        for host, port in self.hosts:
            request = urllib.request.Request(f"http://{host}:{port}{path}", data=data,
                                             headers=kind, method=method)
            try:
                with urllib.request.urlopen(request, timeout=120) as answer:
                    return json.loads(answer.read() or b"null")
            except urllib.error.HTTPError as exc:
                if missing_ok and exc.code == 404:
                    return None
                raise SystemExit(f"{method} {path} failed: HTTP {exc.code} "
                                 f"{exc.read()[:300].decode('utf-8', 'replace')}") from None
            except (urllib.error.URLError, OSError) as exc:
                last = exc
        raise ConnectionError(str(last))


def check_cluster(rest: Rest, address: str) -> dict:
    """The cluster's health, or a clear exit when no node answers."""
    try:
        health = rest.call("GET", "/_cluster/health")
        root = rest.call("GET", "/")
        nodes = rest.call("GET", "/_nodes/stats/jvm,os")
    except ConnectionError as exc:
        raise SystemExit(f"no node of the OpenSearch cluster answers at {address} ({exc}).\n"
                         "Start the local three-node cluster with: "
                         "bash scripts/opensearch/cluster.sh start") from None
    if health["number_of_data_nodes"] < 2:
        log(f"warning: the cluster has {health['number_of_data_nodes']} data node(s); the "
            "replicas of a 3x1 index cannot be allocated, the sizes with replicas will be "
            "those of the primaries")
    heaps = sorted({n["jvm"]["mem"]["heap_max_in_bytes"] for n in nodes["nodes"].values()})
    return {"name": health["cluster_name"], "status": health["status"],
            "nodes": health["number_of_nodes"], "version": root["version"]["number"],
            "heap_bytes": heaps}


def cluster_cpu_ms(rest: Rest) -> dict[str, int]:
    """The process CPU of each node (all of its work, whoever asked for it), by node id."""
    nodes = rest.call("GET", "/_nodes/stats/process")["nodes"]
    return {node_id: n["process"]["cpu"]["total_in_millis"] for node_id, n in nodes.items()}


def cpu_used(before: dict[str, int], after: dict[str, int]) -> float | None:
    """CPU seconds the nodes used between two readings; None when a node left, came or
    restarted meanwhile (its counter started again)."""
    if set(before) != set(after) or any(after[n] < before[n] for n in before):
        return None
    return sum(after[n] - before[n] for n in before) / 1000


def index_stats(rest: Rest, index: str) -> dict:
    """Store, translog, documents, segments and indexing time of ``index`` (index stats
    API), primaries and every copy."""
    time.sleep(STORE_STATS_SECONDS)  # the store sizes the cluster gives are this old at most
    stats = rest.call("GET", f"/{index}/_stats/store,translog,docs,segments,indexing,merge,"
                             "refresh?include_segment_file_sizes=true")["indices"][index]
    out = {}
    for scope in ("primaries", "total"):
        s = stats[scope]
        files = s["segments"].get("file_sizes", {})
        out[scope] = {"store_bytes": s["store"]["size_in_bytes"],
                      "stored_fields_bytes": files.get("fdt", {}).get("size_in_bytes", 0),
                      "files": {ext: f["size_in_bytes"] for ext, f in files.items()},
                      "translog_bytes": s["translog"]["size_in_bytes"],
                      "docs": s["docs"]["count"], "deleted_docs": s["docs"]["deleted"],
                      "segments": s["segments"]["count"],
                      "index_ms": s["indexing"]["index_time_in_millis"],
                      "merge_ms": s["merges"]["total_time_in_millis"],
                      "refresh_ms": s["refresh"]["total_time_in_millis"]}
    shards = rest.call("GET", f"/_cat/shards/{index}?format=json&bytes=b")
    out["primary_docs"] = sorted(int(s["docs"] or 0) for s in shards if s["prirep"] == "p")
    out["copies"] = {"started": sum(s["state"] == "STARTED" for s in shards),
                     "all": len(shards)}
    return out


# --- the run -------------------------------------------------------------------------------

def read_articles(count: int) -> list:
    from indexer.readers import Failure, read_paths

    if not CORPUS.is_file():
        raise SystemExit(f"the corpus file {CORPUS} is missing: this benchmark reads the "
                         "shared corpus at ../shared/corpus-data/ beside the repository")
    items = []
    for item in read_paths([CORPUS]):
        if isinstance(item, Failure):
            raise SystemExit(f"unreadable record in {CORPUS}: {item}")
        items.append(item)
        if len(items) == count:
            return items
    raise SystemExit(f"{CORPUS.name} holds {len(items)} articles, fewer than {count}")


def index_both(articles: list, whoosh, cluster, rest: Rest, workers: int) -> dict:
    """Index ``articles`` with each backend, the whole ``index_articles`` call timed."""
    import indexer.engine.parallel
    from indexer.text.segmentation import segmenter

    segmenter(None)  # jieba's dictionary in this process, outside both timings
    # Segments of the size the product builds, unless that would leave a worker without
    # its share of these articles (as bench/scale.py's compare does).
    indexer.engine.parallel.SEGMENT_DOCS = min(indexer.engine.parallel.SEGMENT_DOCS,
                                               -(-len(articles) // workers))
    figures: dict[str, Any] = {}
    for name, archive in (("whoosh", whoosh), ("opensearch", cluster)):
        log(f"indexing {len(articles):,} articles into {archive.address} …")
        before, cpu_before = load(), cluster_cpu_ms(rest)
        with Timer() as timer:
            summary = archive.index_articles(articles, workers=workers)
        if summary.added != len(articles) or summary.failed:
            raise SystemExit(f"{archive.address}: {summary.line()}")
        figures[name] = {"wall_seconds": timer.wall, "cpu_seconds": timer.cpu,
                         "text_bytes": summary.bytes, "summary": summary.line(),
                         "cluster_cpu_seconds": cpu_used(cpu_before, cluster_cpu_ms(rest)),
                         "load_before": before, "load_after": load()}
        log(f"  {summary.line()}")
    return figures


def run_mix(whoosh, cluster, repeat: int) -> dict:
    """The mix on both backends: warm-up, a cold run of each query, ``repeat`` warm runs,
    each query on both one after the other, the order swapped every time."""
    from indexer.results import SearchRequest

    backends = {"whoosh": whoosh, "opensearch": cluster}
    out: dict[str, Any] = {name: {"warm_up_seconds": None, "cold": {}, "warm": {},
                                  "total": {}, "collapsed": {}} for name in backends}
    for name, archive in backends.items():
        started = time.perf_counter()
        loaded = archive.warm_up()
        out[name]["warm_up_seconds"] = time.perf_counter() - started
        out[name]["segments"] = loaded.segments

    def one(name: str, label: str, query: str, filters) -> float:
        request = SearchRequest(query=query, filters=filters, limit=10, facets=True,
                                snippets=True)
        started = time.perf_counter()
        results = backends[name].search(request)
        ms = (time.perf_counter() - started) * 1000
        assert all(h.snippet.text for h in results.hits) or not results.hits, (name, label)
        out[name]["total"][label] = results.total
        out[name]["collapsed"][label] = results.collapsed
        return ms

    turn = 0
    for round_ in range(repeat + 1):  # round 0: the cold runs
        for label, query, filters in MIX:
            order = list(backends) if turn % 2 == 0 else list(reversed(backends))
            turn += 1
            for name in order:
                ms = one(name, label, query, filters)
                if round_ == 0:
                    out[name]["cold"][label] = ms
                else:
                    out[name]["warm"].setdefault(label, []).append(ms)
        if round_ == 0:
            log(f"cold runs done; {repeat} warm rounds …")
    return out


def sizes_settled(rest: Rest, index: str) -> dict:
    """The index stats once settled (after the queries): when every copy knows that every
    operation is on every copy (global checkpoint at the last operation, retention leases
    past it), a flush makes a commit that holds every document, so that the force-merge to
    one segment a shard that follows drops their recovery source."""
    log("settling the cluster's index (flush, force-merge) …")
    started = time.monotonic()
    while True:
        shards = rest.call("GET", f"/{index}/_stats/docs?level=shards")["indices"][index]
        copies = [c for copies in shards["shards"].values() for c in copies]
        ready = all(c["seq_no"]["global_checkpoint"] == c["seq_no"]["max_seq_no"]
                    and all(lease["retaining_seq_no"] > c["seq_no"]["max_seq_no"]
                            for lease in c["retention_leases"]["leases"])
                    for c in copies)
        if ready or time.monotonic() - started > SETTLE_SECONDS:
            break
        time.sleep(5)
    rest.call("POST", f"/{index}/_flush?force=true")
    rest.call("POST", f"/{index}/_forcemerge?max_num_segments=1")
    rest.call("POST", f"/{index}/_refresh")
    out = index_stats(rest, index)
    out["checkpoints_caught_up"] = ready
    out["waited_seconds"] = round(time.monotonic() - started, 1)
    return out


# --- one shard filling up (--shard-copies) --------------------------------------------

def shard_cost(rest: Rest, nodes: str, articles: list, copies: int, repeat: int) -> dict:
    """What one shard's search costs as it fills: the articles, then ``copies`` times them
    (each copy with new ids and body keys, so that no copy is a reprint of another), in
    one shard without replica, settled as ``sizes_settled`` does; at both sizes, the
    cluster's own time (``took``, median of ``repeat`` runs) for each query's page request
    as the backend sends it (the first of a search's requests), without its aggregations,
    and for a bare count. The documents are made once by the backend's own
    ``to_document`` and sent with ``_bulk``: jieba runs once, not once a copy."""
    from indexer.archive import open_archive
    from indexer.opensearch.documents import to_document
    from indexer.opensearch.mapping import index_body, meta_of
    from indexer.results import SearchRequest

    name = f"{OWN}shard-{len(articles)}x{copies}"
    rest.call("DELETE", f"/{name}", missing_ok=True)
    body = index_body(1, 0, meta_of(None, None))
    body["settings"]["index"]["refresh_interval"] = "-1"  # refreshed once a size
    rest.call("PUT", f"/{name}", body=body)
    log(f"segmenting {len(articles):,} articles for {name} …")
    docs = [to_document(a)[0] for a in articles]
    archive = open_archive(f"opensearch://{nodes}/{name}")
    connection = archive.archive.cluster  # only to see the requests the backend sends
    sent: list[tuple[dict, dict]] = []
    send = connection.search

    def capture(body: dict, **params: Any) -> dict:
        sent.append((body, params))
        return send(body, **params)

    connection.search = capture
    text = sum(len(a.title.encode("utf-8")) + len(a.body.encode("utf-8")) for a in articles)
    out: dict[str, Any] = {"index": name, "articles": len(articles), "copies": copies,
                           "text_bytes": text, "sizes": []}
    try:
        written = 0
        for target in (1, copies):
            while written < target:
                log(f"sending copy {written + 1} of {copies} …")
                _send_copy(rest, name, docs, written)
                written += 1
            rest.call("POST", f"/{name}/_refresh")
            settled = sizes_settled(rest, name)["primaries"]
            size: dict[str, Any] = {"articles": len(docs) * written, "load": load(),
                                    "store_bytes": settled["store_bytes"],
                                    "files": settled["files"], "queries": {}}
            for label, query, filters in MIX:
                sent.clear()
                results = archive.search(SearchRequest(query=query, filters=filters,
                                                       limit=10, facets=True, snippets=True))
                page, params = sent[0]
                bare = {k: v for k, v in page.items() if k != "aggs"}
                count = {"query": page["query"], "size": 0, "track_total_hits": True}
                size["queries"][label] = {
                    "total": results.total, "requests": len(sent),
                    "page_ms": _took(rest, name, page, params, repeat),
                    "no_aggs_ms": _took(rest, name, bare, params, repeat),
                    "count_ms": _took(rest, name, count, {}, repeat)}
            out["sizes"].append(size)
    finally:
        rest.call("DELETE", f"/{name}", missing_ok=True)
    return out


def _send_copy(rest: Rest, name: str, docs: list[dict], copy: int) -> None:
    """Copy number ``copy`` of the documents (the first one as they are), 500 a bulk."""
    lines: list[str] = []

    def flush() -> None:
        answer = rest.call("POST", "/_bulk", body="\n".join(lines) + "\n")
        if answer.get("errors"):
            failed = next(i for e in answer["items"] for i in e.values() if i["status"] >= 300)
            raise SystemExit(f"bulk into {name} failed: {failed}")
        lines.clear()

    for doc in docs:
        if copy:
            doc = dict(doc, id=f"{doc['id']}~{copy}", article=dict(doc["article"]))
            doc["article"]["id"] = doc["id"]
            if "body_key" in doc:
                doc["body_key"] += f"{copy:x}"
            doc["group"] = doc.get("body_key") or f"#{doc['id']}"
        lines.append(json.dumps({"index": {"_index": name, "_id": doc["id"]}}))
        lines.append(json.dumps(doc, ensure_ascii=False))
        if len(lines) >= 1000:
            flush()
    if lines:
        flush()


def _took(rest: Rest, name: str, body: dict, params: dict, repeat: int) -> float:
    """The median of the cluster's own time for ``body`` over ``repeat`` runs (after one
    not counted)."""
    query = "&".join(f"{k}={str(v).lower()}" for k, v in params.items() if v is not None)
    path = f"/{name}/_search" + (f"?{query}" if query else "")
    rest.call("POST", path, body=body)
    return statistics.median(rest.call("POST", path, body=body)["took"]
                             for _ in range(repeat))


def shard_report(f: dict) -> str:
    small, large = f["sizes"]
    rows = []
    for label, query, filters in MIX:
        a, b = small["queries"][label], large["queries"][label]
        added = b["total"] - a["total"]

        def slope(key: str, a=a, b=b, added=added) -> str:
            return f"{(b[key] - a[key]) * 1000 / added:.2f}" if added > 0 else ""

        shown = query + "".join(f", {k}={'/'.join(v)}" for k, v in filters)
        rows.append([f"{label}: `{shown}`",
                     f"{a['total']:,}", f"{a['page_ms']:g} / {a['no_aggs_ms']:g} / "
                     f"{a['count_ms']:g}",
                     f"{b['total']:,}", f"{b['page_ms']:g} / {b['no_aggs_ms']:g} / "
                     f"{b['count_ms']:g}",
                     f"{slope('page_ms')} / {slope('no_aggs_ms')}"])
    head = (f"### One shard filling up: {small['articles']:,} then {large['articles']:,} "
            f"articles ({f['articles']:,} articles of rmrb-2019-2020.jsonl, then "
            f"{f['copies']} copies with new ids and body keys), no replica, one segment\n")
    table = _table(["query", "matches", "page / without aggregations / count, ms",
                    "matches", "page / without aggregations / count, ms",
                    "µs per added match: page / without aggregations"], rows)
    kinds = {"pos": "positions", "fdt": "stored fields", "doc": "document lists and "
             "frequencies", "tim": "term dictionaries"}
    stores = []
    for size, copies in ((small, 1), (large, f["copies"])):
        files = size["files"]
        every = sum(files.values()) or 1
        shares = ", ".join(f"{kinds[k]} {files.get(k, 0) / every:.0%}" for k in kinds)
        stores.append(f"{_mb(size['store_bytes'])} MB at {size['articles']:,} articles "
                      f"({size['store_bytes'] / size['articles']:,.0f} bytes an article, "
                      f"{size['store_bytes'] / (f['text_bytes'] * copies):.2f}x the text; "
                      f"{shares})")
    note = (f"\n\nSettled store (flushed once the checkpoints caught up, then merged to one "
            f"segment): {'; then '.join(stores)}. The copies repeat the same texts, which "
            f"makes the larger size's bytes an article a lower bound.")
    note += (f"\n\nThe cluster's own time (`took`) for the first request of each search, as "
            f"the backend sends it (facets, the reprint count, collapsing, exact total, "
            f"`dfs_query_then_fetch`), then without its aggregations, then a bare count "
            f"(`size` 0); median of {f['repeat']} runs. Each search made "
            f"{small['queries'][MIX[0][0]]['requests']} requests. Load average "
            f"{small['load']} and {large['load']}.")
    return head + "\n" + table + note


# --- the table -----------------------------------------------------------------------------

def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f}"


def _ms(x: float) -> str:
    return f"{x:,.1f}"


def _ratio(os_value: float, whoosh_value: float) -> str:
    return f"{os_value / whoosh_value:.2f}x" if whoosh_value else ""


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def report(f: dict) -> str:
    n, w, o = f["articles"], f["indexing"]["whoosh"], f["indexing"]["opensearch"]
    text = w["text_bytes"]
    kb = text / 1024
    st, settled = f["opensearch_stats"], f["opensearch_settled"]
    pri, tot = st["primaries"], st["total"]
    sp, stt = settled["primaries"], settled["total"]
    wq, oq = f["queries"]["whoosh"], f["queries"]["opensearch"]
    rows: list[list] = [
        ["articles", f"{n:,}", f"{n:,}", ""],
        ["text (title + body), MB", _mb(text), _mb(o["text_bytes"]), ""],
        ["indexing: wall s (whole `index_articles`)", f"{w['wall_seconds']:.1f}",
         f"{o['wall_seconds']:.1f}", _ratio(o["wall_seconds"], w["wall_seconds"])],
        ["indexing: KB/s", f"{kb / w['wall_seconds']:,.1f}", f"{kb / o['wall_seconds']:,.1f}",
         _ratio(w["wall_seconds"], o["wall_seconds"])],
        ["indexing: articles/s", f"{n / w['wall_seconds']:,.1f}",
         f"{n / o['wall_seconds']:,.1f}", _ratio(w["wall_seconds"], o["wall_seconds"])],
        ["indexing: CPU s of this process (+ Whoosh workers; OpenSearch: client only)",
         f"{w['cpu_seconds']:.1f}", f"{o['cpu_seconds']:.1f}",
         _ratio(o["cpu_seconds"], w["cpu_seconds"])],
        ["indexing: CPU s of the 3 nodes (any other user's work included)", "",
         "a node restarted" if o["cluster_cpu_seconds"] is None
         else f"{o['cluster_cpu_seconds']:.1f}", ""],
        ["indexing: time in the shards, s (primaries / every copy)", "",
         f"{pri['index_ms'] / 1000:.1f} / {tot['index_ms'] / 1000:.1f}", ""],
        ["size on disk, MB (Whoosh: folder; OpenSearch: primaries' store, as written)",
         _mb(f["whoosh_bytes"]), _mb(pri["store_bytes"]),
         _ratio(pri["store_bytes"], f["whoosh_bytes"])],
        ["size on disk with replicas, MB (store of every copy, as written)", "",
         _mb(tot["store_bytes"]), _ratio(tot["store_bytes"], f["whoosh_bytes"])],
        ["size / text (with replicas), as written", f"{f['whoosh_bytes'] / text:.2f}",
         f"{pri['store_bytes'] / text:.2f} ({tot['store_bytes'] / text:.2f})", ""],
        ["bytes an article (primaries / every copy), as written",
         f"{f['whoosh_bytes'] / n:,.0f}",
         f"{pri['store_bytes'] / n:,.0f} / {tot['store_bytes'] / n:,.0f}", ""],
        ["stored fields (`.fdt`), share of the primaries' store: as written / settled", "",
         f"{pri['stored_fields_bytes'] / pri['store_bytes']:.0%} / "
         f"{sp['stored_fields_bytes'] / sp['store_bytes']:.0%}", ""],
        ["size settled (flush, force-merge to 1 segment a shard), MB: primaries / every copy",
         _mb(f["whoosh_bytes"]), f"{_mb(sp['store_bytes'])} / {_mb(stt['store_bytes'])}",
         _ratio(sp["store_bytes"], f["whoosh_bytes"])],
        ["size / text (with replicas), settled", f"{f['whoosh_bytes'] / text:.2f}",
         f"{sp['store_bytes'] / text:.2f} ({stt['store_bytes'] / text:.2f})", ""],
        ["bytes an article (primaries / every copy), settled",
         f"{f['whoosh_bytes'] / n:,.0f}",
         f"{sp['store_bytes'] / n:,.0f} / {stt['store_bytes'] / n:,.0f}", ""],
        ["segments (OpenSearch: primaries)", wq["segments"], pri["segments"], ""],
        ["start-up warm-up, s", f"{wq['warm_up_seconds']:.2f}",
         f"{oq['warm_up_seconds']:.2f}", _ratio(oq["warm_up_seconds"], wq["warm_up_seconds"])],
    ]
    every_w = [ms for v in wq["warm"].values() for ms in v]
    every_o = [ms for v in oq["warm"].values() for ms in v]
    for p in (50, 95):
        rows.append([f"**query mix, warm p{p} ms** ({len(every_w)} runs each)",
                     f"**{_ms(percentile(every_w, p))}**", f"**{_ms(percentile(every_o, p))}**",
                     f"**{_ratio(percentile(every_o, p), percentile(every_w, p))}**"])
    cold_w, cold_o = list(wq["cold"].values()), list(oq["cold"].values())
    rows.append(["query mix, cold (first run): median / max ms",
                 f"{_ms(statistics.median(cold_w))} / {_ms(max(cold_w))}",
                 f"{_ms(statistics.median(cold_o))} / {_ms(max(cold_o))}",
                 _ratio(statistics.median(cold_o), statistics.median(cold_w))])
    for label, query, filters in MIX:
        shown = query + "".join(f", {k}={'/'.join(v)}" for k, v in filters)
        cells = []
        for q in (wq, oq):
            warm = q["warm"][label]
            cells.append(f"{_ms(statistics.median(warm))} / {_ms(percentile(warm, 95))} / "
                         f"{_ms(q['cold'][label])} ({q['total'][label]:,} hits)")
        rows.append([f"{label}: `{shown}` — warm p50 / p95 / cold ms (hits)", *cells,
                     _ratio(statistics.median(oq["warm"][label]),
                            statistics.median(wq["warm"][label]))])
    c = f["cluster"]
    heap = "/".join(f"{h / 2**20:,.0f} MB" for h in c["heap_bytes"])
    head = (f"### {n:,} articles of rmrb-2019-2020.jsonl: Whoosh folder ({f['workers']} "
            f"workers) against OpenSearch {c['version']} ({c['nodes']} nodes on this "
            f"machine, heap {heap} each; {SHARDS} shards x {REPLICAS} replica), "
            f"{f['cores']} cores\n")
    table = _table(["", "Whoosh folder", "OpenSearch 3x1",
                    "OpenSearch / Whoosh (medians)"], rows)
    notes = [
        "",
        f"Load average: before indexing Whoosh {w['load_before']}, after {w['load_after']}; "
        f"OpenSearch {o['load_before']} -> {o['load_after']}; queries "
        f"{f['load_queries'][0]} -> {f['load_queries'][1]}.",
        f"OpenSearch sizes: index stats API (`/{f['index']}/_stats`), store of the "
        f"primaries and of every copy. \"As written\": after the indexing run's final "
        f"refresh, with no flush and no force-merge ({STORE_STATS_SECONDS} s later, the "
        f"cluster caching store sizes for 10 s); translog apart: "
        f"{_mb(pri['translog_bytes'])} MB primaries, {_mb(tot['translog_bytes'])} MB every "
        f"copy. \"Settled\": after the queries, once every copy's global checkpoint and "
        f"retention leases had caught up with the last write "
        f"({'yes' if settled['checkpoints_caught_up'] else 'NOT within the wait'}, "
        f"{settled['waited_seconds']} s), `_flush?force=true` and "
        f"`_forcemerge?max_num_segments=1`, so that the merge drops every document's "
        f"recovery source. "
        f"Shard copies started {st['copies']['started']} of {st['copies']['all']}; "
        f"articles per primary shard {', '.join(f'{d:,}' for d in st['primary_docs'])} "
        f"(routed by body key).",
        f"Whoosh: `workers` = {f['workers']}, segments of at most {f['segment_docs']:,} "
        "articles; the folder's files, all of them. jieba's dictionary was loaded in this "
        "process before both timings; the Whoosh workers (new processes) load their own "
        "inside it.",
        "Latency: `search(SearchRequest(query=q, filters=…, limit=10, facets=True, "
        "snippets=True))` in this process, each query on both backends one after the "
        f"other, the order swapped every time; cold = the first run after `warm_up()`; "
        f"warm = the {f['repeat']} runs after it. The OS file cache held both indexes.",
    ]
    if o["cluster_cpu_seconds"] is None or st["copies"]["started"] < st["copies"]["all"]:
        notes.append("**The cluster was not whole during this run**: a node restarted while "
                     "the articles were indexed, or some shard copies were still being "
                     "recovered when the sizes were read; the nodes' CPU and the sizes with "
                     "replicas do not describe a normal run.")
    differ = [label for label, *_ in MIX if wq["total"][label] != oq["total"][label]
              or wq["collapsed"][label] != oq["collapsed"][label]]
    if differ:
        notes.append("**Hits differ** between the backends for: " + "; ".join(
            f"{label} (Whoosh {wq['total'][label]:,} total, {wq['collapsed'][label]:,} "
            f"folded; OpenSearch {oq['total'][label]:,}, {oq['collapsed'][label]:,})"
            for label in differ) + ".")
    else:
        notes.append("Both backends gave the same totals and the same folded printings for "
                     "every query.")
    return head + "\n" + table + "\n" + "\n".join(notes)


# --- main ---------------------------------------------------------------------------------

def archive_address(address: str, articles: int) -> str:
    """``address`` with the benchmark's index name when it names none."""
    rest = address[len("opensearch://"):] if address.startswith("opensearch://") else None
    if rest is None:
        raise SystemExit(f"--address must start with opensearch://, not '{address}'")
    nodes, _, name = rest.partition("/")
    return f"opensearch://{nodes}/{name.strip('/') or f'{OWN}{articles}'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000,
                        help="the first N articles of the corpus file (default 2000)")
    parser.add_argument("--repeat", type=int, default=20,
                        help="warm runs of each query on each backend (default 20)")
    parser.add_argument("--address", default=NODES,
                        help="the cluster's nodes, opensearch://HOST:PORT[,…][/NAME] (default "
                             "the three local nodes; the index is bench-backends-N unless "
                             "NAME is given)")
    parser.add_argument("--keep", action="store_true",
                        help="keep both indexes (the folder and the cluster's index)")
    parser.add_argument("--shard-copies", type=int, default=0, metavar="K",
                        help="instead of the comparison: what one shard's search costs with "
                             "the N articles, then with K copies of them (no Whoosh)")
    args = parser.parse_args()
    if args.articles < 1 or args.repeat < 1:
        parser.error("--articles and --repeat must be at least 1")
    if args.shard_copies == 1 or args.shard_copies < 0:
        parser.error("--shard-copies must be at least 2")

    address = archive_address(args.address, args.articles)
    from indexer.errors import BaokuError
    from indexer.opensearch.address import parse_address

    try:
        parsed = parse_address(address)
    except BaokuError as exc:
        raise SystemExit(str(exc)) from None
    rest = Rest(parsed.hosts)
    cluster_info = check_cluster(rest, address)
    articles = read_articles(args.articles)
    if args.shard_copies:
        nodes = address[len("opensearch://"):].partition("/")[0]
        os.environ["BAOKU_STATE_DIR"] = str(OUT / "backends-shard-state")
        figures = {**shard_cost(rest, nodes, articles, args.shard_copies, args.repeat),
                   "repeat": args.repeat, "cluster": cluster_info}
        shutil.rmtree(OUT / "backends-shard-state", ignore_errors=True)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"backends-shard-{args.articles}x{args.shard_copies}.json").write_text(
            json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
        print(shard_report(figures))
        return

    # The archive's settings for this run: 3 shards x 1 replica, state files under
    # bench/out (not the user's own state folder).
    state = OUT / f"backends-{args.articles}-state"
    os.environ.update(BAOKU_OPENSEARCH_SHARDS=str(SHARDS),
                      BAOKU_OPENSEARCH_REPLICAS=str(REPLICAS), BAOKU_STATE_DIR=str(state))
    from indexer.archive import open_archive

    folder = OUT / f"backends-{args.articles}-whoosh"
    if rest.exists(f"/{parsed.index}") and not parsed.index.startswith(OWN):
        raise SystemExit(f"the index '{parsed.index}' exists at {address}: this benchmark "
                         f"creates and deletes an index of its own; name one starting with "
                         f"'{OWN}', or none")
    shutil.rmtree(folder, ignore_errors=True)
    rest.call("DELETE", f"/{parsed.index}", missing_ok=True)  # left by an earlier --keep
    workers = cores()
    figures: dict[str, Any] = {"articles": args.articles, "repeat": args.repeat,
                               "cores": cores(), "workers": workers, "index": parsed.index,
                               "address": address, "cluster": cluster_info}
    try:
        figures["indexing"] = index_both(articles, open_archive(folder),
                                         open_archive(address), rest, workers)
        import indexer.engine.parallel

        figures["segment_docs"] = indexer.engine.parallel.SEGMENT_DOCS
        figures["whoosh_bytes"] = folder_bytes(folder)
        figures["opensearch_stats"] = index_stats(rest, parsed.index)
        # Fresh backend objects for searching, as a server opens them.
        whoosh, cluster = open_archive(folder), open_archive(address)
        load_before = load()
        figures["queries"] = run_mix(whoosh, cluster, args.repeat)
        figures["load_queries"] = (load_before, load())
        figures["opensearch_settled"] = sizes_settled(rest, parsed.index)
    finally:
        if not args.keep:
            rest.call("DELETE", f"/{parsed.index}", missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(state, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"backends-{args.articles}.json").write_text(
        json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n")
    print(report(figures))
    if args.keep:
        print(f"\nKept: {folder} and {address}.")


if __name__ == "__main__":
    main()
