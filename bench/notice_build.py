"""Build time of one 公文 (DOCX only, no rendering): the sample's notice, a 110-unit notice,
the rich notice of the tests (long body, seal, two attachments) and a joint notice with two
seals. Each is built once to warm up (jieba's dictionary, the style) and then `--runs` times;
the table gives the median and the slowest. `--tree` builds with another checkout's
generators (e.g. an older commit unpacked by `git archive`) to compare before and after.

    python bench/notice_build.py [--runs 5] [--tree /path/to/other/checkout]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def projects(scratch: Path) -> dict[str, object]:
    """The four notices' projects, made as the tests make them."""
    from partydocs.reuse.project import Project
    from tests.notice.conftest import rich_project, synthetic_project
    from tests.notice.test_joint_seals import joint_project

    made = {"sample": Project(ROOT)}
    for name, make in (("units110", synthetic_project), ("rich", rich_project), ("joint", joint_project)):
        root = scratch / name
        root.mkdir()
        made[name] = make(root)
    return made


def timed(project, runs: int) -> list[float]:
    from generators.notice import build_notice
    from partydocs.model.load import load_year

    year = load_year(project, "2021").for_document("notice")
    build_notice(year, project.templates_dir)                  # warm-up
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        build_notice(year, project.templates_dir)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, help="build with the generators of this checkout")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))                              # tests/ (the projects), this checkout
    if args.tree:
        sys.path.insert(0, str(args.tree.resolve()))           # its generators/ and partydocs/ first
    with tempfile.TemporaryDirectory(prefix="notice-build-") as scratch:
        rows = [(name, timed(project, args.runs)) for name, project in projects(Path(scratch)).items()]
    import generators

    print(f"generators from {Path(generators.__file__).parent.parent}; {args.runs} runs after a warm-up\n")
    print("| notice | median s | slowest s |")
    print("| --- | ---: | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {statistics.median(seconds):.2f} | {max(seconds):.2f} |")


if __name__ == "__main__":
    main()
