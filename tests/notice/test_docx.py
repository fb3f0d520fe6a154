"""The DOCX read back with python-docx: styles and fonts by role, language, page, grid,
footers, fields, tables, the 版头/主体/版记 texts, determinism, and the style file."""
from __future__ import annotations

import io
import itertools
import tempfile
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from generators.notice import build_notice
from partydocs.reuse.libreoffice import LibreOfficeMissing, docx_to_pdf
from generators.notice.style import load_style
from generators.notice.titlebreak import break_title, word_boundaries
from partydocs.reuse.errors import DataError
from partydocs.model.load import load_year

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROLE_FONTS = {   # style name -> (role in notice.yaml, size in pt)
    "Normal": ("body", 16), "Notice Title": ("title", 22), "Notice Mark": ("mark", 42),
    "Notice Heading 1": ("heading1", 16), "Notice Heading 2": ("heading2", 16),
    "Notice Heading 3": ("body", 16), "Notice Heading 4": ("body", 16),
    "Notice Colophon": ("body", 14), "Notice Page Number": ("page_number", 14),
    "Notice Table": ("body", 14), "Notice Table Head": ("heading1", 14),
}


def _open(built) -> docx.document.Document:
    return docx.Document(str(built.docx))


def _all_text(document) -> str:
    body = document.element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


@pytest.mark.parametrize("style_name", sorted(ROLE_FONTS))
def test_every_role_names_its_font_in_east_asian_and_latin_slots(notices, project, style_name):
    faces = load_style(project.templates_dir).fonts
    role, size = ROLE_FONTS[style_name]
    style = _open(notices["rich"]).styles[style_name]    # the notice that uses every role
    fonts = style.element.rPr.find(qn("w:rFonts"))
    face = getattr(faces, role)
    assert fonts.get(qn("w:eastAsia")) == face.east_asia
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == face.latin
    assert not any(k.endswith("Theme") for k in fonts.attrib), "theme fonts would override the names"
    assert style.font.size.pt == size


def test_only_the_styles_the_text_uses_are_kept(notices):
    document = _open(notices["sample"])
    ids = {s.get(qn("w:styleId")) for s in document.styles.element.findall(qn("w:style"))}
    used = {e.get(qn("w:val")) for e in document.element.iter(qn("w:pStyle"))}
    assert "NoticeHeading4" not in ids and "Heading1" not in ids and len(ids) < 20
    assert used <= ids


def test_font_table_names_every_font_with_its_fallback(notices, project):
    with zipfile.ZipFile(notices["sample"].docx) as package:
        fonts = docx.oxml.parse_xml(package.read("word/fontTable.xml"))
        app = package.read("docProps/app.xml").decode("utf-8")
        names = package.namelist()
    entries = {f.get(qn("w:name")): f for f in fonts.findall(qn("w:font"))}
    faces = load_style(project.templates_dir).fonts
    for role in type(faces).model_fields:
        face = getattr(faces, role)
        assert face.east_asia in entries and face.latin in entries
    alt = {name: f.find(qn("w:altName")).get(qn("w:val")) for name, f in entries.items() if f.find(qn("w:altName")) is not None}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体" and alt["方正小标宋简体"] == "宋体"
    assert all(entries[n].find(qn("w:charset")).get(qn("w:val")) == "86" for n in alt if ord(n[0]) > 0x2E80)
    assert "Macintosh" not in app and "<Pages>4</Pages>" in app
    assert not any("thumbnail" in n for n in names)


def test_default_fonts_are_the_body_faces_not_the_theme(notices):
    styles = _open(notices["sample"]).styles.element
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and fonts.get(qn("w:asciiTheme")) is None


def test_language_is_zh_cn_in_defaults_normal_and_settings(notices):
    with zipfile.ZipFile(notices["sample"].docx) as package:
        styles = package.read("word/styles.xml").decode()
        settings = package.read("word/settings.xml").decode()
    assert "ja-JP" not in styles + settings and 'w:eastAsia="en-US"' not in styles
    document = _open(notices["sample"])
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    normal = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    for lang in (defaults, normal):
        assert lang.get(qn("w:val")) == lang.get(qn("w:eastAsia")) == "zh-CN"


def test_page_is_a4_with_the_standard_margins_and_a_22_line_grid(notices):
    section = _open(notices["sample"]).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [round(m.mm, 1) for m in (section.top_margin, section.left_margin, section.right_margin, section.bottom_margin)]
    assert margins == [37, 28, 26, 35]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    pitch_mm = int(grid.get(qn("w:linePitch"))) / 20 / 72 * 25.4
    assert 22 * pitch_mm <= 225 < 23 * pitch_mm
    spacing = _open(notices["sample"]).styles["Normal"].element.rPr.find(qn("w:spacing"))
    advance = 16 + int(spacing.get(qn("w:val"))) / 20
    assert 28 * advance <= 156 / 25.4 * 72 < 29 * advance


def test_odd_and_even_footers_carry_page_fields_on_opposite_sides(notices):
    document = _open(notices["sample"])
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        instr = "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.alignment.name.lower() == side
        indent = paragraph.paragraph_format.right_indent if side == "right" else paragraph.paragraph_format.left_indent
        assert indent.pt == 14
        assert paragraph.style.name == "Notice Page Number"


def test_header_block_texts_and_red_mark(notices):
    document = _open(notices["sample"])
    first = document.paragraphs[0]
    assert first.text == "中共广东省社会组织委员会文件"
    assert all(str(run.font.color.rgb) == "FF0000" for run in first.runs)
    assert any(p.text == "粤社党〔2021〕12号" for p in document.paragraphs[:4])
    separator = document.paragraphs[2]._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert separator is not None and separator.get(qn("w:color")) == "FF0000"
    assert b"star5" in zipfile.ZipFile(notices["sample"].docx).read("word/document.xml")


def test_title_breaks_follow_the_word_rule(notices):
    title = next(p for p in _open(notices["sample"]).paragraphs if p.style.name == "Notice Title")
    lines = title.text.split("\n")
    assert "".join(lines) == notices["sample"].year.notice.title
    assert len(lines) == 3 and lines[-1].endswith("的通知")
    assert lines[1] == "党总支等5家党组织确认为全省社会组织"


@pytest.mark.parametrize("title", [
    "关于将东莞市大众社会工作服务中心党总支等5家党组织确认为全省社会组织党建工作示范点创建单位的通知",
    "关于将广州市建筑装饰协会（第1号）党支部等110家党组织确认为全省社会组织党建工作示范点创建单位的通知",
    "关于印发《全省社会组织党建工作示范点创建标准》的通知",
    "关于做好2021年度全省社会组织党建工作示范点创建单位考核评估工作的通知",
])
def test_title_lines_fit_keep_words_and_never_form_an_inverted_trapezoid(title):
    lines = break_title(title, 20)
    assert "".join(lines) == title and len(lines) >= 2
    widths = [sum(1 if ord(c) > 0x2E80 else 0.5 for c in line) for line in lines]
    assert max(widths) <= 20
    assert widths[-1] >= widths[0] - 3, f"inverted trapezoid: {lines}"
    for word in ("社会组织", "党建工作", "示范点", "创建单位", "的通知", "110"):
        assert not any(line.endswith(word[:k]) and lines[i + 1].startswith(word[k:])
                       for i, line in enumerate(lines[:-1]) for k in range(1, len(word))), f"{word} split: {lines}"


def test_words_are_found_as_jieba_finds_them_with_its_whole_dictionary(sample_year, tmp_path, monkeypatch):
    """…without the 0.5 s jieba spends loading it, and without the cache it leaves in the
    temporary folder (names with 创建工作 appended are texts no earlier test has asked about)."""
    import jieba

    names = [document.notice.title for document in sample_year.documents] + [
        name for point in sample_year.points for name in (point.organisation, point.party_org.name)]
    texts = names + [f"{name}创建工作" for name in names]
    whole = jieba.Tokenizer()
    whole.tmp_dir = str(tmp_path / "jieba")
    expected = [set(itertools.accumulate(len(word) for word in whole.cut(text, HMM=False))) for text in texts]
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    assert [set(word_boundaries(text)) for text in texts] == expected
    assert not list(temporary.iterdir())


def test_body_numbering_by_level_and_styles(notices):
    paragraphs = _open(notices["rich"]).paragraphs
    by_text = {p.text: p.style.name for p in paragraphs}
    assert by_text["一、提高思想认识"] == "Notice Heading 1"
    assert by_text["（一）制定创建方案"] == "Notice Heading 2"
    assert by_text["1.明确目标"] == "Notice Heading 3"
    assert by_text["（1）细化措施"] == "Notice Heading 4"
    assert by_text["二、严格考核评估"] == "Notice Heading 1"
    body = next(p for p in paragraphs if p.text.startswith("各创建单位"))
    assert body.style.name == "Normal"
    assert round(body.style.paragraph_format.first_line_indent.pt / (156 / 25.4 * 72 / 28), 2) == 2.0


def test_addressees_note_signature_and_date(notices):
    text = [p.text.replace("\n", "") for p in _open(notices["sample"]).paragraphs]   # computed line breaks
    assert "各地级以上市社会组织党委，省社会组织党委各直属党组织：" in text
    assert "附件：全省社会组织党建工作示范点创建单位名单" in text
    assert text.index("中共广东省社会组织委员会") + 1 == text.index("2021年9月6日")
    assert "（联系人：省社会组织党委办公室，电话：020-12345678）" in text


def test_multi_attachment_note_aligns_later_numbers_under_the_first(notices):
    paragraphs = _open(notices["rich"]).paragraphs
    first = next(p for p in paragraphs if p.text.startswith("附件：1."))
    second = next(p for p in paragraphs if p.text.startswith("2.创建"))
    start = lambda p: p.paragraph_format.left_indent.pt + p.paragraph_format.first_line_indent.pt
    label = 3 * 15.75
    assert abs(start(second) - (start(first) + label)) < 1
    assert abs(first.paragraph_format.left_indent.pt - second.paragraph_format.left_indent.pt) < 0.1


def test_seal_is_a_floating_image_over_signature_and_date(notices):
    document = _open(notices["rich"])
    anchors = list(document.element.body.iter(qn("wp:anchor")))
    seal = [a for a in anchors if a.find(qn("wp:docPr")).get("name") == "印章"]
    assert len(seal) == 1 and seal[0].find(f".//{{http://schemas.openxmlformats.org/drawingml/2006/picture}}pic") is not None
    assert seal[0].get("behindDoc") == "0"
    assert round(int(seal[0].find(qn("wp:extent")).get("cx")) / 36000) == 42


def test_joint_issuers_stack_beside_the_suffix(notices):
    table = _open(notices["rich"]).tables[0]
    assert [row.cells[0].text for row in table.rows] == ["中共广东省社会组织委员会", "广东省民政厅"]
    assert table.rows[0].cells[1].text == "文件" and table.rows[0].cells[1]._tc is table.rows[1].cells[1]._tc


def test_units_table_repeats_its_head_and_keeps_rows_whole(notices):
    built = notices["units110"]
    table = next(t for t in _open(built).tables if t.rows[0].cells[0].text == "序号")
    assert [c.text for c in table.rows[0].cells] == ["序号", "党组织名称", "所属社会组织", "所在地"]
    assert len(table.rows) == 111
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    first = built.year.point(built.year.notice.units[0])
    texts = [c.text.replace("\n", "") for c in table.rows[1].cells]     # names break between words
    assert texts == ["1", first.party_org.name, first.organisation, first.location.zh()]


def test_attachment_starts_a_new_page_with_its_label(notices):
    paragraphs = _open(notices["sample"]).paragraphs
    label = next(p for p in paragraphs if p.text == "附件")
    assert label.paragraph_format.page_break_before and label.style.name == "Notice Attachment Label"


def test_colophon_texts_and_rules(notices):
    document = _open(notices["sample"])
    box = next(document.element.body.iter(qn("w:txbxContent")))
    texts = ["".join(t.text for t in p.iter(qn("w:t"))) for p in box.iter(qn("w:p"))]
    assert [t for t in texts if t] == ["抄送：省委组织部、省民政厅。", "中共广东省社会组织委员会办公室2021年9月7日印发"]
    assert len(list(box.iter(qn("w:tab")))) >= 1   # printer left, date at a right tab
    rules = [b.get(qn("w:sz")) for b in box.iter(qn("w:bottom"))]
    assert rules == ["8", "6", "8"]


def test_build_is_byte_identical_and_zip_is_stable(notices):
    built = notices["sample"]
    again = build_notice(built.year, built.project.templates_dir)
    assert again == built.docx.read_bytes()
    with zipfile.ZipFile(io.BytesIO(again)) as package:
        assert package.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_long_and_awkward_data_builds(sample_copy):
    notice = sample_copy.data_dir / "2021" / "notice.yaml"
    text = notice.read_text(encoding="utf-8")
    text = text.replace("mark: 中共广东省社会组织委员会", "mark: " + "中共广东省社会组织委员会" * 4)
    text = text.replace("  - 省委组织部", "  - " + "、".join(["省委组织部<&>"] * 12))
    notice.write_text(text, encoding="utf-8")
    year = load_year(sample_copy, "2021")
    data = build_notice(year, sample_copy.templates_dir)
    document = docx.Document(io.BytesIO(data))
    mark = document.paragraphs[0]
    assert mark.runs[0].font.size.pt < 42 and "<&>" in _all_text(document)


def test_style_file_typo_is_reported_with_its_line(sample_copy):
    path = sample_copy.templates_dir / "styles" / "notice.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  title: 22 ", "  titel: 22 "), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_style(sample_copy.templates_dir)
    [problem] = caught.value.problems
    assert problem.file == "templates/styles/notice.yaml" and problem.line > 1 and "titel" in problem.field


def test_style_file_values_reach_the_document(sample_copy):
    path = sample_copy.templates_dir / "styles" / "notice.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("仿宋_GB2312", "仿宋"), encoding="utf-8")
    data = build_notice(load_year(sample_copy, "2021"), sample_copy.templates_dir)
    normal = docx.Document(io.BytesIO(data)).styles["Normal"]
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"


def test_pdf_conversion_without_libreoffice_says_so_in_chinese(notices, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LibreOfficeMissing, match="LibreOffice"):
        docx_to_pdf(notices["sample"].docx, tmp_path)


def test_title_lines_must_make_the_title_and_fit(sample_copy):
    notice_file = sample_copy.data_dir / "2021" / "notice.yaml"
    original = notice_file.read_text(encoding="utf-8")
    wrong = original.replace("# title_lines:                   # 标题手动分行（可选；不写则自动按词分行，排成梯形）",
                             "title_lines: [关于将东莞市大众社会工作服务中心党总支等5家党组织, 确认为示范点的通知]")
    notice_file.write_text(wrong, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_year(sample_copy, "2021")
    [first] = raised.value.messages()
    assert "title_lines" in first and "不一致" in first and first.startswith("data/2021/notice.yaml:1")
    long_line = "关于将东莞市大众社会工作服务中心党总支等5家党组织确认为全省社会组织党建工作示范点创建单位"
    notice_file.write_text(original.replace(
        "# title_lines:                   # 标题手动分行（可选；不写则自动按词分行，排成梯形）",
        f"title_lines: [{long_line}, 的通知]"), encoding="utf-8")
    year = load_year(sample_copy, "2021")
    with pytest.raises(DataError) as raised:
        build_notice(year, sample_copy.templates_dir)
    [message] = raised.value.messages()
    assert "notice.yaml:1" in message and "title_lines[1]" in message and "最多 20 个字" in message


def _title_of(length: int, seed: int) -> str:
    """A title of `length` characters in the vocabulary of notices' titles: 关于…的通知."""
    import random

    rng = random.Random(seed)
    words = ["全省", "社会组织", "党建工作", "示范点", "创建单位", "考核评估", "做好", "进一步", "加强", "行业协会",
             "商会", "党支部", "2021年度", "东莞市", "工作", "的", "和", "表彰", "先进基层党组织", "优秀共产党员"]
    middle = ""
    while len(middle) < length - 5:
        middle += rng.choice(words)
    return "关于" + middle[:length - 5] + "的通知"


@pytest.mark.parametrize("length", range(21, 66, 3))
def test_no_title_line_holds_one_or_two_characters_or_passes_the_measure(length):
    """Titles of every length from just over one line to over three, generated: the automatic
    split never leaves a line of one or two characters (besides punctuation) and never one
    wider than the 22 pt measure (20 characters in the 156 mm block)."""
    for seed in range(4):
        title = _title_of(length, seed)
        lines = break_title(title, 20)
        assert "".join(lines) == title
        widths = [sum(1 if ord(c) > 0x2E80 else 0.5 for c in line) for line in lines]
        assert max(widths) <= 20, f"wider than the measure: {lines}"
        meaningful = [sum(1 for c in line if c not in "，、。：；！？（）《》“”") for line in lines]
        assert min(meaningful) >= 3, f"a line of {min(meaningful)} characters: {lines}"


def test_title_lines_that_would_wrap_are_an_error_at_their_data_line(sample_copy):
    """Manual title lines wider than the measure would wrap in Word: a DataError naming the
    data file's line of title_lines, the line's index and the most that fits."""
    notice_file = sample_copy.data_dir / "2021" / "notice.yaml"
    original = notice_file.read_text(encoding="utf-8")
    head = "关于将东莞市大众社会工作服务中心党总支等5家党组织确认为全省社会组织"
    written = original.replace("# title_lines:                   # 标题手动分行（可选；不写则自动按词分行，排成梯形）",
                               f"title_lines:\n  - {head}\n  - 党建工作示范点创建单位的通知")
    assert written != original
    notice_file.write_text(written, encoding="utf-8")
    year = load_year(sample_copy, "2021")
    with pytest.raises(DataError) as raised:
        build_notice(year, sample_copy.templates_dir)
    [problem] = raised.value.problems
    line = written.splitlines().index(f"  - {head}") + 1
    assert (problem.file, problem.line, problem.field) == ("data/2021/notice.yaml", line, "title_lines[1]")
    assert "最多 20 个字" in problem.message and "拆成两行" in problem.message


def test_title_never_breaks_inside_a_known_name():
    title = "关于将东莞市纺织服装慈善会党支部等3家党组织确认为全省社会组织党建工作示范点创建单位的通知"
    lines = break_title(title, 20, ["东莞市纺织服装慈善会"])
    assert "".join(lines) == title
    assert not any(line.endswith("东莞市") for line in lines)
