"""Beyond the sample: camera photos (JPEG), a seal with transparency over the signature,
text with the characters XML and HTML escape (R&D <Lab>), a turned page and a MediaBox away
from the origin, each OFD opened in the reader."""
from __future__ import annotations

import io
import shutil
import zipfile

import pikepdf
import pytest
import yaml
from lxml import etree
from PIL import Image, ImageDraw

from generators.ofd import DocInfo, pdf_to_ofd
from partydocs.reuse.libreoffice import soffice_path
from partydocs.reuse.project import Project

from ..conftest import ROOT, synthetic_year
from .conftest import build_with_ofd
from .reader import NS, THRESHOLD, compact, difference, document_path, pdf_pages, pdf_texts

SERVICE = "R&D <Lab> “A&B”服务 ½ 100%"


@pytest.fixture(scope="module")
def varied(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("varied")
    shutil.copytree(ROOT / "templates", root / "templates")
    synthetic_year(root, 2)
    year = root / "data" / "2021"
    _seal(year / "seal.png")
    notice = yaml.safe_load((year / "notice.yaml").read_text(encoding="utf-8"))
    notice["issuers"] = [{"name": "中共广东省社会组织委员会", "seal": "seal.png"}]
    (year / "notice.yaml").write_text(yaml.safe_dump(notice, allow_unicode=True, sort_keys=False), encoding="utf-8")
    point_file = year / "points" / "point-00001.yaml"
    point = yaml.safe_load(point_file.read_text(encoding="utf-8"))
    point["services"][0]["name"] = SERVICE
    point_file.write_text(yaml.safe_dump(point, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build_with_ofd(root)
    assert result.returncode == 0, result.stderr
    return Project(root)


def _seal(path) -> None:
    """A stand-in for an office's seal: a red ring and a half-transparent star on transparency."""
    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, 294, 294), outline=(230, 0, 0, 255), width=14)
    draw.regular_polygon((150, 150, 60), 5, fill=(230, 0, 0, 180))
    image.save(path)


def _media(ofd) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(ofd) as package:
        base = document_path(package).rsplit("/", 1)[0]
        res = etree.fromstring(package.read(f"{base}/DocumentRes.xml"))
        return [(media.get("Format"), package.read(f"{base}/{res.get('BaseLoc')}/{media.findtext('ofd:MediaFile', namespaces=NS)}"))
                for media in res.iterfind("ofd:MultiMedias/ofd:MultiMedia", NS)]


def test_camera_photos_are_carried_as_the_jpegs_the_pdf_holds(varied):
    media = _media(varied.output_dir / "2021" / "ofd" / "brochures" / "point-00001.ofd")
    assert [kind for kind, _ in media] == ["JPEG", "JPEG"]
    assert all(Image.open(io.BytesIO(data)).format == "JPEG" for _, data in media)


@pytest.mark.skipif(soffice_path() is None, reason="没有安装 LibreOffice：通知没有 PDF，也就没有 OFD")
def test_the_seal_keeps_its_transparency(varied):
    (kind, data), = _media(varied.output_dir / "2021" / "ofd" / "notice.ofd")
    seal = Image.open(io.BytesIO(data))
    assert kind == "PNG" and seal.mode == "RGBA"
    alpha = seal.getchannel("A")
    assert alpha.getextrema() == (0, 255) and alpha.histogram()[180] > 0      # clear, opaque and the star between


@pytest.mark.parametrize("name", ["brochure", "notice"])
def test_the_reader_shows_the_pdfs_pages_and_text(varied, ofd_reader, tmp_path, name):
    pdf = varied.output_dir / "2021" / f"{name}.pdf"
    if not pdf.exists():
        pytest.skip("没有安装 LibreOffice：通知没有 PDF，也就没有 OFD")
    shown = ofd_reader.open(varied.output_dir / "2021" / "ofd" / f"{name}.ofd", tmp_path)
    figures = [difference(a, b) for a, b in zip(shown.pages, pdf_pages(pdf, shown.pages, tmp_path))]
    assert len(figures) == len(pdf_texts(pdf)) and max(figures) < THRESHOLD, figures
    assert [compact(text) for text in shown.texts] == pdf_texts(pdf)
    if name == "brochure":
        assert compact(SERVICE) in "".join(shown.texts)


def test_a_rotated_page_and_a_shifted_media_box_are_shown_as_the_pdf_shows_them(ofd_sample, ofd_reader, tmp_path):
    """A page with /Rotate 90 (a landscape table, say) and one whose MediaBox does not start
    at the origin, with a CropBox inside it: OFD has no rotation, so the page is turned as a
    viewer turns it; the boxes keep their places."""
    pdf = tmp_path / "turned.pdf"
    with pikepdf.open(ofd_sample.output_dir / "2021" / "brochures" / "jiangxi-chamber.pdf") as document:
        document.pages[0].Rotate = 90
        x0, y0, x1, y1 = (float(v) for v in document.pages[1].MediaBox)
        document.pages[1].MediaBox = pikepdf.Array([x0 + 20, y0 + 30, x1 - 10, y1 - 40])
        document.pages[1].CropBox = pikepdf.Array([x0 + 30, y0 + 40, x1 - 20, y1 - 50])
        document.save(pdf)
    ofd = tmp_path / "turned.ofd"
    ofd.write_bytes(pdf_to_ofd(pdf.read_bytes(), DocInfo("标题", "作者")))
    with zipfile.ZipFile(ofd) as package:
        area = etree.fromstring(package.read(f"{document_path(package).rsplit('/', 1)[0]}/Pages/Page_1/Content.xml")).find("ofd:Area", NS)
    mm = 25.4 / 72
    assert [float(v) for v in area.findtext("ofd:ApplicationBox", namespaces=NS).split()] == pytest.approx(
        [10 * mm, 10 * mm, (x1 - x0 - 50) * mm, (y1 - y0 - 90) * mm], abs=0.001)
    shown = ofd_reader.open(ofd, tmp_path / "shots")
    figures = [difference(a, b) for a, b in zip(shown.pages, pdf_pages(pdf, shown.pages, tmp_path))]
    assert Image.open(shown.pages[0]).width > Image.open(shown.pages[0]).height           # turned
    assert max(figures) < THRESHOLD, figures
    assert [compact(text) for text in shown.texts] == pdf_texts(pdf)
