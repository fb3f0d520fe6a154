"""What the audit's measurements cannot see: the layout settings in a DOCX that LibreOffice,
which renders the pages measured here, ignores or reads differently from Word (and WPS), which
the office will print from. Each is named in every report, so a reader knows which of Word's
line breaks and widths the measured page may not show. Sources per setting: README, "DOCX for
Word, WPS and LibreOffice" (LibreOffice's writerfilter DomainMapper.cxx / SettingsTable.cxx /
FontTable.cxx, ISO/IEC 29500-1)."""
from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from .docx_source import DocxSource
from .model import PASS, Finding, NOT_APPLICABLE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CLAUSE, TITLE = "5.2.3", "LibreOffice 看不到的 Word 版式设置"
EXPECTED = "DOCX 中 LibreOffice 忽略或读法与 Word 不同的设置逐项列出（这些设置的效果不在本报告的测量之内）"
PART_LIMIT = 64 << 20                 # bytes of one XML part worth reading
CHARACTER_GRIDS = {"linesAndChars", "snapToChars"}
OFF = {"0", "false", "off"}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def renderer_gaps(path: Path, source: DocxSource | None) -> list[Finding]:
    """One finding for a DOCX: not applicable, listing the settings, when it has any; passed
    when it has none. None for a PDF, whose layout its exporter has already fixed."""
    if source is None:
        return []
    gaps = ignored_by_libreoffice(path)
    if not gaps:
        return [Finding(CLAUSE, TITLE, PASS, "没有 LibreOffice 忽略而 Word 采用的版式设置", EXPECTED)]
    measured = "；".join(gaps) + "。Word、WPS 按这些设置排版，LibreOffice 排出的页面（本报告所测）不反映它们"
    return [Finding(CLAUSE, TITLE, NOT_APPLICABLE, measured, EXPECTED)]


def ignored_by_libreoffice(path: Path) -> list[str]:
    """The settings found, each described in Chinese with where it is."""
    parts = _parts(path)
    settings, fonts = parts.get("word/settings.xml"), parts.get("word/fontTable.xml")
    content = [root for name, root in parts.items() if name not in ("word/settings.xml", "word/fontTable.xml")]
    gaps = []
    if settings is not None:
        gaps += _settings_gaps(settings)
    gaps += _paragraph_gaps(content) + _run_grid_gaps(content)
    if fonts is not None:
        gaps += _font_table_gaps(fonts)
    return gaps


def _parts(path: Path) -> dict[str, etree._Element]:
    """The package's WordprocessingML parts (document, styles, numbering, headers, footers,
    settings, font table), parsed without entities or network."""
    found = {}
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            if not (info.filename.startswith("word/") and info.filename.endswith(".xml")) or info.file_size > PART_LIMIT:
                continue
            try:
                found[info.filename] = etree.fromstring(package.read(info), PARSER)
            except etree.XMLSyntaxError:
                continue                  # open_docx has already accepted the package; skip a part it never reads
    return found


def _on(element) -> bool:
    return element.get(f"{W}val", "1").lower() not in OFF


def _settings_gaps(settings) -> list[str]:
    """SettingsTable.cxx: the cases for both are empty."""
    gaps = []
    control = settings.find(f"{W}characterSpacingControl")
    if control is not None and control.get(f"{W}val") in ("compressPunctuation", "compressPunctuationAndJapaneseKana"):
        gaps.append(f"标点挤压（w:characterSpacingControl={control.get(f'{W}val')}）：Word 压缩全角标点，LibreOffice 不压缩")
    kerning = settings.find(f"{W}noPunctuationKerning")
    if kerning is not None and _on(kerning):
        gaps.append("w:noPunctuationKerning（标点不做字距调整）：LibreOffice 不读取")
    return gaps


def _paragraph_gaps(roots: list) -> list[str]:
    """DomainMapper.cxx: overflowPunct read as its opposite; autoSpaceDE/DN and topLinePunct
    dropped; kinsoku not handled at all."""
    hanging = _count(roots, "overflowPunct")
    spaced = _count(roots, "autoSpaceDE") + _count(roots, "autoSpaceDN")
    top = _count(roots, "topLinePunct", _on)
    no_kinsoku = _count(roots, "kinsoku", lambda e: not _on(e))
    found = [
        (hanging, f"标点溢出边界（w:overflowPunct，{hanging} 处）：LibreOffice 读法与 Word 相反，"
                  "Word 让行末标点伸出版心右缘之处 LibreOffice 把上一字移到下一行"),
        (spaced, f"中西文间距（w:autoSpaceDE/DN，{spaced} 处）：LibreOffice 不读取，按它自己的默认值排"),
        (top, f"行首标点压缩（w:topLinePunct，{top} 处）：LibreOffice 不读取"),
        (no_kinsoku, f"关闭避头尾（w:kinsoku=0，{no_kinsoku} 处）：LibreOffice 不读取，仍按避头尾排"),
    ]
    return [text for number, text in found if number]


def _count(roots: list, tag: str, keep=lambda element: True) -> int:
    return sum(1 for root in roots for element in root.iter(f"{W}{tag}") if keep(element))


def _run_grid_gaps(roots: list) -> list[str]:
    """DomainMapper.cxx: `case LN_EG_RPrBase_snapToGrid: break;` — it matters only with a
    character grid, where Word gives such runs no extra character pitch."""
    grids = {g.get(f"{W}type") for root in roots for g in root.iter(f"{W}docGrid")}
    if not grids & CHARACTER_GRIDS:
        return []
    runs = sum(1 for root in roots for rpr in root.iter(f"{W}rPr") for _ in rpr.iterfind(f"{W}snapToGrid"))
    return [f"文字不对齐字符网格（字符属性 w:snapToGrid，{runs} 处）：LibreOffice 不读取"] if runs else []


def _font_table_gaps(fonts) -> list[str]:
    """FontTable.cxx: `case LN_CT_Font_altName: break;` — Word tries these names when the
    font itself is not installed; LibreOffice substitutes by its own rules."""
    named = []
    for font in fonts.iter(f"{W}font"):
        alt = font.find(f"{W}altName")
        if alt is not None and alt.get(f"{W}val"):
            named.append(f"{font.get(f'{W}name')}→{alt.get(f'{W}val')}")
    if not named:
        return []
    return [f"字体表的替代字体名（w:altName：{'、'.join(named)}）：本机没有该字体时 Word 改用替代名的字体，LibreOffice 不读取"]
