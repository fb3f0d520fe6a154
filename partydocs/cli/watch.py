"""--watch: rebuild whenever a file under data/ or templates/ is saved.

Polling the folders' file stamps once a second is enough for hand edits and needs no
platform-specific file-system events (editors on Windows save in many different ways).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def snapshot(folders: list[Path]) -> dict[Path, tuple[int, int]]:
    stamps = {}
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                if path.is_file():
                    status = path.stat()
                    stamps[path] = (status.st_mtime_ns, status.st_size)
            except OSError:
                continue  # a file replaced while we looked: the next poll sees it
    return stamps


def watch(folders: list[Path], rebuild: Callable[[], None], interval: float = 1.0, settle: float = 0.3) -> None:
    """Call `rebuild` now and after every change; runs until interrupted (Ctrl-C)."""
    rebuild()
    seen = snapshot(folders)
    while True:
        time.sleep(interval)
        current = snapshot(folders)
        if current != seen:
            time.sleep(settle)  # let an editor finish writing its temp file and rename
            seen = snapshot(folders)
            rebuild()
