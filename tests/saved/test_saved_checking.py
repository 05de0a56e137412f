"""After each commit, every saved search is run against the articles the commit added or
replaced, and their matches are recorded once: "new" means indexed after the last look,
not dated after it. Real 人民日报 issues; the expected articles come from the files."""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from saved_helpers import BASE_ISSUES, NEW_ISSUE, articles_of, ids_with

from indexer.editing.upload import index_upload
from indexer.editing.watch import Watcher
from indexer.engine.backend import WhooshBackend
from indexer.readers import read_paths
from indexer.saved import ALERTS, WEB, SavedStore, new_saved_search
from indexer.saved.checking import check_commit, note_commit
from indexer.saved.location import store_path


def _store(archive: WhooshBackend) -> SavedStore:
    return SavedStore(store_path(archive))


def _unseen(store: SavedStore, search_id: int, consumer: str = WEB) -> set[str]:
    return {m.article_id for m in store.unseen(search_id, consumer)}


def test_a_new_issue_makes_its_matching_articles_new_and_none_of_the_old(archive):
    store = _store(archive)
    parade = store.add(new_saved_search("阅兵", "阅兵"))
    summary = archive.index_articles(read_paths([NEW_ISSUE]), workers=1)
    check = check_commit(archive, summary)
    expected = ids_with("阅兵", NEW_ISSUE)
    assert len(expected) == 5
    assert _unseen(store, parade.id) == _unseen(store, parade.id, ALERTS) == expected
    assert (check.searches, check.recorded) == (1, 5)
    # the 7 earlier articles about the parade were indexed before: not new
    assert all(ids_with("阅兵", issue) for issue in BASE_ISSUES)
    assert store.unseen_counts(WEB) == {parade.id: 5}


def test_a_filter_of_the_saved_search_narrows_what_is_new(archive):
    store = _store(archive)
    front = store.add(new_saved_search("头版阅兵", "阅兵", (("page", ("1",)),)))
    check_commit(archive, archive.index_articles(read_paths([NEW_ISSUE]), workers=1))
    assert _unseen(store, front.id) == ids_with("阅兵", NEW_ISSUE, page="1")
    assert len(_unseen(store, front.id)) == 2


def test_back_filling_an_older_issue_makes_its_articles_new(tmp_path: Path):
    archive = WhooshBackend(tmp_path / "index")
    archive.index_articles(read_paths([NEW_ISSUE]), workers=1)
    store = _store(archive)
    parade = store.add(new_saved_search("阅兵", "阅兵"))
    check_commit(archive, archive.index_articles(read_paths([BASE_ISSUES[0]]), workers=1))
    new = _unseen(store, parade.id)
    assert new == ids_with("阅兵", BASE_ISSUES[0])
    assert {a.date for a in articles_of(BASE_ISSUES[0]) if a.id in new} == {"2019-10-05"}


def test_an_article_already_recorded_is_not_new_again(archive, tmp_path: Path):
    store = _store(archive)
    parade = store.add(new_saved_search("阅兵", "阅兵"))
    check_commit(archive, archive.index_articles(read_paths([NEW_ISSUE]), workers=1))
    seen = store.unseen(parade.id, WEB)
    store.mark_seen(parade.id, WEB, seen[0].seq)
    # the same issue again: nothing changes; a corrected article: replaced, not new
    assert check_commit(archive, archive.index_articles(read_paths([NEW_ISSUE]),
                                                        workers=1)) is None
    corrected = tmp_path / "corrected"
    shutil.copytree(NEW_ISSUE, corrected / NEW_ISSUE.name)
    first = sorted((corrected / NEW_ISSUE.name).glob("*.txt"))[0]
    first.write_text(first.read_text("utf-8") + "\n（本报更正）\n", "utf-8")
    summary = archive.index_articles(read_paths([corrected]), workers=1)
    assert summary.replaced == 1
    check = check_commit(archive, summary)
    assert check is not None and check.recorded == 0
    assert store.unseen_counts(WEB) == {}


def test_without_saved_searches_indexing_creates_no_database(archive):
    summary = archive.index_articles(read_paths([NEW_ISSUE]), workers=1)
    assert note_commit(archive, summary) is None
    assert not store_path(archive).exists()
    assert summary.notes == []


def test_a_dry_run_records_nothing(archive):
    store = _store(archive)
    parade = store.add(new_saved_search("阅兵", "阅兵"))
    summary = archive.index_articles(read_paths([NEW_ISSUE]), dry_run=True)
    assert check_commit(archive, summary) is None
    assert store.unseen(parade.id, WEB) == []


def test_a_damaged_database_never_fails_the_commit(archive):
    store_path(archive).write_bytes(b"this is not a database" * 100)
    summary = archive.index_articles(read_paths([NEW_ISSUE]), workers=1)
    assert note_commit(archive, summary) is None
    assert summary.added == 31
    assert len(summary.notes) == 1
    assert summary.notes[0].startswith("saved searches not checked: cannot use the saved "
                                       "searches at ")
    assert archive.stats().articles == 72 + 31


def test_the_store_lives_beside_the_index_folder_and_survives_a_rebuild(archive):
    store = _store(archive)
    parade = store.add(new_saved_search("阅兵", "阅兵"))
    assert store.path == archive.path.resolve().with_name("index.saved-searches.sqlite3")
    shutil.rmtree(archive.path)  # the index deleted and built again from the files
    rebuilt = WhooshBackend(archive.path)
    note_commit(rebuilt, rebuilt.index_articles(read_paths([NEW_ISSUE]), workers=1))
    assert _store(rebuilt).searches() == [parade]
    assert _unseen(store, parade.id) == ids_with("阅兵", NEW_ISSUE)


def test_baoku_watch_checks_the_saved_searches_after_its_commit(archive, tmp_path: Path):
    store = _store(archive)
    parade = store.add(new_saved_search("阅兵", "阅兵"))
    drop = tmp_path / "drop"
    shutil.copytree(NEW_ISSUE, drop / NEW_ISSUE.name)
    runs = Watcher(archive, drop, settle=0).run(interval=0.05, once=True)
    assert [r.error for r in runs] == [None]
    assert _unseen(store, parade.id) == ids_with("阅兵", NEW_ISSUE)
    assert any(n.startswith("saved searches: 5 new matches") for n in runs[0].summary.notes)


def test_an_uploaded_issue_is_checked_too(archive):
    store = _store(archive)
    parade = store.add(new_saved_search("阅兵", "阅兵"))
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        for path in sorted(NEW_ISSUE.iterdir()):
            z.write(path, f"{NEW_ISSUE.name}/{path.name}")
    data.seek(0)
    done = index_upload(archive, data, "20191007", 50 * 2**20, wait=5, command="test upload")
    assert done.ok and done.summary.added == 31
    assert _unseen(store, parade.id) == ids_with("阅兵", NEW_ISSUE)
