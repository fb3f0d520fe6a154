"""Where a profile's time goes: each point's profile made in this process under cProfile, its
caches warm (glyphs, photo copies: as `build --force` after a first build), the time split
into the parts a profile is made of, against the peer's time per section.

    python bench/profile_bench.py                 # a synthetic year of 110 points
    python bench/profile_bench.py 110 --write     # also bench/PROFILE.md

The parts (cumulative time of the functions named, so a part includes what it calls):
- the story: the flowables made from the point's data and templates (`point_section`);
- fonts: each profile's own subsets of its faces assembled from the glyph store, registered
  with reportlab, and their full-width marks judged (`prepare_fonts`);
- layout: reportlab's platypus placing the flowables, drawing included (`doc.build`);
- writing: the PDF serialised, reportlab subsetting the fonts it embeds (`canvas.save`);
- the rest: the section's meta, its cache entry, the profile's bytes.
cProfile slows Python code more than C code: the shares are what to read, and the first
row gives the time per profile without the profiler.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_bench import PEERS, commit, load, machine  # noqa: E402
from tests.synthetic import write_synthetic_year  # noqa: E402

PARTS = {
    "the story (flowables from data and templates)": ("profile.py", "point_section"),
    "fonts: subsets assembled, registered, marks judged": ("fontset.py", "prepare_fonts"),
    "layout: platypus places and draws": ("doctemplate.py", "build"),
    "writing: the PDF serialised, fonts embedded": ("canvas.py", "save"),
}


def profiles(root: Path, runs: int) -> tuple[float, pstats.Stats, int]:
    from generators.brochure import ordered_points
    from generators.brochure.builders import brochure_cache
    from generators.brochure.jobs import build_profile
    from partydocs.model.load import load_year
    from partydocs.reuse.project import Project

    project = Project(root)
    year = load_year(project, "2021")
    cache = brochure_cache(project)
    points = ordered_points(year)
    build_profile(year, points[0], project.templates_dir, cache)        # the process's first: its imports, its fonts
    started = time.perf_counter()
    for point in points:
        build_profile(year, point, project.templates_dir, cache)
    plain = (time.perf_counter() - started) / len(points)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        for point in points:
            build_profile(year, point, project.templates_dir, cache)
    profiler.disable()
    return plain, pstats.Stats(profiler), runs * len(points)


def cumulative(stats: pstats.Stats, filename: str, function: str) -> float:
    return sum(entry[3] for (path, _, name), entry in stats.stats.items()
               if path.endswith(filename) and name == function)


def peer_section(points: int, scratch: Path) -> float:
    """The peer's seconds per section: its layout (multiBuild, all passes) over its sections."""
    subprocess.run([sys.executable, str(PEERS / "make_data.py"), str(points), str(scratch / "peer")], check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, str(PEERS / "peer_reportlab.py"), str(scratch / "peer"), str(scratch / "peer.pdf")],
                          check=True, capture_output=True, text=True)
    build = float(re.search(r"multiBuild=([\d.]+)", done.stderr)[1])
    return build / points


def table(points: int, plain: float, stats: pstats.Stats, made: int, peer: float, loads: tuple[str, str]) -> str:
    total = cumulative(stats, "jobs.py", "build_profile") / made
    lines = [f"Machine: {machine()}  ", f"Date: {time.strftime('%Y-%m-%d')}; commit {commit()}; {points} points; "
             f"load {loads[0]} → {loads[1]}", "",
             "| part | s per profile (cProfile) | share |", "| --- | ---: | ---: |"]
    rest = total
    for label, (filename, function) in PARTS.items():
        seconds = cumulative(stats, filename, function) / made
        rest -= seconds
        lines.append(f"| {label} | {seconds:.4f} | {seconds / total:.0%} |")
    lines += [f"| the rest | {rest:.4f} | {rest / total:.0%} |", f"| **a profile, under cProfile** | {total:.4f} | 100% |", "",
              f"A profile without the profiler: **{plain:.3f} s**; the peer's layout per section (multiBuild's "
              f"three passes over {points} sections, in one document): **{peer:.3f} s**.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("points", nargs="?", type=int, default=110)
    parser.add_argument("--runs", type=int, default=1, help="profiled passes over the points")
    parser.add_argument("--write", action="store_true", help="also write bench/PROFILE.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profile-") as scratch:
        root = Path(scratch) / "project"
        shutil.copytree(ROOT / "templates", root / "templates")
        write_synthetic_year(root, args.points)
        subprocess.run([sys.executable, str(ROOT / "make_docs.py"), "--root", str(root), "build", "--quiet"], check=True)
        before = load()
        plain, stats, made = profiles(root, args.runs)
        peer = peer_section(args.points, Path(scratch))
        result = table(args.points, plain, stats, made, peer, (before, load()))
    print(result)
    if args.write:
        command = " ".join(["python bench/profile_bench.py", *sys.argv[1:]])
        (ROOT / "bench" / "PROFILE.md").write_text(f"# Where a profile's time goes\n\nWritten by `{command}`.\n\n{result}",
                                                   encoding="utf-8")


if __name__ == "__main__":
    main()
