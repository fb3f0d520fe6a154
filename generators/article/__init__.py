"""The year's news release, from the same data as the notice and the brochures: a
self-contained web page (article/index.html, its photos in article/images/) that survives
being pasted into the WeChat editor, and a plain-text version (article.txt)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from markupsafe import Markup

from partydocs.reuse.cache import Cache
from partydocs.model.model import Point, Year
from partydocs.model.templating import plain, render_plain

from .photos import build_image, image_outputs  # noqa: F401  (the builders' names)
from .sections import Frame, Sections, frame, lead_of
from .style import STYLE_FILE
from .wording import TEMPLATE_DIR

PAGE = "index.html"
TEXT = "article.txt"


def article_inputs(templates_dir: Path) -> list[Path]:
    """The templates and the style file every part of the article depends on."""
    folder = templates_dir / TEMPLATE_DIR
    return sorted(folder.glob("*.j2")) + [templates_dir / STYLE_FILE]


def page_output(year: Year) -> str:
    return f"{year.year}/article/{PAGE}"


def text_output(year: Year) -> str:
    return f"{year.year}/{TEXT}"


def build_page(year: Year, templates_dir: Path, cache: Cache | None = None) -> bytes:
    made = frame(year, templates_dir)
    sections = Sections(cache, year, templates_dir, made)
    html = _page(year, templates_dir, made, sections.all("html"))
    sections.keep_frame("html")
    sections.sweep()
    return html.encode("utf-8")


def build_text(year: Year, templates_dir: Path, cache: Cache | None = None) -> bytes:
    made = frame(year, templates_dir)
    sections = Sections(cache, year, templates_dir, made)
    text = _text(year, templates_dir, made, sections.all("txt"))
    sections.keep_frame("txt")
    return text.encode("utf-8")


def _page(year: Year, templates_dir: Path, made: Frame, pieces: list[str]) -> str:
    sections = tuple(_section(point, html=Markup(piece)) for point, piece in zip(made.points, pieces))
    return render_plain(templates_dir, f"{TEMPLATE_DIR}/page.html.j2",
                        {"article": _article(year, templates_dir, made, sections), "style": plain(made.style.styles)},
                        autoescape=True)


def _text(year: Year, templates_dir: Path, made: Frame, pieces: list[str]) -> str:
    sections = tuple(_section(point, text=piece) for point, piece in zip(made.points, pieces))
    return render_plain(templates_dir, f"{TEMPLATE_DIR}/article.txt.j2", {"article": _article(year, templates_dir, made, sections)})


def _section(point: Point, **piece: str) -> MappingProxyType:
    """What the page and text templates see of a section besides its rendered piece."""
    return MappingProxyType({"name": point.party_org.short_name, "plan": tuple(point.plan), **piece})


def _article(year: Year, templates_dir: Path, made: Frame, sections: tuple[MappingProxyType, ...]) -> MappingProxyType:
    return MappingProxyType({"year": made.year, "words": MappingProxyType(made.words), "lead": lead_of(year, templates_dir, made),
                             "closing": made.closing, "sections": sections})


def check(year: Year, templates_dir: Path, cache: Cache | None) -> None:
    """Every point's section whose key no earlier build rendered is rendered now (and held for
    the build), and the page and the text with the first one unless they were built from this
    very frame, so a mistake in a template or the style is found at its file and line before
    the build writes anything."""
    made = frame(year, templates_dir)
    Sections.new_build()
    sections = Sections(cache, year, templates_dir, made)
    for index in range(len(made.points)):
        if not sections.known(index):
            sections.render(index)
    if made.points and not (sections.frame_known("html") and sections.frame_known("txt")):
        html, text = sections.pieces(0)
        sample = replace(made, points=made.points[:1])
        _page(year, templates_dir, sample, [html])
        _text(year, templates_dir, sample, [text])
