"""Whole builds of synthetic years against the hand-written reportlab peer, interleaved.

    python bench/build_bench.py 110                      # sizes to measure (default: 110)
    python bench/build_bench.py 110 1000 --rounds 3
    python bench/build_bench.py 110 1000 10000 --write   # also write bench/RESULTS.md
    python bench/build_bench.py 110 --distinct-photos 110  # and with every photo file distinct
    python bench/build_bench.py 110 --edit-only 1 2 --rounds 8  # only one edit, fresh command, -j 1 and -j 2
    python bench/build_bench.py 110 --edit-only 2 --against ../main  # and another checkout's, interleaved

For each size the project's synthetic year (tests/synthetic.py) and the peer's data
(`../shared/peers/make_data.py`, the same number of points) are made, then each round runs,
one after the other: the peer's script, the project's cold build (output/ removed), the peer
again, the project's `--force` build (caches warm), a no-op, and one edit as a fresh command
(a point's file changed). Ratios are taken within a round (this run's peer against this run's
build), so a load swing on a shared machine touches both; the tables give medians over the
rounds, and the load average (`/proc/loadavg`) before and after each size.

Every command runs in a fresh process under a small wrapper that starts it in its own session
and samples, every 20 ms, the memory of every process of that session (the build and its
workers): "peak RSS, all processes" is the largest sum of their proportional set sizes (PSS:
pages a forked worker shares with the driver counted once), "largest process" the largest
resident set of a single process (getrusage); "CPU" the processor time of all of them (user and system), which a busy
shared machine inflates far less than the time on the clock. Seconds per document are a
verbose cold build's own timing lines.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = Path(os.environ.get("PARTYDOCS_PEERS", ROOT.parent / "shared" / "peers"))
sys.path.insert(0, str(ROOT))

from tests.synthetic import write_synthetic_year  # noqa: E402

WRAPPER = r"""
import json, os, resource, subprocess, sys, threading, time

def session_rss(sid):
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as stream:
                fields = stream.read().rsplit(")", 1)[1].split()
            if int(fields[3]) != sid:
                continue
            with open(f"/proc/{pid}/smaps_rollup") as stream:
                total += next(int(line.split()[1]) for line in stream if line.startswith("Pss:")) * 1024
        except (OSError, IndexError, ValueError):
            continue
    return total

started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
peak = [0]
def sample():
    while child.poll() is None:
        peak[0] = max(peak[0], session_rss(child.pid))
        time.sleep(0.02)
threading.Thread(target=sample, daemon=True).start()
out, err = child.communicate()
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_kib": peak[0] // 1024, "largest_kib": usage.ru_maxrss,
                  "code": child.returncode, "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace")}))
"""
BUILT_LINE = re.compile(r"^生成 (\S+)\s+([\d.]+) 秒")
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def wrapped(command: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True, env=ENV)
    result = json.loads(done.stdout)
    if result["code"] != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result['code']}):\n{result['stderr'][-3000:]}")
    return result


def build(root: Path, jobs: int, *extra: str, quiet: bool = True, code: Path = ROOT) -> dict:
    return wrapped([sys.executable, str(code / "make_docs.py"), "--root", str(root), "build",
                    *(["--quiet"] if quiet else []), "-j", str(jobs), *extra])


def peer(data: Path) -> dict:
    return wrapped([sys.executable, str(PEERS / "peer_reportlab.py"), str(data), str(data / "out.pdf")])


def edit_point(root: Path) -> None:
    """One point's member count goes up by one, past the two-second rule for the edit before."""
    time.sleep(2.1)
    edited = root / "data/2021/points/point-00001.yaml"
    text = edited.read_text(encoding="utf-8")
    members = re.search(r"members: (\d+)", text)
    edited.write_text(text.replace(members[0], f"members: {int(members[1]) + 1}", 1), encoding="utf-8")


def per_document(out: str) -> dict[str, float]:
    """Seconds per document kind, from a verbose build's own timing lines."""
    kinds: dict[str, list[float]] = {}
    for line in out.splitlines():
        match = BUILT_LINE.match(line)
        if match:
            name = match[1]
            kind = ("profile" if "/brochures/" in name else "web photo" if "/images/" in name
                    else "collection" if Path(name).name.startswith("brochure") else Path(name).name)
            kinds.setdefault(kind, []).append(float(match[2]))
    return {kind: statistics.median(times) for kind, times in kinds.items()}


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def make_distinct(root: Path) -> None:
    """Each photo file its own bytes (a JPEG comment naming it after the start of image): the
    synthetic year's photos are hard links to a pool of 12 pictures, which a content-keyed
    cache would otherwise make only once each. The pixels, and the work of decoding them, are
    unchanged."""
    for path in sorted((root / "data/2021/photos").glob("point-*.jpg")):
        data = path.read_bytes()
        comment = path.name.encode()
        path.unlink()
        path.write_bytes(data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:])


def scenario(points: int, jobs: int, rounds: int, forced: bool, distinct: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{points}-") as scratch:
        root, data = Path(scratch) / "project", Path(scratch) / "peer"
        shutil.copytree(ROOT / "templates", root / "templates")
        write_synthetic_year(root, points)
        if distinct:
            make_distinct(root)
        subprocess.run([sys.executable, str(PEERS / "make_data.py"), str(points), str(data)], check=True,
                       capture_output=True)
        result: dict = {"points": points, "distinct": distinct, "load_before": load(), "rounds": []}
        for _ in range(rounds):
            shutil.rmtree(root / "output", ignore_errors=True)
            one = {"peer": peer(data), "cold": build(root, jobs, quiet=False)}
            if forced:
                one["peer_again"] = peer(data)
                one["forced"] = build(root, jobs, "--force")
            one["noop"] = build(root, jobs)
            edit_point(root)
            one["edit"] = build(root, jobs)
            result["rounds"].append(one)
        result["load_after"] = load()
        result["per_doc"] = per_document(result["rounds"][0]["cold"]["stdout"])
    return result


def edit_scenario(points: int, jobs: list[int], rounds: int, against: Path | None = None) -> dict:
    """One edit as a fresh command only: a build of the synthetic year, then in each round one
    point's file edited and `build` run once for each of `jobs` (interleaved, so that a load
    swing touches each alike); with `against`, another checkout of the project (an earlier
    commit) on its own copy of the year, in the same rounds."""
    codes = {"this": ROOT, **({"against": against} if against else {})}
    with tempfile.TemporaryDirectory(prefix=f"bench-edit-{points}-") as scratch:
        roots = {name: Path(scratch) / name for name in codes}
        for name, root in roots.items():
            shutil.copytree(ROOT / "templates", root / "templates")
            write_synthetic_year(root, points)
            build(root, max(jobs), code=codes[name])
        result: dict = {"points": points, "load_before": load(), "runs": {(n, j): [] for n in codes for j in jobs},
                        "commits": {name: commit(code).replace("unknown", f"{code.name}/ (no git)") for name, code in codes.items()}}
        for _ in range(rounds):
            for name, j in result["runs"]:
                edit_point(roots[name])
                result["runs"][name, j].append(build(roots[name], j, quiet=False, code=codes[name]))
        result["load_after"] = load()
    return result


def edit_table(result: dict) -> str:
    lines = [f"Machine: {machine()}  ", f"Date: {time.strftime('%Y-%m-%d')}; {result['points']} points; "
             f"load {result['load_before']} → {result['load_after']}", "",
             "| code | -j | runs | one edit, clock (s): median (min) | CPU, all processes (s): median (min) | documents made |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for (name, jobs), runs in result["runs"].items():
        seconds, cpu = [r["seconds"] for r in runs], [r["cpu"] for r in runs]
        made = sorted({line.split()[1] for r in runs for line in r["stdout"].splitlines() if BUILT_LINE.match(line)})
        lines.append(f"| {result['commits'][name]} | {jobs} | {len(runs)} | {statistics.median(seconds):.2f} ({min(seconds):.2f}) | "
                     f"{statistics.median(cpu):.2f} ({min(cpu):.2f}) | {', '.join(made)} |")
    lines += ["", "Each run (clock/CPU s): " + "; ".join(
        f"{result['commits'][name]} -j {jobs}: " + ", ".join(f"{r['seconds']:.2f}/{r['cpu']:.2f}" for r in runs)
        for (name, jobs), runs in result["runs"].items())]
    return "\n".join(lines) + "\n"


def machine() -> str:
    fields = {}
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            name, _, value = line.partition(":")
            fields[name.strip()] = value.strip()
    except OSError:
        pass
    cpu = fields.get("Model name", "unknown CPU")
    kib = int(next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0))
    import platform

    return (f"{cpu} ({fields.get('CPU(s)', os.cpu_count())} CPUs, {fields.get('Hypervisor vendor', 'no')} hypervisor), "
            f"{kib / 1024 / 1024:.0f} GiB RAM; {platform.system()} {platform.release()}; Python {platform.python_version()}")


def commit(code: Path = ROOT) -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=code, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" (with uncommitted changes)" if git("status", "--porcelain", "partydocs", "generators") else "")


def _median(result: dict, name: str, field: str = "seconds") -> float | None:
    values = [r[name][field] for r in result["rounds"] if name in r]
    return statistics.median(values) if values else None


def _ratio(result: dict, name: str, against: str, field: str = "seconds") -> float | None:
    values = [r[name][field] / r[against][field] for r in result["rounds"] if name in r]
    return statistics.median(values) if values else None


def _cell(value: float | None, form: str) -> str:
    return "—" if value is None else format(value, form)


def table(results: list[dict], jobs: int) -> str:
    small = next((_median(r, "cold") for r in results if r["points"] == 110 and not r.get("distinct")), None)
    thousand = next((_median(r, "cold") / 1000 for r in results if r["points"] == 1000 and not r.get("distinct")), None)
    lines = [
        f"Machine: {machine()}  ",
        f"Date: {time.strftime('%Y-%m-%d')}; commit {commit()}; workers: -j {jobs}; "
        f"medians over the rounds (ratios taken within each round)",
        "",
        "| points | rounds | load before → after | peer (s) | cold (s) | cold / peer | cold CPU / peer CPU "
        "| --force, warm (s) | --force / peer | --force CPU / peer CPU "
        "| no-op (s) | one edit, fresh command (s) | cold per point (ms) | cold / 110's cold | per point / 1,000's | peak RSS, all processes (MiB) "
        "| largest process (MiB) |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        cold = _median(r, "cold")
        peak = max(max(one[name]["peak_kib"] for name in ("cold", "forced", "noop", "edit") if name in one)
                   for one in r["rounds"]) / 1024
        largest = max(max(one[name]["largest_kib"] for name in ("cold", "forced", "noop", "edit") if name in one)
                      for one in r["rounds"]) / 1024
        forced_ratio = _ratio(r, "forced", "peer_again")
        lines.append(
            f"| {r['points']}{' (distinct photos)' if r.get('distinct') else ''} | {len(r['rounds'])} | {r['load_before']} → {r['load_after']} | {_median(r, 'peer'):.2f} | "
            f"{cold:.2f} | {_ratio(r, 'cold', 'peer'):.2f}× | {_ratio(r, 'cold', 'peer', 'cpu'):.2f}× | "
            f"{_cell(_median(r, 'forced'), '.2f')} | {_cell(forced_ratio, '.2f')}{'×' if forced_ratio else ''} | "
            f"{_cell(_ratio(r, 'forced', 'peer_again', 'cpu'), '.2f')}{'×' if forced_ratio else ''} | "
            f"{_median(r, 'noop'):.2f} | {_median(r, 'edit'):.2f} | "
            f"{1000 * cold / r['points']:.1f} | {_cell(small and cold / small, '.2f')} | "
            f"{_cell(thousand and cold / r['points'] / thousand, '.2f')} | {peak:.0f} | {largest:.0f} |")
    lines += ["", "Seconds per document in a cold build (median of each kind, from the build's own lines):", "",
              "| points | " + " | ".join(KINDS) + " |", "| ---: |" + " ---: |" * len(KINDS)]
    for r in results:
        lines.append(f"| {r['points']}{' (distinct photos)' if r.get('distinct') else ''} | " + " | ".join(_cell(r["per_doc"].get(kind), ".3f") for kind in KINDS) + " |")
    lines += ["", "Each round (s): " + "; ".join(
        f"{r['points']} points: " + ", ".join(
            "/".join(f"{one[name]['seconds']:.2f} ({one[name]['cpu']:.1f})" for name in ("peer", "cold", "peer_again", "forced", "noop", "edit")
                     if name in one)
            for one in r["rounds"]) for r in results) + " (peer/cold/peer/--force/no-op/edit; CPU seconds in brackets)"]
    return "\n".join(lines) + "\n"


KINDS = ("profile", "web photo", "collection", "notice.docx", "index.html", "article.txt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[110])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3, help="rounds at each size up to 1,000 points (default 3)")
    parser.add_argument("--large-rounds", type=int, default=1, help="rounds above 1,000 points (default 1)")
    parser.add_argument("--force-up-to", type=int, default=1000, metavar="N",
                        help="measure `build --force` only up to N points (default 1000)")
    parser.add_argument("--distinct-photos", type=int, nargs="*", default=[], metavar="N",
                        help="also measure these sizes with every photo file its own bytes (see make_distinct)")
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument("--edit-only", type=int, nargs="*", metavar="J",
                        help="measure only one edit as a fresh command, --rounds times, with each of these -j "
                             "(default: --jobs); nothing is written")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="with --edit-only: also another checkout of the project (e.g. `git worktree add DIR main`), interleaved")
    args = parser.parse_args()
    if args.edit_only is not None:
        for size in args.sizes:
            result = edit_scenario(size, args.edit_only or [args.jobs], args.rounds, args.against and args.against.resolve())
            print(edit_table(result), flush=True)
        return
    results = []
    runs = sorted([(size, False) for size in args.sizes] + [(size, True) for size in args.distinct_photos])
    for size, distinct in runs:
        rounds = args.rounds if size <= 1000 else args.large_rounds
        results.append(scenario(size, args.jobs, rounds, size <= args.force_up_to, distinct))
        print(table(results[-1:], args.jobs), flush=True)
        if args.write:        # after each size, so a long run's finished sizes are kept
            command = " ".join(["python bench/build_bench.py", *sys.argv[1:]])
            header = f"# Build benchmarks: the project against the hand-written reportlab peer\n\nWritten by `{command}`.\n\n"
            (ROOT / "bench" / "RESULTS.md").write_text(header + table(results, args.jobs), encoding="utf-8")


if __name__ == "__main__":
    main()
