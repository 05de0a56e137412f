"""``baoku index --progress``: the bar moves with articles as they are built, phase by phase,
and the run ends with its commit line, not when the files are read."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

COPIES = 3  # 379 articles each: more than parallel.START_DOCS, so the workers build them


def _big_jsonl(corpus_data: Path, target: Path) -> int:
    """The test corpus's 人民日报 articles, ``COPIES`` times under new ids, in one file."""
    lines = (corpus_data / "rmrb-2019-2020.jsonl").read_text(encoding="utf-8").splitlines()
    with target.open("w", encoding="utf-8") as out:
        for copy in range(COPIES):
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record['id']}-copy{copy}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return COPIES * len(lines)


def _lines(stderr: str) -> list[str]:
    """What tqdm drew, one state a line (it redraws with carriage returns)."""
    return [line.strip() for line in re.split(r"[\r\n]+", stderr) if line.strip()]


def test_the_bar_follows_the_articles_built_and_ends_with_the_commit(
        tmp_path: Path, corpus_data: Path) -> None:
    source = tmp_path / "articles.jsonl"
    total = _big_jsonl(corpus_data, source)
    baoku = Path(sys.executable).with_name("baoku")
    done = subprocess.run([str(baoku), "index", str(source), "--index", str(tmp_path / "ix"),
                           "--workers", "2", "--progress"],
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"added {total}, replaced 0, unchanged 0, removed 0, failed 0")
    lines = _lines(done.stderr)
    assert lines[0] == f"counting: {total} articles in 1 file"
    indexing = [(i, int(m[1]), int(m[2])) for i, line in enumerate(lines)
                if (m := re.match(r"indexing:\s+\d+%\|.*\| (\d+)/(\d+) ", line))]
    counts = [done for _i, done, _total in indexing]
    assert {t for _i, _d, t in indexing} == {total}
    assert counts == sorted(counts)
    assert counts[-1] == total
    assert len({c for c in counts if 0 < c < total}) >= 3  # it rose through the run
    assert lines[indexing[-1][0]].startswith("indexing: 100%|")
    after = lines[indexing[-1][0] + 1:]
    assert list(dict.fromkeys(line.split(":")[0].rstrip("…") for line in after)) == [
        "writing segments", "committing"]
    assert any(re.fullmatch(r"writing segments: \d+\.\d s", line) for line in after)
    assert re.fullmatch(r"committing: \d+\.\d s", after[-1])  # the run ends with it
