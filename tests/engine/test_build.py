"""The build driver on real outputs: incremental, deterministic, atomic, exclusive."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from partydocs.engine.config import BuildConfig
from partydocs.engine.driver import Session
from partydocs.engine.manifest import FileHasher
from partydocs.reuse.project import Project
from partydocs.engine.writer import build_lock
from partydocs.reuse.errors import DataError

from ..command import make_docs
from ..conftest import build_project, built_sample, copy_sample, seed_glyphs, synthetic_year
from ..outputs import output_files, tree_hashes
from ..model.test_validation import POINT, edit

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_POINTS = ("dazhong-social-work", "jiangxi-chamber", "women-entrepreneurs", "decoration-association", "xiangshi-mutual-aid")
ARTICLE_PAGES = {"2021/article/index.html", "2021/article.txt"}    # they read every point
ARTICLE_OUTPUTS = ARTICLE_PAGES | {
    f"2021/article/images/{p}-{n}.jpg" for p in SAMPLE_POINTS for n in (1, 2)}
DOCUMENTS = {"2021/notice.docx", "2021/会议通知.docx", "2021/表彰通知.docx"}
SAMPLE_OUTPUTS = DOCUMENTS | {"2021/brochure.pdf"} | {f"2021/brochures/{p}.pdf" for p in SAMPLE_POINTS} | ARTICLE_OUTPUTS


def run(project: Project, **options) -> dict[str, str]:
    report = build_project(project, jobs=options.pop("jobs", 2), **options)
    assert report.exit_code == 0, [m for o in report.outcomes for m in o.messages]
    return {o.output: o.status for o in report.outcomes}


def built(statuses: dict[str, str]) -> set[str]:
    return {output for output, status in statuses.items() if status == "built"}


def test_second_build_rebuilds_nothing(built_copy):
    stamps = {p: p.stat().st_mtime_ns for p in built_copy.output_dir.rglob("*.pdf")}
    statuses = run(built_copy)
    assert set(statuses.values()) == {"up-to-date"} and set(statuses) == SAMPLE_OUTPUTS
    assert stamps == {p: p.stat().st_mtime_ns for p in built_copy.output_dir.rglob("*.pdf")}


def test_touching_without_changing_rebuilds_nothing(built_copy):
    os.utime(built_copy.root / POINT)
    assert built(run(built_copy)) == set()


def test_a_same_size_edit_that_keeps_the_time_is_still_seen_when_recent(built_copy):
    """A hash is reused on an unchanged size and time only if the file was older than two
    seconds when it was hashed: an edit within a coarse file system's time step is read."""
    path = built_copy.root / POINT
    edit(built_copy, POINT, "activists: 6", "activists: 8")
    assert "2021/brochures/jiangxi-chamber.pdf" in built(run(built_copy))
    before = path.stat()
    edit(built_copy, POINT, "activists: 8", "activists: 9")          # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))       # and the same time
    assert "2021/brochures/jiangxi-chamber.pdf" in built(run(built_copy))
    edit(built_copy, POINT, "activists: 9", "activists: 6")
    run(built_copy)


def test_a_file_hashed_long_after_its_last_change_is_not_read_again(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("x: 1\n", encoding="utf-8")
    status = path.stat()
    stamp = [status.st_mtime_ns, status.st_size]
    label = Project(tmp_path).label(path)
    recorded_late = FileHasher(Project(tmp_path), {str(path): [*stamp, stamp[0] + 3_000_000_000, "recorded"]})
    assert recorded_late.hashes([path]) == {label: "recorded"}
    recorded_soon = FileHasher(Project(tmp_path), {str(path): [*stamp, stamp[0] + 1_000_000_000, "recorded"]})
    assert recorded_soon.hashes([path]) == {label: hashlib.sha256(b"x: 1\n").hexdigest()}


def test_a_watch_session_builds_what_separate_builds_do(tmp_path):
    """--watch keeps its worker processes and the point files it has read between builds."""
    trees = []
    for name in ("session", "separate"):
        project = copy_sample(tmp_path / name)
        config = BuildConfig(project, jobs=2)
        with Session(config) if name == "session" else nullcontext() as session:
            first = build_project(project, session, jobs=2)
            edit(project, POINT, "members: 93", "members: 94")
            second = build_project(project, session, jobs=2)
        assert {o.output for o in first.outcomes if o.status == "built"} == SAMPLE_OUTPUTS
        assert {o.output for o in second.outcomes if o.status == "built"} == {
            "2021/brochures/jiangxi-chamber.pdf", "2021/brochure.pdf"} | ARTICLE_PAGES
        trees.append(tree_hashes(project.output_dir))
    assert trees[0] == trees[1]


def test_editing_one_point_rebuilds_its_profile_and_the_collection(built_copy):
    """The notice shows of a point only its listing (and what its body template uses):
    a member count is not among them, so the notice stays as it is."""
    collection = built_copy.output_dir / "2021/brochure.pdf"
    before = PdfReader(collection).trailer["/ID"][0]
    edit(built_copy, POINT, "members: 93", "members: 95")
    assert built(run(built_copy)) == {"2021/brochures/jiangxi-chamber.pdf", "2021/brochure.pdf"} | ARTICLE_PAGES
    after = PdfReader(collection).trailer["/ID"][0]
    assert after != before and after.original_bytes != bytes.fromhex("31415926535897932384626433832795")


def test_editing_what_the_notice_lists_rebuilds_the_notice_too(built_copy):
    edit(built_copy, POINT, "district: 南城街道", "district: 东城街道")
    assert built(run(built_copy)) == {"2021/brochures/jiangxi-chamber.pdf", "2021/brochure.pdf", "2021/notice.docx"} | ARTICLE_PAGES
    rows = [[cell.text for cell in row.cells] for row in docx.Document(built_copy.output_dir / "2021/notice.docx").tables[0].rows]
    assert any("东莞市江西商会" in row and "东莞市东城街道" in row for row in rows), rows
    edit(built_copy, POINT, "district: 东城街道", "district: 南城街道")
    run(built_copy)


def test_editing_what_the_notice_body_uses_rebuilds_the_notice(built_copy):
    first = built_copy.root / "data/2021/points/dazhong-social-work.yaml"
    text = first.read_text(encoding="utf-8")
    short = next(line for line in text.splitlines() if "short_name:" in line)
    first.write_text(text.replace(short, short.replace("党总支", "党委")), encoding="utf-8")
    assert "2021/notice.docx" in built(run(built_copy))
    first.write_text(text, encoding="utf-8")
    run(built_copy)


def test_the_collection_lays_out_only_the_edited_point_again(built_copy):
    from partydocs.reuse.counters import work

    before = work["sections laid out"]
    edit(built_copy, POINT, "activists: 6", "activists: 7")
    assert "2021/brochure.pdf" in built(run(built_copy, jobs=1))
    assert work["sections laid out"] - before == 1      # by its profile; the collection reused every section


def test_a_collection_that_finds_no_sections_keeps_those_it_lays_out(built_copy):
    """Once the cache's sections are lost, one build lays out the unchanged points for the
    collection, and the builds after it lay out only what they edit."""
    from partydocs.reuse.counters import work

    for sections in built_copy.output_dir.glob(".cache/brochures-*/sections"):
        shutil.rmtree(sections)
    edit(built_copy, POINT, "activists: 6", "activists: 7")
    run(built_copy, jobs=1)
    before = work["sections laid out"]
    edit(built_copy, POINT, "activists: 7", "activists: 8")
    assert "2021/brochure.pdf" in built(run(built_copy, jobs=1))
    assert work["sections laid out"] - before == 1


def test_explain_says_which_input_changed(built_copy):
    edit(built_copy, POINT, "members: 93", "members: 96")
    report = build_project(built_copy, jobs=1, explain=True)
    reasons = {o.output: o.reasons for o in report.outcomes if o.status == "built"}
    assert reasons["2021/brochures/jiangxi-chamber.pdf"] == [f"已修改 {POINT}"]


def test_a_brochure_template_change_rebuilds_brochures_only(built_copy):
    style = built_copy.templates_dir / "styles" / "brochure.yaml"
    style.write_text(style.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    rebuilt = built(run(built_copy))
    assert rebuilt == SAMPLE_OUTPUTS - DOCUMENTS - ARTICLE_OUTPUTS


def test_a_deleted_output_is_rebuilt(built_copy):
    (built_copy.output_dir / "2021/brochures/women-entrepreneurs.pdf").unlink()
    assert built(run(built_copy)) == {"2021/brochures/women-entrepreneurs.pdf"}


def test_only_and_point_narrow_the_build(built_copy):
    assert set(run(built_copy, only="notice", force=True)) == DOCUMENTS
    assert set(run(built_copy, points=["jiangxi-chamber"], force=True)) == {"2021/brochures/jiangxi-chamber.pdf"}


def test_a_removed_point_loses_its_profile(tmp_path):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    synthetic_year(tmp_path, 3)
    seed_glyphs(tmp_path)
    project = Project(tmp_path)
    run(project)
    (tmp_path / "data/2021/points/point-00003.yaml").unlink()
    edit(project, "data/2021/notice.yaml", "- point-00003\n", "")
    edit(project, "data/2021/notice.yaml", "等3家", "等2家")
    statuses = run(project)
    assert statuses["2021/brochures/point-00003.pdf"] == "removed"
    assert not (project.output_dir / "2021/brochures/point-00003.pdf").exists()


def test_two_builds_from_the_same_inputs_are_byte_identical(tmp_path):
    """One from nothing by the command with one process (the run's built sample), one here
    with two workers and the glyphs every other test's copy is seeded with."""
    project = copy_sample(tmp_path)
    run(project, jobs=2)
    from_nothing = tree_hashes(built_sample() / "output")
    assert tree_hashes(project.output_dir) == from_nothing and set(from_nothing) >= SAMPLE_OUTPUTS


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_outputs_get_the_usual_file_mode_not_the_scratch_files_private_one(built_copy):
    umask = os.umask(0o022)
    os.umask(umask)
    for output in SAMPLE_OUTPUTS:
        assert (built_copy.output_dir / output).stat().st_mode & 0o777 == 0o666 & ~umask, output


def test_a_second_build_is_refused_while_one_runs(built_copy):
    with build_lock(built_copy.output_dir):
        result = subprocess.run([sys.executable, str(ROOT / "make_docs.py"), "--root", str(built_copy.root), "build", "--force"],
                                capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 1 and "另一个构建" in result.stderr and "Traceback" not in result.stderr


SYNTHETIC_POINTS = 12                         # enough that a kill after five profiles leaves most of the build undone
SYNTHETIC_OUTPUTS = SYNTHETIC_POINTS + 2 + 2 + 2 * SYNTHETIC_POINTS   # profiles, collection and notice; article page, text, two photos a point


@pytest.mark.skipif(os.name == "nt", reason="kill -9 is POSIX")
def test_kill_9_mid_build_leaves_only_valid_files_and_the_next_build_repairs(tmp_path):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    synthetic_year(tmp_path, SYNTHETIC_POINTS)
    seed_glyphs(tmp_path)
    command = [sys.executable, str(ROOT / "make_docs.py"), "--root", str(tmp_path), "build", "-j", "2", "--quiet"]
    process = subprocess.Popen(command, start_new_session=True)
    brochures = tmp_path / "output/2021/brochures"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(brochures.glob("*.pdf"))) < 5:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = output_files(tmp_path / "output")
    assert 5 <= len(finished) < SYNTHETIC_OUTPUTS, "the kill came too late to test anything"
    for path in finished:
        assert_valid(path)
    assert subprocess.run(command, timeout=600).returncode == 0
    outputs = output_files(tmp_path / "output")
    assert len(outputs) == SYNTHETIC_OUTPUTS and not list((tmp_path / "output").rglob("*.part"))
    for path in outputs:
        assert_valid(path)


def assert_valid(path: Path) -> None:
    if path.suffix == ".pdf":
        assert len(PdfReader(str(path)).pages) >= 1
    elif path.suffix == ".jpg":
        with Image.open(path) as image:
            image.load()
    elif path.suffix in (".html", ".txt"):
        text = path.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>") if path.suffix == ".html" else text.strip()
    else:
        assert docx.Document(str(path)).paragraphs


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.add(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").is_file() and "zombie" not in Path(f"/proc/{pid}/status").read_text()


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc")
@pytest.mark.parametrize("how", ["terminate", "kill -9"])
def test_the_worker_processes_end_with_the_watch(built_copy, how):
    """`kill` (or a closed window) ends --watch like Ctrl-C; even a kill -9 leaves no workers behind."""
    watcher = subprocess.Popen([sys.executable, str(ROOT / "make_docs.py"), "--root", str(built_copy.root), "build",
                                "--watch", "--force", "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    for line in watcher.stdout:
        if line.startswith("完成"):
            break
    workers = _children(watcher.pid)
    assert len(workers) == 2        # started for the seven outdated documents, kept by the watch
    if how == "terminate":
        watcher.terminate()
        assert watcher.wait(timeout=60) == 130
    else:
        watcher.kill()
        watcher.wait(timeout=60)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers)


def test_upgrading_a_library_rebuilds_what_it_shapes(built_copy, tmp_path):
    """A newer reportlab (faked by a distribution's metadata ahead of the real one on the path)
    rebuilds every brochure and starts their caches afresh; the notice, made without it, stays."""
    project = built_copy
    command = [sys.executable, str(ROOT / "make_docs.py"), "--root", str(project.root), "build", "-j", "1"]
    fake = tmp_path / "fake" / "reportlab-99.0.dist-info"
    fake.mkdir(parents=True)
    (fake / "METADATA").write_text("Metadata-Version: 2.1\nName: reportlab\nVersion: 99.0\n", encoding="utf-8")
    upgraded = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                              env=os.environ | {"PYTHONPATH": str(tmp_path / "fake")})
    assert upgraded.returncode == 0, upgraded.stderr
    rebuilt = {line.split()[1] for line in upgraded.stdout.splitlines() if line.startswith("生成 ")}
    assert rebuilt == SAMPLE_OUTPUTS - DOCUMENTS - ARTICLE_OUTPUTS
    assert len(list((project.output_dir / ".cache").glob("brochures-*"))) == 1     # the old toolchain's swept


@pytest.mark.skipif(not Path("/proc/self/cmdline").is_file(), reason="reads /proc")
def test_no_process_outlives_its_command(tmp_path):
    """A build, a validate and a failed build each leave no process of ours behind."""
    project = copy_sample(tmp_path / "project")
    base = [sys.executable, str(ROOT / "make_docs.py"), "--root", str(project.root)]
    for args in (["build", "--force", "-j", "2"], ["validate"]):
        assert subprocess.run(base + args, capture_output=True).returncode == 0
        assert not _ours(project.root)
    edit(project, POINT, "members: 93", "members: 九十三")
    assert subprocess.run(base + ["build", "-j", "2"], capture_output=True).returncode == 2
    assert not _ours(project.root)


def _ours(root: Path) -> list[str]:
    """Processes whose command line names this project folder."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(root) in text:
            found.append(text)
    return found


def test_cleaning_or_deleting_one_year_leaves_the_other_built(built_copy):
    """`clean --year 2022` forgets only 2022 (2021 stays up to date), and once data/2022 is
    deleted the next build removes what it made."""
    project = built_copy
    shutil.copytree(project.data_dir / "2021", project.data_dir / "2022")
    assert make_docs("--root", str(project.root), "build", "-j", "1", "--quiet").returncode == 0
    assert make_docs("--root", str(project.root), "clean", "--year", "2022").returncode == 0
    statuses = run(project, jobs=1)
    assert {o for o, s in statuses.items() if s == "built"} == {o.replace("2021/", "2022/") for o in SAMPLE_OUTPUTS}
    shutil.rmtree(project.data_dir / "2022")
    statuses = run(project, jobs=1)
    assert {o for o, s in statuses.items() if s == "removed"} == {o.replace("2021/", "2022/") for o in SAMPLE_OUTPUTS}
    assert not (project.output_dir / "2022" / "notice.docx").exists()
