"""What made an output besides its inputs: the code that makes it, Python and the libraries
that shape its bytes.

Each output's key and each cache namespace's key includes it, so an upgrade of reportlab, or
a change to the code a builder runs, rebuilds what it affects and never serves a stale
cached part, while a change elsewhere (the checker, the command line) rebuilds nothing.

"The code that makes it" is the static import closure of the modules a builder names: every
module of this project reachable from them through `import` statements anywhere in a
module's text (lazy imports inside functions included), with the packages that hold them.
It is read from the source, never from what a process happens to have imported."""
from __future__ import annotations

import hashlib
import os
import platform
import re
from functools import cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("partydocs", "generators")       # the project's own code, below ROOT


@cache
def code_version(modules: tuple[str, ...]) -> str:
    """A hash of the source of `modules` and every project module they import, as this process
    first read it (a --watch process keeps running the code it imported, so its outputs are
    labelled with that code)."""
    digest = hashlib.sha256()
    for path in sorted(import_closure(modules)):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + _file_digest(path) + b"\n")
    return digest.hexdigest()


@cache
def _file_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def import_closure(modules: tuple[str, ...]) -> set[Path]:
    """The source files of `modules` and of the project modules they import, transitively,
    with the packages (__init__.py) that hold each. A package passed through on the way to a
    module is hashed but not followed: its own imports are other code's business unless a
    module imports the package itself (`from . import x`)."""
    seen: set[Path] = set()
    waiting = list(modules)
    while waiting:
        name = waiting.pop()
        path = module_path(name)
        if path is None or path in seen:
            continue
        seen.add(path)
        seen.update(filter(None, map(module_path, _parents(name))))
        waiting += _imports(path)
    return seen


@cache
def module_path(name: str) -> Path | None:
    """The file of a project module (a package's __init__.py), or None outside the project."""
    if name.split(".")[0] not in PACKAGES:
        return None
    base = os.path.join(ROOT, *name.split("."))
    for path in (os.path.join(base, "__init__.py"), base + ".py"):
        if os.path.isfile(path):
            return Path(path)
    return None


_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(?P<base>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#;]*)"
                     r"|import[ \t]+(?P<modules>[^\n#;]*))", re.MULTILINE)


@cache
def _imports(path: Path) -> tuple[str, ...]:
    """Every module name an import statement in `path` may load (a `from x import y` names
    both x and x.y, as y may be a submodule). Read with a pattern rather than parsed: a line
    of a docstring that looks like an import only adds a module, never loses one, and the
    no-op build pays for this in every process (parsing took ~0.1 s)."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    names = []
    for match in _IMPORT.finditer(path.read_text(encoding="utf-8")):
        if match["modules"] is not None:
            names += [part.split()[0] for part in match["modules"].split(",") if part.strip()]
            continue
        base = _absolute(match["base"], package)
        names.append(base)
        imported = (part.split()[0] for part in match["names"].strip("()").replace("\\", " ").split(",") if part.strip())
        names += [f"{base}.{name}" for name in imported if name != "*"]
    return tuple(names)


def _absolute(written: str, package: str) -> str:
    dots = len(written) - len(written.lstrip("."))
    if not dots:
        return written
    parts = package.split(".")
    base = ".".join(parts[:len(parts) - dots + 1])
    module = written[dots:]
    return f"{base}.{module}" if module else base


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


@cache
def library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def toolchain_key(libraries: tuple[str, ...] = (), code: tuple[str, ...] = ()) -> str:
    """The given modules' code, Python and the given libraries' versions, as one digest."""
    parts = [code_version(tuple(sorted(code))), platform.python_implementation(), platform.python_version()]
    parts += [f"{name}={library_version(name)}" for name in sorted(libraries)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
