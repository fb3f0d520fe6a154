"""Benchmark whole builds of synthetic years: cold, no-op, one edit; time and peak memory.

    python bench/build_bench.py 110 1000        # sizes to measure (default: 110)
    python bench/build_bench.py 110 --jobs 2 --write   # also write bench/RESULTS.md
    python bench/build_bench.py 110 1000 10000 --write --force-up-to 1000

Each scenario runs `make_docs.py build` in a fresh process, as an office does, under a small
wrapper that reports the largest resident set of any process it started. Seconds per document
are the cold build's own timing lines. "One edit" is the
median of five fresh commands, each after editing one point (command start to exit); "--watch"
the build time that a running `make_docs.py build --watch` prints for the same edit. Python
may cache bytecode (PYTHONDONTWRITEBYTECODE is unset for the builds), as it does on an office
PC after the first run.
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import threading
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.synthetic import write_synthetic_year  # noqa: E402

WRAPPER = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, encoding="utf-8")
seconds = time.perf_counter() - started
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(__import__("json").dumps({"seconds": seconds, "peak_kib": peak_kib, "code": done.returncode, "stdout": done.stdout, "stderr": done.stderr}))
"""
BUILT_LINE = re.compile(r"^生成 (\S+)\s+([\d.]+) 秒")
DONE_LINE = re.compile(r"^完成：.*用时 ([\d.]+) 秒")
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
EDITS = 5


def measure(root: Path, jobs: int, *extra: str, quiet: bool = True) -> dict:
    command = [sys.executable, str(ROOT / "make_docs.py"), "--root", str(root), "build", *(["--quiet"] if quiet else []),
               "-j", str(jobs), *extra]
    result = json.loads(subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True,
                                       check=True, env=ENV).stdout)
    if result["code"] != 0:
        raise SystemExit(f"build failed ({result['code']}):\n{result['stderr'][-3000:]}")
    return result


def per_document(out: str) -> dict[str, float]:
    """Seconds per document kind, from a verbose build's own timing lines."""
    kinds: dict[str, list[float]] = {}
    for line in out.splitlines():
        match = BUILT_LINE.match(line)
        if match:
            name = match[1]
            kind = "profile" if "/brochures/" in name else "collection" if Path(name).name.startswith("brochure") else Path(name).name
            kinds.setdefault(kind, []).append(float(match[2]))
    return {kind: sum(times) / len(times) for kind, times in kinds.items()}


def edit_point(root: Path) -> None:
    edited = root / "data/2021/points/point-00001.yaml"
    text = edited.read_text(encoding="utf-8")
    members = re.search(r"members: (\d+)", text)
    edited.write_text(text.replace(members[0], f"members: {int(members[1]) + 1}", 1), encoding="utf-8")


def watched_edit(root: Path, jobs: int, edits: int = 5) -> float:
    """The build time `build --watch` reports for an edit: the median of a few, after a first
    edit that fills the watch's memory of the data."""
    command = [sys.executable, str(ROOT / "make_docs.py"), "--root", str(root), "build", "--watch", "-j", str(jobs)]
    watcher = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", env=ENV)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in watcher.stdout], daemon=True).start()

    def next_build() -> float:
        while True:
            match = DONE_LINE.match(lines.get(timeout=600))
            if match:
                return float(match[1])

    try:
        next_build()                      # the watch's own first build: nothing to do
        seconds = []
        for _ in range(edits + 1):
            time.sleep(1.5)               # past the two-second rule of the last build's snapshot
            edit_point(root)
            seconds.append(next_build())
        return statistics.median(seconds[1:])
    finally:
        watcher.terminate()
        watcher.wait(timeout=60)


def scenario(points: int, jobs: int, forced: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{points}-") as scratch:
        root = Path(scratch)
        shutil.copytree(ROOT / "templates", root / "templates")
        write_synthetic_year(root, points)
        cold = measure(root, jobs, quiet=False)
        noop = measure(root, jobs)
        edits = [measure_edit(root, jobs) for _ in range(EDITS)]
        watched = watched_edit(root, jobs)
        rebuilt = measure(root, jobs, "--force") if forced else None
    return {"points": points, "cold": cold, "noop": noop, "edits": edits, "watched": watched,
            "forced": rebuilt, "per_doc": per_document(cold["stdout"])}


def measure_edit(root: Path, jobs: int, *extra: str) -> dict:
    time.sleep(2.1)                       # past the two-second rule for the edit before
    edit_point(root)
    return measure(root, jobs, *extra)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
        cpu = model
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def commit() -> str:
    """The code measured: the commit, marked when pipeline/ or generators/ had changes on top."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" (with uncommitted changes)" if git("status", "--porcelain", "pipeline", "generators") else "")


def table(results: list[dict], jobs: int) -> str:
    lines = [
        f"Machine: {machine()}  ",
        f"Date: {time.strftime('%Y-%m-%d')}; commit {commit()}; workers: -j {jobs}",
        "",
        "| points | cold build (s) | no-op (s) | no-op / cold | one edit, fresh command (s) | edit / cold "
        "| one edit, --watch (s) | --watch / cold | --force, warm caches (s) | notice.docx, cold (s) "
        "| profile, cold (s) | collection volume, cold (s) | peak RSS (MiB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        cold, noop, docs = r["cold"]["seconds"], r["noop"]["seconds"], r["per_doc"]
        edit = statistics.median(m["seconds"] for m in r["edits"])
        peak = max(m["peak_kib"] for m in [r["cold"], *r["edits"]]) / 1024
        watched = r["watched"]
        forced = f"{r['forced']['seconds']:.2f}" if r["forced"] else "—"
        lines.append(
            f"| {r['points']} | {cold:.2f} | {noop:.2f} | {noop / cold:.1%} | {edit:.2f} | {edit / cold:.1%} | "
            f"{watched:.2f} | {watched / cold:.1%} | {forced} | "
            f"{docs.get('notice.docx', 0):.2f} | {docs.get('profile', 0):.3f} | {docs.get('collection', 0):.2f} | "
            f"{peak:.0f} |")
    lines += ["", "One edit, each of the five (s): " + "; ".join(
        f"{r['points']} points: " + ", ".join(f"{m['seconds']:.2f}" for m in r["edits"]) for r in results)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[110])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument("--force-up-to", type=int, default=1000, metavar="N",
                        help="measure `build --force` only for sizes up to N points (default 1000)")
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        results.append(scenario(size, args.jobs, size <= args.force_up_to))
        print(table(results[-1:], args.jobs), flush=True)
        if args.write:        # after each size, so a long run's finished sizes are kept
            header = "# Build benchmarks\n\nWritten by `python bench/build_bench.py " + " ".join(map(str, args.sizes)) + f" --write --force-up-to {args.force_up_to}`.\n\n"
            (ROOT / "bench" / "RESULTS.md").write_text(header + table(results, args.jobs), encoding="utf-8")


if __name__ == "__main__":
    main()
