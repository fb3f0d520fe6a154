"""The release page's template render alone, for synthetic years of N points (no photos: they
do not reach the page template), as the sandbox runs it (templates/article/page.html.j2).

    python bench/article_page.py 2000 10000

For each size: the processor time of each of five renders of the page (its sections rendered
beforehand, as the build holds them), and the full garbage collections each one set off, which
scan every object the process holds. The template sandbox stops a render after
partydocs.model.templating.SECONDS of processor time; this script lifts that bound to see the
whole cost."""
from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.article import _page  # noqa: E402
from generators.article.sections import Sections, frame  # noqa: E402
from partydocs.model import templating  # noqa: E402
from partydocs.model.load import load_year  # noqa: E402
from partydocs.reuse.project import Project  # noqa: E402
from tests.synthetic import write_synthetic_year  # noqa: E402

RENDERS = 5


class FullCollections:
    """Counts the collector's passes over the oldest generation while it is installed."""

    def __init__(self):
        self.count = 0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            self.count += 1


def measure(points: int) -> None:
    with tempfile.TemporaryDirectory(prefix=f"page-{points}-") as scratch:
        root = Path(scratch)
        shutil.copytree(ROOT / "templates", root / "templates")
        write_synthetic_year(root, points, highlights=False)
        year = load_year(Project(root), "2021")
        made = frame(year, root / "templates")
        pieces = Sections(None, year, root / "templates", made).all("html")
        full = FullCollections()
        gc.callbacks.append(full)
        seconds, collections = [], []
        for _ in range(RENDERS):
            full.count, started = 0, time.process_time()
            _page(year, root / "templates", made, pieces)
            seconds.append(time.process_time() - started)
            collections.append(full.count)
        gc.callbacks.remove(full)
    median = statistics.median(seconds)
    print(f"{points} points: CPU per render {' '.join(f'{s:.3f}' for s in seconds)} s "
          f"(median {median:.3f} s, {median / points * 1e6:.1f} µs a point); full collections {collections}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("points", type=int, nargs="+")
    templating.SECONDS = 1e9
    for points in parser.parse_args().points:
        measure(points)


if __name__ == "__main__":
    main()
