"""Handing a build over to the project's build server (server.py): the command's side.

Kept light: a command whose build the server runs imports only this, not the build driver.
"""
from __future__ import annotations

import json
import os
import sys
from contextlib import ExitStack
from multiprocessing.connection import Client, Connection
from pathlib import Path

from .progress import progress_bar
from .project import Project

STATE = Path(".cache") / "server.json"      # under output/: address, key, interpreter, process
LOG = Path(".cache") / "server.log"
SWITCH = "PARTY_DOCS_SERVER"


def enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip() not in ("0", "off", "no")


def hand_over(project: Project, argv: list[str], default_root: Path | None) -> int | None:
    """The exit code of the build run by the project's server; None when none could run it
    (there is none, it runs other code, or it ended during the build)."""
    state = read_state(project)
    if state is None or state.get("python") != interpreter():
        return None
    connection = _connect(state)
    if connection is None:
        return None
    with connection:
        connection.send({"argv": argv, "cwd": os.getcwd(), "tty": sys.stderr.isatty(),
                         "default_root": str(default_root) if default_root else None})
        return _relay(connection)


def _relay(connection: Connection) -> int | None:
    """Print what the served build prints and show its progress; None if the server could not
    finish it (a build is then run here: outputs are written atomically, nothing is half done)."""
    bars = ExitStack()
    bar = None
    with bars:
        while True:
            try:
                kind, value = connection.recv()
            except (EOFError, OSError):
                return None
            if kind == "exit":
                return value
            if kind == "stale":
                return None
            if kind in ("out", "err"):
                stream = sys.stdout if kind == "out" else sys.stderr
                stream.write(value)
                stream.flush()
            elif kind == "expect":
                bar = bar or bars.enter_context(progress_bar(enabled=sys.stderr.isatty()))
                if bar:
                    bar.expect(value)
            elif kind == "advance" and bar:
                bar.advance(value)
            elif kind == "bar-end":
                bars.close()
                bar = None


def start(project: Project) -> None:
    """Start the project's server in the background, detached from this console."""
    import subprocess
    import tempfile

    script = str(Path(__file__).resolve().parent.parent / "make_docs.py")
    command = [sys.executable, script, "--root", str(project.root), "serve"]
    options: dict = {"start_new_session": True}
    if os.name == "nt":   # no console window, and not ended by this console's Ctrl-C
        command[0] = windowless_python()
        options = {"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP}
    subprocess.Popen(command, cwd=tempfile.gettempdir(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, close_fds=True, **options)


def interpreter() -> str:
    """Which Python runs: a server of another installation or version is not used."""
    return f"{sys.prefix}|{sys.version}"


def windowless_python() -> str:
    """On Windows, pythonw.exe beside python.exe: its processes open no console window."""
    windowless = Path(sys.executable).with_name("pythonw.exe")
    return str(windowless) if windowless.is_file() else sys.executable


def stop(project: Project) -> bool:
    """Ask the project's server to end; False if there was none."""
    state = read_state(project)
    connection = _connect(state) if state else None
    if connection is None:
        return False
    with connection:
        connection.send({"stop": True})
    return True


def read_state(project: Project) -> dict | None:
    try:
        state = json.loads((project.output_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _connect(state: dict) -> Connection | None:
    try:
        return Client(state["address"], family=state["family"], authkey=bytes.fromhex(state["key"]))
    except (OSError, EOFError, KeyError, ValueError, TypeError, AttributeError):
        return None    # gone (killed, machine restarted), or a state file of another version
