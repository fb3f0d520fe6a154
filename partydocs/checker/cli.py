"""`make_docs.py check FILE …`: the entry point the project's command line calls."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from . import report
from .audit import audit_many
from .errors import CheckError


def run(paths: list[Path], as_json: bool, out=sys.stdout) -> int:
    """Audit each file, print a table per file on a terminal, plain lines into a pipe (or one
    JSON document); 0 all pass, 1 a clause fails, 2 a file could not be read or rendered."""
    results = audit_many([Path(p) for p in paths])
    if as_json:
        out.write(json.dumps(report.as_json(results), ensure_ascii=False, indent=2) + "\n")
        return report.exit_code(results)
    console = Console(file=out, highlight=False)
    terminal = out.isatty()
    for result in results:
        if isinstance(result, CheckError):
            console.print(f"[bold red]无法检查：[/]{escape(str(result))}", soft_wrap=True)
        elif terminal:
            console.print(report.table(result))
        else:                       # a pipe or a file: plain lines, never wrapped to a guessed width
            out.write(report.as_text(result) + "\n")
    return report.exit_code(results)
