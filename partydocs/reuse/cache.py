"""output/.cache: what a build may keep to save work next time, and may always lose.

One rule for every cache: a namespace's folder is named by its key (the toolchain key of the
code that fills it: that code, Python, the libraries that shape its bytes), so an upgrade
starts it afresh and the old one is swept; every entry carries the digest of its bytes, so a damaged or truncated entry is found,
removed and rebuilt, never served. Entries are plain bytes (never pickles: output/ may be
on a shared drive anyone can write to)."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from partydocs.reuse.bounded_json import regular_only
from partydocs.reuse.errors import PipelineError, os_reason, shown_in_output

CACHE_DIR = ".cache"
DIGEST = 32


class Cache:
    def __init__(self, folder: Path, root: Path | None = None):
        """`root`: the folder of namespaces this one is in (output/.cache); a cache made by
        hand (tests, benches) keeps its neighbours inside itself."""
        self.folder = folder
        self.root = folder if root is None else root

    def get(self, name: str) -> bytes | None:
        path = self.folder / name
        try:
            with open(path, "rb", opener=regular_only) as stream:    # never a pipe someone put in output/
                stored = stream.read()
        except (OSError, ValueError):
            return None
        data = stored[DIGEST:]
        if hashlib.sha256(data).digest() != stored[:DIGEST]:
            path.unlink(missing_ok=True)
            return None
        return data

    def put(self, name: str, data: bytes) -> None:
        try:
            write_cache(self.folder / name, hashlib.sha256(data).digest() + data)
        except OSError:
            pass                   # a cache that cannot be written only costs time

    def sub(self, name: str) -> Cache:
        return Cache(self.folder / name, self.root)

    def beside(self, namespace: str, key: str) -> Cache:
        """Another namespace of the same cache root, keyed by its own key (nothing is made
        until an entry is written)."""
        return Cache(self.root / _folder_name(namespace, key), self.root)


def open_cache(output_dir: Path, namespace: str, key: str) -> Cache:
    """The namespace's cache under `key`; its folders under other keys are removed."""
    root = confined_folder(output_dir, CACHE_DIR)
    current = _folder_name(namespace, key)
    for stale in root.glob(f"{namespace}-*"):
        if stale.name != current:
            _remove_tree(stale)
    return Cache(confined_folder(output_dir, f"{CACHE_DIR}/{current}"), root)


def existing_cache(output_dir: Path, namespace: str, key: str) -> Cache | None:
    """The namespace's cache if a build made it; the validation phase reads, never creates."""
    folder = output_dir / CACHE_DIR / _folder_name(namespace, key)
    return Cache(folder, output_dir / CACHE_DIR) if folder.is_dir() and not folder.is_symlink() else None


def _folder_name(namespace: str, key: str) -> str:
    return f"{namespace}-{key[:16]}"


def write_cache(path: Path, data: bytes) -> None:
    """An entry, whole or not at all; not flushed to disk, as a cache may be lost (only never
    left half-written) and a build writes thousands of them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.part")
    scratch.write_bytes(data)
    os.replace(scratch, path)


def confined_folder(output_dir: Path, relative: str) -> Path:
    """output_dir/relative as real folders: a link found on the way is removed, never
    followed (it could point anywhere), and a folder made in its place."""
    folder = output_dir
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        for part in Path(relative).parts:
            folder = folder / part
            if folder.is_symlink():
                folder.unlink()
            folder.mkdir(exist_ok=True)
    except OSError as error:
        raise PipelineError(f"无法使用文件夹 {shown_in_output(folder)}：{os_reason(error)}") from error
    return folder


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)
