"""The notices rendered by LibreOffice and measured in the PDF: text block, grid, fonts,
版头, page numbers, attachment table and 版记. Skipped, with the reason, without soffice."""
from __future__ import annotations

import statistics

import pdfplumber

from partydocs.checker import measure
from partydocs.checker.measure import ink_rows, mm

TOP, LEFT, RIGHT, BOTTOM = 37, 28, 26, 35
BLOCK_RIGHT, BLOCK_BOTTOM = 210 - RIGHT, 297 - BOTTOM
PITCH_MM = 225 / 22
CHAR_MM = 156 / 28
FOOTER_FROM = BLOCK_BOTTOM + 1


def _grid_lines(page: measure.Page) -> list[measure.Line]:
    """Body-size lines inside the text block (not the footer)."""
    return [line for line in page.body_lines(FOOTER_FROM) if line.size == 16]


def _text_pages(built) -> list[measure.Page]:
    """Pages after the first that hold body text (not the attachment pages)."""
    pages = []
    for page in built.pages[1:]:
        if any(line.text.startswith("附件") and line.x0 < LEFT + 1 for line in page.lines):
            break
        pages.append(page)
    return pages


def _full_pages(built) -> list[measure.Page]:
    """Text pages broken inside a paragraph (the next page opens with an unindented
    continuation line): nothing made them end early, so they are full."""
    text_pages = _text_pages(built)
    return [page for page, after in zip(text_pages, text_pages[1:])
            if _grid_lines(after) and _grid_lines(after)[0].x0 < LEFT + 1]


def _block_top(lines: list[measure.Line]) -> float:
    """A grid line's glyphs sit centred in their line: the block edge is half a pitch out."""
    first = lines[0]
    return (first.top + first.bottom) / 2 - PITCH_MM / 2


def _block_bottom(lines: list[measure.Line]) -> float:
    last = lines[-1]
    return (last.top + last.bottom) / 2 + PITCH_MM / 2


# ---- text block and grid ----------------------------------------------------------

def test_text_block_edges_are_the_standard_margins(standard, notices):
    for built in (standard, notices["rich"]):
        for page in _text_pages(built):
            lines = _grid_lines(page)
            assert abs(_block_top(lines) - TOP) <= 1, f"{built.name} p{page.number} top"
            assert abs(min(line.x0 for line in lines) - LEFT) <= 1, f"{built.name} p{page.number} left"
            assert max(line.x1 for line in lines) <= BLOCK_RIGHT + 1
        full = [line for page in _text_pages(built) for line in _grid_lines(page) if line.x0 < LEFT + 1 and line.glyphs >= 27]
        assert full and all(abs(line.x1 - BLOCK_RIGHT) <= 1 for line in full), f"{built.name}: full lines end at the right edge"


def test_full_pages_hold_22_lines_on_a_225_mm_block(notices):
    """A full page holds 22 lines at the grid's pitch; one whose lines were closed up evenly to
    keep the signature with the body (GB/T 9704 7.3.5) holds 23, no closer than 95 % of the
    pitch. Either way its lines are evenly spaced and the last ends at the block's bottom."""
    full = _full_pages(notices["rich"])
    assert full
    for page in full:
        lines = _grid_lines(page)
        pitches = [b.top - a.top for a, b in zip(lines, lines[1:])]
        # Each free face stands its glyphs a little higher or lower in the same grid line
        # (Noto Sans for 黑体, LXGW WenKai for 楷体, AR PL UMing for 仿宋): up to ±0.15 mm.
        assert max(pitches) - min(pitches) < 0.3, f"page {page.number}: lines evenly spaced"
        pitch = statistics.mean(pitches)
        if len(lines) == 22:
            assert abs(pitch - PITCH_MM) < 0.1
        else:
            assert len(lines) == 23 and 0.95 * PITCH_MM - 0.05 <= pitch < PITCH_MM, f"page {page.number}: {len(lines)} lines"
        assert abs((lines[-1].top + lines[-1].bottom) / 2 + pitch / 2 - BLOCK_BOTTOM) <= 1


def test_no_page_holds_more_than_22_body_lines(standard):
    for page in standard.pages:
        assert len(_grid_lines(page)) <= 22


def test_full_lines_hold_28_characters(standard, notices):
    for built in (standard, notices["rich"]):
        counts = [line.glyphs for page in _text_pages(built) + built.pages[:1] for line in _grid_lines(page)
                  if line.x0 < LEFT + 1 and line.x1 > BLOCK_RIGHT - 1 and all(ord(c) > 0x2E80 for c in line.text)]
        assert counts and max(counts) == 28 and statistics.mode(counts) == 28, f"{built.name}: {counts}"
        lines = [line for page in built.pages for line in _grid_lines(page) if line.glyphs == 28]
        steps = [b["x0"] - a["x0"] for line in lines for a, b in zip(line.chars, line.chars[1:])]
        assert abs(mm(statistics.median(steps)) - CHAR_MM) < 0.1


def test_type_sizes_title_22_body_16(standard):
    first = standard.pages[0].lines
    title = [line for line in first if line.size == 22]
    assert 2 <= len(title) <= 4 and "".join(l.text for l in title) == standard.year.notice.title
    widths = [line.x1 - line.x0 for line in title]
    assert widths[-1] >= widths[0] - 3 * 22 / 72 * 25.4, "inverted trapezoid"
    assert all(abs((l.x0 + l.x1) / 2 - (LEFT + 156 / 2)) < 1.5 for l in title), "title centred"
    addressee = next(line for line in first if line.text.endswith("：") and line.size == 16)
    assert abs(addressee.x0 - LEFT) < 0.5
    assert addressee.top - title[-1].bottom > PITCH_MM * 0.9, "one blank line below the title"


# ---- 版头 ----------------------------------------------------------------------------

def test_red_mark_sits_35_mm_below_the_block_top(standard):
    red = measure.red_chars(measure.chars_of(standard.pdf, 1))
    assert "".join(c["text"] for c in red) == "中共广东省社会组织委员会文件"
    assert len({round(c["top"]) for c in red}) == 1
    centre = (min(c["x0"] for c in red) + max(c["x1"] for c in red)) / 2
    assert abs(mm(centre) - 106) < 1
    ink = ink_rows(standard.pdf, 1, lambda p: p[0] > 200 and p[1] < 90 and p[2] < 90, (LEFT, 184))
    assert abs(ink[0] - (TOP + 35)) <= 1, f"mark's top edge at {ink[0]:.1f} mm"


def test_number_then_red_separator_with_star(standard):
    lines = standard.pages[0].lines
    mark = next(line for line in lines if line.size > 22)
    number = next(line for line in lines if line.text == "粤社党〔2021〕12号")
    assert abs((number.x0 + number.x1) / 2 - 106) < 1
    assert 2 * PITCH_MM <= number.top - mark.bottom <= 3 * PITCH_MM, "two blank lines below the mark"
    rules = [o for o in standard.pages[0].lines_drawn
             if measure.is_red(o.get("stroking_color")) and mm(o["x1"] - o["x0"]) > 100]
    assert rules, "no red separator"
    rule = rules[0]
    assert abs(mm(rule["x0"]) - LEFT) < 0.5 and abs(mm(rule["x1"]) - BLOCK_RIGHT) < 0.5
    assert 3 <= mm(rule["top"]) - number.bottom <= 5, "separator 4 mm under the number"
    star = [o for o in standard.pages[0].lines_drawn if o["object_type"] == "curve" and measure.is_red(o.get("non_stroking_color"))]
    assert star and abs(mm((star[0]["x0"] + star[0]["x1"]) / 2) - 106) < 0.5
    assert abs(mm((star[0]["top"] + star[0]["bottom"]) / 2) - mm(rule["top"])) < 0.5
    title = next(line for line in lines if line.size == 22)
    assert 2 * PITCH_MM <= title.top - mm(rule["top"]) <= 3 * PITCH_MM, "title two lines below the separator"


def test_joint_mark_has_the_suffix_centred_beside_stacked_names(notices):
    red = measure.red_chars(measure.chars_of(notices["rich"].pdf, 1))
    rows = sorted({round(c["top"]) for c in red if c["text"] not in "文件"})
    suffix = [c for c in red if c["text"] in "文件"]
    assert len(rows) == 2 and len(suffix) == 2
    names_right = max(c["x1"] for c in red if c["text"] not in "文件")
    assert min(c["x0"] for c in suffix) > names_right
    middle = (min(c["top"] for c in red) + max(c["bottom"] for c in red)) / 2
    assert abs((suffix[0]["top"] + suffix[0]["bottom"]) / 2 - middle) < 3
    assert max(c["x1"] for c in red) <= measure.PT_PER_MM * (BLOCK_RIGHT + 0.5)


def test_upward_document_number_and_signers_share_a_line(notices):
    lines = notices["rich"].pages[0].lines
    number = next(line for line in lines if line.text.startswith("粤社党"))
    signer = next(line for line in lines if line.text.startswith("签发人"))
    assert abs(number.top - signer.top) < 0.5
    assert abs(number.x0 - (LEFT + 16 / 72 * 25.4)) < 1 and abs(signer.x1 - (BLOCK_RIGHT - 16 / 72 * 25.4)) < 1.5
    assert [l.text for l in lines[:3]] == ["000001", "秘密★1年", "加急"]


# ---- signature and seal -----------------------------------------------------------

def test_signature_without_seal(notices):
    page = next(p for p in notices["sample"].pages if any(l.text == "2021年9月6日" for l in p.lines))
    name = next(l for l in page.lines if l.text == "中共广东省社会组织委员会")
    date = next(l for l in page.lines if l.text == "2021年9月6日")
    assert abs(name.x1 - (BLOCK_RIGHT - 2 * CHAR_MM)) < 1, "name two characters from the right"
    assert abs(date.x0 - (name.x0 + 2 * CHAR_MM)) < 1, "date two characters right of the name's start"
    lines = _grid_lines(page)
    pitch = statistics.median(b.top - a.top for a, b in zip(lines, lines[1:]))      # closed up, or the grid's
    assert 0.95 * PITCH_MM - 0.05 <= pitch <= PITCH_MM + 0.05
    assert abs(date.top - name.top - pitch) < 0.3, "the date on the line under the name, at the page's pitch"


def test_seal_image_presses_on_signature_and_date(notices):
    built = notices["rich"]
    page = next(p for p in built.pages if any(l.text == "2021年9月6日" for l in p.lines))
    date = next(l for l in page.lines if l.text == "2021年9月6日")
    name = next(l for l in page.lines if l.text == "中共广东省社会组织委员会")
    note = max((l for l in page.lines if l.bottom < name.top), key=lambda l: l.bottom)
    [image] = page.images
    top, bottom = mm(image["top"]), mm(image["bottom"])
    assert abs(date.x1 - (BLOCK_RIGHT - 4 * CHAR_MM)) < 1, "date four characters from the right"
    assert abs((name.x0 + name.x1) / 2 - (date.x0 + date.x1) / 2) < 1, "name centred over the date"
    assert abs(mm((image["x0"] + image["x1"]) / 2) - (date.x0 + date.x1) / 2) < 1
    assert top < name.top and date.bottom < bottom, "the seal covers name and date"
    assert (top + bottom) / 2 < (name.top + date.bottom) / 2, "name and date below the seal's centre"
    note_line_bottom = (note.top + note.bottom) / 2 + PITCH_MM / 2
    assert 0 < top - note_line_bottom <= PITCH_MM, "seal top within one line of the text above"


# ---- page numbers -----------------------------------------------------------------

def _colophon_alone(page) -> bool:
    lines = page.body_lines(FOOTER_FROM)
    return bool(lines) and lines[0].text.startswith(("抄送", "主送")) and any(l.text.endswith("印发") for l in lines)


def test_page_numbers_alternate_sides_on_every_page(standard):
    one_char = 14 / 72 * 25.4
    for page in standard.pages:
        before = standard.pages[page.number - 2] if page.number > 1 else None
        if _colophon_alone(page) and before is not None and not before.body_lines(FOOTER_FROM):
            assert not page.footer_lines(FOOTER_FROM), "a 版记 page after a blank page may go unnumbered (7.5)"
            continue
        if not page.body_lines(FOOTER_FROM):
            continue                       # the blank page before such a 版记 page
        [footer] = page.footer_lines(FOOTER_FROM)
        assert footer.text.replace(" ", "") == f"—{page.number}—"
        assert abs(footer.size - 14) < 0.2
        if page.number % 2:
            assert abs(footer.x1 - (BLOCK_RIGHT - one_char)) < 1, f"odd page {page.number} right"
        else:
            assert abs(footer.x0 - (LEFT + one_char)) < 1, f"even page {page.number} left"


def test_page_number_dashes_sit_7_mm_below_the_block(notices):
    built = notices["sample"]
    for number, columns in ((1, (150, 184)), (2, (28, 60))):
        rows = ink_rows(built.pdf, number, lambda p: sum(p) < 300, columns)
        dash = [y for y in rows if y > BLOCK_BOTTOM + 2]
        assert dash, "no page number ink"
        footer = built.pages[number - 1].footer_lines(FOOTER_FROM)[0]
        dash_rows = [y for y in dash if footer.top < y < footer.bottom]
        dash_y = statistics.median(dash_rows)
        assert abs(dash_y - (BLOCK_BOTTOM + 7)) <= 1, f"page {number}: dashes {dash_y - BLOCK_BOTTOM:.1f} mm below"


# ---- attachment table and 版记 ------------------------------------------------------

def test_attachment_pages_label_title_and_repeated_head(standard):
    pages = standard.pages
    first = next(p for p in pages if any(l.text == "附件" for l in p.lines))
    label = next(l for l in first.lines if l.text == "附件")
    assert abs(_block_top([label]) - TOP) < 1 and abs(label.x0 - LEFT) < 0.5
    title = next(l for l in first.lines if l.size == 22)
    assert abs((title.top + title.bottom) / 2 - (TOP + 2.5 * PITCH_MM)) < 1.5, "title on line 3"

    numbers = []
    with pdfplumber.open(standard.pdf) as pdf:
        for page in pdf.pages[first.number - 1:]:
            tables = page.extract_tables()      # cells found from the drawn rules
            if not tables and "印发" in (page.extract_text() or ""):
                break                           # the 版记 on a page of its own
            [table] = tables
            head, *rows = [[(cell or "").replace("\n", "") for cell in row] for row in table]
            assert head == ["序号", "党组织名称", "所属社会组织", "所在地"], f"page {page.page_number} lacks the head"
            for number, name, organisation, place in rows:
                point = standard.year.point(standard.year.notice.units[int(number) - 1])
                assert (name, organisation, place) == (point.party_org.name, point.organisation, point.location.zh()), \
                    f"page {page.page_number}: row {number} is split or wrong"
                numbers.append(int(number))
    assert numbers == list(range(1, len(standard.year.notice.units) + 1))


def test_colophon_sits_on_the_bottom_of_the_last_page(standard):
    last = standard.pages[-1]
    rules = sorted((o for o in last.lines_drawn if o["object_type"] == "line" and mm(o["x1"] - o["x0"]) > 150
                    and o["linewidth"] > 0.6), key=lambda o: o["top"])   # the table's rules are ½ pt
    assert len(rules) == 3
    assert all(abs(mm(r["x0"]) - LEFT) < 0.5 and abs(mm(r["x1"]) - BLOCK_RIGHT) < 0.5 for r in rules)
    assert abs(mm(rules[-1]["bottom"]) - BLOCK_BOTTOM) < 0.5, "last rule on the block's bottom edge"
    widths = [mm(r["linewidth"]) for r in rules]
    assert abs(widths[0] - 0.35) < 0.05 and abs(widths[2] - 0.35) < 0.05 and abs(widths[1] - 0.25) < 0.05
    cc = next(l for l in last.lines if l.text.startswith("抄送："))
    printer = next(l for l in last.lines if l.text == "中共广东省社会组织委员会办公室")
    date = next(l for l in last.lines if l.text == "2021年9月7日印发")
    one_char = 14 / 72 * 25.4
    assert cc.size == printer.size == 14
    assert abs(cc.x0 - (LEFT + one_char)) < 0.7 and abs(printer.x0 - (LEFT + one_char)) < 0.7
    assert abs(date.x1 - (BLOCK_RIGHT - one_char)) < 0.7
    assert mm(rules[0]["top"]) < cc.top < mm(rules[1]["top"]) < printer.top < mm(rules[2]["top"])
    above = [l for l in last.body_lines(FOOTER_FROM) if l.bottom < mm(rules[0]["top"])]
    if not above:      # the attachment ended on an odd page: the 版记 has the even page after it, numbered (7.5)
        assert len(standard.pages) % 2 == 0 and last.footer_lines(FOOTER_FROM)
