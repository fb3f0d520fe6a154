"""Which planned targets are outdated, in what order they may run, and running them."""
from __future__ import annotations

import hashlib
import os
import time
import traceback
import warnings
from collections import defaultdict, deque
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.reuse import reads
from partydocs.reuse.errors import PipelineError
from partydocs.reuse.project import Project
from partydocs.reuse.reads import CHANGED
from partydocs.reuse.stamps import stamp

from .builder import Builder, Target
from .manifest import FileHasher, Manifest
from .workers import WorkerDied
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
    read: dict[str, list] = field(default_factory=dict)  # input files the job read: path -> stamps record (reads.py)


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
        return Job(p.builder, p.year.subset(p.target.reads, p.target.document), p.target, key, inputs, tuple(reasons),
                   self.writer.reserve(p.target.output))

    def done(self, job: Job, outcome: Outcome) -> list[Job]:
        """Commit a finished job's file and record it; the jobs that may start now."""
        outcome.reasons = list(job.reasons)
        if outcome.status == "built":
            try:
                self.writer.commit(job.scratch, job.target.output)
                inputs = self._as_read(job, outcome.read)
                outcome.read = {}                    # 30,000 outcomes are kept for the report: not their reads
                key = job.key if inputs == job.inputs else _key(job.builder.toolchain(), job.target, inputs)
                self.manifest.record(job.target.output, job.builder.name, key, inputs, self.writer.path(job.target.output))
            except PipelineError as error:
                outcome.status, outcome.messages = "failed", error.messages()
        else:
            self.writer.discard(job.scratch)
        self._finish(outcome)
        self.manifest.maybe_flush()
        return self.ready()

    def _as_read(self, job: Job, read: dict[str, list]) -> dict[str, str]:
        """The job's inputs as the document was made from them: a file the job read has the
        digest of the bytes it read; a file neither it nor the data loader read (a template, a
        font, a photo the collection takes from the profiles) is CHANGED if its stamp moved
        since it was hashed. Either way a file saved during the build leaves the document
        outdated, however the file ends up."""
        inputs = dict(job.inputs)
        for path in job.target.inputs:
            key = str(path)
            label = self.hasher.labels.get(path) or self.project.label(path)
            if key in read:
                inputs[label] = read[key][3]
            elif not self.hasher.loaded(key) and self.hasher.stamp_of(key) != stamp(path):
                inputs[label] = CHANGED
        return inputs


def _key(toolchain: str, target: Target, inputs: dict[str, str]) -> str:
    digest = hashlib.sha256(f"{toolchain}\n{target.builder}\n{target.output}\n".encode())
    for label in sorted(inputs):
        digest.update(f"{label}={inputs[label]}\n".encode())
    return digest.hexdigest()


POOL_FROM = 2      # outdated documents ready per worker, beyond which the workers make them


def run(schedule: Schedule, workers: Workers, project: Project, progress, debug: bool) -> None:
    """Build what is outdated: here while there are few documents to make (and all here with
    -j 1), in the worker processes once more than POOL_FROM a worker are ready. A worker's
    first document of a kind pays that kind's imports and fonts (0.2-0.3 s of CPU): for one
    edited point's profile, collection and release page, more than the workers would gain."""
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
        while queued:
            if workers.count > 1 and len(queued) > POOL_FROM * workers.count:
                _run_in_pool(queued, workers.open(), 2 * workers.count, finished, project, debug)
                break
            job = queued.popleft()
            finished(job, render(job, project, debug))
    except BrokenProcessPool as error:
        workers.close(interrupted=True)
        schedule.writer.discard_scratch()
        raise WorkerDied() from error
    except BaseException:
        workers.close(interrupted=True)
        schedule.writer.discard_scratch()
        raise


def _run_in_pool(queued: deque, pool, window: int, finished, project: Project, debug: bool) -> None:
    running: dict[Future, Job] = {}
    while queued or running:
        while queued and len(running) < window:        # submitted ahead: enough to keep workers busy
            job = queued.popleft()
            running[pool.submit(render, job, project, debug)] = job
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            finished(running.pop(future), future.result())


def render(job: Job, project: Project, debug: bool) -> Outcome:
    """Maybe in a worker: the document, written to its scratch file."""
    started = time.perf_counter()
    outcome = Outcome(job.target.output, "built")
    reads.taken()                                # what an earlier job here read is not this one's
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
    outcome.read = reads.taken()
    outcome.seconds = time.perf_counter() - started
    return outcome
