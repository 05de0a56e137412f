"""What Whoosh's own matcher reads of a term, to compare the index and readers against."""
from __future__ import annotations


def whoosh_rows(reader, field: str, term) -> list[tuple[int, float, bytes]]:
    """(document number, weight, encoded value) of each posting of ``term`` in ``field``,
    as Whoosh's matcher steps through them."""
    matcher = reader.postings(field, term)
    rows = []
    while matcher.is_active():
        rows.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return rows
