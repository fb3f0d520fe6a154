"""The floor under a one-point edit as a fresh command: the chain a one-shot build cannot shorten.

    python bench/edit_floor.py            # a synthetic year of 110 points
    python bench/edit_floor.py 1000 --runs 7 --write     # also bench/EDIT_FLOOR.md

An edit to one point rebuilds its profile and then the collection volume that holds it (the
volume reuses the profile's pages, so it waits for them; laying the section out again inside the
volume would cost the same time). Whatever else a build does — reading and validating the data,
planning, the manifest — runs beside this chain, on the other core; the chain itself is one
process that starts Python, imports what the two documents are made with, lays out the profile
(the first document in a process also reads its fonts) and joins the volume. Each link is
measured here in a fresh process, caches warm as after an earlier build, and set against the
measured command; the median of `--runs` runs of each. The row "libraries alone" is the floor
if our own modules imported in no time.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_bench import ENV, commit, machine, measure_edit  # noqa: E402
from bench.build_bench import measure as measure_build  # noqa: E402
from tests.synthetic import write_synthetic_year  # noqa: E402

IMPORTS = "import generators.brochure.jobs, generators.brochure.glyphs"
LIBRARIES = ("import reportlab.platypus, reportlab.pdfgen.canvas, reportlab.pdfbase.ttfonts, fontTools.ttLib, pikepdf, "
             "PIL.Image, jinja2.sandbox, yaml, pydantic")
RESULTS = "EDIT_FLOOR.md"
JOBS = 2
RENDERS = """
import io, json, sys, time
from pathlib import Path
from partydocs.reuse.project import Project
from partydocs.model.load import load_year
from generators.builders import brochure_cache
from generators.brochure import Volume, ordered_points
from generators.brochure.jobs import build_profile, write_collection
project = Project(Path(sys.argv[1]))
year = load_year(project, "2021")
cache = brochure_cache(project)
started = time.perf_counter()
build_profile(year, year.point("point-00001"), project.templates_dir, cache)
profiled = time.perf_counter()
write_collection(year, project.templates_dir, cache, io.BytesIO(), project.output_dir / "2021" / "brochures",
                 Volume(1, 1, ordered_points(year)))
print(json.dumps({"profile": profiled - started, "collection": time.perf_counter() - profiled}))
"""


def seconds(*command: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=ENV, cwd=ROOT)
    return time.perf_counter() - started


def renders(root: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", RENDERS, str(root)], check=True, capture_output=True, text=True,
                          env=ENV, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(points: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=f"floor-{points}-") as scratch:
        root = Path(scratch)
        shutil.copytree(ROOT / "templates", root / "templates")
        write_synthetic_year(root, points)
        measure_build(root, JOBS)
        parts = {"start": [], "libraries": [], "imports": [], "profile": [], "collection": [], "command": []}
        for _ in range(runs):
            parts["start"].append(seconds(sys.executable, "-c", "pass"))
            parts["libraries"].append(seconds(sys.executable, "-c", LIBRARIES) - parts["start"][-1])
            parts["imports"].append(seconds(sys.executable, "-c", IMPORTS) - parts["start"][-1])
            for name, value in renders(root).items():
                parts[name].append(value)
            parts["command"].append(measure_edit(root, JOBS)["seconds"])
    return {name: statistics.median(values) for name, values in parts.items()}


def table(points: int, runs: int, m: dict[str, float]) -> str:
    floor = m["start"] + m["imports"] + m["profile"] + m["collection"]
    rows = [("Python starts (`python -c pass`)", m["start"]),
            ("imports of the profile's and the collection's code and libraries", m["imports"]),
            ("… of which the libraries alone (reportlab, fontTools, pikepdf, Pillow, jinja2, PyYAML, pydantic)", m["libraries"]),
            ("the edited point's profile, first document of its process", m["profile"]),
            ("its collection volume, the other profiles' pages reused", m["collection"]),
            ("**floor: the four in a row**", floor),
            ("floor if our own modules cost nothing to import", floor - m["imports"] + m["libraries"]),
            ("one edit, fresh command, as measured", m["command"])]
    lines = [f"Machine: {machine()}  ", f"Date: {time.strftime('%Y-%m-%d')}; commit {commit()}; {points} points; "
             f"median of {runs} runs", "", "| part | seconds |", "| --- | ---: |"]
    lines += [f"| {label} | {value:.2f} |" for label, value in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("points", nargs="?", type=int, default=110)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help=f"also write bench/{RESULTS}")
    args = parser.parse_args()
    result = table(args.points, args.runs, measure(args.points, args.runs))
    print(result)
    if args.write:
        command = " ".join(["python bench/edit_floor.py", *sys.argv[1:]])
        (ROOT / "bench" / RESULTS).write_text(f"# The floor under a one-point edit\n\nWritten by `{command}`.\n\n{result}",
                                              encoding="utf-8")


if __name__ == "__main__":
    main()
