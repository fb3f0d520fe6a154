"""The build driver: load and validate every year, plan targets, rebuild what changed, report.

Phase one reads everything and stops with every data problem before a file is touched.
Phase two rebuilds exactly the targets whose inputs changed, by content hash, recorded in
output/.manifest.json together with the code's own hash, so a code change rebuilds all.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import threading
import time
import traceback
from collections import defaultdict, deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generators.base import Builder, Target
from generators.builders import builders

from .config import BuildConfig
from .errors import DataError, PipelineError
from .project import Project
from .version import running_code
from .stamps import RACY_NS, is_record, recorded_digest, stamp
from .writer import Writer, build_lock, write_json

if TYPE_CHECKING:
    from .load import PointMemo
    from .model import Year

MANIFEST = ".manifest.json"


@dataclass
class Outcome:
    output: str
    status: str                 # "built", "up-to-date", "failed", "removed"
    seconds: float = 0.0
    reasons: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    size: int = 0


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        return 0 if not self.count("failed") else 1


@dataclass(frozen=True)
class Job:
    """What a worker is sent: kept small, since it is pickled for every job (sending the whole
    year with each of 1,000 profiles made builds grow with the square of N)."""

    builder: Builder
    year: Year                        # only the points the target reads
    target: Target
    key: str
    inputs: dict[str, str]
    reasons: tuple[str, ...]
    scratch: Path                     # where the worker writes it (Writer.reserve)


def load_years(config: BuildConfig, memo: PointMemo | None = None) -> list[Year]:
    """Phase one: every requested year, validated; all problems of all years at once."""
    from .load import load_year    # the data model is not needed by a build with nothing to do

    project = config.project
    names = config.years or project.years()
    if not names:
        raise PipelineError(f"在 {project.label(project.data_dir)}/ 下没有找到任何年度数据（应有 data/<年度>/notice.yaml）")
    problems, years = [], []
    for name in names:
        if not (project.data_dir / name).is_dir():
            raise PipelineError(f"没有 {name} 年度的数据文件夹 data/{name}/；现有年度：{'、'.join(project.years()) or '无'}")
        try:
            years.append(load_year(project, name, memo))
        except DataError as error:
            problems += error.problems
    if problems:
        raise DataError(problems)
    return years


class Session:
    """What a --watch loop or the build server keeps between builds: worker processes that have
    imported the generators and loaded the fonts once, and the point files already read and
    checked. A watch builds only when it saw a file change (`after_change`), so it skips the
    check for a build with nothing to do; its first build reads all the data, which the next
    builds then reuse."""

    def __init__(self, config: BuildConfig, after_change: bool = False):
        from .load import PointMemo

        self.config = config
        self.after_change = after_change
        self.points = PointMemo()
        self._workers = _worker_pool(config)
        self.pool = None

    def __enter__(self) -> Session:
        self.pool = self._workers.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._workers.__exit__(*exc)

    def live_pool(self):
        """The pool, started again if a worker died (killed, out of memory) in an earlier build,
        or an interrupted build ended it."""
        if self.pool is not None and (getattr(self.pool, "_broken", False) or getattr(self.pool, "_shutdown_thread", False)):
            self._workers.__exit__(None, None, None)
            self._workers = _worker_pool(self.config)
            self.pool = self._workers.__enter__()
        return self.pool


def build(config: BuildConfig, progress=None, session: Session | None = None) -> Report:
    started = time.perf_counter()
    report = (None if session and session.after_change else _unchanged(config)) or _build(config, progress, session)
    report.seconds = time.perf_counter() - started
    return report


def _build(config: BuildConfig, progress, session: Session | None) -> Report:
    if session:
        return _load_and_build(config, progress, session.live_pool(), session.points)
    with _worker_pool(config) as pool:
        return _load_and_build(config, progress, pool)


def rehearse(config: BuildConfig, session: Session) -> None:
    """A build server's one-time costs, paid before it is asked: reading the data, styles and
    templates, and in each worker making one document of each kind, in memory (the fonts a
    profile uses, the templates, the matter of a volume). Writes no output."""
    planned = _plan(config, load_years(config, session.points))
    pool = session.live_pool()
    if pool is not None:
        first = {type(builder): (builder, year, target) for builder, year, target in reversed(planned)}
        wait([pool.submit(_rehearse_document, builder, year.subset(target.reads), target, config.project)
              for builder, year, target in first.values() for _ in range(_worker_count(config))])


def _rehearse_document(builder: Builder, year: Year, target: Target, project: Project) -> None:
    try:
        builder.render(year, target, project)
    except Exception:  # noqa: BLE001 - the build that is asked for reports it
        pass


@contextmanager
def _worker_pool(config: BuildConfig):
    """Worker processes started before the data is loaded, so that a forked worker does not
    inherit a 10,000-point year it never needs; each job carries just the points it reads.
    They inherit the data model's modules, which both sides need, and import the generators
    while the main process loads and checks the data."""
    workers = _worker_count(config)
    if workers <= 1:
        yield None
        return
    importlib.import_module("pipeline.load")
    with ProcessPoolExecutor(max_workers=workers, initializer=_leave_with_parent, initargs=(os.getpid(),)) as pool:
        for _ in range(workers):
            pool.submit(_warm_up, config.project, config.pdf)
        yield pool


def _leave_with_parent(parent: int) -> None:
    """A worker whose driver is gone (killed, its window closed) exits instead of waiting for
    work forever; an orderly end of the driver shuts the pool down itself."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _worker_count(config: BuildConfig) -> int:
    return config.jobs or os.cpu_count() or 1


def _warm_up(project: Project, pdf: bool) -> None:
    for builder in {builder.name: builder for builder in builders(pdf)}.values():   # profiles and collection: once
        try:
            builder.warm_up(project)
        except Exception:  # noqa: BLE001 - a broken style or font is the real job's to report
            pass


def _load_and_build(config: BuildConfig, progress, pool, memo: PointMemo | None = None) -> Report:
    years = load_years(config, memo)
    project = config.project
    with build_lock(project.output_dir):
        manifest = Manifest.read(project.output_dir)
        manifest.snapshot = None  # valid again only once this build completes
        _remove_leftovers(project.output_dir)
        report, writer = Report(), Writer(project.output_dir)
        planned = _plan(config, years)
        hasher = FileHasher(project, manifest.hashes)
        _run(config, planned, writer, manifest, hasher, report, progress, pool)
        if _is_full_build(config):
            manifest.hashes = hasher.recorded()            # forget files no target reads any more
            _remove_stale(config, years, manifest, writer, report)
            if not report.count("failed"):
                extra = {path for _, _, target in planned for path in target.inputs}
                manifest.snapshot = _snapshot(config, [y.year for y in years], extra, manifest)
        manifest.write()
    return report


def _unchanged(config: BuildConfig) -> Report | None:
    """Nothing on disk changed since the last complete build: skip even loading the data.

    File stamps only decide that nothing needs a look; when any stamp differs, the normal
    path compares content hashes, so a touched-but-identical file rebuilds nothing. A data or
    template file changed less than two seconds before the last snapshot could have changed
    again within the same time stamp (FAT and network shares keep two-second times): then
    the normal path looks at the contents too.
    """
    if config.force or not _is_full_build(config):
        return None
    manifest = Manifest.read(config.project.output_dir)
    names = config.years or config.project.years()
    old = manifest.snapshot
    if not old or old.get("scope") != _scope(config, names) or not isinstance(old.get("taken"), int):
        return None
    if any(stamp(Path(path)) != recorded for path, recorded in old.get("files", {}).items()):
        return None                      # one changed file is enough: an edit need not wait for a full look
    extra = {Path(path) for path in old.get("files", {})}
    now = _snapshot(config, names, extra, manifest)
    if now["files"] != old.get("files") or now["code"] != old.get("code"):
        return None
    if _recent_inputs(config, old["files"], old["taken"]):
        return None
    with build_lock(config.project.output_dir):
        prefixes = tuple(f"{name}/" for name in names)
        return Report([Outcome(output, "up-to-date") for output in manifest.outputs() if output.startswith(prefixes)])


def _recent_inputs(config: BuildConfig, files: dict[str, list | None], taken: int) -> bool:
    output_dir = str(config.project.output_dir)
    return any(recorded and recorded[0] >= taken - RACY_NS
               for path, recorded in files.items() if not path.startswith(output_dir))


def _scope(config: BuildConfig, names: list[str]) -> str:
    return json.dumps({"years": sorted(names), "pdf": config.pdf})


def _snapshot(config: BuildConfig, names: list[str], extra: set[Path], manifest: Manifest) -> dict:
    project = config.project
    paths = set(extra)
    for folder in [project.templates_dir] + [project.data_dir / name for name in names]:
        paths.update(p for p in folder.rglob("*") if p.is_file())
    paths.update(project.output_dir / output for output in manifest.outputs())
    return {"scope": _scope(config, names), "code": running_code(), "taken": time.time_ns(),
            "files": {str(p): stamp(p) for p in sorted(paths)}}


def _is_full_build(config: BuildConfig) -> bool:
    return not config.only and not config.points


def _plan(config: BuildConfig, years: list[Year]) -> list[tuple[Builder, Year, Target]]:
    chosen = []
    for year in years:
        for builder in builders(config.pdf):
            if config.only and not builder.name.startswith(config.only):
                continue
            for target in builder.targets(year, config.project):
                if not config.points or target.point in config.points:
                    chosen.append((builder, year, target))
    return chosen


def _run(config: BuildConfig, planned, writer: Writer, manifest: Manifest, hasher: FileHasher, report: Report,
         progress, pool) -> None:
    """Build what is outdated; a target that reads other outputs starts as soon as they are settled."""
    plan = _Schedule(config, planned, manifest, hasher, writer, report)
    jobs = plan.ready()

    def settle(job: Job, outcome: Outcome) -> list[Job]:
        outcome.reasons = list(job.reasons)
        if outcome.status == "built":
            _save(job, outcome, writer, manifest)
        report.outcomes.append(outcome)
        manifest.maybe_flush()
        if progress:
            progress.advance(job.target.output)
        plan.settle(job.target.output)
        more = plan.ready()
        if progress and more:
            progress.expect(len(more))
        return more

    if progress and jobs:
        progress.expect(len(jobs))
    queued = deque(jobs)
    try:
        if pool is None or len(queued) + plan.waiting <= 1:
            while queued:
                job = queued.popleft()
                queued += settle(job, _render(job, config))
            return
        window = 2 * _worker_count(config)       # submitted ahead: enough to keep workers busy
        running: dict = {}
        while queued or running:
            while queued and len(running) < window:
                job = queued.popleft()
                running[pool.submit(_render, job, config)] = job
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                queued += settle(running.pop(future), future.result())
    except BaseException:
        _abandon(pool, writer)
        raise


def _abandon(pool, writer: Writer) -> None:
    """Interrupted (Ctrl-C, a lost connection to the command): the workers finish what they
    hold and stop, then no scratch file of this build is left beside the outputs. The pool,
    a --watch or server session's too, ends with the build (so does the session)."""
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
    writer.discard_scratch()


class _Schedule:
    """Which planned targets can start: those whose `after` outputs are settled (built, up to
    date or failed) or not part of this build. Up-to-date targets settle at once. Each target
    counts the outputs it still waits for, so settling one costs nothing like a scan of all."""

    def __init__(self, config: BuildConfig, planned, manifest: Manifest, hasher: FileHasher, writer: Writer,
                 report: Report):
        self.config, self.manifest, self.report = config, manifest, report
        self.code = running_code()
        self.hasher, self.writer = hasher, writer
        self.planned = planned
        outputs = {target.output for _, _, target in planned}
        self.unsettled: list[int] = []
        self.dependants: dict[str, list[int]] = defaultdict(list)
        self.queue: deque[int] = deque()
        for index, (_, _, target) in enumerate(planned):
            waits_for = {output for output in target.after if output in outputs}
            self.unsettled.append(len(waits_for))
            for output in waits_for:
                self.dependants[output].append(index)
            if not waits_for:
                self.queue.append(index)
        self.settled: set[str] = set()

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
            builder, year, target = self.planned[self.queue.popleft()]
            try:
                job = self._job(builder, year, target)
            except PipelineError as error:           # an output it may not write
                self.report.outcomes.append(Outcome(target.output, "failed", messages=error.messages()))
                self.settle(target.output)
                continue
            if job:
                jobs.append(job)
            else:
                self.report.outcomes.append(Outcome(target.output, "up-to-date"))
                self.settle(target.output)
        return jobs

    def _job(self, builder: Builder, year: Year, target: Target) -> Job | None:
        output_dir = self.config.project.output_dir
        self.hasher.forget(output_dir / output for output in target.after)   # written by this build
        inputs = self.hasher.hashes(target.inputs) | dict(target.facts)
        key = _key(self.code, target, inputs)
        reasons = self.manifest.reasons(target.output, key, inputs, output_dir, self.config.force)
        if not reasons:
            return None
        return Job(builder, year.subset(target.reads), target, key, inputs, tuple(reasons), self.writer.reserve(target.output))


def _key(code: str, target: Target, inputs: dict[str, str]) -> str:
    digest = hashlib.sha256(f"{code}\n{target.builder}\n{target.output}\n".encode())
    for label in sorted(inputs):
        digest.update(f"{label}={inputs[label]}\n".encode())
    return digest.hexdigest()


def _save(job: Job, outcome: Outcome, writer: Writer, manifest: Manifest) -> None:
    try:
        writer.commit(job.scratch, job.target.output)
    except PipelineError as error:
        outcome.status, outcome.messages = "failed", error.messages()
        return
    manifest.record(job.target.output, job.key, job.inputs, outcome.size)


def _render(job: Job, config: BuildConfig) -> Outcome:
    """In a worker: the document, written to its scratch file."""
    started = time.perf_counter()
    outcome = Outcome(job.target.output, "built")
    try:
        outcome.size = job.builder.write(job.year, job.target, config.project, job.scratch)
    except PipelineError as error:
        outcome.status, outcome.messages = "failed", error.messages()
    except Exception as error:  # a bug in one document must not stop the others
        outcome.status = "failed"
        outcome.messages = [f"{job.target.output}: 程序内部错误（{type(error).__name__}: {error}）；请用 --debug 运行并把输出发给维护人员"]
        if config.debug:
            outcome.messages.append(traceback.format_exc())
    outcome.seconds = time.perf_counter() - started
    return outcome


def _remove_stale(config: BuildConfig, years: list[Year], manifest: Manifest, writer: Writer, report: Report) -> None:
    """Outputs whose source is gone (a deleted point, a dropped --pdf) are removed."""
    current = {o.output for o in report.outcomes}
    prefixes = tuple(f"{y.year}/" for y in years)
    for output in manifest.outputs():
        if output.startswith(prefixes) and output not in current:
            writer.remove(output)
            manifest.forget(output)
            report.outcomes.append(Outcome(output, "removed"))


def _remove_leftovers(output_dir: Path) -> None:
    """Temp files of a build that was killed (kill -9, power cut) before it could tidy up."""
    for scratch in output_dir.rglob(".*.part"):
        scratch.unlink(missing_ok=True)


class FileHasher:
    """Content hashes of input files, each read at most once per build, and not at all when
    its size and modification time are those recorded with its hash by an earlier build
    (`known`, kept in the manifest). A file modified within two seconds before that record is
    read again, as some file systems (FAT, network shares) keep times only to two seconds."""

    def __init__(self, project: Project, known: dict[str, list] | None = None):
        self.project = project
        self.memo: dict[Path, str] = {}
        self.known = known if known is not None else {}
        self.used: set[str] = set()
        self.labels: dict[Path, str] = {}      # every target names the templates and fonts again

    def hashes(self, paths) -> dict[str, str]:
        return {self._label(p): self._hash(p) for p in paths}

    def _label(self, path: Path) -> str:
        if path not in self.labels:
            self.labels[path] = self.project.label(path)
        return self.labels[path]

    def forget(self, paths) -> None:
        for path in paths:
            self.memo.pop(path, None)

    def _hash(self, path: Path) -> str:
        if path not in self.memo:
            self.memo[path] = self._recorded_or_read(path)
        return self.memo[path]

    def _recorded_or_read(self, path: Path) -> str:
        key = str(path)
        self.used.add(key)
        try:
            digest, self.known[key] = recorded_digest(path, self.known.get(key))
        except OSError:
            return "missing"
        return digest

    def recorded(self) -> dict[str, list]:
        return {key: record for key, record in self.known.items() if key in self.used}


class Manifest:
    """What the last builds wrote, from which inputs; read to decide, written as we go."""

    def __init__(self, path: Path, entries: dict, snapshot: dict | None = None, hashes: dict | None = None):
        self.path = path
        self.entries = entries
        self.snapshot = snapshot
        self.hashes: dict[str, list] = hashes or {}      # input file -> [mtime_ns, size, recorded_ns, sha256]
        self.dirty_since = 0.0
        self.write_seconds = 0.0

    @classmethod
    def read(cls, output_dir: Path) -> Manifest:
        path = output_dir / MANIFEST
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            entries, snapshot, hashes = stored["targets"], stored.get("snapshot"), stored.get("hashes")
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path, {})
        return cls(path, entries if isinstance(entries, dict) else {}, snapshot if isinstance(snapshot, dict) else None,
                   {k: v for k, v in hashes.items() if is_record(v)} if isinstance(hashes, dict) else {})

    def reasons(self, output: str, key: str, inputs: dict[str, str], output_dir: Path, force: bool) -> list[str]:
        old = self.entries.get(output)
        if force:
            return ["--force"]
        if not old:
            return ["首次生成"]
        target = output_dir / output
        if not target.is_file() or target.stat().st_size != old.get("size"):
            return ["输出文件缺失或被改动"]
        if old.get("key") == key:
            return []
        before = old.get("inputs", {})
        changed = [f"已修改 {label}" for label in sorted(inputs) if label in before and before[label] != inputs[label]]
        changed += [f"新增依赖 {label}" for label in sorted(inputs) if label not in before]
        changed += [f"不再依赖 {label}" for label in sorted(before) if label not in inputs]
        return changed or ["程序代码已更新"]

    def record(self, output: str, key: str, inputs: dict[str, str], size: int) -> None:
        self.entries[output] = {"key": key, "size": size, "inputs": inputs}
        self.dirty_since = self.dirty_since or time.monotonic()

    def forget(self, output: str) -> None:
        self.entries.pop(output, None)

    def outputs(self) -> list[str]:
        return sorted(self.entries)

    def maybe_flush(self) -> None:
        if self.dirty_since and time.monotonic() - self.dirty_since > max(2.0, 20 * self.write_seconds):
            self.write()       # the manifest of 10,000 targets takes a while to write: at most 5 % of the time

    def write(self) -> None:
        started = time.monotonic()
        write_json(self.path, {"targets": self.entries, "snapshot": self.snapshot, "hashes": self.hashes})
        self.dirty_since, self.write_seconds = 0.0, time.monotonic() - started
