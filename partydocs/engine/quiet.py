"""A no-op that does no work: "nothing changed" decided from file stamps alone.

A build that ends with every document made or up to date writes output/.quiet.json: the
stamps (modification time, size) of every file under data/ and templates/, of the other
input files it hashed (fonts), of the project's code, of the folders Python finds its
libraries in and fonts are installed in, of every output and of the manifest it left, with
the options and the day. The next build with the same options first compares those stamps
with the files' own, without reading the data, the generators or the data models: when all
are the same, and each input was last modified more than two seconds before the record was
made (stamps.RACY_NS: a later change may not show in its time), the build it would run is the
one that was just run, and it would find every document up to date. Anything else runs the
build as usual, which decides document by document.

Deliberately conservative: a change to any code file, any data file (even one no document
reads), a library installed or a font added means a full check."""
from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

from .config import BuildConfig

QUIET = ".quiet.json"
VERSION = 1
CODE_ROOT = Path(__file__).resolve().parents[2]
CODE = ("partydocs", "generators")
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts",
                "/var/cache/fontconfig", "~/.cache/fontconfig", "C:/Windows/Fonts", "/Library/Fonts", "~/Library/Fonts")
RACY_NS = 2_000_000_000


def options(config: BuildConfig) -> dict:
    return {"years": sorted(config.years), "only": config.only, "points": sorted(config.points), "pdf": config.pdf,
            "check": config.check, "variants": sorted(config.variants), "ofd": config.ofd}


def unchanged(config: BuildConfig) -> tuple[int, list[str]] | None:
    """(documents up to date, the notes the build said) when the last build's record holds
    for every stamp; None when the build must look."""
    if config.force or config.verify:
        return None
    path = config.project.output_dir / QUIET
    try:
        if path.is_symlink() or path.stat().st_size > 64 * 1024 * 1024:
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("version") != VERSION:
            return None
        return (record["documents"], record["notes"]) if _holds(config, record) else None
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def _holds(config: BuildConfig, record: dict) -> bool:
    if record["options"] != options(config) or record["day"] != date.today().isoformat():
        return False
    if snapshot(config) != record["snapshot"]:
        return False
    limit = record["recorded_ns"] - RACY_NS
    files = [*record["snapshot"]["inputs"].values(), *record["snapshot"]["environment"]["code"].values()]
    if any(s[0] >= limit for s in files):
        return False
    extra = record["extra"]
    if any(_stamp(name) != s or s[0] >= limit for name, s in extra.items()):
        return False
    output_dir = config.project.output_dir
    if _stamp(output_dir / ".manifest.json") != record["manifest"]:
        return False
    return all(_stamp(os.path.join(output_dir, output)) == s for output, s in record["outputs"].items())


class Watch:
    """Taken when a build starts, before it reads an input: what `remember` may then record."""

    def __init__(self, config: BuildConfig):
        self.config = config
        self.started_ns = time.time_ns()
        self.before = snapshot(config)

    def remember(self, hashed: dict[str, list], outputs: dict[str, list], documents: int, notes: list[str]) -> None:
        """Written by a build with every document made or up to date: the stamps it decided
        on, if no file changed while it ran (`hashed`: the stamps records of the files it
        hashed; those outside data/ and templates/ are recorded on their own)."""
        from .writer import write_json

        config = self.config
        inside = tuple(str(folder) + os.sep for folder in _input_folders(config))
        extra = {name: record[:2] for name, record in hashed.items() if not name.startswith(inside)}
        if snapshot(config) != self.before or any(_stamp(name) != stamp for name, stamp in extra.items()):
            return
        output_dir = config.project.output_dir
        write_json(output_dir / QUIET, {
            "version": VERSION, "options": options(config), "day": date.today().isoformat(), "snapshot": self.before,
            "recorded_ns": self.started_ns, "extra": extra, "manifest": _stamp(output_dir / ".manifest.json"),
            "outputs": outputs, "documents": documents, "notes": notes})


def snapshot(config: BuildConfig) -> dict:
    return {"inputs": input_stamps(config), "environment": environment()}


def forget(config: BuildConfig) -> None:
    """A build that changes anything, or fails, leaves no record behind."""
    try:
        (config.project.output_dir / QUIET).unlink(missing_ok=True)
    except OSError:
        pass


def environment() -> dict:
    """Python, where it finds libraries (a library installed or upgraded changes its folder),
    the code, and the font folders."""
    code = {}
    for package in CODE:
        for folder, _, files in os.walk(CODE_ROOT / package):
            for name in files:
                if name.endswith(".py"):
                    full = os.path.join(folder, name)
                    code[full] = _stamp(full)
    places = [*sys.path, *(os.path.expanduser(folder) for folder in FONT_FOLDERS)]
    return {"python": sys.version, "executable": sys.executable, "code": code,
            "places": {place: _stamp(place) for place in places}}


def input_stamps(config: BuildConfig) -> dict[str, list]:
    """Every file under the data folders the build reads and templates/, with its stamp."""
    stamps: dict[str, list] = {}
    for folder in _input_folders(config):
        _walk(str(folder), stamps)
    return stamps


def _input_folders(config: BuildConfig) -> list[Path]:
    project = config.project
    data = [project.data_dir / year for year in config.years] if config.years else [project.data_dir]
    return [*data, project.templates_dir]


def _walk(folder: str, stamps: dict[str, list]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        stamps[folder] = None
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, stamps)
            else:
                status = entry.stat()
                stamps[entry.path] = [status.st_mtime_ns, status.st_size, entry.is_symlink()]
        except OSError:
            stamps[entry.path] = None


def _stamp(path) -> list | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_mtime_ns, status.st_size]
