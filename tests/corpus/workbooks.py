"""Hostile and broken workbooks, written part by part: what no spreadsheet program would save,
but anyone can zip. Used by the corpus (`workbook:` in a case) and by bench/sheet_fuzz.py.

A workbook here is its parts as text; `xlsx` zips them. `sample_parts` is the sample's 表彰名单
as such parts, so a case can break one thing and keep the rest (three rows, the header)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SAMPLE_ROWS = (
    ("序号", "党组织名称", "所在地市"),
    (1, "中共东莞市江西商会支部委员会", "东莞市"),
    (2, "中共东莞市女企业家商会支部委员会", "东莞市"),
    (3, "中共东莞市建筑装饰协会支部委员会", "东莞市"),
)
DATE_STYLE = 1      # cellXfs index of the date format in `styles()`


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Raw(str):
    """A cell written as raw XML, "{ref}" standing for its reference: <c r="{ref}" t="d"><v>…</v></c>."""


def cell(ref: str, value: object, style: int | None = None) -> str:
    """One <c>: a number as <v>, text inline, Raw as it is."""
    if isinstance(value, Raw):
        return value.replace("{ref}", ref)
    s = f' s="{style}"' if style is not None else ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def sheet_xml(rows, dimension: str | None = None, extra_cells: str = "") -> str:
    """rows: sequences of values (or of (value, style) pairs) from A1 down."""
    body = []
    for number, row in enumerate(rows, 1):
        cells = "".join(cell(f"{column_letters(i)}{number}", *(v if isinstance(v, tuple) else (v,))) for i, v in enumerate(row))
        body.append(f'<row r="{number}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{"".join(body)}{extra_cells}</sheetData></worksheet>'


def styles() -> str:
    return (f'<styleSheet xmlns="{MAIN}"><numFmts count="0"/><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill/></fill></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>')


def parts(sheet: str, shared: str | None = None, name: str = "Sheet1") -> dict[str, str | bytes]:
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
             + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if shared is not None else "")
             + '</Types>')
    found = {
        "[Content_Types].xml": types,
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE_RELS}"><sheets><sheet name="{escape(name)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": (f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
                                       f'<Relationship Id="rId2" Type="{OFFICE_RELS}/styles" Target="styles.xml"/>'
                                       + (f'<Relationship Id="rId3" Type="{OFFICE_RELS}/sharedStrings" Target="sharedStrings.xml"/>' if shared is not None else "")
                                       + '</Relationships>'),
        "xl/styles.xml": styles(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        found["xl/sharedStrings.xml"] = shared
    return found


def sample_parts(change: dict[str, object] | None = None, dimension: str | None = "A1:C4", extra_cells: str = "") -> dict:
    """The sample's 表彰名单 with the cells in `change` (by reference, e.g. "B3") replaced."""
    rows = [list(row) for row in SAMPLE_ROWS]
    for ref, value in (change or {}).items():
        column = ord(ref[0]) - ord("A")
        rows[int(ref[1:]) - 1][column] = value
    return parts(sheet_xml(rows, dimension, extra_cells))


def xlsx(parts_: dict[str, str | bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts_.items():
            info = zipfile.ZipInfo(name, (2021, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return stream.getvalue()


def with_bomb(parts_: dict, name: str, head: str, unit: str, count: int, tail: str) -> bytes:
    """The parts zipped, `name` being head + unit * count + tail, deflated as it is made (a
    gigabyte of repeated text is a megabyte of archive)."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts_.items():
            if part != name:
                info = zipfile.ZipInfo(part, (2021, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
        info = zipfile.ZipInfo(name, (2021, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        block = (unit * max(1, (1 << 20) // len(unit))).encode("utf-8")
        per_block = max(1, (1 << 20) // len(unit))
        with archive.open(info, "w", force_zip64=True) as member:
            member.write(head.encode("utf-8"))
            left = count
            while left >= per_block:
                member.write(block)
                left -= per_block
            member.write((unit * left).encode("utf-8") + tail.encode("utf-8"))
    return stream.getvalue()


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def ods(rows_xml: str) -> bytes:
    """An OpenDocument spreadsheet of one table whose rows are `rows_xml` (table:table-row elements)."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = (f'<office:document-content xmlns:office="{office}" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>'
               f'<table:table table:name="Sheet1">{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", (2021, 1, 1, 0, 0, 0)), "application/vnd.oasis.opendocument.spreadsheet")
        for name, text in (("META-INF/manifest.xml", manifest), ("content.xml", content)):
            info = zipfile.ZipInfo(name, (2021, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return stream.getvalue()


def ods_row(values, repeat: int = 1) -> str:
    cells = "".join(f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>' for v in values)
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{cells}</table:table-row>"


def encrypted(data: bytes, password: str = "123456") -> bytes:
    """The workbook as Excel saves it with an opening password (msoffcrypto-tool, agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


SEED_XLS = Path(__file__).with_name("cases") / "seed-list.xls"     # the sample's list saved as .xls by LibreOffice
XLS_C4 = bytes.fromhex("fd000a00" "03000200150004000000")         # its LABELSST record of cell C4


def xls_with_far_cell() -> bytes:
    """The .xls seed with its cell C4 moved to the last row and column an .xls has (IV65536)."""
    import struct

    raw = SEED_XLS.read_bytes()
    assert raw.count(XLS_C4) == 1
    return raw.replace(XLS_C4, XLS_C4[:4] + struct.pack("<HHHI", 65535, 255, 0x15, 4))


def recipe(name: str, *args) -> bytes:
    """The hostile workbook a corpus case names (`workbook: [name, args…]`)."""
    made = {
        "far-cell": lambda: xlsx(sample_parts(extra_cells='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')),
        "string-bomb": lambda: with_bomb(parts(sheet_xml(SAMPLE_ROWS), shared=""), "xl/sharedStrings.xml",
                                         f'<sst xmlns="{MAIN}"><si><t>', "A", int(args[0]), "</t></si></sst>"),
        "string-count": lambda: xlsx(parts(sheet_xml(SAMPLE_ROWS), shared=f'<sst xmlns="{MAIN}" count="4000000000" '
                                           'uniqueCount="4000000000"><si><t>x</t></si></sst>')),
        "cell": lambda: xlsx(sample_parts({args[0]: Raw(args[1]) if args[1].startswith("<c") else args[1]})),
        "number": lambda: xlsx(sample_parts({args[0]: (float(args[1]), *args[2:])})),
        "encrypted": lambda: encrypted(xlsx(sample_parts())),
        "ods-repeated-row": lambda: ods("".join(ods_row(row) for row in SAMPLE_ROWS) + ods_row(["x"], int(args[0]))),
        "xls-far-cell": xls_with_far_cell,
        "not-xml": lambda: xlsx(parts("<worksheet><sheetData><row>")),
    }
    return made[name]()
