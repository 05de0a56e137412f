"""The documentation cannot go stale unnoticed: the generated reference pages equal what the
code generates, every command, option and setting is documented, every relative link
leads to a file, and the README stays a five-minute read."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from indexer.cli.main import main
from indexer.cli.reference import cli_reference, settings_reference
from indexer.settings import SETTINGS

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
README = REPO / "README.md"
README_MAX_LINES = 220
REGENERATE = ("regenerate it: python -m indexer.cli.reference {what} > docs/{what}.md")

# [text](target) and ![alt](target), the target up to a space or ")"; reference-style
# definitions "[label]: target".
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _sections(markdown: str) -> dict[str, str]:
    """The text under each "## baoku NAME" heading of the CLI reference, by NAME."""
    parts = re.split(r"^## baoku (\S+)\s*$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _commands() -> list[tuple[str, click.Command]]:
    return [(name, cmd) for name, cmd in main.commands.items() if not cmd.hidden]


# --- docs/cli.md ---------------------------------------------------------------------------


def test_every_command_and_option_is_in_the_cli_reference():
    sections = _sections(_read(DOCS / "cli.md"))
    missing = []
    for name, command in _commands():
        if name not in sections:
            missing.append(f"baoku {name}")
            continue
        for param in command.params:
            if isinstance(param, click.Option):
                missing += [f"baoku {name} {opt}" for opt in param.opts + param.secondary_opts
                            if not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])",
                                             sections[name])]
    assert not missing, ("not in docs/cli.md: " + ", ".join(missing) + "; "
                         + REGENERATE.format(what="cli"))


def test_the_cli_reference_is_the_generated_one():
    assert _read(DOCS / "cli.md") == cli_reference(), REGENERATE.format(what="cli")


# --- docs/settings.md ----------------------------------------------------------------------


def test_every_setting_is_in_the_settings_reference():
    text = _read(DOCS / "settings.md")
    missing = [s.name for s in SETTINGS
               if f"| `{s.name}` | `{s.env}` |" not in text or s.help not in text]
    assert not missing, ("not documented in docs/settings.md: " + ", ".join(missing) + "; "
                         + REGENERATE.format(what="settings"))


def test_the_settings_reference_is_the_generated_one():
    assert _read(DOCS / "settings.md") == settings_reference(), \
        REGENERATE.format(what="settings")


# --- links ---------------------------------------------------------------------------------


def relative_links(markdown: str) -> list[tuple[str, str]]:
    """The link and image targets of ``markdown`` that stay in the repository (not a URL),
    outside code blocks and code spans, as (file, fragment); the file is "" for an anchor
    of the same page."""
    text = CODE_SPAN.sub("", FENCE.sub("", markdown))
    targets = INLINE_LINK.findall(text) + REFERENCE_LINK.findall(text)
    out = []
    for target in targets:
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target) or target.startswith("//"):
            continue
        file, _, fragment = target.partition("#")
        out.append((file, fragment))
    return out


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of ``markdown``: lower case, punctuation
    dropped, spaces as hyphens, a repeated one numbered."""
    seen: dict[str, int] = {}
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", FENCE.sub("", markdown),
                              re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        out.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return out


def test_the_link_finder_finds_links():
    sample = ("See [the CLI](docs/cli.md#baoku-index), ![shot](docs/a.png \"title\"), "
              "[web](https://example.org), [top](#top), `[not](code.md)`\n"
              "```\n[nor](fenced.md)\n```\n[ref]: ../bench/RESULTS.md\n")
    assert relative_links(sample) == [("docs/cli.md", "baoku-index"), ("docs/a.png", ""),
                                      ("", "top"), ("../bench/RESULTS.md", "")]
    assert anchors("# Baoku 报库\n## HTML extraction, measured\n## `baoku trend`\n"
                   "## Notes\n## Notes\n") == {"baoku-报库", "html-extraction-measured",
                                               "baoku-trend", "notes", "notes-1"}


MARKDOWN_FILES = [README, *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("page", MARKDOWN_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_leads_to_a_file(page: Path):
    broken = []
    for file, fragment in relative_links(_read(page)):
        target = page.parent / file if file else page
        if not target.exists():
            broken.append(file)
        elif fragment and target.suffix == ".md" and fragment not in anchors(_read(target)):
            broken.append(f"{file}#{fragment}")
    assert not broken, f"{page.relative_to(REPO)} links to missing files or headings: {broken}"


def test_the_docs_pages_exist():
    # The link test above passes vacuously over no pages: make sure it has them.
    names = {p.name for p in DOCS.glob("*.md")}
    assert {"cli.md", "settings.md", "query-language.md", "web.md", "batch.md",
            "editing.md", "readers.md", "design.md",
            "quality-and-performance.md"} <= names


# --- README --------------------------------------------------------------------------------


def test_the_readme_is_short():
    lines = len(_read(README).splitlines())
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines; keep it under {README_MAX_LINES} and move detail "
        "into docs/")
