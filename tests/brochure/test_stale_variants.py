"""No copy in output/ silently goes stale: after `build --print --archive`, a plain build keeps
the print and archive variants current with their sources, `list` says each one's state, and a
variant the style can no longer make is removed with a message saying why."""
from __future__ import annotations

import hashlib

import pytest

from ..command import make_docs
from ..conftest import copy_built_sample

POINT = "jiangxi-chamber"
EDITED = "东莞市江西商会（2021年换届）成立于2012年11月"
COPIES = [f"2021/{folder}brochures/{POINT}.pdf" for folder in ("", "print/", "archive/")]
COLLECTIONS = [f"2021/{folder}brochure.pdf" for folder in ("", "print/", "archive/")]
UNTOUCHED = [f"2021/{folder}brochures/dazhong-social-work.pdf" for folder in ("", "print/", "archive/")]


def digests(project, outputs: list[str]) -> dict[str, str]:
    return {name: hashlib.sha256((project.output_dir / name).read_bytes()).hexdigest() for name in outputs}


def edit_point(project) -> None:
    path = project.root / f"data/2021/points/{POINT}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "东莞市江西商会成立于2012年11月" in text
    path.write_text(text.replace("东莞市江西商会成立于2012年11月", EDITED, 1), encoding="utf-8")


def text_of(project, output: str) -> str:
    import pdfplumber

    with pdfplumber.open(project.output_dir / output) as pdf:
        return "".join("".join((page.extract_text() or "").split()) for page in pdf.pages)


@pytest.fixture(scope="module")
def with_variants(tmp_path_factory):
    project = copy_built_sample(tmp_path_factory.mktemp("stale") / "project")
    result = make_docs("--root", str(project.root), "build", "--print", "--archive", "-j", "1")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def edited(with_variants, tmp_path):
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(with_variants.root, root, symlinks=True)
    project = type(with_variants)(root)
    before = digests(project, COPIES + COLLECTIONS + UNTOUCHED)
    edit_point(project)
    return project, before


def test_a_plain_build_after_an_edit_changes_every_copy_of_the_profile_and_the_collection(edited):
    project, before = edited
    result = make_docs("--root", str(project.root), "build", "-j", "1")
    assert result.returncode == 0, result.stderr
    after = digests(project, COPIES + COLLECTIONS + UNTOUCHED)
    for output in COPIES + COLLECTIONS:
        assert after[output] != before[output], output
        assert "".join(EDITED.split()) in text_of(project, output), output
    assert all(after[output] == before[output] for output in UNTOUCHED)     # and only what the edit changes
    for output in COPIES + COLLECTIONS:
        assert f"生成 {output}" in result.stdout


def test_list_says_which_copies_are_stale_until_the_next_build(edited):
    project, _ = edited
    listed = make_docs("--root", str(project.root), "list").stdout
    lines = {line.split()[1]: line for line in listed.splitlines() if line.strip().startswith("输出")}
    for output in COPIES + COLLECTIONS:
        line = lines[f"output/{output}"]
        assert "已过期" in line and f"data/2021/points/{POINT}.yaml" in line, line
    assert "印刷版 已过期" in lines[f"output/{COPIES[1]}"] and "存档版 已过期" in lines[f"output/{COPIES[2]}"]
    assert lines[f"output/{UNTOUCHED[1]}"].endswith("印刷版 最新")
    make_docs("--root", str(project.root), "build", "-j", "1")
    listed = make_docs("--root", str(project.root), "list").stdout
    assert "已过期" not in listed and listed.count("印刷版 最新") == 6 and listed.count("存档版 最新") == 6


def test_a_variant_the_style_can_no_longer_make_is_removed_with_the_reason(edited):
    project, _ = edited
    style = project.templates_dir / "styles/brochure.yaml"
    lines = style.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("print_profile:"))
    end = next(i for i, line in enumerate(lines) if line.strip().startswith("single_ink_text_pt:"))
    style.write_text("".join(lines[:start] + lines[end + 1:]), encoding="utf-8")
    result = make_docs("--root", str(project.root), "build", "-j", "1")
    assert result.returncode == 0, result.stderr
    assert "印刷版（print/）将被删除" in result.stderr and "print_profile" in result.stderr
    assert not list((project.output_dir / "2021/print").rglob("*.pdf"))
    assert f"删除 {COPIES[1]}（样式文件已不能生成这一版本）" in result.stdout
    assert "".join(EDITED.split()) in text_of(project, COPIES[2])          # the archive is still kept current


def test_watch_keeps_the_variants_it_finds_current(with_variants):
    """--watch builds with the configuration a plain build makes: the variants found in output/."""
    from partydocs.cli import _build_config, parser

    args = parser().parse_args(["--root", str(with_variants.root), "build", "--watch"])
    config = _build_config(with_variants, args)
    assert config.variants == ("print", "archive") and not config.retired


def creation_date(project, output: str) -> str:
    import pikepdf

    with pikepdf.open(project.output_dir / output) as pdf:
        with pdf.open_metadata() as meta:
            return meta["xmp:CreateDate"]


def set_line(path, start: str, line: str | None) -> None:
    """The line of `path` that starts with `start` replaced by `line` (None: removed)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, text in enumerate(lines) if text.startswith(start))
    lines[index:index + 1] = [line + "\n"] if line is not None else []
    path.write_text("".join(lines), encoding="utf-8")


def test_the_print_and_archive_copies_follow_the_notice_date_a_brochure_without_its_own_carries(with_variants, tmp_path):
    """A brochure.yaml without `date` dates its print and archive copies (XMP, Info) with the
    notice's 成文日期: changing that date alone makes them again, and leaves the screen copies."""
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(with_variants.root, root, symlinks=True)
    project = type(with_variants)(root)
    set_line(project.root / "data/2021/brochure.yaml", "date:", None)
    assert make_docs("--root", str(root), "build", "-j", "1").returncode == 0
    dated = [output for output in COPIES + COLLECTIONS + UNTOUCHED if "/print/" in output or "/archive/" in output]
    screen = [output for output in COPIES + COLLECTIONS + UNTOUCHED if output not in dated]
    before = digests(project, dated + screen)
    assert all(creation_date(project, output).startswith("2021-09-06") for output in dated), [creation_date(project, o) for o in dated]
    set_line(project.root / "data/2021/notice.yaml", "date:", "date: 2021-09-03")
    result = make_docs("--root", str(root), "build", "-j", "1")
    assert result.returncode == 0, result.stderr
    after = digests(project, dated + screen)
    for output in dated:
        assert after[output] != before[output], output
        assert creation_date(project, output).startswith("2021-09-03"), output
    assert all(after[output] == before[output] for output in screen)
