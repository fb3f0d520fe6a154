"""What every builder's targets are made of: a point's files, a template folder's files, a
variant's folder, a check's problems. Shared by the builders of each output format."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.reuse.errors import DataError, Problem

if TYPE_CHECKING:
    from partydocs.model.model import Year


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def point_files(year: Year, point_id: str) -> list[Path]:
    """A point's data file and its photos: what its outputs read of it."""
    point = year.point(point_id)
    return [year.sources[f"point:{point_id}"]] + [year.photo_path(h) for h in point.highlights]


def problems_of(check) -> list[Problem]:
    """The problems `check()` raises as a DataError, or none."""
    try:
        check()
    except DataError as error:
        return error.problems
    return []


def variant_folder(mode: str | None) -> str:
    """Where a variant's files go below the year: screen PDFs at the top, others in print/, archive/."""
    return f"{mode}/" if mode else ""
