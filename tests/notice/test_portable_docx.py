"""DOCX that Word and WPS read as LibreOffice does (README, "DOCX for Word, WPS and
LibreOffice"): every part of every DOCX the project writes is valid against the ISO/IEC 29500
transitional schemas; what WPS and Word depend on is there (table grids that sum to the
table's width, a document grid on every section, named fonts, never theme fonts); what only
one renderer would act on is left out; and the one setting LibreOffice reads inverted is shown
in both readings and is not written, the lines being pinned where the readings would differ."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree
from PIL import Image, ImageDraw

from generators.notice import build_notice
from partydocs.checker import FAIL, audit
from partydocs.checker.render import render_many, soffice
from partydocs.model.load import Project, load_year
from tests.notice.conftest import rich_project, synthetic_project
from tests.notice.ooxml_schemas import jing, parts_of, validate
from tests.notice.test_joint_seals import joint_project

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEME_FONT_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
EXAMPLES = ("letter", "order", "minutes")


def _example_project(root: Path, example: str) -> Project:
    """The sample with templates/examples/<example>.yaml copied over its notice.yaml, as the
    README tells an office to do; the 令's signature stamp switched on, with a stand-in image."""
    for folder in ("data", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    text = (root / "templates" / "examples" / f"{example}.yaml").read_text(encoding="utf-8")
    if example == "order":
        assert "# signature_stamp: stamp.png" in text
        text = text.replace("# signature_stamp: stamp.png", "signature_stamp: stamp.png")
        stamp = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
        ImageDraw.Draw(stamp).rectangle((6, 6, 294, 194), outline=(220, 0, 0, 255), width=12)
        stamp.save(root / "data" / "2021" / "stamp.png")
    (root / "data" / "2021" / "notice.yaml").write_text(text, encoding="utf-8")
    return Project(root)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[Path]:
    """Every kind of DOCX the project writes: the sample year's three documents, the three
    special formats from templates/examples, and the layout variants the notice tests build
    (a rich one, 110 units, a joint notice with two seals)."""
    out = tmp_path_factory.mktemp("written")
    made = []

    def write(name: str, year, project: Project) -> None:
        made.append(out / f"{name}.docx")
        made[-1].write_bytes(build_notice(year, project.templates_dir))

    sample = Project(ROOT)
    year = load_year(sample, "2021")
    for document in year.documents:
        write(f"sample-{document.name}", year.for_document(document.name), sample)
    variants = {example: _example_project(tmp_path_factory.mktemp(example), example) for example in EXAMPLES}
    variants.update(rich=rich_project(tmp_path_factory.mktemp("rich")),
                    units110=synthetic_project(tmp_path_factory.mktemp("units110")),
                    joint=joint_project(tmp_path_factory.mktemp("joint")))
    for name, project in variants.items():
        write(name, load_year(project, "2021"), project)
    return made


def _needs_jing() -> None:
    if jing() is None:
        pytest.skip("jing is not installed (Debian: apt-get install jing): the DOCX parts cannot be validated "
                    "against the ISO/IEC 29500 schemas")


def test_every_part_of_every_docx_is_valid_against_the_iso_schemas(written, tmp_path):
    _needs_jing()
    parts, uncovered = [], []
    for path in written:
        found, missing = parts_of(path)
        parts += found
        uncovered += missing
    assert uncovered == []
    names = {part.name for part in parts}
    assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml",
            "word/fontTable.xml", "word/numbering.xml", "docProps/core.xml", "docProps/app.xml"} <= names
    assert len(parts) >= 19 * len(written) - 2 * len(written)      # ~17–19 XML parts a document
    assert validate(parts, tmp_path) == []


def _break(docx_path: Path, part: str, edit) -> Path:
    """A copy of the DOCX with `edit` applied to one part's root element."""
    broken = docx_path.with_name(f"broken-{docx_path.name}")
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return broken


def test_a_hand_broken_part_is_caught_with_its_file_part_and_line(written, tmp_path):
    """The two mistakes Word refuses a document for: a required attribute left out (what
    python-docx's template did to w:zoom) and property children out of schema order."""
    _needs_jing()
    sample = next(p for p in written if p.name == "sample-notice.docx")

    def drop_zoom_percent(settings):
        del settings.find(f"{W}zoom").attrib[f"{W}percent"]

    def grid_before_page_size(document):
        sectpr = document.find(f"{W}body/{W}sectPr")
        sectpr.insert(0, sectpr.find(f"{W}docGrid"))

    assert validate(parts_of(sample)[0], tmp_path) == []
    errors = {}
    for part, edit in (("word/settings.xml", drop_zoom_percent), ("word/document.xml", grid_before_page_size)):
        broken = _break(sample, part, edit)
        errors[part] = validate(parts_of(broken)[0], tmp_path)
        assert errors[part] and all(e.startswith(f"broken-sample-notice.docx:{part}:") for e in errors[part])
    assert re.match(r'broken-sample-notice\.docx:word/settings\.xml:\d+:\d+: element "w:zoom" missing required '
                    r'attribute "w:percent"', errors["word/settings.xml"][0])
    assert any("not allowed here" in e for e in errors["word/document.xml"]), errors["word/document.xml"]


def _xml_parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as package:
        return {name: etree.fromstring(package.read(name)) for name in package.namelist() if name.endswith((".xml", ".rels"))}


def test_table_grids_sum_to_the_table_width_and_every_row_follows_the_grid(written):
    """WPS lays a table out by its w:gridCol widths, Word by w:tblW and the cells' w:tcW: the
    three agree in every table, so both draw the same columns."""
    tables = 0
    for path in written:
        for table in _xml_parts(path)["word/document.xml"].iter(f"{W}tbl"):
            tables += 1
            grid = [int(col.get(f"{W}w")) for col in table.find(f"{W}tblGrid").findall(f"{W}gridCol")]
            width = table.find(f"{W}tblPr/{W}tblW")
            assert width.get(f"{W}type") == "dxa" and int(width.get(f"{W}w")) == sum(grid), path.name
            for row in table.findall(f"{W}tr"):
                cells = [int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for tc in row.findall(f"{W}tc")]
                assert cells == grid, path.name
    assert tables >= len(written)       # every document here has at least one attachment or form table


def test_no_part_refers_to_a_theme_font(written):
    """A theme-font reference wins over the font's name (ISO/IEC 29500-1 §17.3.2.26) and WPS
    shows it as a missing font; nothing in the package may use one, not even a leftover part."""
    for path in written:
        for name, root in _xml_parts(path).items():
            for fonts in root.iter(f"{W}rFonts"):
                assert not [a for a in THEME_FONT_ATTRIBUTES if fonts.get(f"{W}{a}") is not None], (path.name, name)
                if name == "word/styles.xml":
                    assert fonts.get(f"{W}eastAsia"), (path.name, "a style names no East Asian font")
        assert "word/stylesWithEffects.xml" not in _xml_parts(path)


def test_every_section_has_a_document_grid(written):
    for path in written:
        sections = list(_xml_parts(path)["word/document.xml"].iter(f"{W}sectPr"))
        assert sections, path.name
        for sectpr in sections:
            grid = sectpr.find(f"{W}docGrid")
            assert grid is not None and grid.get(f"{W}type") == "lines" and int(grid.get(f"{W}linePitch")) > 0


def test_settings_are_schema_complete_and_leave_out_what_only_word_acts_on(written):
    """w:zoom has its required percent; punctuation is not compressed (LibreOffice never does,
    so Word sets the same full-width pitch LibreOffice and lines.py do); w:kinsoku and
    w:autoSpaceDE/DN, equal to Word's defaults and ignored by LibreOffice, are not written."""
    for path in written:
        parts = _xml_parts(path)
        settings = parts["word/settings.xml"]
        assert settings.find(f"{W}zoom").get(f"{W}percent") == "100"
        assert settings.find(f"{W}characterSpacingControl").get(f"{W}val") == "doNotCompress"
        assert settings.find(f"{W}compat/{W}doNotExpandShiftReturn") is not None
        everything = b"".join(etree.tostring(root) for root in parts.values())
        assert b"kinsoku" not in everything and b"autoSpaceD" not in everything and b"noPunctuationKerning" not in everything


# ---- w:overflowPunct, the one setting the renderers read differently -------------------

HANGS = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋，收冬藏闰余成岁律吕调阳"   # 21 a line: the ， would start line 2


def _overflow_case(path: Path, value: str | None) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(60)
    paragraph = document.add_paragraph()
    run = paragraph.add_run(HANGS)
    run.font.size = Pt(12)
    rpr = run._r.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(fonts)
    rpr.append(lang)
    if value is not None:
        punct = OxmlElement("w:overflowPunct")
        punct.set(qn("w:val"), value)
        paragraph._p.get_or_add_pPr().append(punct)
    document.save(path)


def _first_line(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return document.pages[0].extract_text().splitlines()[0].replace(" ", "")


def test_libreoffice_reads_overflow_punct_inverted(tmp_path):
    """The source row of the settings table: ISO/IEC 29500-1 §17.3.1.21 says omitted = on
    (punctuation may hang past the right edge), and Word reads 1 the same; LibreOffice hangs
    when it is omitted or 0 and not when it is 1 (DomainMapper.cxx: val == 0 → hanging)."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: its reading of w:overflowPunct cannot be shown")
    cases = {"omitted": None, "zero": "0", "one": "1"}
    for name, value in cases.items():
        _overflow_case(tmp_path / f"{name}.docx", value)
    pdfs = dict(zip(cases, render_many([tmp_path / f"{n}.docx" for n in cases], tmp_path)))
    lines = {name: _first_line(pdf) for name, pdf in pdfs.items()}
    assert lines["omitted"] == lines["zero"] == HANGS[:22]          # 秋 kept, its ， hung past the edge
    assert lines["one"] == HANGS[:20]                              # 秋 pulled down to start line 2 with its ，
    edge = (210 - 60) * 72 / 25.4
    with pdfplumber.open(pdfs["omitted"]) as document:
        comma = next(c for c in document.pages[0].chars if c["text"] == "，")
    assert comma["x1"] > edge + 3                                 # the mark reaches past the text block


def test_the_sample_keeps_inside_the_text_block_as_word_and_libreoffice_read_it(written, tmp_path):
    """No w:overflowPunct is written: omitted, Word and LibreOffice alike let a closing mark
    hang past the right edge (test_libreoffice_reads_overflow_punct_inverted), so what
    LibreOffice renders is what Word sets. lines.py ends every line where a mark would hang
    with a manual break before the character the applications would pull down, so no
    character passes the text block's right edge and every clause holds."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    chosen = [p for p in written if p.name in ("sample-notice.docx", "sample-会议通知.docx", "rich.docx", "units110.docx")]
    for path in chosen:
        package = zipfile.ZipFile(path)
        assert all(b"overflowPunct" not in package.read(name) for name in package.namelist() if name.endswith(".xml"))
    pdfs = render_many(chosen, tmp_path)
    edge = (210 - 26) * 72 / 25.4
    for path, pdf in zip(chosen, pdfs):
        with pdfplumber.open(pdf) as document:
            past = [(number, c["text"]) for number, page in enumerate(document.pages, 1) for c in page.chars
                    if c["text"].strip() and c["x1"] > edge + 0.5]
        assert past == [], f"{path.name}: characters past the text block"
    sample = pdfs[0]
    failed = [(f.clause, f.measured) for f in audit(chosen[0], sample).findings if f.status == FAIL]
    assert failed == []
