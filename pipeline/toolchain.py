"""What made an output besides its inputs: our code, Python and the libraries that shape bytes.

Every output's key and every cache entry's key includes it, so an upgrade of reportlab (or a
change to our code) rebuilds what it affects and never serves a stale cached part."""
from __future__ import annotations

import hashlib
import platform
from functools import cache
from importlib import metadata
from pathlib import Path

CODE_DIRS = ("pipeline", "generators", "checker")
ROOT = Path(__file__).resolve().parent.parent


@cache
def code_version() -> str:
    """A hash of the project's own code, as this process first read it (a --watch process
    keeps running the code it imported, so its outputs are labelled with that code)."""
    digest = hashlib.sha256()
    for path in (path for folder in CODE_DIRS for path in sorted((ROOT / folder).rglob("*.py"))):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def toolchain_key(libraries: tuple[str, ...] = ()) -> str:
    """Code, Python and the given libraries' versions, as one digest."""
    parts = [code_version(), platform.python_implementation(), platform.python_version()]
    parts += [f"{name}={library_version(name)}" for name in sorted(libraries)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
