"""output/.manifest.json: what the last builds wrote, from which inputs, with which toolchain."""
from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

from partydocs.reuse import bounded_json
from partydocs.reuse.project import Project

from partydocs.reuse.reads import CHANGED
from partydocs.reuse.stamps import is_record, recorded_digest, stamp
from .writer import write_json

MANIFEST = ".manifest.json"


class Manifest:
    """Read to decide what is outdated, written as the build goes (a killed build keeps what
    it finished). A file of the wrong shape is set aside and every target rebuilt."""

    def __init__(self, path: Path, entries: dict, hashes: dict | None = None):
        self.path = path
        self.entries = entries
        self.hashes: dict[str, list] = hashes or {}      # input file -> [mtime_ns, size, recorded_ns, sha256]
        self.dirty_since = 0.0
        self.write_seconds = 0.0
        self.discarded = False

    @classmethod
    def read(cls, output_dir: Path) -> Manifest:
        path = output_dir / MANIFEST
        if path.is_symlink() or not path.exists():
            path.unlink(missing_ok=True)
            return cls(path, {})
        try:
            stored = bounded_json.read(path)
            entries, hashes = stored["targets"], stored["hashes"]
            if not (isinstance(entries, dict) and all(_is_entry(e) and _is_output(o) for o, e in entries.items())
                    and isinstance(hashes, dict)):
                raise TypeError
        except (OSError, ValueError, KeyError, TypeError):
            manifest = cls(path, {})
            manifest.discarded = True
            return manifest
        return cls(path, entries, {k: v for k, v in hashes.items() if is_record(v)})

    def reasons(self, output: str, key: str, inputs: dict[str, str], output_dir: str, force: bool,
                verify: bool) -> list[str]:
        old = self.entries.get(output)
        if force:
            return ["--force"]
        if not old:
            return ["首次生成"]
        if self._damaged(os.path.join(output_dir, output), old, verify):
            return ["输出文件缺失或被改动"]
        if old["key"] == key:
            return []
        before = old["inputs"]
        changed = [f"已修改 {label}" for label in sorted(inputs) if label in before and before[label] != inputs[label]]
        changed += [f"新增依赖 {label}" for label in sorted(inputs) if label not in before]
        changed += [f"不再依赖 {label}" for label in sorted(before) if label not in inputs]
        return changed or ["程序或所用程序库已更新"]

    @staticmethod
    def _damaged(target: str, old: dict, verify: bool) -> bool:
        """An output is read again only when its stamp changed (or with --verify). A string, not a
        Path: for 30,000 outputs, making Paths was most of this check's time."""
        try:
            status = os.lstat(target)          # one call: a link, a folder or a missing file is damage
        except OSError:
            return True
        if not stat.S_ISREG(status.st_mode):
            return True
        if [status.st_mtime_ns, status.st_size] == old["stamp"] and not verify:
            return False
        with open(target, "rb") as stream:
            return hashlib.sha256(stream.read()).hexdigest() != old["sha256"]

    def record(self, output: str, builder: str, key: str, inputs: dict[str, str], target: Path) -> None:
        self.entries[output] = {"builder": builder, "key": key, "inputs": inputs, "stamp": stamp(target),
                                "sha256": hashlib.sha256(target.read_bytes()).hexdigest()}
        self.dirty_since = self.dirty_since or time.monotonic()

    def forget(self, output: str) -> None:
        self.entries.pop(output, None)
        self.dirty_since = self.dirty_since or time.monotonic()

    def outputs(self) -> list[str]:
        return sorted(self.entries)

    def builder_of(self, output: str) -> str:
        return self.entries[output]["builder"]

    def maybe_flush(self) -> None:
        if self.dirty_since and time.monotonic() - self.dirty_since > max(2.0, 20 * self.write_seconds):
            self.write()       # the manifest of 10,000 targets takes a while to write: at most 5 % of the time

    def write(self) -> None:
        started = time.monotonic()
        write_json(self.path, {"targets": self.entries, "hashes": self.hashes})
        self.dirty_since, self.write_seconds = 0.0, time.monotonic() - started


def _is_output(name: str) -> bool:
    """A path below output/ as the builders name them: relative, forward slashes, no step up."""
    parts = name.split("/")
    return bool(name) and not any(part in ("", ".", "..") or "\\" in part or ":" in part or "\0" in part for part in parts)


def _is_entry(entry) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("key"), str) and isinstance(entry.get("builder"), str)
            and isinstance(entry.get("inputs"), dict) and isinstance(entry.get("sha256"), str)
            and (entry.get("stamp") is None or isinstance(entry.get("stamp"), list)))


class FileHasher:
    """Content hashes of input files, each read at most once per build, and not at all while
    its stamp is the one recorded with its hash by an earlier build (stamps.recorded_digest).
    A file this build already read to load its data (`read`, reads.taken()) has the digest of
    the bytes it was loaded from, never one taken from the file again."""

    def __init__(self, project: Project, known: dict[str, list] | None = None, read: dict[str, list] | None = None):
        self.project = project
        self.read = read or {}
        self.memo: dict[Path, str] = {}
        self.paths: dict[str, Path] = {}       # memo's keys by name
        self.known = known if known is not None else {}
        self.used: set[str] = set()
        self.labels: dict[Path, str] = {}      # every target names the templates and fonts again

    def hashes(self, paths) -> dict[str, str]:
        return {self._label(p): self._hash(p) for p in paths}

    def _label(self, path: Path) -> str:
        if path not in self.labels:
            self.labels[path] = self.project.label(path)
        return self.labels[path]

    def forget(self, names) -> None:
        """Hash these files (named as strings) again when next asked: this build rewrote them."""
        for name in names:
            self.memo.pop(self.paths.pop(name, None), None)

    def _hash(self, path: Path) -> str:
        if path not in self.memo:
            self.memo[path] = self._recorded_or_read(path)
        return self.memo[path]

    def _recorded_or_read(self, path: Path) -> str:
        key = str(path)
        self.paths[key] = path
        self.used.add(key)
        if key in self.read:
            record = self.read[key]
            if record[3] != CHANGED:
                self.known[key] = record
            return record[3]
        try:
            digest, self.known[key] = recorded_digest(path, self.known.get(key))
        except OSError:
            return "missing"
        return digest

    def loaded(self, key: str) -> bool:
        """Whether the file `key` names was read to load the data (its digest is of those bytes)."""
        return key in self.read

    def stamp_of(self, key: str) -> list | None:
        """The stamp the file had when it was hashed, or None."""
        record = self.known.get(key)
        return record[:2] if record else None

    def recorded(self) -> dict[str, list]:
        return {key: record for key, record in self.known.items() if key in self.used}
