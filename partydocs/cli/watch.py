"""--watch: rebuild whenever a file under data/ or templates/ is saved.

The operating system says what changed (watchfiles: inotify, FSEvents, ReadDirectoryChangesW),
so an edit starts its build at once and an idle watch scans nothing; the changes an editor
makes in one save (a temporary file, a rename) arrive together, once the folders have been
quiet for `STEP_MS`. Changes made while a build runs are heard and built next. Only the first
build runs before the watcher listens: what changed during it is found by comparing the
files' stamps once the watcher reports in (its first wake-up)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

STEP_MS = 100             # quiet this long after a change: the save is complete
DEBOUNCE_MS = 1600        # changes still arriving after this long are taken in the next build
WAKE_MS = 5000            # the watcher's wake-up when nothing happens


def watch(folders: list[Path], rebuild: Callable[[], None]) -> None:
    """Call `rebuild` now and after every change; runs until interrupted (Ctrl-C, SIGTERM)."""
    from watchfiles import watch as changes

    watched = [folder for folder in folders if folder.is_dir()]
    before: dict | None = snapshot(watched)
    rebuild()
    for changed in changes(*watched, step=STEP_MS, debounce=DEBOUNCE_MS, rust_timeout=WAKE_MS, yield_on_timeout=True):
        if changed or (before is not None and snapshot(watched) != before):
            rebuild()
        before = None


def snapshot(folders: list[Path]) -> dict[Path, tuple[int, int]]:
    stamps = {}
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                status = path.stat()
                stamps[path] = (status.st_mtime_ns, status.st_size)
            except OSError:
                continue
    return stamps
