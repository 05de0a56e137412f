"""What a writing run did: counts, failures, changes and notes, as a line and as JSON."""
from __future__ import annotations

from dataclasses import dataclass, field

from indexer.readers import Failure


@dataclass
class IndexSummary:
    """What one indexing or removal run did (or, for a dry run, would do).

    ``changes`` lists (action, id) for every article added, replaced or removed; ``missing``
    the ids asked to be removed that are not in the index; ``notes`` what the run cleared
    after an earlier, interrupted one, or the merge it could not do after its commit."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    duplicates: int = 0
    bytes: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    failures: list[Failure] = field(default_factory=list)
    changes: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def kb_per_second(self) -> float:
        return self.bytes / 1024 / self.seconds if self.seconds else 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed)

    def line(self) -> str:
        return (("would be: " if self.dry_run else "")
                + f"added {self.added}, replaced {self.replaced}, unchanged {self.unchanged}, "
                f"removed {self.removed}, failed {self.failed}"
                + (f", duplicate ids skipped {self.duplicates}" if self.duplicates else "")
                + f" in {self.seconds:.1f} s "
                f"({self.kb_per_second:.0f} KB/s)")

    def to_dict(self) -> dict:
        data = {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "removed": self.removed, "failed": self.failed, "duplicates": self.duplicates,
                "seconds": round(self.seconds, 3), "kb_per_second": round(self.kb_per_second),
                "failures": [str(f) for f in self.failures]}
        if self.missing:
            data["missing"] = list(self.missing)
        if self.notes:
            data["notes"] = list(self.notes)
        if self.dry_run:
            data["dry_run"] = True
            data["changes"] = [{"action": a, "id": i} for a, i in self.changes]
        return data
