"""What an audit reports: one finding per clause of GB/T 9704-2012 that was looked at."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

PASS, FAIL, NOT_APPLICABLE = "pass", "fail", "n/a"
STATUS_ZH = {PASS: "符合", FAIL: "不符合", NOT_APPLICABLE: "不适用"}


@dataclass(frozen=True)
class Finding:
    """One clause: what was measured against what the standard expects, and where."""

    clause: str           # the standard's clause number, e.g. "7.2.5"
    title: str            # what was checked, in Chinese, e.g. "发文字号"
    status: str           # PASS, FAIL or NOT_APPLICABLE
    measured: str         # what the page shows, in Chinese
    expected: str         # what the standard asks, in Chinese
    page: int | None = None
    where: str = ""       # position on the page, in Chinese

    @property
    def key(self) -> tuple[str, str]:
        return self.clause, self.title


@dataclass
class Report:
    """Every finding for one file, in the standard's order."""

    file: str
    pages: int
    findings: list[Finding] = field(default_factory=list)
    format: str = "通用"     # 通用, 信函, 命令 or 纪要 (GB/T 9704 clause 10), as the pages show it

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.status == FAIL]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def to_dict(self) -> dict:
        return {"file": self.file, "pages": self.pages, "format": self.format, "passed": not self.failed,
                "findings": [asdict(f) for f in self.findings]}


def finding(clause: str, title: str, problems: list[str], measured: str, expected: str,
            page: int | None = None, where: str = "") -> Finding:
    """A finding that fails when `problems` is not empty; the problems lead its measured text."""
    if problems:
        return Finding(clause, title, FAIL, "；".join(problems + [measured] if measured else problems), expected, page, where)
    return Finding(clause, title, PASS, measured, expected, page, where)


def not_applicable(clause: str, title: str, why: str, expected: str) -> Finding:
    return Finding(clause, title, NOT_APPLICABLE, why, expected)
