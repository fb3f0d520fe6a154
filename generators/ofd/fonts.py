"""A PDF's embedded font programs made OFD fonts: each PDF font dictionary becomes one
OpenType file holding exactly the glyphs the document shows, under the Unicode text they
show (an OFD TextCode is text, looked up in the font's cmap; a PDF string is codes).

The glyphs are the embedded program's own outlines, redrawn with fontTools pens into a new,
complete font (cmap, name, OS/2, post: what a browser's font sanitiser or an office viewer
checks): TrueType outlines stay quadratic (glyf), Type 1 and CFF outlines stay cubic (CFF).
A code without Unicode text or without a glyph is an error, as a character no font can show
is in the PDFs; a glyph whose text another glyph of the font already has (or whose text is
several characters, a ligature) is named by its index in the TextCode's CGTransform."""
from __future__ import annotations

import io
import logging
import re
import struct
from dataclasses import dataclass, field

from fontTools.cffLib import CFFFontSet
from fontTools.fontBuilder import FontBuilder
from fontTools.misc.psCharStrings import T1CharString
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.t1Lib import T1Error, T1Font
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph
from pdfminer.latin_enc import ENCODING
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

from .errors import OfdError

# Subset fonts made by reportlab carry a zero 'modified' date; fontTools says so for each one.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
NAMED_ENCODINGS = {"StandardEncoding": 1, "MacRomanEncoding": 2, "WinAnsiEncoding": 3, "PDFDocEncoding": 4}
NOTDEF = ".notdef"               # glyph 0: empty here, as no code shown maps to it
EMPTY = (0, 0, 0, 0)
FONT_DATE = timestampSinceEpoch(946684800)   # 2000-01-01, as the screen PDFs' dates: no clock in the bytes
INSTRUCTION_TABLES = ("cvt ", "fpgm", "prep", "gasp")


@dataclass
class _Program:
    """An embedded font program: its glyphs by name, their widths, how codes reach them."""

    glyphs: object                 # name → object with .draw(pen)
    widths: dict[str, float]       # in font units, for the glyphs drawn so far (Type 1, CFF) or all
    units_per_em: int
    cubic: bool
    glyph_for_code: object         # code → glyph name or None
    font: TTFont | None = None     # the TrueType program itself, whose glyphs are copied


@dataclass
class OfdFont:
    """One PDF font dictionary as an OFD font, filled as the pages show its glyphs."""

    pdf_font: object
    name: str                      # PostScript name without the subset tag
    family: str
    bold: bool
    serif: bool
    program: _Program
    object_id: int = 0             # its ID among the document's resources
    glyph_order: list[str] = field(default_factory=lambda: [NOTDEF])
    cmap: dict[int, str] = field(default_factory=dict)        # code point → glyph in the new font
    _new_names: dict[str, str] = field(default_factory=dict)  # source glyph → new glyph name

    def show(self, code: int) -> tuple[str, int | None]:
        """The Unicode text of `code` and, when the font's cmap cannot say which glyph it is,
        the glyph's index (for a CGTransform)."""
        text = self._text(code)
        source = self.program.glyph_for_code(code)
        if not source or source == NOTDEF or source not in self.program.glyphs:
            raise OfdError(f"字体 {self.name} 中没有字符“{text}”（代码 {code}）的字形")
        glyph = self._new_names.get(source)
        if glyph is None:
            glyph = self._new_names[source] = f"g{len(self.glyph_order)}"
            self.glyph_order.append(glyph)
        if len(text) == 1 and self.cmap.setdefault(ord(text), glyph) == glyph:
            return text, None
        return text, self.glyph_order.index(glyph)

    def _text(self, code: int) -> str:
        try:
            text = self.pdf_font.to_unichr(code)
        except PDFUnicodeNotDefined:
            text = ""
        if not text or not text.isprintable() and not text.isspace():
            raise OfdError(f"字体 {self.name} 的代码 {code} 没有对应的 Unicode 字符，OFD 中无法检索")
        return text

    @property
    def extension(self) -> str:
        return "otf" if self.program.cubic else "ttf"

    def font_file(self) -> bytes:
        """The OpenType file: the glyphs shown, in the order first shown, and the cmap."""
        return _build(self)


def ofd_font(pdf_font) -> OfdFont:
    """Read a pdfminer font (with the object's dictionary, `ofd_spec`) into an empty OfdFont."""
    spec = pdf_font.ofd_spec
    if resolve1(spec.get("Subtype")).name not in ("TrueType", "Type1", "MMType1"):
        raise OfdError(f"字体 {pdf_font.fontname} 的类型（{resolve1(spec.get('Subtype')).name}）暂不能转为 OFD")
    descriptor = resolve1(spec.get("FontDescriptor")) or {}
    name = SUBSET_TAG.sub("", pdf_font.fontname or "Font")
    program = _read_program(descriptor, spec, pdf_font, name)
    flags = int(resolve1(descriptor.get("Flags")) or 0)
    weight = float(resolve1(descriptor.get("FontWeight")) or 400)
    return OfdFont(pdf_font, name, _family(name), weight >= 600 or "Bold" in name or bool(flags & 0x40000), bool(flags & 2), program)


def _family(name: str) -> str:
    """The family part of a PostScript name: `NotoSansCJKsc-Bold-af334523` → `NotoSansCJKsc`."""
    return name.split("-", 1)[0] or name


def _read_program(descriptor: dict, spec: dict, pdf_font, name: str) -> _Program:
    for key in ("FontFile2", "FontFile", "FontFile3"):
        stream = resolve1(descriptor.get(key))
        if stream is not None:
            data = stream.get_data()
            subtype = resolve1(stream.attrs.get("Subtype"))
            try:
                if key == "FontFile":
                    return _type1_program(data, spec)
                if key == "FontFile3" and subtype is not None and subtype.name == "Type1C":
                    return _cff_program(data, spec)
                return _sfnt_program(data, spec, pdf_font)
            except (T1Error, AssertionError, KeyError, IndexError, ValueError, TypeError) as error:
                raise OfdError(f"无法读取 PDF 中嵌入的字体 {name}（{type(error).__name__}: {error}）") from None
    raise OfdError(f"PDF 没有嵌入字体 {name}，OFD 中的字形必须来自嵌入的字体")


def _sfnt_program(data: bytes, spec: dict, pdf_font) -> _Program:
    """TrueType (or OpenType) simple font: codes reach glyphs through its (3,0) or (1,0)
    cmap, else through the encoding's Unicode and its (3,1) cmap (PDF 1.7, 9.6.6.4)."""
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    tables = {(table.platformID, table.platEncID): table.cmap for table in font["cmap"].tables} if "cmap" in font else {}
    symbol, mac, unicode = tables.get((3, 0), {}), tables.get((1, 0), {}), tables.get((3, 1), {})
    order = font.getGlyphOrder()
    names = _encoding_names(spec, None)

    def glyph_for_code(code: int) -> str | None:
        found = symbol.get(0xF000 + code) or symbol.get(code) or mac.get(code)
        if found:
            return found
        text = pdf_font.cid2unicode.get(code) if hasattr(pdf_font, "cid2unicode") else None
        if text and len(text) == 1 and ord(text) in unicode:
            return unicode[ord(text)]
        glyph = names.get(code)
        return glyph if glyph in order else None

    glyphs = font.getGlyphSet()
    widths = {glyph: font["hmtx"][glyph][0] for glyph in order}
    return _Program(glyphs, widths, font["head"].unitsPerEm, "glyf" not in font, glyph_for_code, font)


def _type1_program(data: bytes, spec: dict) -> _Program:
    font = T1Font.__new__(T1Font)          # fontTools reads Type 1 only from files: give it the bytes
    font.data, font.encoding = data, "ascii"
    font.parse()
    builtin = font["Encoding"]
    builtin = {code: glyph for code, glyph in enumerate(builtin)} if isinstance(builtin, list) else dict(builtin or {})
    names = _encoding_names(spec, builtin)
    scale = font["FontMatrix"][0]
    return _Program(font["CharStrings"], {}, round(1 / scale) if scale else 1000, True, names.get)


def _cff_program(data: bytes, spec: dict) -> _Program:
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    top = cff[cff.fontNames[0]]
    if hasattr(top, "ROS"):
        raise OfdError("CID 字体（CFF CIDFont）暂不能转为 OFD")
    encoding = top.Encoding
    builtin = _named_encoding("StandardEncoding") if isinstance(encoding, str) else dict(enumerate(encoding))
    names = _encoding_names(spec, builtin)
    scale = top.FontMatrix[0]
    return _Program(top.CharStrings, {}, round(1 / scale) if scale else 1000, True, names.get)


def _encoding_names(spec: dict, builtin: dict[int, str] | None) -> dict[int, str]:
    """code → glyph name: the font's /Encoding (a base encoding and Differences) over the
    program's own encoding."""
    names = dict(builtin or {})
    encoding = resolve1(spec.get("Encoding"))
    if isinstance(encoding, PSLiteral):
        return names | _named_encoding(encoding.name)
    if isinstance(encoding, dict):
        base = resolve1(encoding.get("BaseEncoding"))
        if isinstance(base, PSLiteral):
            names |= _named_encoding(base.name)
        code = 0
        for item in resolve1(encoding.get("Differences")) or ():
            item = resolve1(item)
            if isinstance(item, (int, float)):
                code = int(item)
            elif isinstance(item, PSLiteral):
                names[code] = item.name
                code += 1
    return names


def _named_encoding(name: str) -> dict[int, str]:
    column = NAMED_ENCODINGS.get(name)
    if column is None:
        return {}
    return {row[column]: row[0] for row in ENCODING if row[column] is not None}


# -- the new font ------------------------------------------------------------------------------

def _build(font: OfdFont) -> bytes:
    program = font.program
    sources = {new: source for source, new in font._new_names.items()}
    builder = FontBuilder(program.units_per_em, isTTF=not program.cubic)
    builder.font.recalcTimestamp = False          # the same glyphs give the same bytes
    builder.setupGlyphOrder(font.glyph_order)
    builder.setupCharacterMap(font.cmap)
    widths = {NOTDEF: program.units_per_em // 2} | {new: round(_width(program, source)) for new, source in sources.items()}
    if program.cubic:
        bounds = _cubic_glyphs(font, builder, sources, widths)
    else:
        bounds = _quadratic_glyphs(font, builder, sources)
    builder.setupHorizontalMetrics({glyph: (widths[glyph], bounds[glyph][0]) for glyph in font.glyph_order})
    ascent, descent = _vertical_extent(font.pdf_font, program.units_per_em, bounds.values())
    builder.setupHorizontalHeader(ascent=ascent, descent=descent, **_horizontal_extent(widths, bounds))
    builder.setupNameTable({"familyName": font.family, "styleName": "Bold" if font.bold else "Regular",
                            "uniqueFontIdentifier": font.name, "fullName": font.name, "psName": font.name})
    builder.setupOS2(sTypoAscender=ascent, sTypoDescender=descent, usWinAscent=ascent, usWinDescent=-descent,
                     fsType=0, usWeightClass=700 if font.bold else 400, fsSelection=0x20 if font.bold else 0x40)
    builder.setupPost()
    boxes = [box for box in bounds.values() if box != EMPTY]
    head_box = {"xMin": min(b[0] for b in boxes), "yMin": min(b[1] for b in boxes),
                "xMax": max(b[2] for b in boxes), "yMax": max(b[3] for b in boxes)} if boxes else {}
    builder.setupHead(unitsPerEm=program.units_per_em, created=FONT_DATE, modified=FONT_DATE, macStyle=1 if font.bold else 0, **head_box)
    stream = io.BytesIO()
    builder.save(stream)
    return stream.getvalue()


def _cubic_glyphs(font: OfdFont, builder: FontBuilder, sources: dict[str, str], widths: dict[str, int]) -> dict:
    """Type 1 and CFF outlines redrawn as CFF charstrings; their bounds."""
    outlines = {NOTDEF: DecomposingRecordingPen(None)} | {new: _outline(font.program, source) for new, source in sources.items()}
    builder.setupCFF(font.name, {"FullName": font.name, "FamilyName": font.family},
                     {glyph: _charstring(outline, widths[glyph]) for glyph, outline in outlines.items()}, {})
    return {glyph: _bounds(outline) for glyph, outline in outlines.items()}


def _quadratic_glyphs(font: OfdFont, builder: FontBuilder, sources: dict[str, str]) -> dict:
    """TrueType glyphs copied as compiled, with the tables their instructions use (a composite
    glyph, whose parts the new font lacks, is drawn whole); their bounds, from each glyph's
    header. Copying the bytes is what keeps a brochure's fonts fast (~0.3 ms a glyph)."""
    source = font.program.font
    glyphs, bounds = {NOTDEF: Glyph()}, {NOTDEF: EMPTY}
    for new, name in sources.items():
        data = getattr(source["glyf"].glyphs[name], "data", b"")
        if data and struct.unpack(">h", data[:2])[0] < 0:
            glyphs[new] = _tt_glyph(_outline(font.program, name))
            glyphs[new].recalcBounds(None)
            bounds[new] = _box(glyphs[new])
        else:
            glyphs[new] = Glyph(data)
            bounds[new] = struct.unpack(">hhhh", data[2:10]) if data else EMPTY
    builder.font.recalcBBoxes = False            # the bounds are the glyphs' own; expanding each costs 1 ms
    builder.font["loca"], builder.font["glyf"] = newTable("loca"), newTable("glyf")   # setupGlyf would expand them
    builder.font["glyf"].glyphs, builder.font["glyf"].glyphOrder = glyphs, font.glyph_order
    for tag in INSTRUCTION_TABLES:
        if tag in source:
            builder.font[tag] = source[tag]
    maxp = builder.font["maxp"]
    for key, value in vars(source["maxp"]).items():   # the source's maxima bound the subset's
        if key not in ("numGlyphs", "tableTag", "tableVersion"):
            setattr(maxp, key, value)
    maxp.tableVersion = 0x00010000
    return bounds


def _box(glyph) -> tuple[int, int, int, int]:
    return (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax) if glyph.numberOfContours else EMPTY


def _horizontal_extent(widths: dict[str, int], bounds: dict) -> dict[str, int]:
    """hhea's extremes, which fontTools computes only when it recalculates bounds."""
    inked = [(widths[g], b) for g, b in bounds.items() if b != EMPTY] or [(0, EMPTY)]
    return {"advanceWidthMax": max(widths.values()), "minLeftSideBearing": min(b[0] for _, b in inked),
            "minRightSideBearing": min(w - b[2] for w, b in inked), "xMaxExtent": max(b[2] for _, b in inked)}


def _outline(program: _Program, glyph: str) -> DecomposingRecordingPen:
    pen = DecomposingRecordingPen(program.glyphs)
    program.glyphs[glyph].draw(pen)
    return pen


def _width(program: _Program, glyph: str) -> float:
    if glyph in program.widths:
        return program.widths[glyph]
    charstring = program.glyphs[glyph]
    if isinstance(charstring, T1CharString) or getattr(charstring, "width", None) is None:
        charstring.draw(BoundsPen(None))        # Type 1 and CFF charstrings learn their width by running
    return charstring.width


def _tt_glyph(outline: DecomposingRecordingPen):
    pen = TTGlyphPen(None)
    outline.replay(pen)
    return pen.glyph()


def _charstring(outline: DecomposingRecordingPen, width: int):
    pen = T2CharStringPen(width, None)
    outline.replay(pen)
    return pen.getCharString()


def _bounds(outline: DecomposingRecordingPen) -> tuple[float, float, float, float]:
    pen = BoundsPen(None)
    outline.replay(pen)
    return tuple(round(v) for v in pen.bounds) if pen.bounds else EMPTY


def _vertical_extent(pdf_font, units_per_em: int, bounds) -> tuple[int, int]:
    """Ascent and descent from the PDF's font descriptor (in 1/1000 em), else the glyphs."""
    boxes = list(bounds)
    top = max((box[3] for box in boxes), default=units_per_em * 0.88)
    bottom = min((box[1] for box in boxes), default=-units_per_em * 0.12)
    ascent = pdf_font.get_ascent() * units_per_em if pdf_font.get_ascent() else top
    descent = pdf_font.get_descent() * units_per_em if pdf_font.get_descent() else bottom
    return round(max(ascent, top)), round(min(descent, bottom, -1))
