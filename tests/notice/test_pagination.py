"""Pagination and line breaks, measured in LibreOffice's rendering: body pages full to the
22nd line (23 when closed up under 7.3.5), the signature block with only the body's last one
or two lines, the 版记 on an even page, no line that is a lone bracket or digit, the 附注
below the seal."""
from __future__ import annotations

import re

import pdfplumber
import pytest
import yaml

from tests.conftest import copy_sample


from .conftest import Built, rich_project
from partydocs.checker import audit
from partydocs.checker.measure import mm

LEFT, BLOCK_BOTTOM, FOOTER_FROM = 28, 297 - 35, 297 - 35 + 1
LONE = re.compile(r"^[\d\s）)」』”’。，、；：？！%％]+$")


def _doubled(root):
    """The sample with a body twice as long."""
    project = copy_sample(root)
    body = project.templates_dir / "notice" / "confirmation.j2"
    text = body.read_text(encoding="utf-8")
    (project.templates_dir / "notice" / "double.j2").write_text(text + "\n" + text.split("-#}", 1)[1], encoding="utf-8")
    notice_file = project.data_dir / "2021" / "notice.yaml"
    notice = yaml.safe_load(notice_file.read_text(encoding="utf-8"))
    notice["body_template"] = "notice/double.j2"
    notice_file.write_text(yaml.safe_dump(notice, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def paginated(notices, tmp_path_factory) -> dict[str, Built]:
    out = tmp_path_factory.mktemp("paginated")
    made = {"double": Built("double", _doubled(tmp_path_factory.mktemp("double")), out)}
    return {"sample": notices["sample"], "rich": notices["rich"], **made}


def _grid(page):
    return [line for line in page.body_lines(FOOTER_FROM) if line.size == 16]


def _text_pages(built):
    pages = []
    for page in built.pages:
        if any(line.text.startswith("附件") and line.x0 < LEFT + 1 and len(line.text) <= 3 for line in page.lines):
            break
        pages.append(page)
    return pages


PITCH = 225 / 22


def _empty_at_foot(page) -> int:
    """Whole grid lines left empty under the page's last line (the checker's measure)."""
    lines = _grid(page)
    return int((BLOCK_BOTTOM - lines[-1].bottom) / PITCH) if lines else 22


def _closest_step(page) -> float:
    lines = _grid(page)
    return min((b.top - a.top for a, b in zip(lines, lines[1:]) if b.top - a.top > PITCH / 2), default=PITCH)


@pytest.mark.parametrize("name", ["sample", "double", "rich"])
def test_body_pages_are_full_but_where_the_signature_block_takes_a_line_or_two(paginated, name):
    """Every body page is full (22 lines, or 23 closed up to no less than 95 % of the pitch)
    but where a heading went over with its text (one line short) or where the body's last one
    or two lines went over with the signature block (at most two lines short); the signature
    never stands without text, and only single lines go with it when the page before is short."""
    pages = _text_pages(paginated[name])[1:]
    assert pages
    for page in pages:
        assert _closest_step(page) >= 0.95 * PITCH - 0.05, f"{name} p{page.number}: lines closer than 95 %"
    for page, after in zip(pages, pages[1:]):
        empty, following = _empty_at_foot(page), _grid(after)
        if empty == 0:
            continue
        heading_moved = empty == 1 and following[0].x0 > LEFT + 5 and following[0].text[1] in "、）"
        carried = after is pages[-1] and empty <= 2      # the signature block took the body's last lines
        assert heading_moved or carried, f"{name} p{page.number}: {empty} lines empty, next starts {following[0].text!r}"
    last = _grid(pages[-1])
    date = next(i for i, line in enumerate(last) if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line.text))
    body = [line for line in last[:date] if not line.text.startswith(("附件：", "2.", "中共"))]
    assert len(body) >= 1, "the signature block has body text with it"
    if len(pages) > 1 and _empty_at_foot(pages[-2]) > 0:
        assert len(body) <= 3, "only the last line or two (and a heading) moved, not a whole paragraph"


@pytest.mark.parametrize("name", ["sample", "double", "rich"])
def test_colophon_is_on_an_even_page(paginated, name):
    pages = paginated[name].pages
    assert len(pages) % 2 == 0
    last = pages[-1]
    assert any(line.text.endswith("印发") for line in last.lines)
    before = pages[-2]
    number = [line for line in last.footer_lines(FOOTER_FROM) if line.text.strip("— ") == str(len(pages))]
    blank_before = all(line.top >= FOOTER_FROM for line in before.lines)
    if blank_before:     # GB/T 9704 7.5: a blank page and the 版记 page after it carry no number
        assert not number and not before.footer_lines(FOOTER_FROM)
    else:
        assert number, "a 版记 page after a page with text carries its number"


@pytest.mark.parametrize("name", ["sample", "double", "rich"])
def test_no_line_is_a_lone_bracket_or_digit(paginated, name):
    for page in paginated[name].pages:
        lines = _grid(page)
        wrapped = [line for before, line in zip(lines, lines[1:]) if before.x1 > 210 - 26 - 5 and line.x0 < LEFT + 1]
        for line in wrapped:     # a paragraph's continuation lines
            assert not LONE.match(line.text), f"{name} p{page.number}: line {line.text!r}"


def test_phone_number_and_dates_stay_whole(paginated):
    texts = [line.text for page in paginated["sample"].pages for line in page.lines]
    assert any(text.endswith("020-12345678）") or "020-12345678" in text for text in texts)


def test_seal_leaves_the_note_readable(paginated):
    """The 附注 goes below the seal, on the first grid line the seal leaves free (GB/T 9704
    7.3.6: a seal never covers it; the issue: never squeezed beside it), one paragraph whose
    first line is indented two characters and whose other lines start at the margin."""
    built = paginated["rich"]
    page = next(p for p in built.pages if any(l.text.startswith("（联系人") for l in p.lines))
    start = next(i for i, l in enumerate(page.lines) if l.text.startswith("（联系人"))
    note = [l for l in page.lines[start:] if l.size == 16 and l.text and not l.text.startswith("—")]
    with pdfplumber.open(built.pdf) as pdf:
        [image] = pdf.pages[page.number - 1].images
    seal = {k: mm(image[k]) for k in ("top", "bottom", "x0", "x1")}
    assert note[0].top >= seal["bottom"] - 0.5, "the 附注 starts below the seal"
    assert note[0].top - seal["bottom"] < PITCH, "on the first line the seal leaves free"
    assert abs(note[0].x0 - (LEFT + 2 * 156 / 28)) < 1 and all(abs(l.x0 - LEFT) < 1 for l in note[1:])
    for line in note:
        overlaps = line.top < seal["bottom"] and line.bottom > seal["top"] and line.x1 > seal["x0"] and line.x0 < seal["x1"]
        assert not overlaps, f"the seal covers the 附注's line {line.text!r}"


@pytest.mark.parametrize("name", ["sample", "double"])
def test_every_body_page_but_the_last_has_22_lines(paginated, name):
    """The page before the signature block is full: its lines close up (7.3.5) rather than
    leave the signature block alone or the page short."""
    pages = _text_pages(paginated[name])
    for page, after in zip(pages[1:], pages[2:]):
        heading_moved = len(_grid(page)) == 21 and _grid(after)[0].text[1] in "、）"
        assert len(_grid(page)) == 22 or heading_moved, f"{name} p{page.number}: {len(_grid(page))} lines"
    last = _grid(pages[-1])
    assert len(last) <= 22 and last[-1].bottom <= BLOCK_BOTTOM + 0.5


def test_the_doubled_notice_passes_every_clause(paginated):
    report = audit(paginated["double"].docx, paginated["double"].pdf)
    assert [(f.clause, f.measured) for f in report.failed] == []


def test_the_sample_closes_up_its_second_page_evenly_to_hold_the_closing_block(paginated):
    """The sample's page 2 has 17 lines of body and a 6-line closing block (attachment note,
    signature, date, a one-line 附注 right under the date): 23 lines, so the page is closed up
    evenly to 23 rows, no closer than 95 % of the pitch (7.3.5), its last line at the block's
    foot — rather than the last section moved away or the page left short."""
    page = _text_pages(paginated["sample"])[1]
    lines = _grid(page)
    steps = [b.top - a.top for a, b in zip(lines, lines[1:])]
    row = min(steps)                                   # the blank lines of the closing block print nothing
    assert 0.95 * PITCH - 0.05 <= row < PITCH - 0.3, "closed up, no closer than 95 %"
    assert all(abs(step / row - round(step / row)) < 0.05 for step in steps), "every line on the closed-up rows"
    assert round((lines[-1].top - lines[0].top) / row) + 1 == 23
    date = next(i for i, line in enumerate(lines) if line.text == "2021年9月6日")
    assert [line.text for line in lines[date + 1:]] == ["（联系人：省社会组织党委办公室，电话：020-12345678）"]
    assert BLOCK_BOTTOM - PITCH < lines[-1].bottom <= BLOCK_BOTTOM + 0.5
