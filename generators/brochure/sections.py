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
import warnings
from pathlib import Path

from partydocs.model.model import Point, Year
from partydocs.reuse import bounded_json
from partydocs.reuse.cache import Cache
from partydocs.reuse.stamps import recorded_digest
from partydocs.reuse.counters import did

from .pdf_document import DIGITS, Laid, Meta, define_folios, render_pdf
from .locate import missing_character
from .framing import NATURAL, PhotoFit
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


MIN_LAST_PAGE_LINES = 10     # a last page holding less looks unfinished in print
SHRUNK = (PhotoFit(0.85), PhotoFit(0.7), PhotoFit(0.55))    # to pull a short last page back
ENLARGED = (PhotoFit(columns=1),)                          # to fill it


def lay_out_section(ts: Typesetter, year: Year, point: Point, headings: dict[str, str], meta: Meta) -> Laid:
    """The point's pages with running header and outline, numbered from 1 as its profile.

    A profile whose last page would hold less than MIN_LAST_PAGE_LINES lines of body text
    is laid out again with its photos framed smaller (so that it ends a page sooner) or one
    to a row and larger (so that its last page fills); the first that ends on a filled page
    is kept, else the natural one. Only the kept layout's warnings are said."""
    did("sections laid out")
    root = ts.templates_dir.resolve().parent
    ts.note(DIGITS)

    def number_from_one(canvas, page_count: int) -> None:
        define_folios(ts, canvas, {page: page for page in range(1, page_count + 1)})

    def attempt(fit: PhotoFit) -> tuple[Laid, list]:
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            laid = render_pdf(ts, meta, point_section(ts, year, point, headings, fit),
                              lambda char: missing_character(char, year, [point], root), first_page=None,
                              finish=number_from_one)
        return laid, said

    enough = MIN_LAST_PAGE_LINES * ts.para_style("body").leading
    chosen = natural = attempt(NATURAL)
    if natural[0].last_filled < enough and point.highlights:
        chosen = _balanced(natural, enough, attempt) or natural
    for warning in chosen[1]:
        warnings.warn(warning.message, warning.category, stacklevel=2)
    return chosen[0]


def _balanced(natural: tuple[Laid, list], enough: float, attempt) -> tuple[Laid, list] | None:
    """The first framing of the photos that ends the profile on a filled page: a page
    sooner with smaller photos, else as many pages with larger ones."""
    pages = natural[0].page_count
    for fit in SHRUNK:
        trial = attempt(fit)
        if trial[0].page_count < pages and trial[0].last_filled >= enough:
            did("sections balanced")
            return trial
    for fit in ENLARGED:
        trial = attempt(fit)
        if trial[0].page_count == pages and trial[0].last_filled >= enough:
            did("sections balanced")
            return trial
    return None
