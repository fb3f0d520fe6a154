"""Worker processes: started only when enough targets are outdated to pay for them, warmed up
for the builders that have work, and never left behind: a worker ends at once on SIGTERM or
Ctrl-C, and on its own when its driver is gone."""
from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from pipeline.project import Project

from .builder import Builder

IN_PROCESS_UP_TO = 4     # a one-point edit (its profile, the collection, the article page and text) costs less here than a pool's start


def worker_count(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


class Workers:
    """A pool, started on first use; `close` after an interruption ends its processes at once."""

    def __init__(self, jobs: int):
        self.count = worker_count(jobs)
        self.pool: ProcessPoolExecutor | None = None

    def wanted(self, outdated: int) -> bool:
        return self.count > 1 and (self.pool is not None or outdated > IN_PROCESS_UP_TO)

    def start(self, project: Project, builders: list[Builder]) -> ProcessPoolExecutor:
        if self.pool is not None and getattr(self.pool, "_broken", False):
            self.close(interrupted=True)
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.count, initializer=_worker_start,
                                            initargs=(os.getpid(), project, tuple(builders)))
        return self.pool

    def close(self, interrupted: bool = False) -> None:
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if interrupted:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()          # a worker busy in a runaway template does not wait
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_start(parent: int, project: Project, builders: tuple[Builder, ...]) -> None:
    """In a new worker: die on SIGTERM and Ctrl-C (the default would turn them into an
    exception that the pool reports and survives), leave when the driver is gone, warm up."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_leave_with_parent, args=(parent,), daemon=True).start()
    for builder in builders:
        try:
            builder.warm_up(project)
        except Exception:  # noqa: BLE001 - the real job reports a broken style or font
            pass


def _leave_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
