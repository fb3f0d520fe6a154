"""`make_docs.py` run in the test's own process: the same entry point, arguments, output and
exit code as a user's command, without paying Python's start and the imports again for each
of the suite's hundred-odd commands (about 1 s each on a 2-core VM). A test of what only a
separate process shows (a signal, a resource limit, a process left behind, the interpreter's
own start) starts one."""
from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
from pathlib import Path

from partydocs.cli import main

HANDLED = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def make_docs(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python make_docs.py *args`: its exit code and what it printed."""
    stdout, stderr = io.StringIO(), io.StringIO()
    handlers = {number: signal.getsignal(number) for number in HANDLED}
    before = Path.cwd()
    try:
        if cwd:
            os.chdir(cwd)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = _exit_code(list(args))
    finally:
        os.chdir(before)
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return subprocess.CompletedProcess(["make_docs.py", *args], code, stdout.getvalue(), stderr.getvalue())


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit:         # argparse: a wrong option, or --help
        return exit.code if isinstance(exit.code, int) else 1
