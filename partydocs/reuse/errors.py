"""One exception root for everything a user can cause; the CLI turns it into a message."""
from __future__ import annotations

import errno
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


def shown_in_output(path) -> str:
    """A path in output/ as the clerk knows it (output/2021/…), never the machine's absolute path."""
    parts = path.parts
    at = max((i for i, part in enumerate(parts) if part == "output"), default=len(parts) - 1)
    return "/".join(parts[at:])


OS_REASONS = {errno.ENOSPC: "磁盘已满", errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "磁盘或文件夹是只读的",
              errno.EFBIG: "文件超过了允许的大小", errno.EISDIR: "同名的文件夹占住了这个文件名",
              errno.ENOTDIR: "路径中有一个文件占住了文件夹名", errno.ENOENT: "文件或文件夹不存在"}


def os_reason(error: OSError) -> str:
    """The operating system's reason in Chinese (its own strerror is English on most machines)."""
    return OS_REASONS.get(error.errno, f"系统错误 {error.errno}" if error.errno else "系统拒绝了这个操作")
