"""What a newcomer meets on the command line: each command's --help says what it does (and
`check` offers only what it uses), `list` lines up Chinese names, `check` writes plain lines
into a pipe and a file, the font hint is said once, and an emptied year leaves no folder."""
from __future__ import annotations

import io
import shutil
import unicodedata
from pathlib import Path

import pytest

from partydocs.checker.cli import run as check_run
from partydocs.cli import display_width
from partydocs.reuse import libreoffice
from partydocs.reuse.libreoffice import installed_families
from tests.command import make_docs
from tests.conftest import build_project, copy_sample

ROOT = Path(__file__).resolve().parents[2]
BOX = set("┏┓┗┛┃━│─┼├┤┬┴╇╈┡┩")
COMMANDS = ("build", "validate", "list", "clean", "blank-sheet", "rename", "schema", "check")


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_says_what_it_does_in_its_help(name):
    top = make_docs("--help").stdout
    result = make_docs(name, "--help")
    assert result.returncode == 0
    said = next(line for line in top.splitlines()[top.splitlines().index("positional arguments:"):]
                if line.strip().startswith(name)).split(name, 1)[1].strip() or None
    first_line = result.stdout.split("\n\n")[1].strip()
    assert any(unicodedata.east_asian_width(char) == "W" for char in first_line), result.stdout
    if said:
        assert first_line.startswith(said[:10])


def test_check_help_offers_no_year_and_no_project_folder():
    said = make_docs("check", "--help").stdout
    assert "--year" not in said and "--root" not in said and "--json" in said


def test_list_aligns_chinese_names_by_their_display_width(tmp_path):
    project = copy_sample(tmp_path)
    result = make_docs("--root", str(project.root), "list")
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("  ") and not line.startswith("  输出")]
    assert any("公文 会议通知" in row for row in rows) and any("jiangxi-chamber" in row for row in rows)
    second = {display_width(row[:_second_column(row)]) for row in rows}
    assert len(second) == 1, (second, rows)              # every second column starts at one screen column


def _second_column(row: str) -> int:
    """Where the text after the padded first column starts: after the run of two or more spaces."""
    at = row.index("  ", 2)
    while row[at] == " ":
        at += 1
    return at


def test_display_width_counts_a_chinese_character_as_two():
    assert display_width("公文 notice") == 11 and display_width("会议通知") == 8 and display_width("（）") == 4


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice renders the notice for the audit")
def test_check_into_a_pipe_is_plain_lines_with_nothing_cut_short(tmp_path):
    project = copy_sample(tmp_path)
    report = build_project(project, jobs=1, only="notice")
    assert report.exit_code == 0
    out = io.StringIO()                      # not a terminal: what `check … | more` and `> report.txt` get
    check_run([project.output_dir / "2021/会议通知.docx"], as_json=False, out=out)
    text = out.getvalue()
    assert not BOX & set(text), "no box characters: Notepad and a pipe show plain lines"
    assert "5.2.2 字体：署名、日期、附件说明和附注：" in text           # the title whole, never elided
    assert all(len(line) < 200 for line in text.splitlines())
    note = next(line for line in text.splitlines() if line.startswith("7.3.6 附注"))
    assert note.endswith("：符合") or note.endswith("：不符合") or note.endswith("：不适用")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the PDFs")
def test_the_font_hint_is_said_once_for_a_build_on_two_workers(tmp_path, monkeypatch):
    monkeypatch.setattr(libreoffice, "_reported", set())     # the command runs in this process: as a fresh one
    project = copy_sample(tmp_path)
    result = make_docs("--root", str(project.root), "build", "--only", "notice", "--pdf", "-j", "2")
    assert result.returncode == 0, result.stderr
    if "仿宋_GB2312" in installed_families():
        pytest.skip("the official fonts are installed: nothing is substituted")
    assert result.stderr.count("本机没有公文字体") == 1, result.stderr
    assert result.stderr.count("提醒：本机没有公文字体") == 1


def test_an_emptied_year_leaves_no_folder_in_output(tmp_path):
    project = copy_sample(tmp_path)
    old = project.data_dir / "2020/documents"
    old.mkdir(parents=True)
    shutil.copy(project.data_dir / "2021/documents/会议通知.yaml", old / "会议通知.yaml")
    text = (old / "会议通知.yaml").read_text(encoding="utf-8").replace("year: 2021", "year: 2020").replace("2021-09-28", "2020-09-28")
    (old / "会议通知.yaml").write_text(text, encoding="utf-8")
    assert build_project(project, jobs=1, only="notice").exit_code == 0
    assert (project.output_dir / "2020/会议通知.docx").is_file()
    shutil.rmtree(project.data_dir / "2020")
    report = build_project(project, jobs=1)
    assert report.exit_code == 0 and report.count("removed") == 1
    assert not (project.output_dir / "2020").exists()
    assert (project.output_dir / "2021/notice.docx").is_file()
