"""One exception root for everything a user can cause; the CLI turns it into a message."""
from __future__ import annotations

from dataclasses import dataclass, field as _field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one input file, in the form `file:line:col: field: message`."""

    file: str
    line: int
    column: int
    field: str
    message: str
    detail: str = _field(default="", compare=False)   # the original (English) text of a library, for --debug

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PipelineError(Exception):
    """Root of every error the CLI reports without a traceback."""

    exit_code = 1

    def messages(self) -> list[str]:
        return [str(self)]


class DataError(PipelineError):
    """The data or templates are wrong; nothing has been written."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the data")
        self.problems = sorted(set(problems))

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


class Collector:
    """Gathers problems from every check so a run reports all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int, column: int, field: str, message: str) -> None:
        self.problems.append(Problem(file, line, column, field, message))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)
