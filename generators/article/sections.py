"""Each point's section of the release rendered once and kept, so an edit to one point renders
that point's section again and the page is its frame joined with every section.

A section's key is everything its HTML and text are made of: the point's data, each photo's
stamp (its web size is read from the file), every template of templates/article/, the style
and the wording; the toolchain names the cache's folder. Entries live in output/.cache, which
anyone may write to: each is verified by its digest (partydocs.reuse.cache) and named by its key, so
a damaged or foreign entry is rendered again, never served. A section whose photo was changed
within RACY_NS is not kept: a second change in the same instant would not show in its stamp.
Sections rendered by the validation phase (which writes nothing) are held in this process
until a build keeps them."""
from __future__ import annotations

import hashlib
import os
import shutil
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from partydocs.reuse.cache import Cache
from partydocs.reuse.counters import did
from partydocs.model.model import Point, Year
from partydocs.model.templating import plain, render_plain
from partydocs.reuse.stamps import RACY_NS

from .context import book, lead, section, words
from .style import ArticleStyle, load_style
from .wording import TEMPLATE_DIR

SECTION_HTML = f"{TEMPLATE_DIR}/section.html.j2"
SECTION_TEXT = f"{TEMPLATE_DIR}/section.txt.j2"
KINDS = ("html", "txt")


@dataclass(frozen=True)
class Frame:
    """What the page and the text share of a year: wording, closing, each point's key, and the
    key of the frame itself (everything the page and text templates see besides the sections)."""

    year: str
    style: ArticleStyle
    words: dict[str, str]
    closing: tuple[str, ...]
    points: tuple[Point, ...]
    keys: tuple[str, ...]
    keepable: tuple[bool, ...]        # no photo of the point changed within RACY_NS
    key: str


class _Last:
    """The frame of the year this process saw last, and its lead once made: the validation
    phase makes them, the page and the text built in the same process use them."""

    year: Callable[[], Year | None] = staticmethod(lambda: None)
    shared = ""
    frame: Frame | None = None
    lead: tuple[str, ...] | None = None


def frame(year: Year, templates_dir: Path) -> Frame:
    style = load_style(templates_dir)
    wording = words(year, templates_dir)
    shared = _shared_digest(templates_dir, style, wording)
    if _Last.year() is year and _Last.shared == shared and _Last.frame:
        return _Last.frame
    points = tuple(book(year))
    stamps = [_photo_stamps(year, point) for point in points]
    keys = tuple(_key(shared, point, photos) for point, photos in zip(points, stamps))
    now = time.time_ns()
    made = Frame(year.year, style, wording, tuple(year.brochure.closing), points, keys,
                 tuple(all(mtime < now - RACY_NS for mtime, _ in photos) for photos in stamps),
                 _frame_key(shared, year, keys))
    _Last.year, _Last.shared, _Last.frame, _Last.lead = weakref.ref(year), shared, made, None
    return made


def lead_of(year: Year, templates_dir: Path, made: Frame) -> tuple[str, ...]:
    """The lead's paragraphs, made once per frame (at 10,000 points it names 10,000 units)."""
    ours = _Last.frame is not None and _Last.frame.key == made.key
    if ours and _Last.lead is not None:
        return _Last.lead
    paragraphs = lead(year, templates_dir)
    if ours:
        _Last.lead = paragraphs
    return paragraphs


def _frame_key(shared: str, year: Year, keys: tuple[str, ...]) -> str:
    """The frame reads the notice, the brochure and, through the sections' keys, every point."""
    digest = hashlib.sha256(f"{shared}\0{year.year}\0".encode())
    for model in (year.notice, year.brochure):
        digest.update(model.__pydantic_serializer__.to_json(model) + b"\0")
    digest.update("".join(keys).encode())
    return digest.hexdigest()


def _shared_digest(templates_dir: Path, style: ArticleStyle, wording: dict[str, str]) -> str:
    digest = hashlib.sha256(style.model_dump_json().encode())
    digest.update(repr(sorted(wording.items())).encode())
    for path in sorted((templates_dir / TEMPLATE_DIR).glob("*.j2")):
        digest.update(f"\0{path.name}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def _photo_stamps(year: Year, point: Point) -> list[tuple[int, int]]:
    stamps = []
    for highlight in point.highlights:
        try:
            status = os.stat(os.path.join(year.root, highlight.photo))
        except OSError:
            status = os.stat_result((0,) * 10)
        stamps.append((status.st_mtime_ns, status.st_size))
    return stamps


def _key(shared: str, point: Point, photos: list[tuple[int, int]]) -> str:
    digest = hashlib.sha256(shared.encode())
    digest.update(point.__pydantic_serializer__.to_json(point))
    digest.update(repr(photos).encode())
    return digest.hexdigest()


class Sections:
    """Each point's rendered section (HTML and text), from this process, the cache or rendered.
    `cache` None: nothing kept on disk (the validation phase only reads)."""

    rendered: dict[str, tuple[str, str]] = {}       # key -> (html, text), rendered by this build's check, not yet kept

    @classmethod
    def new_build(cls) -> None:
        """Drop what an earlier build in this process held (a --watch session, a test run):
        a build reuses only the sections its own check rendered."""
        cls.rendered.clear()

    def __init__(self, cache: Cache | None, year: Year, templates_dir: Path, made: Frame):
        self.store = cache.sub("sections").sub(year.year) if cache else None
        self.frames = cache.sub("frames").sub(year.year) if cache else None
        self.year, self.templates_dir, self.frame = year, templates_dir, made

    def known(self, index: int) -> bool:
        """Rendered under its key before, here or by an earlier build."""
        key = self.frame.keys[index]
        return key in self.rendered or (self.store is not None and all(
            (self.store.folder / self._name(index, kind)).is_file() for kind in KINDS))

    def render(self, index: int) -> tuple[str, str]:
        """The point's section rendered now, held until `kept` (a template mistake: DataError)."""
        did("article sections rendered")
        made = self.frame
        context = {"section": section(self.year, made.points[index], self.templates_dir, made.style),
                   "words": plain(made.words)}
        html = render_plain(self.templates_dir, SECTION_HTML, context | {"style": plain(made.style.styles)}, autoescape=True)
        pieces = (html, render_plain(self.templates_dir, SECTION_TEXT, context))
        self.rendered[made.keys[index]] = pieces
        return pieces

    def all(self, kind: str) -> list[str]:
        """Every point's section as `kind` ("html" or "txt"), each new one kept in the cache."""
        position = KINDS.index(kind)
        return [self._one(index, kind, position) for index in range(len(self.frame.points))]

    def pieces(self, index: int) -> tuple[str, str]:
        """The point's HTML and text, from wherever they are."""
        kept = [self._kept(index, kind) for kind in KINDS]
        if None in kept:
            return self.rendered.get(self.frame.keys[index]) or self.render(index)
        return kept[0], kept[1]

    def _one(self, index: int, kind: str, position: int) -> str:
        pieces = self.rendered.get(self.frame.keys[index])
        if pieces is None:
            kept = self._kept(index, kind)
            if kept is not None:
                return kept
            pieces = self.render(index)
        self._keep(index, pieces)
        return pieces[position]

    def _kept(self, index: int, kind: str) -> str | None:
        """An entry is its key and the piece: a file copied from another point or key is not ours."""
        data = self.store.get(self._name(index, kind)) if self.store is not None else None
        key = self.frame.keys[index].encode("ascii")
        if data is None or not data.startswith(key):
            return None
        try:
            return data[len(key):].decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _keep(self, index: int, pieces: tuple[str, str]) -> None:
        if self.store is None or not self.frame.keepable[index]:
            return
        point = self.frame.points[index].id
        folder = self.store.folder / point
        wanted = {self._name(index, kind).split("/")[-1] for kind in KINDS}
        for older in (os.listdir(folder) if folder.is_dir() else ()):
            if older not in wanted:
                (folder / older).unlink(missing_ok=True)
        key = self.frame.keys[index].encode("ascii")
        for kind, piece in zip(KINDS, pieces):
            self.store.put(self._name(index, kind), key + piece.encode("utf-8"))
        self.rendered.pop(self.frame.keys[index], None)

    def frame_known(self, kind: str) -> bool:
        """The page ("html") or the text ("txt") was built from this frame before."""
        return self.frames is not None and (self.frames.folder / f"{self.frame.key[:32]}.{kind}").is_file()

    def keep_frame(self, kind: str) -> None:
        """Recorded once the page or the text was built from this frame (the last one only)."""
        if self.frames is None or self.frame_known(kind):
            return
        for older in (os.listdir(self.frames.folder) if self.frames.folder.is_dir() else ()):
            if older.endswith(f".{kind}"):
                (self.frames.folder / older).unlink(missing_ok=True)
        self.frames.put(f"{self.frame.key[:32]}.{kind}", b"")

    def sweep(self) -> None:
        """Forget the sections of points no longer in the book."""
        if self.store is None or not self.store.folder.is_dir():
            return
        current = {point.id for point in self.frame.points}
        for name in os.listdir(self.store.folder):
            if name not in current:
                shutil.rmtree(self.store.folder / name, ignore_errors=True)

    def _name(self, index: int, kind: str) -> str:
        return f"{self.frame.points[index].id}/{self.frame.keys[index][:32]}.{kind}"
