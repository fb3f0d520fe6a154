"""The two brochure documents: one point's profile, and a volume of the year's collection.

Both are byte-identical for identical inputs. Fonts are subset to each part's characters,
converted to TrueType where needed and cached (`cache`). A profile is its point's
section as laid out once; the collection reuses the profiles' pages (sections.py).
"""
from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from partydocs.reuse.cache import Cache
from partydocs.model.model import Point, Year

from . import texts
from ..pdfa import archive_bytes, issue_date
from .collection import assemble_collection
from .pdf_document import Laid, Meta
from .press import press_bytes
from .fontset import fonts_released
from .sections import SectionCache, lay_out_section
from .style import MODES, load_style, require_mode
from .typesetter import Typesetter
from .volumes import Volume, volumes

def build_profile(year: Year, point: Point, templates_dir: Path, cache: Cache, mode: str | None = None) -> bytes:
    """One point's profile. `mode` (screen, print, archive) overrides the style's output.mode."""
    with fonts_released():
        return _profile(year, point, templates_dir, cache, mode)


def _profile(year: Year, point: Point, templates_dir: Path, cache: Cache, mode: str | None) -> bytes:
    ts = _typesetter(templates_dir, cache, mode)
    meta = profile_meta(templates_dir, year, point)
    section = lay_out_section(ts, year, point, headings(templates_dir, year), meta)
    if ts.style.mode == "archive":
        data = archive_bytes(section.data, f"{point.id}.pdf", meta.title, meta.author, meta.subject, issue_date(year))
        section = replace(section, data=data)
    elif ts.style.press is not None:
        section = replace(section, data=press_bytes(section.data, ts.style.press, meta.title, meta.author, issue_date(year)))
    SectionCache(cache, year.year, ts.style.mode).save(point.id, section)
    return section.data


def build_collection(year: Year, templates_dir: Path, cache: Cache, profile_dir: Path | None = None,
                     volume: Volume | None = None, mode: str | None = None) -> bytes:
    """A volume of the bound collection (default: the first), as bytes."""
    stream = io.BytesIO()
    write_collection(year, templates_dir, cache, stream, profile_dir, volume, mode)
    return stream.getvalue()


def write_collection(year: Year, templates_dir: Path, cache: Cache, out: BinaryIO, profile_dir: Path | None = None,
                     volume: Volume | None = None, mode: str | None = None) -> None:
    """A volume of the bound collection (default: the first), written to `out`; sections of
    profiles in `profile_dir` are reused, not laid out, if they were made in the same mode.
    `mode` (screen, print, archive) overrides the style's output.mode."""
    ts = _typesetter(templates_dir, cache, mode)
    sections = SectionCache(cache, year.year, ts.style.mode)

    def section(point: Point) -> Laid:
        found = sections.find(point.id, profile_dir / f"{point.id}.pdf" if profile_dir else None)
        if found is not None:
            return found
        meta = profile_meta(templates_dir, year, point)
        laid = lay_out_section(_typesetter(templates_dir, cache, mode), year, point, headings(templates_dir, year), meta)
        if ts.style.mode == "screen":        # the profile's very bytes (archive and print profiles are finished
            sections.save(point.id, laid)    # after): kept for the next build, as when the cache was lost
        return laid

    chosen = volume or volumes(year, ts.style.collection.points_per_volume)[0]
    with fonts_released():
        assemble_collection(ts, year, chosen, headings(templates_dir, year), section, out)


def profile_meta(templates_dir: Path, year: Year, point: Point) -> Meta:
    wording = texts.keyed(templates_dir, "profile.j2", texts.PROFILE_KEYS, point=point, year=year.year, brochure=year.brochure)
    title = f"{wording['title']}（{wording['subtitle']}）" if wording.get("subtitle") else wording["title"]
    return Meta(title=title, author=year.brochure.issuer, subject=wording["subject"], header_right=wording["header_right"])


def headings(templates_dir: Path, year: Year) -> dict[str, str]:
    return texts.keyed(templates_dir, "headings.j2", texts.HEADING_KEYS, year=year.year, brochure=year.brochure)


def _typesetter(templates_dir: Path, cache: Cache, mode: str | None = None) -> Typesetter:
    style = load_style(templates_dir)
    if mode is not None and mode not in MODES:
        raise ValueError(f"unknown brochure mode {mode!r}; one of {MODES}")
    if mode is not None:
        require_mode(style, mode)
    return Typesetter(style.in_mode(mode), templates_dir, cache)
