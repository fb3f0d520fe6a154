"""A year's collection split into bound volumes, its points in the brochure's order."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from partydocs.model.model import Point, Year


def ordered_points(year: Year) -> list[Point]:
    """The points in the book, in its order (a job's year holds only the points it reads)."""
    by_id = {p.id: p for p in year.points}
    return [by_id[i] for i in year.book if i in by_id]


@dataclass(frozen=True)
class Volume:
    """One bound book of the collection: a bookbinder's limit, and what keeps memory bounded."""

    number: int          # from 1
    count: int           # volumes in the year
    points: list[Point]

    @property
    def last(self) -> bool:
        return self.number == self.count

    def output(self, year: str) -> str:
        if self.count == 1:
            return f"{year}/brochure.pdf"
        return f"{year}/brochure-{self.number:0{len(str(self.count))}d}.pdf"


def volumes(year: Year, points_per_volume: int) -> list[Volume]:
    points = ordered_points(year)
    chunks = [points[i:i + points_per_volume] for i in range(0, len(points), points_per_volume)] or [[]]
    return [Volume(n, len(chunks), chunk) for n, chunk in enumerate(chunks, start=1)]
