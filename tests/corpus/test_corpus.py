"""The bad-input corpus: each case in cases/ breaks a copy of the sample one way.

Every case runs twice — through the loader, and through `make_docs.py build` on a copy of the
sample whose outputs were built before — and must give: the expected exit code, exactly the
expected messages in the documented `file:line:col: field: message` form, no traceback,
nothing executed, and output/ untouched for the documents that failed.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from partydocs.reuse.errors import DataError
from generators.builders import builders
from partydocs.engine.config import BuildConfig
from partydocs.engine.validate import validate
from partydocs.model.load import Project, load_year

from ..command import make_docs
from ..conftest import copy_built_sample
from ..outputs import tree_hashes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CASES = sorted((HERE / "cases").glob("*.yaml"))
MESSAGE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<column>\d+): (?:(?P<field>[^\s:]+): )?(?P<text>.+)$")
NAMED = re.compile(r"^(?P<file>(?:data|templates)/[^\s:]+): (?P<text>.+)$")  # a whole file: a pipe, a link
SHEET_CELL = re.compile(r"^(?P<file>data/[^\s:]+\.(?:xlsx|xls|ods|csv)):(?P<cell>(?:[^\s:!]+!)?[A-Z]+\d+): "
                        r"(?:(?P<field>[^\s:]+): )?(?P<text>.+)$")      # a sheet's cell: 名单.xlsx:Sheet1!C3
CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z]+(?:Error|Exception)\b")      # PasswordError, XmlError: not for a clerk


def load_case(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


COMMAND_LINE_ONLY = ("cache_entry", "args")   # what only a built copy and the command have


def apply(case: dict, root: Path) -> None:
    target = root / case["file"]
    times = target.stat() if case.get("keep_time") else None
    for folder in case.get("mkdir", []):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name in case.get("remove", []):
        shutil.rmtree(root / name, ignore_errors=True)
    if "jpeg" in case:                       # the PNG named, saved as the case's JPEG
        from PIL import Image

        with Image.open(root / case["jpeg"]) as image:
            image.convert("RGB").save(target, "JPEG", quality=90)
    if "write_other" in case:
        other, content = case["write_other"]
        (root / other).parent.mkdir(parents=True, exist_ok=True)
        (root / other).write_text(content, encoding="utf-8")
    if "source" in case:                     # the file made from another one (a font, a photo)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(case["source"]) if Path(case["source"]).is_absolute() else root / case["source"], target)
    if "write" in case:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(case["write"], encoding="utf-8")
    for old, new in _pairs(case.get("replace")):
        _replace(target, old, new)
    if "replace_in" in case:
        other, old, new = case["replace_in"]
        _replace(root / other, old, new)
    if "replace_long" in case:
        old, prefix, unit, count = case["replace_long"]
        target.write_text(target.read_text(encoding="utf-8").replace(old, prefix + unit * count, 1), encoding="utf-8")
    if case.get("bom"):
        target.write_bytes(b"\xef\xbb\xbf" + target.read_bytes())
    if "encoding" in case:
        target.write_bytes(target.read_text(encoding="utf-8").encode(case["encoding"]))
    if "truncate" in case:
        target.write_bytes(target.read_bytes()[: case["truncate"]])
    if "workbook" in case:                   # a hostile or broken workbook (tests/corpus/workbooks.py)
        from .workbooks import recipe

        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(recipe(*case["workbook"]))
    if "huge_png" in case:
        from tests.model.test_validation import huge_png

        huge_png(target, *case["huge_png"])
    if "symlink" in case:
        link, destination = case["symlink"]
        (root / link).unlink(missing_ok=True)
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(destination)
    if "fifo" in case:
        (root / case["fifo"]).unlink(missing_ok=True)
        os.mkfifo(root / case["fifo"])
    for name, source in (case.get("copy") or {}).items():
        shutil.copyfile(root / source, root / name)
    if "damage" in case:                     # bytes overwritten in the middle, size kept
        start, length = case["damage"]
        data = bytearray(target.read_bytes())
        data[start:start + length] = bytes((index * 73 + 41) % 256 for index in range(length))
        target.write_bytes(bytes(data))
    if "cache_entry" in case:                # an entry of output/.cache replaced by these bytes
        pattern, content = case["cache_entry"]
        entries = sorted((root / "output" / ".cache").glob(pattern))
        assert entries, f"no cache entry {pattern}"
        for entry in entries:
            entry.write_bytes(content.encode("utf-8"))
    if times:
        os.utime(target, ns=(times.st_atime_ns, times.st_mtime_ns))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"case does not fit the sample: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _pairs(replace) -> list[tuple[str, str]]:
    if not replace:
        return []
    return [tuple(replace)] if isinstance(replace[0], str) else [tuple(pair) for pair in replace]


def expected(case: dict) -> list[dict]:
    default_file = case["file"] if case["file"].endswith((".yaml", ".j2")) else None
    return [{"file": m.get("file", default_file), **m} for m in case["expect"]["messages"]]


def matches(found: dict, wanted: dict) -> bool:
    return (found["file"] == wanted["file"] and (found["field"] or "") == wanted["field"]
            and str(wanted["says"]) in found["text"] and (found["line"] > 0 or wanted.get("line") == 0 or found.get("cell"))
            and ("line" not in wanted or found["line"] == wanted["line"])
            and wanted.get("cell", "") == found.get("cell", ""))


def _found(problem) -> dict:
    """A problem as the messages are parsed: a sheet's cell split from its file."""
    file, cell = problem.file, ""
    match = SHEET_CELL.match(f"{problem.file}: x")
    if match:
        file, cell = match["file"], match["cell"]
    return {"file": file, "cell": cell, "line": problem.line, "field": problem.field, "text": problem.message}


def assert_messages(found: list[dict], case: dict) -> None:
    wanted = expected(case)
    assert len(found) == len(wanted), f"{case['about']}: {found}"
    for item in wanted:
        assert any(matches(f, item) for f in found), f"{case['about']}: no message like {item} in {found}"


@pytest.fixture
def case_copy(tmp_path) -> Path:
    """A copy of the built sample: every case starts from good outputs."""
    return copy_built_sample(tmp_path / "project").root


def run_build(root: Path, file_size_limit: int | None = None, args: list[str] = ()) -> subprocess.CompletedProcess:
    command = ["--root", str(root), "build", "-j", "1", *args]
    if not file_size_limit:
        return make_docs(*command, cwd=root)

    def limit() -> None:  # a full disk, as the build sees it: writes fail with an OSError (a process's own limit)
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run([sys.executable, str(ROOT / "make_docs.py"), *command], capture_output=True, text=True,
                          encoding="utf-8", timeout=900, cwd=root, preexec_fn=limit)


def load_and_plan(project: Project) -> None:
    """What a build does before it writes anything: the validation phase, then the plan."""
    for year in validate(BuildConfig(project), builders()):
        for builder in builders():
            builder.targets(year, project)


@pytest.mark.parametrize("case_path", CASES, ids=[p.stem for p in CASES])
def test_through_the_loader(case_path, sample_copy):
    case = load_case(case_path)
    if case["file"].startswith("output/") or any(key in case for key in COMMAND_LINE_ONLY):
        pytest.skip("a case of the built copy's output/ or of a command-line option")
    apply(case, sample_copy.root)
    if case["expect"]["exit"] != 2:  # good data; what fails comes later, in a generator or writer
        load_year(sample_copy, "2021")
        return
    with pytest.raises(DataError) as caught:
        load_and_plan(Project(sample_copy.root))
    found = [_found(p) for p in caught.value.problems]
    assert_messages(found, case)


@pytest.mark.parametrize("case_path", CASES, ids=[p.stem for p in CASES])
def test_through_the_command_line(case_path, case_copy):
    case = load_case(case_path)
    before = tree_hashes(case_copy / "output")
    apply(case, case_copy)
    if "block_output" in case:
        blocked = case_copy / "output" / case["block_output"]
        shutil.rmtree(blocked)
        blocked.write_text("in the way", encoding="utf-8")
        before = tree_hashes(case_copy / "output")
    inputs, around = snapshot(case_copy, skip="output"), snapshot(case_copy.parent, skip=case_copy.name)
    result = run_build(case_copy, case.get("file_size_limit"), case.get("args", []))
    assert result.returncode == case["expect"]["exit"], result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "程序内部错误" not in result.stdout + result.stderr
    assert case["expect"].get("says", "") in result.stderr
    assert not CLASS_NAME.search(result.stderr), f"a class name in a message for a clerk: {result.stderr}"
    assert str(case_copy) not in result.stderr, "a message names a file by its absolute path"
    for text in case["expect"].get("not_says", []):
        assert text not in result.stderr
    found = [_parsed(m) for m in result.stderr.splitlines() if MESSAGE.match(m) or NAMED.match(m) or SHEET_CELL.match(m)]
    assert_messages(found, case)
    assert snapshot(case_copy, skip="output") == inputs, "the build wrote outside output/"
    assert snapshot(case_copy.parent, skip=case_copy.name) == around, "the build wrote outside the project"
    assert not list((case_copy / "output").rglob(".*.part")), "a .part file survived"
    after = tree_hashes(case_copy / "output")
    if case["expect"]["exit"] == 2 or case["expect"].get("restored"):
        assert after == before, "a build that stopped on bad data changed output/, or did not repair it"
    for output in case["expect"].get("unchanged", []):
        assert after[output] == before[output], f"{output} changed although its build failed"
    for output, texts in case["expect"].get("literal", {}).items():
        shown = output_text(case_copy / "output" / output)
        for text in texts:
            assert text in shown, f"{text!r} is not printed literally in {output}"
    for name in case["expect"].get("absent", []):
        assert not list(case_copy.rglob(name)), f"{name} was created: something ran"
    for output in case["expect"].get("no_fields", []):
        assert not live_fields(case_copy / "output" / output), f"{output} holds a field: a formula became live"


def live_fields(path: Path) -> list[str]:
    """The field codes and hyperlinks in a DOCX's body (a formula copied as a field would be one)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    return re.findall(r"<w:(?:fldSimple|instrText|hyperlink)\b", body)


def output_text(path: Path) -> str:
    """The text a reader's software shows: python-docx for DOCX, pdfplumber for PDF."""
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join(t.replace("\n", "") for t in [p.text for p in document.paragraphs] + cells)   # computed line breaks
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join((page.extract_text() or "") for page in pdf.pages).replace("\n", "")


def _parsed(line: str) -> dict:
    match = MESSAGE.match(line)
    if match is None and SHEET_CELL.match(line):
        match = SHEET_CELL.match(line)
        return {"file": match["file"], "cell": match["cell"], "line": 0, "field": match["field"] or "", "text": match["text"]}
    if match is None:
        match = NAMED.match(line)
        return {"file": match["file"], "line": 0, "field": "", "text": match["text"]}
    return {"file": match["file"], "line": int(match["line"]), "field": match["field"] or "", "text": match["text"]}


def snapshot(folder: Path, skip: str) -> dict[str, str]:
    """Every entry under `folder` except the top-level `skip`, links and pipes as what they
    are (never followed), files by their content."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] == skip:
            continue
        if path.is_symlink():
            seen[relative.as_posix()] = f"link to {os.readlink(path)}"
        elif stat.S_ISREG(path.lstat().st_mode):
            seen[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            seen[relative.as_posix()] = stat.filemode(path.lstat().st_mode)
    return seen
