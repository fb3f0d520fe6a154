"""A notice's DOCX, assembled from its parts: page set-up, header, body, attachments, colophon."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import docx

from . import ooxml
from partydocs.model.model import Year

from .attachment import add_attachments
from .body import add_main_body
from .colophon import add_colophon
from .context import Context
from .footer import add_page_numbers
from .formats import LAYOUTS
from .metrics import Geometry
from .package import finish_package
from .page import set_up_page, set_up_styles
from .style import load_style


def build_notice(year: Year, templates_dir: Path, preprinted: bool = False) -> bytes:
    """The complete .docx; identical inputs give identical bytes. `preprinted` (or the
    document's own setting) leaves out the red 版头 for paper that has it printed (套打)."""
    layout = LAYOUTS[year.notice.format]
    geometry = Geometry(load_style(templates_dir))
    document = docx.Document()
    _clear_body(document)
    set_up_page(document, geometry)
    ctx = Context(document, geometry, set_up_styles(document, geometry), year,
                  preprinted=preprinted or year.notice.preprinted)
    layout.header(ctx)
    placed = add_main_body(ctx, layout.closing, layout.titled)
    last_page, used = placed.pages, placed.last_used * geometry.line_pitch
    if ctx.notice.attachments:
        last_page, used = add_attachments(ctx, last_page)
    pages = add_colophon(ctx, last_page, used, layout.reduced_colophon)
    add_page_numbers(ctx, layout.first_page_numbered)
    _set_properties(document, year, ctx.preprinted)
    finish_package(document, geometry.style, pages, year.notice.issuers[0].name)
    buffer = io.BytesIO()
    document.save(buffer)
    return ooxml.deterministic_zip(buffer.getvalue())


PREPRINTED = "套打"


def _clear_body(document) -> None:
    body = document.element.body
    for element in list(body):
        if element.tag != ooxml.qn("w:sectPr"):
            body.remove(element)


def _set_properties(document, year: Year, preprinted: bool) -> None:
    notice = year.notice
    stamp = datetime(notice.date.year, notice.date.month, notice.date.day, tzinfo=timezone.utc)
    props = document.core_properties
    props.title = notice.title
    props.author = props.last_modified_by = notice.issuers[0].name
    props.subject = notice.number.zh()
    props.comments = ""
    props.language = "zh-CN"
    props.keywords = notice.format
    props.category = PREPRINTED if preprinted else ""      # the checker expects no 版头 on 套打 paper
    props.created = props.modified = stamp
    props.revision = 1
