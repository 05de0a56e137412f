"""The engine is pinned to the Whoosh it was tested on, and its use of Whoosh is contained:
Whoosh's private names only in ``indexer/engine/whoosh_private.py``, Whoosh itself only in
``indexer/engine/`` (and the pickle-path shim ``indexer/analysis.py``)."""
from __future__ import annotations

import ast
import configparser
import importlib
import inspect
from pathlib import Path

import pytest
import whoosh
from packaging.requirements import Requirement

from indexer.engine import whoosh_private
from indexer.engine.store import create_or_open, open_index
from indexer.engine.whoosh_private import TESTED_WHOOSH, check_whoosh_version, installed_whoosh
from indexer.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
INDEXER = REPO / "indexer"
PRIVATE_MODULE = INDEXER / "engine" / "whoosh_private.py"
# Where ``import whoosh`` is allowed: the engine, and the old import path of the analyzers
# that indexes written before ``indexer.engine`` existed have pickled in their schema.
WHOOSH_IMPORTERS = (INDEXER / "engine", INDEXER / "analysis.py")
# Underscore attributes read on something other than ``self``/``cls`` that are Baoku's own,
# not Whoosh's: (file relative to the repository, attribute). None today.
OWN_PRIVATE_ATTRIBUTES: frozenset[tuple[str, str]] = frozenset()


def _dotted(version) -> str:
    return ".".join(map(str, version))


# --- The pin ------------------------------------------------------------------------------


def test_the_installed_whoosh_is_a_tested_one():
    assert installed_whoosh() in TESTED_WHOOSH
    check_whoosh_version()  # does not raise


def test_setup_cfg_pins_whoosh_to_the_tested_versions():
    config = configparser.ConfigParser(interpolation=None)
    config.read(REPO / "setup.cfg", encoding="utf-8")
    requirements = [Requirement(line) for line in
                    config["options"]["install_requires"].split("\n") if line.strip()]
    (pin,) = [r for r in requirements if r.name == "whoosh3"]
    assert pin.specifier.contains(_dotted(installed_whoosh()))
    assert all(pin.specifier.contains(_dotted(v)) for v in TESTED_WHOOSH)
    # A compatible-release pin: no next minor version (where Whoosh's internals may change).
    newest = max(TESTED_WHOOSH)
    assert not pin.specifier.contains(f"{newest[0]}.{newest[1] + 1}.0")


def test_an_untested_whoosh_refuses_to_open_or_create_an_index(empty_index, tmp_path,
                                                               monkeypatch):
    monkeypatch.setattr(whoosh, "__version__", (3, 99, 7))
    tested = _dotted(TESTED_WHOOSH[0])
    with pytest.raises(ConfigError, match=r"Whoosh 3\.99\.7 is installed") as opening:
        open_index(empty_index.path)
    assert tested in str(opening.value)
    new = tmp_path / "new-index"
    with pytest.raises(ConfigError, match=r"3\.99\.7") as creating:
        create_or_open(new)
    assert tested in str(creating.value)
    assert not new.exists()  # refused before anything was written
    monkeypatch.undo()
    open_index(empty_index.path)  # the tested version opens it again


# --- Whoosh's private names only in whoosh_private.py -------------------------------------


def _modules(*roots: Path) -> list[Path]:
    found = sorted(p for root in roots for p in root.rglob("*.py"))
    assert found, roots  # a rule over no file would pass whatever the code does
    return found


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _is_whoosh(module: str | None) -> bool:
    return module is not None and (module == "whoosh" or module.startswith("whoosh."))


def _private_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """The places of ``tree`` using a private name of something other than ``self``/``cls``:
    an underscore attribute, ``getattr``-like access by name, an underscore name or module
    imported from Whoosh; and attributes of an imported Whoosh name assigned (a patch)."""
    whoosh_names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            whoosh_names.update((a.asname or a.name).split(".")[0] for a in node.names
                                if _is_whoosh(a.name))
        elif isinstance(node, ast.ImportFrom) and _is_whoosh(node.module):
            whoosh_names.update(a.asname or a.name for a in node.names)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr) and not (
                isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
            found.append((node.lineno, ast.unparse(node)))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("getattr", "hasattr", "setattr", "delattr")
              and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
              and isinstance(node.args[1].value, str) and _is_private(node.args[1].value)
              and not (isinstance(node.args[0], ast.Name)
                       and node.args[0].id in ("self", "cls"))):
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom) and _is_whoosh(node.module):
            if any(_is_private(part) for part in node.module.split(".")):
                found.append((node.lineno, f"from {node.module} import ..."))
            found.extend((node.lineno, f"from {node.module} import {a.name}")
                         for a in node.names if _is_private(a.name))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, f"import {a.name}") for a in node.names
                         if _is_whoosh(a.name) and any(map(_is_private, a.name.split("."))))
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                root = target
                while isinstance(root, ast.Attribute):
                    root = root.value
                if (isinstance(target, ast.Attribute) and isinstance(root, ast.Name)
                        and root.id in whoosh_names):
                    found.append((node.lineno, f"{ast.unparse(target)} = ... (patches Whoosh)"))
    return found


def test_only_whoosh_private_uses_whoosh_private_names():
    found = []
    for path in _modules(INDEXER):
        if path == PRIVATE_MODULE:
            continue
        where = str(path.relative_to(REPO))
        for line, what in _private_uses(ast.parse(path.read_text("utf-8"), str(path))):
            if (where, what.rsplit(".", 1)[-1]) not in OWN_PRIVATE_ATTRIBUTES:
                found.append(f"{where}:{line}: {what}")
    assert not found, ("Whoosh's private names belong in indexer/engine/whoosh_private.py:\n"
                       + "\n".join(found))


def test_no_whoosh_subclass_outside_whoosh_private_touches_a_private_name():
    """A Baoku subclass of a Whoosh class neither overrides a private method of Whoosh's nor
    reads on ``self`` an underscore name that no Baoku class of its own sets."""
    found = []
    for path in _modules(INDEXER / "engine"):
        if path == PRIVATE_MODULE:
            continue
        name = ".".join(path.relative_to(INDEXER.parent).with_suffix("").parts)
        name = name.removesuffix(".__init__")
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and cls.__module__ == name):
                continue
            # Whoosh's classes, and whoosh_private's (which may override Whoosh's privates).
            theirs = [b for b in cls.__mro__ if b.__module__.split(".")[0] == "whoosh"
                      or b.__module__ == whoosh_private.__name__]
            ours = [b for b in cls.__mro__
                    if b.__module__.startswith("indexer.") and b not in theirs]
            if not theirs:
                continue
            own = set()
            for base in ours:
                own.update(n for n in vars(base) if _is_private(n))
                own.update(_self_assigned(ast.parse(inspect.getsource(base))))
            for n in sorted(own):
                if any(n in vars(b) for b in theirs):
                    found.append(f"{name}.{cls.__name__}.{n} overrides Whoosh's")
            tree = ast.parse(inspect.getsource(cls))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Attribute) and _is_private(node.attr)
                        and isinstance(node.value, ast.Name)
                        and node.value.id in ("self", "cls") and node.attr not in own):
                    found.append(f"{name}.{cls.__name__}: self.{node.attr} is Whoosh's")
    assert not found, "\n".join(found)


def _self_assigned(tree: ast.AST) -> set[str]:
    return {t.attr for node in ast.walk(tree)
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
            and t.value.id == "self" and _is_private(t.attr)}


def test_the_private_name_rule_catches_what_it_forbids():
    bad = """
from whoosh import query as wq
from whoosh.system import _INT_SIZE
import whoosh._private
x = ix._read_toc()
y = getattr(reader, "_perdoc", None)
z = super()._collect(1, 2.0)
wq.Or.matcher_type = 1
"""
    assert sorted(line for line, _ in _private_uses(ast.parse(bad))) == [3, 4, 5, 6, 7, 8]
    fine = """
from whoosh import query as wq
self._cache = {}
cls._registry = {}
q = wq.Or([])
q.boost = 2.0
"""
    assert _private_uses(ast.parse(fine)) == []


# --- Whoosh itself only in the engine -----------------------------------------------------


def _whoosh_imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names if _is_whoosh(a.name))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _is_whoosh(node.module):
            found.append((node.lineno, node.module))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
              and getattr(node.func, "attr", getattr(node.func, "id", None))
              in ("import_module", "__import__") and node.args
              and isinstance(node.args[0], ast.Constant)
              and _is_whoosh(str(node.args[0].value))):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def test_only_the_engine_imports_whoosh():
    found = []
    for path in _modules(INDEXER, REPO / "search_web"):
        if any(path == allowed or allowed in path.parents for allowed in WHOOSH_IMPORTERS):
            continue
        for line, module in _whoosh_imports(ast.parse(path.read_text("utf-8"), str(path))):
            found.append(f"{path.relative_to(REPO)}:{line}: imports {module}")
    assert not found, ("only indexer/engine/ may import Whoosh:\n" + "\n".join(found))


def test_the_import_rule_catches_what_it_forbids():
    bad = """
import whoosh
from whoosh.query import Term
import whoosh.index as wi
importlib.import_module("whoosh.fields")
"""
    assert sorted(line for line, _ in _whoosh_imports(ast.parse(bad))) == [2, 3, 4, 5]
    assert _whoosh_imports(ast.parse("from .whoosh_private import x\nimport whooshy")) == []


def test_whoosh_private_is_the_module_that_holds_them():
    # The rules exempt this file: it must be the one that holds the private names.
    assert Path(whoosh_private.__file__).resolve() == PRIVATE_MODULE
    assert _private_uses(ast.parse(PRIVATE_MODULE.read_text("utf-8")))
