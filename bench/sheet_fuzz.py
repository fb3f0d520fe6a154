"""A seeded fuzz over sheets: mutated .xlsx/.ods/.xls/.csv files read as a build reads them,
counting crashes, internal errors and hangs (there should be none), and printing the table.

    python bench/sheet_fuzz.py                 # 2,000 files, seed 36
    python bench/sheet_fuzz.py --files 5000 --seed 7

The mutations and the reader process: tests/model/sheet_fuzz.py. Files that fail are kept in
<temp>/sheet-fuzz-failures/ to reproduce by hand.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.model.sheet_fuzz import HANG, fuzz  # noqa: E402

STATUSES = ("read", "refused", "crash", "internal", "hang")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=36)
    args = parser.parse_args()
    started = time.perf_counter()

    def progress(done: int, tally) -> None:
        if done % 250 == 0:
            print(f"  {done} files, {time.perf_counter() - started:.0f} s", file=sys.stderr)

    tally = fuzz(args.files, args.seed, progress)
    seconds = time.perf_counter() - started
    kinds = sorted({kind for kind, _ in tally.kinds})
    print(f"\nsheet fuzz: seed {args.seed}, {tally.files} files in {seconds:.0f} s\n")
    print("| kind | " + " | ".join(STATUSES) + " |")
    print("| --- |" + " ---: |" * len(STATUSES))
    for kind in kinds:
        print(f"| {kind} | " + " | ".join(str(tally.kinds[(kind, status)]) for status in STATUSES) + " |")
    print("| all | " + " | ".join(str(tally.counts[status]) for status in STATUSES) + " |")
    print(f"\nslowest file: {tally.slowest[0]:.1f} s, {tally.slowest[1]} (a hang is {HANG:.0f} s)")
    for line in tally.failures:
        print(line)
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
