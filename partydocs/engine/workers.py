"""Worker processes: one scout warming up while the driver validates (it renders a small
build's brochures), every worker when many targets are outdated; never left behind: a worker
ends at once on SIGTERM or Ctrl-C, and on its own when its driver is gone."""
from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from partydocs.reuse.project import Project

from .builder import Builder
from .memory import collect_as_usual

SCOUT_UP_TO = 4     # a one-point edit (its profile, the collection, the article page and text): the scout and the driver do it


def worker_count(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


class Workers:
    """A pool: the scout, or all workers; `close` after an interruption, or of a scout that had
    nothing to do, ends its processes at once."""

    def __init__(self, jobs: int):
        self.count = worker_count(jobs)
        self.pool: ProcessPoolExecutor | None = None
        self.size = 0
        self.used = False

    def scout(self, project: Project, builders: list[Builder]) -> None:
        """Start one worker now, on a core the driver leaves idle while it validates, so that
        its imports are paid by the time a small build has its jobs. Only one:
        more would take the driver's own core. A build with nothing to do ends it unused."""
        if self.count > 1 and self.pool is None:
            self._open(project, builders, 1, scouting=True).submit(os.getpid)    # a pool forks its workers at the first submission

    def start(self, project: Project, builders: list[Builder], outdated: int) -> ProcessPoolExecutor:
        """The pool for `outdated` jobs: the scout alone for a few, every worker for more."""
        if self.pool is not None and (getattr(self.pool, "_broken", False) or
                                      (self.size < self.count and outdated > SCOUT_UP_TO)):
            self.close(interrupted=True)
        self.used = True
        return self.pool or self._open(project, builders, self.count)

    def _open(self, project: Project, builders: list[Builder], size: int, scouting: bool = False) -> ProcessPoolExecutor:
        warm_ups = tuple({type(builder).warm_up: builder for builder in builders}.values())   # profiles and collection share one
        self.pool = ProcessPoolExecutor(max_workers=size, initializer=_worker_start,
                                        initargs=(os.getpid(), project, warm_ups, scouting))
        self.size = size
        return self.pool

    def close(self, interrupted: bool = False) -> None:
        pool, self.pool = self.pool, None
        interrupted = interrupted or not self.used       # an unused worker may still be warming up
        self.used = False
        if pool is None:
            return
        if interrupted:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()          # a worker busy in a runaway template does not wait
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_start(parent: int, project: Project, builders: tuple[Builder, ...], scouting: bool) -> None:
    """In a new worker: die on SIGTERM and Ctrl-C (the default would turn them into an
    exception that the pool reports and survives), leave when the driver is gone, warm up.
    The scout, started while the driver validates, only imports: nothing may be written
    (a font cache filled, a folder made) before the build holds its lock."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_leave_with_parent, args=(parent,), daemon=True).start()
    for builder in builders:
        try:
            builder.preload() if scouting else builder.warm_up(project)
        except Exception:  # noqa: BLE001 - the real job reports a broken style or font
            pass
    collect_as_usual()


def _leave_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
