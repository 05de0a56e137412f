"""``baoku index --progress`` onto a cluster: the bar counts the articles the cluster took,
batch by batch, and the run ends with the final refresh as its commit line."""
from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from indexer.cli import main


def test_the_bar_counts_the_batches_sent_and_ends_with_the_refresh(
        new_archive, corpus_data: Path) -> None:
    source = corpus_data / "rmrb-2019-2020.jsonl"  # 379 articles: two bulk batches of 200
    ran = CliRunner().invoke(main, ["index", str(source), "--index",
                                    new_archive("progress").address, "--progress"])
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.startswith("added 379, replaced 0, unchanged 0, removed 0, failed 0")
    lines = [line.strip() for line in re.split(r"[\r\n]+", ran.stderr) if line.strip()]
    assert lines[0] == "counting: 379 articles in 1 file"
    counts = [int(m[1]) for line in lines
              if (m := re.match(r"indexing:\s+\d+%\|.*\| (\d+)/379 ", line))]
    assert sorted(set(counts)) == [0, 200, 379]
    assert counts == sorted(counts)
    after = lines[max(i for i, line in enumerate(lines) if line.startswith("indexing")) + 1:]
    assert after[0] == "committing…"
    assert re.fullmatch(r"committing: \d+\.\d s", after[-1])
