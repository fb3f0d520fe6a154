"""Each point's section laid out once, without folios, and kept for the collection.

A profile is its section with folios stamped on. When the profile is built, its section is
saved under the hash of the profile's bytes; the collection hashes the profile that is in
output/ and, when a section with that hash is cached, takes its pages as they are instead of
laying the point out again. The match is exact: the section's pages are part of the profile's
bytes, so an equal profile means an equal section.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pipeline.model import Point, Year

from .document import Laid, Meta, render_pdf
from .locate import missing_character
from .profile import point_section
from .typesetter import Typesetter


class SectionCache:
    def __init__(self, cache_dir: Path, year: str):
        self.folder = cache_dir / "sections" / year

    def save(self, point_id: str, profile: bytes, section: bytes) -> None:
        path = self._path(point_id, profile)
        path.parent.mkdir(parents=True, exist_ok=True)
        for older in path.parent.glob(f"{point_id}.*.pdf"):
            older.unlink(missing_ok=True)
        scratch = path.with_name(f".{path.name}.{os.getpid()}.part")
        scratch.write_bytes(section)
        os.replace(scratch, path)

    def find(self, point_id: str, profile_file: Path | None) -> bytes | None:
        if profile_file is None or not profile_file.is_file():
            return None
        try:
            return self._path(point_id, profile_file.read_bytes()).read_bytes()
        except OSError:
            return None

    def _path(self, point_id: str, profile: bytes) -> Path:
        return self.folder / f"{point_id}.{hashlib.sha256(profile).hexdigest()[:24]}.pdf"


def lay_out_section(ts: Typesetter, year: Year, point: Point, headings: dict[str, str], meta: Meta) -> Laid:
    """The point's pages with running header and outline but no folios."""
    root = ts.templates_dir.resolve().parent
    return render_pdf(ts, meta, point_section(ts, year, point, headings),
                      lambda char: missing_character(char, year, [point], root), first_page=None)
