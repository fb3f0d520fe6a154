"""The pipeline's own version: a hash of its code, part of every output's and cache entry's key."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

CODE_DIRS = ("pipeline", "generators")
ROOT = Path(__file__).resolve().parent.parent


def code_version() -> str:
    """A hash of the pipeline's own code: any change to it rebuilds everything."""
    digest = hashlib.sha256()
    for path in _code_files():
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def code_stamps() -> dict[str, tuple[int, int]]:
    """Size and time of each code file: enough for a process to notice its files changed."""
    stamps = {}
    for path in _code_files():
        status = path.stat()
        stamps[path.as_posix()] = (status.st_size, status.st_mtime_ns)
    return stamps


def _code_files() -> list[Path]:
    return [path for folder in CODE_DIRS for path in sorted((ROOT / folder).rglob("*.py"))]


@cache
def running_code() -> str:
    """The code this process runs: its files as they were when first asked (a process that
    lives long, as the build server's workers do, keeps running the code it imported)."""
    return code_version()
