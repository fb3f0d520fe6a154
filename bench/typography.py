"""Count line-breaking and punctuation violations in the bound collection, read back from the PDF.

    python bench/typography.py                  # the sample year and a 110-point synthetic year
    python bench/typography.py --points 1000    # another synthetic size
    python bench/typography.py --show           # also print each offending line

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
from tests.brochure.typography import VIOLATIONS, violations  # noqa: E402
from tests.synthetic import write_synthetic_year  # noqa: E402


def collection_of(root: Path, cache: Path) -> bytes:
    project = Project(root)
    return build_collection(load_year(project, "2021"), project.templates_dir, Cache(cache))


def synthetic_project(folder: Path, points: int) -> Path:
    shutil.copytree(ROOT / "templates", folder / "templates")
    write_synthetic_year(folder, points)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=110, help="size of the synthetic year")
    parser.add_argument("--show", action="store_true", help="print each offending line")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        found = {"sample (5 points)": violations(collection_of(ROOT, scratch_dir / "cache"))}
        synthetic = synthetic_project(scratch_dir / "synthetic", args.points)
        found[f"synthetic ({args.points} points)"] = violations(collection_of(synthetic, scratch_dir / "cache"))
    names = list(found)
    print("| violation | " + " | ".join(names) + " |")
    print("| --- | " + " | ".join("---:" for _ in names) + " |")
    for kind in VIOLATIONS:
        print(f"| {kind} | " + " | ".join(str(len(found[name][kind])) for name in names) + " |")
    if args.show:
        for name in names:
            for kind in VIOLATIONS:
                for line in found[name][kind]:
                    print(f"{name}: {kind}: {line}")


if __name__ == "__main__":
    main()
