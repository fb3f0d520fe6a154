"""The year's news release, from the same data as the notice and the brochures: a
self-contained web page (article/index.html, its photos in article/images/) that survives
being pasted into the WeChat editor, and a plain-text version (article.txt)."""
from __future__ import annotations

from pathlib import Path

from pipeline.data.model import Year
from pipeline.data.templating import render

from .context import article, book, image_name
from .images import web_jpeg
from .style import STYLE_FILE, load_style
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


def image_outputs(year: Year) -> list[tuple[str, str, int]]:
    """(output, point id, photo index) of every photo's web copy."""
    return [(f"{year.year}/article/{image_name(point, index)}", point.id, index)
            for point in book(year) for index in range(len(point.highlights))]


def build_page(year: Year, templates_dir: Path) -> bytes:
    style = load_style(templates_dir)
    html = render(templates_dir, f"{TEMPLATE_DIR}/page.html.j2", autoescape=True,
                  article=article(year, templates_dir, style), style=style.styles)
    return html.encode("utf-8")


def build_text(year: Year, templates_dir: Path) -> bytes:
    text = render(templates_dir, f"{TEMPLATE_DIR}/article.txt.j2", article=article(year, templates_dir, load_style(templates_dir)))
    return text.encode("utf-8")


def build_image(year: Year, point_id: str, index: int, templates_dir: Path) -> bytes:
    images = load_style(templates_dir).images
    return web_jpeg(year.photo_path(year.point(point_id).highlights[index]), images.width, images.quality)


def check(year: Year, templates_dir: Path) -> None:
    """Render the page and the text once, with the year's first point, so a template's or the
    style's mistake is found at its file and line before the build writes anything (the whole
    year's article is rendered when it is built, not on every validation)."""
    sample = year.subset(tuple(year.book[:1]))
    build_page(sample, templates_dir)
    build_text(sample, templates_dir)
