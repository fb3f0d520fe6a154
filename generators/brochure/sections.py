"""Each point's section laid out once: it is the point's profile, and the collection's pages.

A section's pages draw their folios as forms (document.folio_form): the profile defines them
as 1, 2, …; a collection copies the profile's pages and gives each page the form of its number
in the book. So an edit to one point lays out only that point again. What the collection needs
besides the pages (page count, outline) is kept in the cache under the hash of the profile's
bytes, so a profile someone replaced by hand is never matched with stale facts; the hash is
recorded with the file's stamp, so unchanged profiles are not read to tell.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from partydocs.model.model import Point, Year
from partydocs.reuse import bounded_json
from partydocs.reuse.cache import Cache
from partydocs.reuse.stamps import recorded_digest
from partydocs.reuse.counters import did

from .pdf_document import DIGITS, Laid, Meta, define_folios, render_pdf
from .locate import missing_character
from .profile import point_section
from .typesetter import Typesetter


class SectionCache:
    def __init__(self, cache: Cache, year: str, mode: str = "screen"):
        """A mode's profiles are other files (print pages are larger): each mode its folder."""
        self.cache = cache.sub("sections").sub(year if mode == "screen" else f"{year}-{mode}")

    def save(self, point_id: str, section: Laid) -> None:
        for older in self.cache.folder.glob(f"{point_id}.*.json"):
            older.unlink(missing_ok=True)
        self.cache.put(self._name(point_id, hashlib.sha256(section.data).hexdigest()),
                       json.dumps(section.facts(), ensure_ascii=False).encode("utf-8"))

    def find(self, point_id: str, profile_file: Path | None) -> Laid | None:
        """The profile in `profile_file` as a laid-out section, if its facts are cached; its
        pages are read from the file when they are joined, not held in memory. Its hash is
        recorded with its stamp, so a volume's 200 profiles are not read again (45 MB) after
        an edit to one of them."""
        if profile_file is None:
            return None
        try:
            record = self._record(point_id)
            digest, kept = recorded_digest(profile_file, record)
            if kept is not record:
                self.cache.put(f"{point_id}.stamp", json.dumps(kept).encode("ascii"))
            facts = bounded_json.loads(self.cache.get(self._name(point_id, digest)) or b"null")
            return Laid.from_facts(facts, digest=digest, path=profile_file) if facts else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _record(self, point_id: str) -> list | None:
        try:
            return bounded_json.loads(self.cache.get(f"{point_id}.stamp") or b"null")
        except ValueError:
            return None

    @staticmethod
    def _name(point_id: str, digest: str) -> str:
        return f"{point_id}.{digest[:24]}.json"


def lay_out_section(ts: Typesetter, year: Year, point: Point, headings: dict[str, str], meta: Meta) -> Laid:
    """The point's pages with running header and outline, numbered from 1 as its profile."""
    did("sections laid out")
    root = ts.templates_dir.resolve().parent
    ts.note(DIGITS)

    def number_from_one(canvas, page_count: int) -> None:
        define_folios(ts, canvas, {page: page for page in range(1, page_count + 1)})

    return render_pdf(ts, meta, point_section(ts, year, point, headings),
                      lambda char: missing_character(char, year, [point], root), first_page=None, finish=number_from_one)
