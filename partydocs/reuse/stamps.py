"""File stamps (modification time and size), and when a content hash recorded with one may be
trusted instead of reading the file again: the build's input hashes (FileHasher) and the
collection's profile hashes (sections.SectionCache) follow the same rule."""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

# A file modified this close to when its contents were recorded may have changed again since
# without its size or time showing it: FAT and network shares keep file times to two seconds.
RACY_NS = 2_000_000_000


def stamp(path: Path | str) -> list[int] | None:
    """[modification time in ns, size], or None for a file that is not there."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_mtime_ns, status.st_size]


def is_record(value) -> bool:
    """A record as `recorded_digest` makes it: [mtime_ns, size, recorded_ns, sha256]."""
    return (isinstance(value, list) and len(value) == 4 and all(isinstance(n, int) for n in value[:3])
            and isinstance(value[3], str))


def recorded_digest(path: Path, record: list | None) -> tuple[str, list]:
    """The sha256 of `path`'s bytes and the record to keep for next time. An earlier `record`
    is trusted while the file's stamp is the one it names, unless the file was modified within
    RACY_NS before the record was made. Raises OSError for a file that cannot be read."""
    now = stamp(path)
    if now is None:
        raise FileNotFoundError(path)
    if is_record(record) and record[:2] == now and now[0] < record[2] - RACY_NS:
        return record[3], record
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, [*now, time.time_ns(), digest]
