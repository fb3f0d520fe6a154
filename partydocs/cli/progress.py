"""A progress bar on a terminal; nothing at all when output goes to a file or with --quiet."""
from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress


class Bar:
    def __init__(self, progress: Progress):
        self.progress = progress
        self.task = progress.add_task("生成", total=0)

    def expect(self, count: int) -> None:
        total = self.progress.tasks[0].total or 0
        self.progress.update(self.task, total=total + count)

    def advance(self, output: str) -> None:
        self.progress.update(self.task, advance=1, description=output)


@contextmanager
def progress_bar(enabled: bool):
    if not enabled:
        yield None
        return
    from rich.console import Console      # only on a terminal: a quiet build does not pay for it
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        yield Bar(progress)
