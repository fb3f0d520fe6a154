"""How much expensive work this process did: sections laid out, matter laid out, glyphs
converted, photos scaled. Tests (and anyone measuring) read these to see what a build reused,
instead of reaching into the functions that do the work."""
from __future__ import annotations

from collections import Counter

work: Counter[str] = Counter()


def did(what: str, times: int = 1) -> None:
    work[what] += times
