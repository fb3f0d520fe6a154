"""The layout matrix's full sweep: every body length from 1 to 40 paragraphs × no seal / one
seal / two issuers' seals × with or without 附注 × with or without attachments (480 notices),
built, rendered by LibreOffice (one start per batch, batches side by side) and measured as
a typesetter would (tests/notice/matrix.py). Prints the counts; --write puts them in
bench/LAYOUT_MATRIX.md in place of the last sweep's, under the notes of earlier rounds. The suite runs a seeded sample of 60 (tests/notice/test_layout_matrix.py).

    python bench/layout_matrix.py [--sample N] [--batches 2] [--write]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.notice import matrix  # noqa: E402

KINDS = ("holes", "excepted", "orphans", "split_notes", "tight", "colophon")
HEAD = {"holes": "pages short > 2 lines", "excepted": "short, closing block too tall (excepted)", "orphans": "孤字 lines", "split_notes": "附注 not whole/placed",
        "tight": "pitch < 95 % or > 110 %", "colophon": "版记/page numbers"}


def sweep(variants: list[matrix.Variant], batches: int) -> tuple[list[matrix.Measured], int, dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="layout-matrix-") as scratch:
        root = Path(scratch)
        start = time.perf_counter()
        pdfs = matrix.build_and_render(variants, root, ROOT, batches)
        rendered = time.perf_counter()
        results = matrix.measure_all(pdfs, root / "out", batches)
        done = time.perf_counter()
    return results, len(variants) - len(pdfs), {"build+render": rendered - start, "measure": done - rendered}


def table(results: list[matrix.Measured], missing: int, times: dict[str, float]) -> str:
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [f"Layout matrix at {commit}: {len(results)} notices measured, {missing} not rendered; "
             + ", ".join(f"{k} {v:.0f} s" for k, v in times.items()), "",
             "| seal | 附注 | attachments | notices | " + " | ".join(HEAD[k] for k in KINDS) + " |",
             "| --- | --- | --- | ---: | " + " | ".join("---:" for _ in KINDS) + " |"]
    groups: dict[tuple, list[matrix.Measured]] = {}
    for measured in results:
        _, seal, note, att = measured.name.split("-")
        groups.setdefault((seal, note, att), []).append(measured)
    for key in sorted(groups):
        found = groups[key]
        lines.append(f"| {key[0]} | {key[1]} | {key[2]} | {len(found)} | "
                     + " | ".join(str(sum(len(getattr(m, k)) for m in found)) for k in KINDS) + " |")
    lines.append(f"| all | | | {len(results)} | " + " | ".join(str(sum(len(getattr(m, k)) for m in results)) for k in KINDS) + " |")
    faulty = [m for m in results if m.faults]
    lines += ["", f"Notices with any fault: {len(faulty)} of {len(results)}."]
    lines += [f"- {m.name}: " + "; ".join(f"{k}: {', '.join(getattr(m, k))}" for k in KINDS if getattr(m, k)) for m in faulty[:40]]
    excepted = [m for m in results if m.excepted]
    lines += ["", f"Pages excepted (the closing block under the carried lines is taller than the page's room, "
              f"closed up to 95 %, and the body, opened up to 110 %, too short to fill it): "
              f"{sum(len(m.excepted) for m in excepted)} in {len(excepted)} notices."]
    lines += [f"- {m.name}: {', '.join(m.excepted)}" for m in excepted]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="measure only this many variants (the suite's seeded sample)")
    parser.add_argument("--batches", type=int, default=2, help="LibreOffice runs side by side")
    parser.add_argument("--write", action="store_true", help="write bench/LAYOUT_MATRIX.md")
    args = parser.parse_args()
    variants = matrix.sampled_variants(args.sample) if args.sample else matrix.every_variant()
    text = table(*sweep(variants, args.batches))
    print(text)
    if args.write:
        target = ROOT / "bench" / "LAYOUT_MATRIX.md"
        kept = target.read_text(encoding="utf-8").split("Layout matrix at ")[0] if target.exists() else "# Layout matrix\n\n"
        target.write_text(kept + text, encoding="utf-8")      # the history above the latest sweep stays


if __name__ == "__main__":
    main()
