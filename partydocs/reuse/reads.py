"""Hash what you read: the input files a build reads are hashed from the very bytes it read.

Whoever reads an input file for a build (the data loader, a generator reading a photo) reads
it with `read_input`, which notes the file's stamp from before the read and the digest of the
bytes read, as a stamps record. The build records those digests with the outputs made from
the bytes, never a digest taken from the file again later: a file saved again while the build
runs leaves its outputs outdated instead of passing for what they were made from. A file read
twice with different bytes in one job is noted as CHANGED, which matches no digest."""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

CHANGED = "changed-while-read"
_noted: dict[str, list] = {}         # path -> [mtime_ns, size, read_ns, sha256]


def read_input(path: Path | str, limit: int | None = None) -> bytes:
    """The file's bytes (at most `limit` + 1 of them), noted with their digest."""
    status = os.stat(path)
    with open(path, "rb") as stream:
        data = stream.read() if limit is None else stream.read(limit + 1)
    note(path, data, [status.st_mtime_ns, status.st_size])
    return data


def note(path: Path | str, data: bytes, stamp: list[int]) -> None:
    key = str(path)
    record = [*stamp, time.time_ns(), hashlib.sha256(data).hexdigest()]
    earlier = _noted.get(key)
    if earlier is not None and earlier[3] != record[3]:
        record[3] = CHANGED
    _noted[key] = record


def taken() -> dict[str, list]:
    """What was read since the last call, by path: the records, and forgotten here."""
    found = dict(_noted)
    _noted.clear()
    return found
