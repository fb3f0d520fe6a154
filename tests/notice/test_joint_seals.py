"""A joint notice sealed by each of its two issuers, rendered by LibreOffice: the names side
by side, each seal centred over its own name (the last over name and date), the seals apart
and inside the text block, the first row within a line of the text above, the 附注 clear."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageDraw

from partydocs.checker import audit
from partydocs.checker.measure import mm
from generators.notice import build_notice
from partydocs.model.load import Project, load_year
from partydocs.reuse.errors import DataError
from tests.notice.conftest import Built

ROOT = Path(__file__).resolve().parents[2]
LEFT, BLOCK_RIGHT = 28, 210 - 26
PITCH_MM = 225 / 22
ISSUERS = ("中共广东省社会组织委员会", "广东省民政厅")
DATE = "2021年9月6日"


def _round_seal(path: Path, red: tuple[int, int, int]) -> None:
    """A stand-in for an office's seal image: a red ring on transparency."""
    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((6, 6, 294, 294), outline=(*red, 255), width=14)
    image.save(path)


def joint_project(root: Path, **changes) -> Project:
    """The sample, issued jointly by two issuers, each with its own seal image."""
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "templates", root / "templates")
    year_dir = root / "data" / "2021"
    _round_seal(year_dir / "seal-party.png", (230, 0, 0))
    _round_seal(year_dir / "seal-civil.png", (200, 20, 20))
    notice = yaml.safe_load((year_dir / "notice.yaml").read_text(encoding="utf-8"))
    notice.pop("signature")
    notice["issuers"] = [{"name": ISSUERS[0], "seal": "seal-party.png"}, {"name": ISSUERS[1], "seal": "seal-civil.png"}]
    notice.update(changes)
    (year_dir / "notice.yaml").write_text(yaml.safe_dump(notice, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Project(root)


@pytest.fixture(scope="module")
def joint(tmp_path_factory) -> Built:
    return Built("joint", joint_project(tmp_path_factory.mktemp("joint")), tmp_path_factory.mktemp("joint-out"))


@pytest.fixture(scope="module")
def signed(joint):
    """The signature page: its lines, the names, the date and the two seal boxes (mm), left first."""
    page = next(p for p in joint.pages if any(line.compact == DATE for line in p.lines))
    names = [next(line for line in page.lines if line.compact == name) for name in ISSUERS]
    date = next(line for line in page.lines if line.compact == DATE)
    seals = sorted(({k: mm(image[k]) for k in ("x0", "x1", "top", "bottom")} for image in page.images),
                   key=lambda box: box["x0"])
    return page, names, date, seals


def test_names_side_by_side_each_under_its_own_seal(signed):
    _, names, date, seals = signed
    assert len(seals) == 2, "one seal image per issuer"
    assert abs(names[0].top - names[1].top) < 0.5 and names[0].x1 < names[1].x0, "names side by side in issuing order"
    for name, seal in zip(names, seals):
        assert abs((seal["x0"] + seal["x1"]) / 2 - name.centre) <= 1, f"the seal is centred over {name.compact}"
        assert seal["top"] < name.top and name.bottom < seal["bottom"], f"the seal presses on {name.compact}"
    last = seals[-1]
    assert last["top"] < names[-1].top and date.bottom < last["bottom"], "the last seal covers its name and the date"
    assert abs(names[-1].centre - date.centre) <= 1, "the last name centred over the date"
    assert abs(date.x1 - (BLOCK_RIGHT - 4 * 156 / 28)) <= 1, "date four characters in from the right"


def test_seals_apart_and_inside_the_text_block(signed):
    _, _, _, (first, second) = signed
    assert first["x1"] < second["x0"], "the seals never touch"
    for seal in (first, second):
        assert LEFT - 0.2 <= seal["x0"] and seal["x1"] <= BLOCK_RIGHT + 0.2, "the seals inside the text block"


def test_first_row_within_one_line_of_the_body(signed):
    page, names, _, seals = signed
    above = max((line for line in page.lines if line.bottom < min(s["top"] for s in seals)), key=lambda l: l.bottom)
    assert above.compact.startswith("附件："), "the attachment note is the text just above the seals"
    line_bottom = above.middle + PITCH_MM / 2
    for seal in seals:
        assert 0 < seal["top"] - line_bottom <= PITCH_MM, "the seals' top within one line of the text above"


def test_nothing_but_names_and_date_under_a_seal(signed):
    page, _, _, seals = signed
    under = {line.compact for line in page.lines for seal in seals
             if line.top < seal["bottom"] and line.bottom > seal["top"] and line.x1 > seal["x0"] and line.x0 < seal["x1"]}
    assert under == {*ISSUERS, DATE}
    assert any(line.compact.startswith("（联系人") for line in page.lines), "the 附注 is on the page, clear of the seals"


def test_the_docx_names_each_issuer_seal_image(joint):
    """Each seal is the issuer's own image, floating in front of the text, 42 mm wide."""
    from docx import Document

    document = Document(str(joint.docx))
    blobs = [part.blob for rel in document.part.rels.values() if "image" in rel.reltype for part in [rel.target_part]]
    files = [(joint.year.root / name).read_bytes() for name in ("seal-party.png", "seal-civil.png")]
    assert sorted(blobs) == sorted(files)


def _problems(project: Project) -> list:
    with pytest.raises(DataError) as caught:
        load_year(project, "2021")
    return caught.value.problems


def _line_of(project: Project, text: str) -> int:
    content = (project.data_dir / "2021" / "notice.yaml").read_text(encoding="utf-8")
    return content[:content.index(text)].count("\n") + 1


def test_a_seal_in_both_places_is_refused_at_its_line(tmp_path):
    project = joint_project(tmp_path, seal="seal-party.png")
    [problem] = [p for p in _problems(project) if p.field == "seal"]
    assert problem.line == _line_of(project, "\nseal: seal-party.png") + 1 and "两处" in problem.message


def test_one_seal_over_two_names_is_refused(tmp_path):
    project = joint_project(tmp_path, issuers=[{"name": ISSUERS[0]}, {"name": ISSUERS[1]}], seal="seal-party.png")
    [problem] = [p for p in _problems(project) if p.field == "seal"]
    assert "各盖各的印章" in problem.message and "issuers" in problem.message


def test_a_joint_issue_sealed_by_one_issuer_only_names_the_other(tmp_path):
    project = joint_project(tmp_path, issuers=[{"name": ISSUERS[0], "seal": "seal-party.png"}, {"name": ISSUERS[1]}])
    [problem] = _problems(project)
    assert problem.field.startswith("issuers") and ISSUERS[1] in problem.message


def test_a_missing_issuer_seal_image_is_named_at_its_line(tmp_path):
    project = joint_project(tmp_path)
    (project.data_dir / "2021" / "seal-civil.png").unlink()
    [problem] = _problems(project)
    assert problem.line == _line_of(project, "seal: seal-civil.png") and "seal-civil.png" in problem.message


def test_an_issuer_seal_changes_the_build(tmp_path):
    """Same inputs, same bytes; another seal image, another document."""
    project = joint_project(tmp_path)
    first = build_notice(load_year(project, "2021"), project.templates_dir)
    assert build_notice(load_year(project, "2021"), project.templates_dir) == first
    _round_seal(project.data_dir / "2021" / "seal-civil.png", (180, 0, 40))
    assert build_notice(load_year(project, "2021"), project.templates_dir) != first


def test_the_joint_notice_fills_every_page_before_the_signature_s(joint):
    """The attachment note, the two sealed signatures, the date and the 附注 take 8 lines under
    the body's last line: they cannot stay on page 2, and the body left page 2 five lines short
    under them. Pages 1 and 2 open up (no looser than 110 % of the pitch), so that a line of
    page 1 goes over and page 2's lines reach further down: no page but the last ends more than
    two lines short, with no excuse; no 孤字; the 附注 whole, under the seals; `check` passes."""
    from partydocs.checker.audit import measured as measured_layout
    from partydocs.checker.clauses.typesetting import empty_lines_at_foot, nominal_pitch, to_be_full, widest_pitch
    from tests.notice.matrix import measure

    found = measure(joint.docx, joint.pdf)
    assert (found.holes, found.excepted, found.orphans, found.split_notes, found.tight) == ([], [], [], [], [])
    layout = measured_layout(joint.docx, joint.pdf).layout
    signed = layout.date.page
    assert to_be_full(layout) == list(range(1, signed))
    assert all(empty_lines_at_foot(layout, layout.pages[n - 1]) <= 2 for n in range(1, signed)), "every page before full"
    pitch = nominal_pitch(layout)
    assert 1.0 < widest_pitch(layout, layout.pages[signed - 2]) / pitch <= 1.10 + 0.005, "page 2 opened up, within 110 %"
    assert abs(widest_pitch(layout, layout.pages[signed - 1]) - pitch) < 0.3, "the signature's page stays on the grid"
    seals_bottom = max(mm(image["bottom"]) for image in layout.pages[signed - 1].images)
    assert layout.remark and all(p.page == signed and p.line.top > seals_bottom for p in layout.remark), "附注 below the seals"

    report = audit(joint.docx, joint.pdf)
    assert [(f.clause, f.measured) for f in report.failed] == []
    [grid] = [f for f in report.findings if (f.clause, f.title) == ("5.2.3", "行数和字数")]
    assert "放不进" not in grid.measured and "最大行距" in grid.measured


def test_check_names_the_short_page_when_the_pages_before_are_not_opened_up(tmp_path, monkeypatch):
    """The same notice with no opening up allowed (the layout before it was a remedy): page 2
    ends five lines short, and `check` no longer excuses it, since opening up would have filled it."""
    import generators.notice.flow as flow

    monkeypatch.setattr(flow, "LOOSEST_PITCH", 1.0)
    built = Built("closed", joint_project(tmp_path / "project"), tmp_path)
    report = audit(built.docx, built.pdf)
    [grid] = [f for f in report.failed if (f.clause, f.title) == ("5.2.3", "行数和字数")]
    assert grid.page == 2 and grid.measured.startswith("第 2 页页末空了 5 行")
