"""Cells that a spreadsheet will not run: every text cell of every CSV file Baoku writes
goes through ``csv_cell``.

A spreadsheet reads a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula (and a
leading TAB or carriage return can hide one), so a headline such as
``=HYPERLINK("http://…")`` or a query ``-2+3+cmd|' /C calc'!A0`` would run when the file is
opened. Such a cell gets a leading apostrophe, which spreadsheets show as plain text (the
OWASP advice on CSV injection). Numbers are written as they are; JSON files stay raw.

A text that is already such an apostrophe and a formula (``'=1``) gets one more, so that
``plain_cell`` gives back exactly the text written, for Baoku's own reading of its files.
"""
from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _runs(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` (or it is one defused already)."""
    while text.startswith("'"):
        text = text[1:]
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """``value`` as a CSV cell: None as an empty cell, text that would start a formula with
    an apostrophe before it, anything else unchanged."""
    if value is None:
        return ""
    if isinstance(value, str) and _runs(value):
        return "'" + value
    return value


def plain_cell(text: str) -> str:
    """The text ``csv_cell`` was given, from the cell it wrote."""
    return text[1:] if text.startswith("'") and _runs(text[1:]) else text


def csv_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row through ``csv_cell``."""
    return [csv_cell(v) for v in values]
