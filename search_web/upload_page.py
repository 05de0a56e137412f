"""What the upload pages tell an editor, in Chinese: the articles of an upload by page (版),
why a zip was refused (one sentence per ``indexer.editing.unpack.REASONS``) and why an upload
could not be kept. Never a path of the server: the entry named is the zip's own, shortened."""
from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.editing.upload import UploadedArticle
from indexer.errors import DiskFull, IndexWriteError, UploadRefused

ENTRY_CHARS = 60  # an entry name is shown up to this many characters

REFUSALS = {
    "not_zip": "上传的文件不是可以读取的 zip 包",
    "unsafe_path": "zip 包里的“{entry}”使用了绝对路径或不可移植的路径",
    "leaves_folder": "zip 包里的“{entry}”指向整期文件夹以外",
    "no_name": "zip 包里有一项没有名字",
    "name_too_long": "zip 包里的“{entry}”名字太长（每一级不能超过 {limit} 字节）",
    "link": "zip 包里的“{entry}”是符号链接",
    "encrypted": "zip 包里的“{entry}”是加密的",
    "too_many": "zip 包里的条目太多（不能超过 {limit} 个）",
    "too_big": "zip 包解压后超过 {limit} MB",
    "twice": "zip 包里的“{entry}”出现了两次",
    "file_and_folder": "zip 包里的“{entry}”既是文件又是文件夹",
    "damaged": "zip 包里的“{entry}”已损坏，无法解压",
}
NOTHING_DONE = "：没有解压，也没有索引任何内容。"
NOT_KEPT = "这一期没有保存，也没有索引；已有的文章不受影响。"
DISK_FULL = "服务器磁盘已满：" + NOT_KEPT + "请联系管理员腾出空间后再上传。"
NOT_WRITTEN = "服务器无法写入索引文件夹：" + NOT_KEPT + "请联系管理员。"


def shortened(entry: str | None) -> str:
    if entry is None:
        return ""
    return entry if len(entry) <= ENTRY_CHARS else entry[:ENTRY_CHARS] + "…"


def refusal(exc: UploadRefused) -> str:
    """Why the zip was refused, and that nothing was done."""
    return REFUSALS[exc.reason].format(entry=shortened(exc.entry), limit=exc.limit) \
        + NOTHING_DONE


def write_failure(exc: IndexWriteError) -> tuple[str, int]:
    """The message and status of an upload that could not be written: 507 for a full
    disk, else 500."""
    return (DISK_FULL, 507) if isinstance(exc, DiskFull) else (NOT_WRITTEN, 500)


def _page_order(page: str | None) -> tuple:
    """Pages in reading order: 1, 2, … 10, then A1, A2, …; unknown pages last."""
    if page is None:
        return (2, "", 0)
    found = re.fullmatch(r"([A-Za-z]*)0*(\d+)", page)
    if found is None:
        return (1, page, 0)
    return (0, found.group(1).upper(), int(found.group(2)))


def by_page(articles: Iterable[UploadedArticle]) -> list[tuple[str, list[UploadedArticle]]]:
    """The articles grouped by page, pages in reading order, articles in the order read:
    [("第 1 版", [...]), ("第 2 版", [...]), …, ("版次不明", [...])]."""
    pages: dict[str | None, list[UploadedArticle]] = {}
    for article in articles:
        pages.setdefault(article.page, []).append(article)
    return [(f"第 {page} 版" if page is not None else "版次不明", pages[page])
            for page in sorted(pages, key=_page_order)]
