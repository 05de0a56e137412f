"""What checking an archive found: problems (it is damaged) and notes (a writer is running,
a killed writer left files the next writer clears)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CheckReport:
    """What ``check_index`` found; ``ok`` when there is no problem."""

    path: str
    generation: int | None = None
    segments: int = 0
    articles: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        head = (f"{self.path}: generation {self.generation}, "
                f"{self.segments} segment{'s' if self.segments != 1 else ''}, "
                f"{self.articles} articles" if self.generation is not None else self.path)
        return [head, *(f"problem: {p}" for p in self.problems),
                *(f"note: {n}" for n in self.notes), "ok" if self.ok else
                f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"]

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "ok": self.ok, "generation": self.generation,
                "segments": self.segments, "articles": self.articles,
                "problems": list(self.problems), "notes": list(self.notes)}
