"""Each OFD of the sample opened in a reader nobody here wrote (ofd.js in headless Chromium):
its pages look like its PDF's pages and show the PDF's text. And the comparison can fail:
text moved by half a millimetre, or drawn without the package's fonts, does not pass."""
from __future__ import annotations

import re
import shutil
import zipfile

import pytest

from partydocs.reuse.libreoffice import soffice_path

from .reader import THRESHOLD, compact, difference, pdf_pages, pdf_texts

PROFILE = "2021/ofd/brochures/jiangxi-chamber.ofd"


def test_build_ofd_writes_one_ofd_per_brochure_the_collection_and_each_notice(ofd_sample, opened):
    output = ofd_sample.output_dir / "2021"
    pdfs = {p.relative_to(output).with_suffix("").as_posix() for p in output.rglob("*.pdf")}
    ofds = {p.relative_to(output / "ofd").with_suffix("").as_posix() for p in (output / "ofd").rglob("*.ofd")}
    assert ofds == pdfs
    assert {"brochure", "brochures/jiangxi-chamber"} <= ofds
    if soffice_path():
        assert {"notice", "会议通知", "表彰通知"} <= ofds


def test_each_ofd_shows_its_pdfs_pages_within_the_threshold(opened):
    figures = {}
    for name, one in opened.items():
        assert len(one.shown.pages) == len(pdf_texts(one.pdf)), name
        figures[name] = [difference(a, b) for a, b in zip(one.shown.pages, one.pdf_pages)]
    worst = {name: max(values) for name, values in figures.items()}
    assert max(worst.values()) < THRESHOLD, {name: [round(v, 3) for v in values] for name, values in figures.items()}


def test_each_page_shows_the_pdfs_text(opened):
    for name, one in opened.items():
        shown = [compact(text) for text in one.shown.texts]
        assert shown == pdf_texts(one.pdf), name
        assert sum(map(len, shown)) > 40, name          # not two empty texts


def test_text_moved_half_a_millimetre_fails_the_comparison(opened, ofd_reader, tmp_path):
    """The same profile with every TextObject 0.5 mm to the right: its text page no longer matches."""
    moved = tmp_path / "moved.ofd"
    _rewrite(opened[PROFILE].ofd, moved, lambda xml: re.sub(
        r'(<ofd:TextObject [^>]*Boundary=")([-\d.]+)', lambda m: f"{m[1]}{float(m[2]) + 0.5:.3f}", xml))
    shown = ofd_reader.open(moved, tmp_path / "shots")
    assert difference(shown.pages[0], opened[PROFILE].pdf_pages[0]) > THRESHOLD


@pytest.mark.skipif(soffice_path() is None, reason="没有安装 LibreOffice：通知没有 PDF，也就没有 OFD")
def test_the_notice_drawn_without_its_embedded_fonts_does_not_match(opened, ofd_reader, tmp_path):
    """Without the package's font files the reader falls back to the browser's fonts: the
    comparison sees it, so a match means the embedded fonts were drawn."""
    notice = opened["2021/ofd/notice.ofd"]
    shown = ofd_reader.open(notice.ofd, tmp_path / "shots", fonts=False)
    figures = [difference(a, b) for a, b in zip(shown.pages, pdf_pages(notice.pdf, shown.pages, tmp_path))]
    assert max(figures) > THRESHOLD, figures


def _rewrite(source, target, change) -> None:
    """A copy of the OFD at `source` with each page's Content.xml passed through `change`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.endswith("Content.xml"):
                data = change(data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)
    shutil.copystat(source, target)
