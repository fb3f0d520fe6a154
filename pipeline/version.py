"""The pipeline's own version: a hash of its code, part of every output's and cache entry's key."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

CODE_DIRS = ("pipeline", "generators")


def code_version() -> str:
    """A hash of the pipeline's own code: any change to it rebuilds everything."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for folder in CODE_DIRS:
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def running_code() -> str:
    """The code this process runs: its files as they were when first asked (a process that
    lives long, as the build server's workers do, keeps running the code it imported)."""
    return code_version()
