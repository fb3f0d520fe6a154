"""Which planned targets are outdated, in what order they may run, and running them."""
from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
import traceback
import warnings
from collections import defaultdict, deque
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.reuse.errors import PipelineError
from partydocs.reuse.project import Project

from .builder import Builder, Target
from .manifest import FileHasher, Manifest
from .memory import collector_running
from .writer import Writer

if TYPE_CHECKING:
    from partydocs.model.model import Year

    from .workers import Workers


@dataclass
class Outcome:
    output: str
    status: str                 # "built", "up-to-date", "failed", "removed"
    seconds: float = 0.0
    reasons: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)    # said to the user, the document still made


@dataclass(frozen=True)
class Planned:
    builder: Builder
    year: Year
    target: Target


@dataclass(frozen=True)
class Job:
    """What a worker is sent: kept small, since it is pickled for every job."""

    builder: Builder
    year: Year                        # only the points the target reads
    target: Target
    key: str
    inputs: dict[str, str]
    reasons: tuple[str, ...]
    scratch: Path                     # where the worker writes it (Writer.reserve)


class Schedule:
    """Targets start once the outputs they read (`after`) are settled; up-to-date ones settle
    at once. Each target counts what it still waits for, so settling one scans nothing."""

    def __init__(self, planned: list[Planned], manifest: Manifest, hasher: FileHasher, writer: Writer,
                 options: tuple[Project, bool, bool]):
        self.planned, self.manifest, self.hasher, self.writer = planned, manifest, hasher, writer
        self.project, self.force, self.verify = options
        self.output_dir = str(self.project.output_dir)     # joined as a string for each of 30,000 targets
        outputs = {p.target.output for p in planned}
        self.unsettled: list[int] = []
        self.dependants: dict[str, list[int]] = defaultdict(list)
        self.queue: deque[int] = deque()
        for index, p in enumerate(planned):
            waits_for = {output for output in p.target.after if output in outputs}
            self.unsettled.append(len(waits_for))
            for output in waits_for:
                self.dependants[output].append(index)
            if not waits_for:
                self.queue.append(index)
        self.settled: set[str] = set()
        self.outcomes: list[Outcome] = []

    @property
    def waiting(self) -> int:
        return sum(1 for count in self.unsettled if count)

    def settle(self, output: str) -> None:
        if output in self.settled:
            return
        self.settled.add(output)
        for index in self.dependants.get(output, ()):
            self.unsettled[index] -= 1
            if not self.unsettled[index]:
                self.queue.append(index)

    def ready(self) -> list[Job]:
        jobs: list[Job] = []
        while self.queue:
            p = self.planned[self.queue.popleft()]
            try:
                job = self._job(p)
            except PipelineError as error:           # an output it may not write
                self._finish(Outcome(p.target.output, "failed", messages=error.messages()))
                continue
            if job:
                jobs.append(job)
            else:
                self._finish(Outcome(p.target.output, "up-to-date"))
        return jobs

    def _finish(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.settle(outcome.output)

    def _job(self, p: Planned) -> Job | None:
        output_dir = self.output_dir
        self.hasher.forget(os.path.normpath(os.path.join(output_dir, output)) for output in p.target.after)   # written by this build
        inputs = self.hasher.hashes(p.target.inputs) | dict(p.target.facts)
        key = _key(p.builder.toolchain(), p.target, inputs)
        reasons = self.manifest.reasons(p.target.output, key, inputs, output_dir, self.force, self.verify)
        if not reasons:
            return None
        return Job(p.builder, p.year.subset(p.target.reads), p.target, key, inputs, tuple(reasons),
                   self.writer.reserve(p.target.output))

    def done(self, job: Job, outcome: Outcome) -> list[Job]:
        """Commit a finished job's file and record it; the jobs that may start now."""
        outcome.reasons = list(job.reasons)
        if outcome.status == "built":
            try:
                self.writer.commit(job.scratch, job.target.output)
                self.manifest.record(job.target.output, job.builder.name, job.key, job.inputs,
                                     self.writer.path(job.target.output))
            except PipelineError as error:
                outcome.status, outcome.messages = "failed", error.messages()
        else:
            self.writer.discard(job.scratch)
        self._finish(outcome)
        self.manifest.maybe_flush()
        return self.ready()


def _key(toolchain: str, target: Target, inputs: dict[str, str]) -> str:
    digest = hashlib.sha256(f"{toolchain}\n{target.builder}\n{target.output}\n".encode())
    for label in sorted(inputs):
        digest.update(f"{label}={inputs[label]}\n".encode())
    return digest.hexdigest()


def run(schedule: Schedule, workers: Workers, project: Project, progress, debug: bool) -> None:
    """Build what is outdated: in the scout and here when it is a few documents, else in every
    worker; all here with -j 1."""
    queued = deque(schedule.ready())
    if progress and queued:
        progress.expect(len(queued))

    def finished(job: Job, outcome: Outcome) -> None:
        more = schedule.done(job, outcome)
        if progress:
            progress.advance(job.target.output)
            if more:
                progress.expect(len(more))
        queued.extend(more)

    try:
        if queued and workers.count > 1:
            pool = workers.start(project, [job.builder for job in queued], len(queued) + schedule.waiting)
            _run_in_pool(queued, pool, 2 * workers.count, finished, project, debug, share=workers.size < workers.count)
        while queued:
            job = queued.popleft()
            with collector_running():
                outcome = render(job, project, debug)
            finished(job, outcome)
    except BaseException:
        workers.close(interrupted=True)
        schedule.writer.discard_scratch()
        raise


def _run_in_pool(queued: deque, pool, window: int, finished, project: Project, debug: bool, share: bool) -> None:
    """With `share` (the pool is the one scout of a small build, on the core the driver would
    leave idle), the jobs whose imports it did not preload are rendered here, in a thread, while the
    scout works: the driver itself stays free to start what the scout's results let start."""
    here = _Here() if share else None
    running: dict[Future, Job] = {}
    try:
        while queued or running:
            while queued and len(running) < window:        # submitted ahead: enough to keep workers busy
                job = queued.popleft()
                executor = here if here and not job.builder.preloads else pool
                running[executor.submit(render, job, project, debug)] = job
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                finished(running.pop(future), future.result())
    finally:
        if here:
            here.close()


class _Here:
    """One daemon thread rendering the driver's share of a small build, a job at a time (a
    render records its warnings, which are process-wide). An interrupted build does not wait
    for it."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._work, daemon=True).start()

    def submit(self, function, *args) -> Future:
        future: Future = Future()
        self.jobs.put((future, function, args))
        return future

    def close(self) -> None:
        self.jobs.put(None)

    def _work(self) -> None:
        while (item := self.jobs.get()) is not None:
            future, function, args = item
            try:
                future.set_result(function(*args))
            except Exception as error:  # noqa: BLE001 - handed to the driver, which raises it
                future.set_exception(error)


def render(job: Job, project: Project, debug: bool) -> Outcome:
    """Maybe in a worker: the document, written to its scratch file."""
    started = time.perf_counter()
    outcome = Outcome(job.target.output, "built")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            job.builder.write(job.year, job.target, project, job.scratch)
        outcome.warnings = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    except PipelineError as error:
        outcome.status, outcome.messages = "failed", error.messages()
    except Exception as error:  # a bug in one document must not stop the others
        outcome.status = "failed"
        outcome.messages = [f"{job.target.output}: 程序内部错误（{type(error).__name__}: {error}）；请用 --debug 运行并把输出发给维护人员"]
        if debug:
            outcome.messages.append(traceback.format_exc())
    outcome.seconds = time.perf_counter() - started
    return outcome
