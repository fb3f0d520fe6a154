"""The build driver: validate everything, then rebuild the outdated targets, then report.

Phase one (validate.py) finds every problem before a file is touched. Phase two, under the
output folder's lock, rebuilds exactly the targets whose key changed — the content hashes of
their inputs and the toolchain (toolchain.py) — recorded in output/.manifest.json."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from partydocs.reuse import reads
from partydocs.reuse.cache import existing_cache, open_cache

from . import quiet
from .builder import Builder
from .config import BuildConfig
from .manifest import FileHasher, Manifest
from .schedule import Outcome, Planned, Schedule, run
from .validate import validate
from .workers import Workers
from .writer import Writer, build_lock

if TYPE_CHECKING:
    from partydocs.model.load import PointMemo
    from partydocs.model.model import Year

POINTS = "points"
DISCARDED = "output/.manifest.json 已损坏或格式不对，已弃用；本次全部重新生成"


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)       # one line each, said before the summary
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        return 0 if not self.count("failed") else 1


class Session:
    """What a --watch loop keeps between builds: its worker processes (imports and fonts paid
    once) and the point files it has already read and checked."""

    def __init__(self, config: BuildConfig):
        self.points = point_memo(config)
        self.workers = Workers(config.jobs)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.workers.close(interrupted=exc[0] is not None)


def point_memo(config: BuildConfig) -> PointMemo:
    """Point files read and checked by earlier builds, found in output/.cache (read only)."""
    from partydocs.model.load import PointMemo

    return PointMemo(existing_cache(config.project.output_dir, POINTS, PointMemo.key()))


def build(config: BuildConfig, builders: list[Builder], progress=None, session: Session | None = None) -> Report:
    started = time.perf_counter()
    chosen = [b for b in builders if not config.only or b.group == config.only]
    workers = session.workers if session else Workers(config.jobs)
    try:
        workers.fork_now()
        watch = None if config.points else quiet.Watch(config)    # before a file is read
        memo = session.points if session else point_memo(config)
        reads.taken()                       # hash what this build reads, from here on
        years = validate(config, chosen, memo)
        report = _write(config, chosen, years, workers, progress, memo, watch, keep_memo=session is not None)
    finally:
        if not session:
            workers.close()
    report.seconds = time.perf_counter() - started
    return report


def _write(config: BuildConfig, builders: list[Builder], years: list[Year], workers: Workers, progress,
           memo: PointMemo, watch: quiet.Watch | None, keep_memo: bool) -> Report:
    project = config.project
    with build_lock(project.output_dir):
        quiet.forget(config)
        memo.save(open_cache(project.output_dir, POINTS, memo.key()))
        if not keep_memo:
            memo.entries.clear()             # a one-shot build needs the year, not the files' positions and plain data
        for builder in builders:
            builder.remember(project)
        manifest = Manifest.read(project.output_dir)
        report = Report(notes=([DISCARDED] if manifest.discarded else []) + [f"{y.year} 年度：{n}" for y in years for n in y.notes])
        report.notes += _renamed(project, years)
        writer = Writer(project.output_dir)
        writer.remove_leftovers()
        hasher = FileHasher(project, manifest.hashes, reads.taken())
        schedule = Schedule(_plan(config, builders, years), manifest, hasher, writer,
                            (project, config.force, config.verify))
        finished = False
        try:
            run(schedule, workers, project, progress, config.debug)
            finished = True
        finally:
            report.outcomes = schedule.outcomes
            if not config.points:
                manifest.hashes = hasher.recorded() if not config.only else manifest.hashes | hasher.recorded()
                if finished:       # an interrupted build has no outcome for what it did not reach: not stale
                    _remove_stale(config, builders, years, manifest, writer, report)
            manifest.write()
        if finished and watch and not report.count("failed"):
            watch.remember(hasher.recorded(), {o: manifest.entries[o]["stamp"] for o in manifest.outputs()},
                           len(report.outcomes) - report.count("removed"), report.notes[1 if manifest.discarded else 0:])
    return report


def _renamed(project, years: list[Year]) -> list[str]:
    """Mentions of a unit's old name left in the data since the last build (model/renames.py)."""
    from partydocs.model.renames import remember

    return remember(project, years)


def _plan(config: BuildConfig, builders: list[Builder], years: list[Year]) -> list[Planned]:
    chosen = []
    for year in years:
        for builder in builders:
            for target in builder.targets(year, config.project):
                if not config.points or target.point in config.points:
                    chosen.append(Planned(builder, year, target))
    return chosen


def _remove_stale(config: BuildConfig, builders: list[Builder], years: list[Year], manifest: Manifest,
                  writer: Writer, report: Report) -> None:
    """Outputs whose source is gone: a deleted point, or a year whose data folder was deleted.
    Outputs of builders this build did not run (notice.pdf without --pdf) are left alone."""
    current = {o.output for o in report.outcomes}
    built_by = {builder.name for builder in builders}
    prefixes = tuple(f"{y.year}/" for y in years)
    gone = () if config.years else tuple(f"{name}/" for name in _years_without_data(config, manifest))
    for output in manifest.outputs():
        ours = output.startswith(prefixes) and manifest.builder_of(output) in built_by
        if (ours and output not in current) or output.startswith(gone):
            writer.remove(output)
            manifest.forget(output)
            report.outcomes.append(Outcome(output, "removed"))


def _years_without_data(config: BuildConfig, manifest: Manifest) -> set[str]:
    """Years whose data folder is gone: not there at all, in a data/ that was listed. A folder
    that is there but is no year (a link, an emptied folder) costs no output."""
    data = config.project.data_dir
    try:
        present = set(os.listdir(data)) if data.is_dir() and not data.is_symlink() else None
    except OSError:
        present = None
    if present is None:
        return set()
    return {output.split("/", 1)[0] for output in manifest.outputs()} - present
