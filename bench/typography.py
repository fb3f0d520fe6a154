"""Count line-breaking and punctuation violations in the bound collection, read back from the PDF,
and how loose its justified lines are; write the tables to bench/TYPOGRAPHY.md.

    python bench/typography.py                  # the sample year and a 110-point synthetic year
    python bench/typography.py --points 1000    # another synthetic size
    python bench/typography.py --show           # also print each offending line
    python bench/typography.py --no-write       # print only; leave bench/TYPOGRAPHY.md as it is

The rules and how a violation is seen in the PDF: tests/brochure/typography.py.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.brochure.jobs import build_collection  # noqa: E402
from partydocs.reuse.cache import Cache  # noqa: E402
from partydocs.model.load import load_year  # noqa: E402
from partydocs.reuse.project import Project  # noqa: E402
from generators.brochure.linebreak import MAX_SHRINK_EM, MAX_STRETCH_EM  # noqa: E402
from tests.brochure.typography import VIOLATIONS, closed_up, stretch, violations  # noqa: E402
from tests.synthetic import write_synthetic_year  # noqa: E402


def collection_of(root: Path, cache: Path) -> bytes:
    project = Project(root)
    return build_collection(load_year(project, "2021"), project.templates_dir, Cache(cache))


def synthetic_project(folder: Path, points: int) -> Path:
    shutil.copytree(ROOT / "templates", folder / "templates")
    write_synthetic_year(folder, points)
    return folder


RESULTS = ROOT / "bench" / "TYPOGRAPHY.md"
MARK = "<!-- bench/typography.py writes below this line -->"


def tables(found: dict[str, dict[str, list[str]]], loose: dict[str, list[float]], tight: dict[str, list[float]]) -> str:
    names = list(found)
    rows = ["| violation | " + " | ".join(names) + " |", "| --- | " + " | ".join("---:" for _ in names) + " |"]
    rows += [f"| {kind} | " + " | ".join(str(len(found[name][kind])) for name in names) + " |" for kind in VIOLATIONS]
    rows += ["", f"Justified lines and the space justification adds between two characters (em); the line "
                 f"breaker's bound is {MAX_STRETCH_EM} em:", "",
             "| lines | " + " | ".join(names) + " |", "| --- | " + " | ".join("---:" for _ in names) + " |"]
    for label, value in (("justified lines", lambda s: str(len(s))),
                         ("median extra per gap (em)", lambda s: f"{_quantile(s, 0.5):.3f}"),
                         ("95th percentile (em)", lambda s: f"{_quantile(s, 0.95):.3f}"),
                         ("largest (em)", lambda s: f"{max(s, default=0):.3f}"),
                         (f"over the bound ({MAX_STRETCH_EM} em)", lambda s: str(sum(v > MAX_STRETCH_EM + 0.005 for v in s)))):
        rows.append(f"| {label} | " + " | ".join(value(loose[name]) for name in names) + " |")
    rows += ["", f"Lines set tight to spare a 孤字 last line (a caption pulled onto one line) whose characters "
                 f"close up, past the blanks of their brackets: the space between ideographs (em), the breaker's "
                 f"bound -{MAX_SHRINK_EM} em:", "",
             "| lines | " + " | ".join(names) + " |", "| --- | " + " | ".join("---:" for _ in names) + " |"]
    for label, value in (("lines closed up", lambda s: str(len(s))),
                         ("tightest (em)", lambda s: f"{min(s, default=0):.3f}"),
                         (f"beyond the bound (-{MAX_SHRINK_EM} em)", lambda s: str(sum(v < -MAX_SHRINK_EM - 0.005 for v in s)))):
        rows.append(f"| {label} | " + " | ".join(value(tight[name]) for name in names) + " |")
    return "\n".join(rows) + "\n"


def _quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def write_results(text: str) -> None:
    """Replace what follows MARK in bench/TYPOGRAPHY.md (the history above it stays)."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    head = old.split(MARK)[0] if MARK in old else old
    RESULTS.write_text(head.rstrip("\n") + "\n\n" + MARK + "\n\n" + text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=110, help="size of the synthetic year")
    parser.add_argument("--show", action="store_true", help="print each offending line")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite bench/TYPOGRAPHY.md")
    args = parser.parse_args()
    found, loose, tight = {}, {}, {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        synthetic = synthetic_project(scratch_dir / "synthetic", args.points)
        for name, root in (("sample (5 points)", ROOT), (f"synthetic ({args.points} points)", synthetic)):
            pdf = collection_of(root, scratch_dir / "cache")
            found[name], loose[name], tight[name] = violations(pdf), stretch(pdf), closed_up(pdf)
    text = tables(found, loose, tight)
    print(text)
    if not args.no_write:
        write_results(text)
    if args.show:
        for name in found:
            for kind in VIOLATIONS:
                for line in found[name][kind]:
                    print(f"{name}: {kind}: {line}")


if __name__ == "__main__":
    main()
