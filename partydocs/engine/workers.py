"""Worker processes, one per core, forked when a build starts and sent its documents when
there are more than a few to make (schedule.run); never left behind: a worker ends at once
on SIGTERM or Ctrl-C, and on its own when its driver is gone."""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from partydocs.reuse.errors import PipelineError

WORKER_DIED = "一个工作进程意外退出；本次生成已中断，已有的输出完好"


class WorkerDied(PipelineError):
    """A worker process ended in the middle of a job (killed, out of memory): the documents it
    and the others were making are discarded, those finished before are kept."""

    def __init__(self) -> None:
        super().__init__(WORKER_DIED)


def worker_count(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


class Workers:
    """A pool of `count` processes, forked when a build starts (fork_now) and kept (in --watch)
    until `close`."""

    def __init__(self, jobs: int):
        self.count = worker_count(jobs)
        self.pool: ProcessPoolExecutor | None = None

    def open(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.count, initializer=_worker_start, initargs=(os.getpid(),))
        return self.pool

    def fork_now(self) -> None:
        """Start the workers before the driver loads the year: forked later, each would share
        the driver's pages of it, and copy them as its own collector walked them (at 10,000
        points some 600 MB each). A fork pool starts all its workers at its first submission."""
        if self.count > 1 and self.pool is None:
            self.open().submit(os.getpid)

    def close(self, interrupted: bool = False) -> None:
        """After an interruption or a dead worker, the others are ended at once: a worker busy
        in a runaway template does not wait."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if interrupted:
            for process in multiprocessing.active_children():
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_start(parent: int) -> None:
    """In a new worker: die on SIGTERM and Ctrl-C (the default would turn them into an
    exception that the pool reports and survives), and leave when the driver is gone."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_leave_with_parent, args=(parent,), daemon=True).start()


def _leave_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
