"""The build server: the next `build` of a project run by a process that is already warm.

A fresh `python make_docs.py` pays, before it lays out the one profile an edit needs, for
starting Python, importing the data model and the generators, and loading the fonts: about half
a second on a two-core office PC, several times the work itself. So after a build the command
line starts a server for the project in the background. It keeps what a --watch session keeps
(worker processes with the generators imported and the fonts loaded, the point files already
read and checked), runs each build a later command hands it exactly as that command would have,
and sends back what the build prints, its progress and its exit code.

It ends when unused for `IDLE_SECONDS`, when the pipeline's code changes, when output/ is
cleaned, on `make_docs.py stop`, or when the command that handed it a build is interrupted.
Whenever there is no usable server the command builds by itself. PARTY_DOCS_SERVER=0 or
--no-server turns it off.
"""
from __future__ import annotations

import _thread
import ctypes
import gc
import multiprocessing
import os
import queue
import secrets
import tempfile
import threading
import time
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from multiprocessing.connection import Connection, Listener, wait
from pathlib import Path
from typing import Callable

from .build import BuildConfig, Session, rehearse
from .errors import PipelineError
from .handover import LOG, STATE, interpreter, read_state, windowless_python
from .project import Project
from .version import code_stamps
from .writer import BUSY, write_json

IDLE_SECONDS = 15 * 60
POLL_SECONDS = 2.0


Runner = Callable[[list[str], Path | None, Session], int]


def serve(project: Project, run: Runner, idle_seconds: float = IDLE_SECONDS) -> None:
    """Run builds handed over until idle, stopped, outdated or orphaned. `run` is the command
    line itself (argv, default root, session) → exit code, so a served build is a local one."""
    _log_to(project.output_dir / LOG)
    code = code_stamps()
    key = secrets.token_bytes(32)
    requests: queue.Queue = queue.Queue()
    free, ending = threading.Semaphore(1), threading.Event()
    os.chdir(tempfile.gettempdir())      # a working folder inside the project could not be moved or deleted
    if os.name == "nt":
        multiprocessing.set_executable(windowless_python())      # workers without console windows
    with Listener(authkey=key) as listener, Session(BuildConfig(project)) as session:
        _rehearse(project, session)
        _release_memory()
        state = {"address": listener.address, "family": _family(listener.address), "key": key.hex(),
                 "python": interpreter(), "pid": os.getpid()}
        write_json(project.output_dir / STATE, state, private=True)
        threading.Thread(target=_accept, args=(listener, requests, free, ending), daemon=True).start()
        _log(f"ready, pid {os.getpid()}")
        idle_since = time.monotonic()
        while _is_current(project, state) and time.monotonic() - idle_since < idle_seconds:
            try:
                connection, request = requests.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            try:
                if request.get("stop") or _is_stale(connection, code):
                    break
                if not _serve_one(connection, request, session, run):
                    break
            finally:
                connection.close()
                free.release()
                _release_memory()
                idle_since = time.monotonic()
        ending.set()
    _forget(project, state)
    while not requests.empty():      # accepted as the server ended: their commands build by themselves
        requests.get()[0].close()
    _log("ended")


def _rehearse(project: Project, session: Session) -> None:
    """Everything a build can do before it is asked, once before the first request."""
    try:
        rehearse(BuildConfig(project), session)
    except PipelineError:
        pass                       # the build that is handed over reports it


def _accept(listener: Listener, requests: queue.Queue, free: threading.Semaphore, ending: threading.Event) -> None:
    """Take requests one at a time; a build asked for while one runs is refused, as locally."""
    while not ending.is_set():
        try:
            connection = listener.accept()
            request = connection.recv()
        except Exception:        # a command gone before it asked, or a client without the key
            continue
        if request.get("stop") or free.acquire(blocking=False):
            if request.get("stop"):
                free.acquire()                    # after the running build
            requests.put((connection, request))
            continue
        try:
            connection.send(("err", BUSY + "\n"))
            connection.send(("exit", 1))
        except OSError:
            pass
        connection.close()


def _is_stale(connection: Connection, code: dict) -> bool:
    """The pipeline's code changed since this server imported it: the command builds itself
    (and starts a server of the new code)."""
    if code_stamps() == code:
        return False
    try:
        connection.send(("stale", None))
    except OSError:
        pass
    return True


def _serve_one(connection: Connection, request: dict, session: Session, run: Runner) -> bool:
    """One build for a command; False when the server should end (its command was interrupted)."""
    _log(f"build {' '.join(request['argv'])}")
    out = _Relay(connection, "out", request["tty"])
    err = _Relay(connection, "err", request["tty"])
    try:
        os.chdir(request["cwd"])
        with _interrupt_if_gone(connection) as gone, redirect_stdout(out), redirect_stderr(err):
            code = run(request["argv"], Path(request["default_root"]) if request["default_root"] else None, session)
        if gone.is_set() or code == 130:
            return False
        connection.send(("exit", code))
        return True
    except (OSError, KeyboardInterrupt):
        return False
    finally:
        os.chdir(tempfile.gettempdir())


@contextmanager
def _interrupt_if_gone(connection: Connection):
    """If the command is interrupted (Ctrl-C, window closed) its build is interrupted too."""
    done, gone = threading.Event(), threading.Event()
    guard = threading.Lock()

    def look() -> None:
        while not done.is_set():
            try:
                hung_up = bool(wait([connection], timeout=0.2))
            except OSError:
                hung_up = True
            if hung_up:
                with guard:
                    if not done.is_set():
                        gone.set()
                        _thread.interrupt_main()
                return

    threading.Thread(target=look, daemon=True).start()
    try:
        yield gone
    finally:
        with guard:            # not joined: it may wait up to its timeout, and then sees `done`
            done.set()


class _Relay:
    """A text stream that sends what is written to the command; its progress bar too."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, connection: Connection, kind: str, tty: bool):
        self.connection, self.kind, self.tty = connection, kind, tty

    def write(self, text: str) -> int:
        if text:
            self.connection.send((self.kind, text))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return self.tty

    @contextmanager
    def remote_progress(self):
        yield _RemoteBar(self.connection)
        self.connection.send(("bar-end", None))


class _RemoteBar:
    def __init__(self, connection: Connection):
        self.connection = connection

    def expect(self, count: int) -> None:
        self.connection.send(("expect", count))

    def advance(self, output: str) -> None:
        self.connection.send(("advance", output))


def _release_memory() -> None:
    """After a build (its command has its answer), what it freed goes back to the system:
    glibc keeps freed memory for reuse, and a server may wait with it for 15 minutes."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass                                      # not glibc (Windows, macOS, musl)


def _is_current(project: Project, state: dict) -> bool:
    """Still the project's server: output/ not cleaned, no newer server started in its place."""
    current = read_state(project)
    return current is not None and current.get("key") == state["key"]


def _forget(project: Project, state: dict) -> None:
    if _is_current(project, state):
        (project.output_dir / STATE).unlink(missing_ok=True)


def _family(address) -> str:
    return "AF_PIPE" if isinstance(address, str) and address.startswith("\\\\") else "AF_UNIX"


def _log_to(path: Path) -> None:
    """The server's messages, and whatever it or its workers write to stderr (a crash), go to
    `path`: it has no console."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as log:
        os.dup2(log.fileno(), 2)


def _log(message: str) -> None:
    os.write(2, f"{time.strftime('%H:%M:%S')} {message}\n".encode("utf-8"))
