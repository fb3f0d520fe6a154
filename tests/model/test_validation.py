"""Every validation rule: a broken copy of the sample must name the file, the line and the field."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from partydocs.reuse.errors import DataError, Problem
from partydocs.model.load import Project, load_year

POINT = "data/2021/points/jiangxi-chamber.yaml"
NOTICE = "data/2021/notice.yaml"


def edit(project: Project, relative: str, old: str, new: str) -> int:
    """Replace `old` by `new` in a data file; return the 1-based line where `new` starts."""
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


def problems(project: Project) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        load_year(project, "2021")
    return caught.value.problems


def only(project: Project, file: str, field: str) -> Problem:
    found = [p for p in problems(project) if p.file == file and p.field == field]
    assert len(found) == 1, [str(p) for p in problems(project)]
    return found[0]


def test_sample_is_valid(sample_year):
    assert [p.id for p in sample_year.points] == list(sample_year.notice.units)
    assert sample_year.body[1].level == 1


def test_bad_date_names_file_line_field(sample_copy):
    line = edit(sample_copy, POINT, "founded: 2012-11", "founded: 2012-13")
    problem = only(sample_copy, POINT, "founded")
    assert problem.line == line and "2012-13" in problem.message and "YYYY-MM" in problem.message
    assert str(problem).startswith(f"{POINT}:{line}:")


def test_notice_date_needs_a_day(sample_copy):
    line = edit(sample_copy, NOTICE, "date: 2021-09-06", "date: 2021-09")
    problem = only(sample_copy, NOTICE, "date")
    assert problem.line == line and "YYYY-MM-DD" in problem.message


def test_unknown_key_suggests_the_near_one(sample_copy):
    line = edit(sample_copy, POINT, "activists: 6", "activist: 6")
    problem = only(sample_copy, POINT, "activist")
    assert (problem.line, problem.column) == (line, 1)
    assert "activists" in problem.message


def test_unknown_nested_key_lists_the_known_ones(sample_copy):
    line = edit(sample_copy, POINT, "  kind: 党支部", "  kind: 党支部\n  colour: red")
    problem = only(sample_copy, POINT, "party_org.colour")
    assert problem.line == line + 1 and "short_name" in problem.message


def test_duplicate_key_is_an_error_not_last_one_wins(sample_copy):
    line = edit(sample_copy, POINT, "members: 93", "members: 93\nmembers: 94")
    problem = only(sample_copy, POINT, "members")
    assert problem.line == line + 1 and f"第 {line} 行" in problem.message


def test_missing_required_field(sample_copy):
    line = edit(sample_copy, POINT, "  name: 中共东莞市江西商会支部委员会\n  short_name:", "  short_name:")
    problem = only(sample_copy, POINT, "party_org.name")
    assert problem.line == line and "必填" in problem.message  # the first line of party_org


def test_wrong_type(sample_copy):
    line = edit(sample_copy, POINT, "members: 93", "members: 很多")
    problem = only(sample_copy, POINT, "members")
    assert problem.line == line and "很多" in problem.message


def test_list_item_fields_are_named_with_their_index(sample_copy):
    line = edit(sample_copy, POINT, "  - year: 2019\n    title: 南城", "  - year: 二〇一九\n    title: 南城")
    problem = only(sample_copy, POINT, "honours[2].year")
    assert problem.line == line


def test_party_org_kind_must_be_a_known_kind(sample_copy):
    line = edit(sample_copy, POINT, "kind: 党支部", "kind: 支部")
    problem = only(sample_copy, POINT, "party_org.kind")
    assert problem.line == line and "党总支" in problem.message


def test_id_must_be_safe_as_a_file_name(sample_copy):
    line = edit(sample_copy, POINT, "id: jiangxi-chamber", "id: ../../etc/passwd")
    problem = only(sample_copy, POINT, "id")
    assert problem.line == line and "小写" in problem.message


def test_duplicate_id_across_files(sample_copy):
    line = edit(sample_copy, POINT, "id: jiangxi-chamber", "id: women-entrepreneurs")
    found = [p for p in problems(sample_copy) if p.field == "id"]
    assert len(found) == 1 and found[0].file == POINT and found[0].line == line
    assert "women-entrepreneurs.yaml" in found[0].message


def test_duplicate_id_is_found_even_in_a_file_with_other_problems(sample_copy):
    line = edit(sample_copy, POINT, "id: jiangxi-chamber", "id: women-entrepreneurs")
    edit(sample_copy, POINT, "founded: 2012-11", "founded: 2012-13")
    found = {p.field: p for p in problems(sample_copy) if p.file == POINT}
    assert set(found) == {"id", "founded"} and found["id"].line == line


def test_two_points_for_the_same_organisation(sample_copy):
    edit(sample_copy, POINT, "organisation: 东莞市江西商会", "organisation: 东莞市女企业家商会")
    problem = only(sample_copy, "data/2021/points/women-entrepreneurs.yaml", "organisation")
    assert problem.line == 4 and "重复" in problem.message and POINT in problem.message


def test_notice_lists_a_point_that_does_not_exist(sample_copy):
    line = edit(sample_copy, NOTICE, "  - jiangxi-chamber", "  - jiangxi-chambre")
    problem = only(sample_copy, NOTICE, "units[2]")
    assert problem.line == line and "jiangxi-chambre" in problem.message


def test_stated_count_must_match_the_units(sample_copy):
    line = edit(sample_copy, NOTICE, "等5家党组织", "等6家党组织")
    problem = only(sample_copy, NOTICE, "title")
    assert problem.line == line and "5" in problem.message


def test_missing_photo(sample_copy):
    line = edit(sample_copy, POINT, "photos/jiangxi-chamber-2.png", "photos/jiangxi-chamber-9.png")
    problem = only(sample_copy, POINT, "highlights[2].photo")
    assert problem.line == line and "jiangxi-chamber-9.png" in problem.message


def test_photo_outside_the_data_folder(sample_copy):
    line = edit(sample_copy, POINT, "photos/jiangxi-chamber-2.png", "../../../README.md")
    problem = only(sample_copy, POINT, "highlights[2].photo")
    assert problem.line == line and "不在本年度文件夹内" in problem.message


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_photo_symlink_out_of_the_data_folder(sample_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.png"
    outside.write_bytes(b"\x89PNG")
    (sample_copy.root / "data/2021/photos/link.png").symlink_to(outside)
    line = edit(sample_copy, POINT, "photos/jiangxi-chamber-2.png", "photos/link.png")
    problem = only(sample_copy, POINT, "highlights[2].photo")
    assert problem.line == line and "链接" in problem.message


def test_party_org_cannot_predate_its_organisation(sample_copy):
    line = edit(sample_copy, POINT, "  founded: 2013-07", "  founded: 2011-07")
    problem = only(sample_copy, POINT, "party_org.founded")
    assert problem.line == line and "早于" in problem.message


def test_honour_before_founding_is_implausible(sample_copy):
    line = edit(sample_copy, POINT, "  - year: 2019\n    title: 东莞市五星级", "  - year: 1999\n    title: 东莞市五星级")
    problem = only(sample_copy, POINT, "honours[1].year")
    assert problem.line == line


def test_document_number_year_must_match_the_date(sample_copy):
    line = edit(sample_copy, NOTICE, "  year: 2021", "  year: 2020")
    problem = only(sample_copy, NOTICE, "number.year")
    assert problem.line == line


def test_control_characters_are_named(sample_copy):
    line = edit(sample_copy, POINT, "organisation: 东莞市江西商会", 'organisation: "东莞市江西\\x07商会"')
    problem = only(sample_copy, POINT, "organisation")
    assert problem.line == line and "U+0007" in problem.message


def test_tab_indentation(sample_copy):
    line = edit(sample_copy, POINT, "  city: 东莞市", "\tcity: 东莞市")
    found = [p for p in problems(sample_copy) if p.file == POINT]
    assert found[0].line == line and "Tab" in found[0].message


def test_unclosed_quote(sample_copy):
    line = edit(sample_copy, POINT, "members_note: 含流动党员", 'members_note: "含流动党员')
    found = [p for p in problems(sample_copy) if p.file == POINT]
    assert len(found) == 1 and found[0].line >= line and "引号" in found[0].message


def test_bad_indentation(sample_copy):
    line = edit(sample_copy, POINT, "  city: 东莞市\n  district: 南城街道", "  city: 东莞市\n    district: 南城街道")
    found = [p for p in problems(sample_copy) if p.file == POINT]
    assert len(found) == 1 and found[0].line == line + 1 and "缩进" in found[0].message


def test_object_constructing_tags_are_refused(sample_copy, tmp_path):
    marker = tmp_path / "pwned"
    line = edit(sample_copy, POINT, "members_note: 含流动党员", f'members_note: !!python/object/apply:os.system ["touch {marker}"]')
    problem = only(sample_copy, POINT, "members_note")
    assert problem.line == line and "!!python/object/apply" in problem.message
    assert not marker.exists()


def test_alias_bomb_is_rejected_fast(sample_copy):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    (sample_copy.root / POINT).write_text(bomb, encoding="utf-8")
    started = time.perf_counter()
    found = [p for p in problems(sample_copy) if p.file == POINT]
    assert time.perf_counter() - started < 5  # a bound on a runaway, not a performance figure
    assert len(found) == 1 and "别名" in found[0].message


def test_empty_file(sample_copy):
    (sample_copy.root / POINT).write_text("", encoding="utf-8")
    found = [p for p in problems(sample_copy) if p.file == POINT]
    assert len(found) == 1 and "空" in found[0].message


def test_utf8_bom_is_accepted(sample_copy):
    path = sample_copy.root / POINT
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_year(sample_copy, "2021").point("jiangxi-chamber").organisation == "东莞市江西商会"


def test_gbk_file_is_detected_and_named(sample_copy):
    path = sample_copy.root / POINT
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    found = [p for p in problems(sample_copy) if p.file == POINT]
    assert len(found) == 1 and "GBK" in found[0].message and "UTF-8" in found[0].message


def test_every_problem_of_a_run_is_reported_at_once(sample_copy):
    edit(sample_copy, POINT, "founded: 2012-11", "founded: 2012-13")
    edit(sample_copy, "data/2021/points/women-entrepreneurs.yaml", "members: 40", "members: 40\nmembers: 41")
    edit(sample_copy, NOTICE, "  - jiangxi-chamber", "  - nowhere")
    edit(sample_copy, "data/2021/brochure.yaml", "title: 社会组织", "titel: 社会组织")
    fields = {(p.file, p.field) for p in problems(sample_copy)}
    assert {(POINT, "founded"), ("data/2021/points/women-entrepreneurs.yaml", "members"), ("data/2021/brochure.yaml", "titel")} <= fields


def test_notice_references_are_checked_when_points_parse(sample_copy):
    edit(sample_copy, NOTICE, "  - jiangxi-chamber", "  - nowhere")
    problem = only(sample_copy, NOTICE, "units[2]")
    assert "nowhere" in problem.message


def test_file_path_is_relative_and_forward_slashed(sample_copy):
    edit(sample_copy, POINT, "members: 93", "members: -1")
    problem = only(sample_copy, POINT, "members")
    assert not Path(problem.file).is_absolute() and "\\" not in problem.file


def huge_png(path: Path, width: int, height: int) -> None:
    """A valid 1-bit PNG of the given size, written without holding its pixels in memory."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def test_huge_image_is_refused_before_decoding(sample_copy):
    huge_png(sample_copy.root / "data/2021/photos/jiangxi-chamber-2.png", 20_000, 20_000)
    line = edit(sample_copy, POINT, "photos/jiangxi-chamber-2.png", "photos/jiangxi-chamber-2.png")
    problem = only(sample_copy, POINT, "highlights[2].photo")
    assert problem.line == line and "像素" in problem.message


def test_corrupt_image_is_named(sample_copy):
    photo = sample_copy.root / "data/2021/photos/jiangxi-chamber-2.png"
    photo.write_bytes(photo.read_bytes()[:200])
    problem = only(sample_copy, POINT, "highlights[2].photo")
    assert "损坏" in problem.message


def test_text_file_named_png_is_not_an_image(sample_copy):
    (sample_copy.root / "data/2021/photos/jiangxi-chamber-2.png").write_text("not a picture", encoding="utf-8")
    problem = only(sample_copy, POINT, "highlights[2].photo")
    assert "图片" in problem.message


def test_very_long_name_is_refused_with_its_length(sample_copy):
    line = edit(sample_copy, POINT, "organisation: 东莞市江西商会", "organisation: " + "长" * 10_000)
    problem = only(sample_copy, POINT, "organisation")
    assert problem.line == line and "10000" in problem.message
