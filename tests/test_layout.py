"""The shape of the code a newcomer relies on: no import cycle among Baoku's modules, and the
web app, the command line, the batch runner and the editors' tools reach an archive only
through ``indexer.backend.SearchBackend`` (never the Whoosh engine)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("indexer", "search_web")
# Packages that must not know which engine holds the archive.
ENGINE_FREE = ("search_web", "indexer.cli", "indexer.batch", "indexer.editing",
               "indexer.searching", "indexer.query", "indexer.text", "indexer.readers",
               "indexer.opensearch")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports, anywhere in it (module level or in a function)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            # ``from PACKAGE import module`` imports the module; ``from MODULE import name``
            # the module
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycle_from(start: str) -> list[str] | None:
    stack, on_path, seen = [(start, iter(sorted(GRAPH[start])))], [start], {start}
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            on_path.pop()
        elif child == start:
            return [*on_path, start]
        elif child not in seen:
            seen.add(child)
            stack.append((child, iter(sorted(GRAPH[child]))))
            on_path.append(child)
    return None


def test_no_import_cycle() -> None:
    cycles = [" -> ".join(cycle) for name in sorted(GRAPH) if (cycle := _cycle_from(name))]
    assert cycles == []


@pytest.mark.parametrize("package", ENGINE_FREE)
def test_the_engine_is_reached_only_through_the_backend(package: str) -> None:
    offending = sorted(
        f"{name} imports {target}" for name, targets in GRAPH.items()
        if name == package or name.startswith(package + ".")
        for target in targets if target.startswith("indexer.engine"))
    assert offending == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    GRAPH["indexer.errors"].add("indexer.results")
    GRAPH["indexer.results"].add("indexer.errors")
    try:
        assert _cycle_from("indexer.errors") is not None
    finally:
        GRAPH["indexer.errors"].discard("indexer.results")
        GRAPH["indexer.results"].discard("indexer.errors")


def _third_party_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_opensearch_package_talks_to_opensearch() -> None:
    talking = sorted(name for name, path in MODULES.items()
                     if "opensearchpy" in _third_party_imports(path))
    assert talking and all(n.startswith("indexer.opensearch.") for n in talking), talking
