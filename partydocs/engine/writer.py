"""Writes outputs atomically, only inside output/, and never the same output twice a build.

A worker process writes a document to a scratch file beside its target (`Writer.reserve`),
and the build driver moves it into place (`Writer.commit`): readers see the old file or the
complete new one, and the documents' bytes never travel between processes."""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from partydocs.reuse.cache import CACHE_DIR
from partydocs.reuse.errors import PipelineError, os_reason, shown_in_output


class OutputError(PipelineError):
    pass


class Writer:
    def __init__(self, output_dir: Path):
        self.output_dir = output_dir.resolve()
        self.written: set[str] = set()
        self.scratch: set[Path] = set()           # reserved and not yet committed

    def path(self, relative: str) -> Path:
        target = (self.output_dir / relative).resolve()
        if not target.is_relative_to(self.output_dir):
            raise OutputError(f"拒绝写入输出文件夹以外的位置：{relative}")
        return target

    def reserve(self, relative: str) -> Path:
        """The scratch file to write `relative` to, then commit."""
        if relative in self.written:
            raise OutputError(f"同一次构建中 {relative} 被写了两次（两个文档的编号重复？）")
        scratch = _scratch_for(self.path(relative))
        self.written.add(relative)
        self.scratch.add(scratch)
        return scratch

    def commit(self, scratch: Path, relative: str) -> None:
        self.scratch.discard(scratch)
        try:
            os.replace(scratch, self.path(relative))
        except OSError as error:
            _remove(scratch)
            raise OutputError(f"无法写入 output/{relative}：{os_reason(error)}（输出文件夹是否只读？）") from error

    def discard(self, scratch: Path) -> None:
        self.scratch.discard(scratch)
        _remove(scratch)

    def discard_scratch(self) -> None:
        """Remove the scratch files of documents that were not committed (an interrupted build),
        and of cache entries a terminated worker was writing."""
        for scratch in self.scratch:
            _remove(scratch)
        self.scratch.clear()
        for scratch in (self.output_dir / CACHE_DIR).rglob(".*.part"):
            _remove(scratch)

    def remove_leftovers(self) -> None:
        """Scratch files of a build that was killed (kill -9, power cut) before it could tidy up."""
        for scratch in self.output_dir.rglob(".*.part"):
            _remove(scratch)

    def remove(self, relative: str) -> None:
        """An output whose source is gone, and the folders it leaves empty (output/<year>/ of a
        year removed from data/), up to output/ itself; a folder holding anything else stays."""
        target = self.path(relative)
        if target.exists():
            target.unlink()
        folder = target.parent
        while folder != self.output_dir and self.output_dir in folder.parents and not folder.is_symlink():
            try:
                folder.rmdir()
            except OSError:          # not empty (another output, or a file someone put there), or gone
                break
            folder = folder.parent


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


FILE_MODE = 0o666 & ~_umask()     # what open() would give; mkstemp's own 0600 hides outputs from colleagues


def write_scratch(scratch: Path, data: bytes) -> None:
    with open_scratch(scratch) as stream:
        stream.write(data)


@contextmanager
def open_scratch(scratch: Path):
    """A stream (readable too, and seekable) for the complete bytes of a scratch file; they are
    flushed to disk at the end, so a power cut cannot leave a short file."""
    target = scratch.parent / scratch.name[1:].rsplit(".", 2)[0]
    try:
        scratch.parent.mkdir(parents=True, exist_ok=True)
        with open(scratch, "w+b") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        _remove(scratch)
        blocker = next((folder for folder in scratch.parents if folder.is_file()), None)
        if blocker:
            raise OutputError(f"无法写入 {shown_in_output(target)}：{shown_in_output(blocker)} 是一个文件，占住了要用的文件夹名；请删除或改名这个文件") from error
        raise OutputError(f"无法写入 {shown_in_output(target)}：{os_reason(error)}（输出文件夹是否只读或磁盘已满？）") from error


def _scratch_for(path: Path) -> Path:
    """Beside `path`, hidden, this process's own; a killed build's are found by `.*.part`."""
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass                      # its folder is gone or not a folder: nothing was left there


def write_json(target: Path, value: object) -> None:
    """`value` as JSON, atomically: readers see the old file or the complete new one. Made
    whole in memory: json.dump's streaming encoder is pure Python, five times slower than
    dumps for a manifest of 10,000 points (some 40 MB)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(scratch, FILE_MODE)
            os.replace(scratch, target)
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise OutputError(f"无法写入 {shown_in_output(target)}：{os_reason(error)}（输出文件夹是否只读或磁盘已满？）") from error


BUSY = "另一个构建正在使用 output/ 文件夹；请等它结束后再运行"
LOCK_FILE = ".build.lock"


def _unlink_if_link(path: Path) -> None:
    if path.is_symlink():
        path.unlink()


@contextmanager
def build_lock(output_dir: Path):
    """Refuse a second build on the same output folder while one runs."""
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        _unlink_if_link(output_dir / LOCK_FILE)
        stream = open(output_dir / LOCK_FILE, "a+")
    except OSError as error:
        raise OutputError(f"无法使用输出文件夹 {shown_in_output(output_dir)}：{os_reason(error)}") from error
    with stream:
        if not _try_lock(stream):
            raise OutputError(BUSY)
        yield


def _try_lock(stream) -> bool:
    try:
        import fcntl

        # a record lock belongs to this process: worker processes forked while it is held do not inherit it
        fcntl.lockf(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except ImportError:
        import msvcrt

        try:
            msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    except OSError:
        return False
