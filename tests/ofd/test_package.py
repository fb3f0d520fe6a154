"""The OFD packages read back with the libraries a user's software is made of (zipfile, lxml,
fontTools, pikepdf): fonts embedded and showing every character, text as text, rules as
paths, photos as images, the PDF's page boxes and the data's metadata; the same bytes from
two builds, and only the OFDs of what changed made again."""
from __future__ import annotations

import hashlib
import io
import shutil
import zipfile

import pdfplumber
import pikepdf
import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from lxml import etree

from generators.ofd import DocInfo, OfdError, pdf_to_ofd
from partydocs.model.load import load_year
from partydocs.reuse.libreoffice import soffice_path
from partydocs.reuse.project import Project

from ..conftest import build_project, copy_sample
from .conftest import build_with_ofd
from .reader import NS, document_path, pdf_of

POINT = "data/2021/points/jiangxi-chamber.yaml"
MM = 25.4 / 72


def ofds(project: Project) -> dict[str, bytes]:
    return {p.relative_to(project.output_dir).as_posix(): p.read_bytes() for p in sorted(project.output_dir.rglob("*.ofd"))}


def parts(data: bytes) -> tuple[zipfile.ZipFile, str]:
    package = zipfile.ZipFile(io.BytesIO(data))
    return package, document_path(package).rsplit("/", 1)[0]


def pages_of(package: zipfile.ZipFile, base: str) -> list[etree._Element]:
    document = etree.fromstring(package.read(f"{base}/Document.xml"))
    return [etree.fromstring(package.read(f"{base}/{page.get('BaseLoc')}")) for page in document.iterfind("ofd:Pages/ofd:Page", NS)]


def fonts_of(package: zipfile.ZipFile, base: str) -> dict[str, TTFont]:
    res = etree.fromstring(package.read(f"{base}/PublicRes.xml"))
    return {font.get("ID"): TTFont(io.BytesIO(package.read(f"{base}/{res.get('BaseLoc')}/{font.findtext('ofd:FontFile', namespaces=NS)}")))
            for font in res.iterfind("ofd:Fonts/ofd:Font", NS)}


def test_every_character_is_shown_by_a_font_embedded_in_the_package(ofd_sample):
    for name, data in ofds(ofd_sample).items():
        package, base = parts(data)
        fonts = fonts_of(package, base)
        assert fonts, name
        used = set()
        for page in pages_of(package, base):
            for text in page.iterfind(".//ofd:TextObject", NS):
                font = fonts[text.get("Font")]
                used.add(text.get("Font"))
                named = {int(t.get("CodePosition")) for t in text.iterfind("ofd:CGTransform", NS)}
                for position, char in enumerate(text.findtext("ofd:TextCode", namespaces=NS)):
                    if position in named:
                        continue
                    glyph = font.getBestCmap().get(ord(char))
                    assert glyph, f"{name}: {char!r} is not in font {text.get('Font')}"
                    pen = BoundsPen(font.getGlyphSet())
                    font.getGlyphSet()[glyph].draw(pen)
                    assert char.isspace() or pen.bounds, f"{name}: {char!r} has an empty glyph"
        assert used == set(fonts), name                      # no font only named, none unused


def test_text_is_text_rules_are_paths_photos_are_images_on_the_pdfs_pages(ofd_sample):
    output = ofd_sample.output_dir
    for name, data in ofds(ofd_sample).items():
        package, base = parts(data)
        with pdfplumber.open(output / pdf_of(name)) as pdf:
            pages = pages_of(package, base)
            assert len(pages) == len(pdf.pages), name
            for page, pdf_page in zip(pages, pdf.pages):
                box = [float(v) for v in page.findtext("ofd:Area/ofd:PhysicalBox", namespaces=NS).split()]
                assert box == pytest.approx([0, 0, float(pdf_page.width) * MM, float(pdf_page.height) * MM], abs=0.001)
                assert len(page.findall(".//ofd:ImageObject", NS)) == len(pdf_page.images), name
                assert len(page.findall(".//ofd:PathObject", NS)) == len(pdf_page.rects) + len(pdf_page.lines) + len(pdf_page.curves)
                assert bool(page.findall(".//ofd:TextObject", NS)) == bool(pdf_page.chars), name


def test_the_archive_copy_carries_the_pdf_a_metadata(tmp_path):
    project = copy_sample(tmp_path)
    report = build_project(project, only="brochures", variants=("archive",), ofd=True, jobs=1)
    assert report.exit_code == 0, [m for o in report.outcomes for m in o.messages]
    archive = project.output_dir / "2021" / "archive"
    with pikepdf.open(archive / "brochure.pdf") as pdf:
        xmp = pdf.open_metadata()
        expected = {"Title": xmp["dc:title"], "Author": xmp["dc:creator"][0], "Subject": xmp["dc:description"],
                    "CreationDate": xmp["xmp:CreateDate"][:10]}
    info = etree.fromstring(zipfile.ZipFile(archive / "ofd" / "brochure.ofd").read("OFD.xml")).find("ofd:DocBody/ofd:DocInfo", NS)
    assert {tag: info.findtext(f"ofd:{tag}", namespaces=NS) for tag in expected} == expected
    assert len(info.findtext("ofd:DocID", namespaces=NS)) == 32
    assert not (project.output_dir / "2021" / "print").exists()


@pytest.mark.skipif(soffice_path() is None, reason="没有安装 LibreOffice：通知没有 PDF，也就没有 OFD")
def test_a_notices_ofd_carries_its_title_and_date_from_the_data(ofd_sample):
    notice = load_year(ofd_sample, "2021").for_document("表彰通知").notice
    package = zipfile.ZipFile(ofd_sample.output_dir / "2021" / "ofd" / "表彰通知.ofd")
    info = etree.fromstring(package.read("OFD.xml")).find("ofd:DocBody/ofd:DocInfo", NS)
    assert info.findtext("ofd:Title", namespaces=NS) == notice.title
    assert info.findtext("ofd:Author", namespaces=NS) == notice.issuers[0].name
    assert info.findtext("ofd:CreationDate", namespaces=NS) == notice.date.earliest().isoformat()


def test_two_builds_give_byte_identical_ofd_files(ofd_sample, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(ofd_sample.root, again, symlinks=True)
    result = build_with_ofd(again, "--force")
    assert result.returncode == 0, result.stderr
    first, second = ofds(ofd_sample), ofds(Project(again))
    assert len(first) >= 6 and first.keys() == second.keys()
    assert {n: hashlib.sha256(d).hexdigest() for n, d in first.items()} == {n: hashlib.sha256(d).hexdigest() for n, d in second.items()}


def test_an_edited_point_remakes_only_its_profiles_and_the_collections_ofd(ofd_sample, tmp_path):
    project = Project(tmp_path / "edited")
    shutil.copytree(ofd_sample.root, project.root, symlinks=True)
    before = ofds(project)
    point = project.root / POINT
    point.write_text(point.read_text(encoding="utf-8").replace("members: 93", "members: 94"), encoding="utf-8")
    result = build_with_ofd(project.root)
    assert result.returncode == 0, result.stderr
    after = ofds(project)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"2021/ofd/brochures/jiangxi-chamber.ofd", "2021/ofd/brochure.ofd"}
    with zipfile.ZipFile(io.BytesIO(after["2021/ofd/brochures/jiangxi-chamber.ofd"])) as package:
        assert "94" in "".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith("Content.xml"))


def _brochure_pdf(ofd_sample) -> bytes:
    return (ofd_sample.output_dir / "2021" / "brochures" / "jiangxi-chamber.pdf").read_bytes()


def _with_first_font(data: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        change(font)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_a_font_without_unicode_is_an_error_naming_it(ofd_sample):
    """A glyph whose text the PDF does not give could be drawn but never searched: refused."""
    data = _with_first_font(_brochure_pdf(ofd_sample), lambda font: font.__delitem__("/ToUnicode"))
    with pytest.raises(OfdError, match="没有对应的 Unicode 字符") as error:
        pdf_to_ofd(data, DocInfo("标题", "作者"), "jiangxi-chamber.ofd")
    assert "jiangxi-chamber.ofd" in str(error.value) and "NotoSansCJKsc" in str(error.value)


def test_a_font_not_embedded_is_an_error(ofd_sample):
    """An OFD names no font it does not carry: a PDF font without its program is refused."""
    data = _with_first_font(_brochure_pdf(ofd_sample), lambda font: font.FontDescriptor.__delitem__("/FontFile2"))
    with pytest.raises(OfdError, match="没有嵌入字体"):
        pdf_to_ofd(data, DocInfo("标题", "作者"), "jiangxi-chamber.ofd")


def test_a_plain_build_keeps_the_ofds_and_a_removed_points_ofd_goes_with_it(tmp_path):
    project = copy_sample(tmp_path)
    assert build_project(project, only="brochures", ofd=True, jobs=1).exit_code == 0
    profile = project.output_dir / "2021" / "ofd" / "brochures" / "jiangxi-chamber.ofd"
    assert build_project(project, only="brochures", jobs=1).exit_code == 0
    assert profile.is_file()                                 # not asked for, not touched
    brochure = project.root / "data" / "2021" / "brochure.yaml"      # the point is left out of the brochure
    order = "order: [dazhong-social-work, women-entrepreneurs, decoration-association, xiangshi-mutual-aid]\n"
    brochure.write_text(brochure.read_text(encoding="utf-8") + order, encoding="utf-8")
    report = build_project(project, only="brochures", ofd=True, jobs=1)
    assert report.exit_code == 0, [m for o in report.outcomes for m in o.messages]
    assert not profile.exists()
    assert (project.output_dir / "2021" / "ofd" / "brochure.ofd").is_file()
