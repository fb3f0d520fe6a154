"""--watch: rebuild whenever a file under data/ or templates/ is saved.

The operating system says what changed (watchfiles: inotify, FSEvents, ReadDirectoryChangesW),
so an edit starts its build at once and an idle watch costs nothing; the changes an editor
makes in one save (a temporary file, a rename) arrive together, once the folders have been
quiet for `STEP_MS`."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

STEP_MS = 100             # quiet this long after a change: the save is complete
DEBOUNCE_MS = 1600        # changes still arriving after this long are taken in the next build


def watch(folders: list[Path], rebuild: Callable[[], None]) -> None:
    """Call `rebuild` now and after every change; runs until interrupted (Ctrl-C, SIGTERM)."""
    from watchfiles import watch as changes

    rebuild()
    for _ in changes(*[folder for folder in folders if folder.is_dir()], step=STEP_MS, debounce=DEBOUNCE_MS,
                     raise_interrupt=True):
        rebuild()
