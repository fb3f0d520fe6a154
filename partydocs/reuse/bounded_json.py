"""JSON read back from output/ (the manifest, cache entries): anyone who can write there can
write anything, so a file is read only up to a size, and nesting too deep for the decoder
(which stops at the interpreter's recursion limit with RecursionError, not a ValueError) is
damage like any other: the caller discards the file and rebuilds what it held."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

MAX_BYTES = 512 * 1024 * 1024     # the manifest of 30,000 targets is some 30 MB


def loads(data: bytes | str, max_bytes: int = MAX_BYTES) -> object:
    """json.loads, raising ValueError for anything that is not plain JSON of a sane size and depth."""
    if len(data) > max_bytes:
        raise ValueError(f"more than {max_bytes} bytes")
    try:
        return json.loads(data)
    except (RecursionError, MemoryError):
        raise ValueError("nested too deeply or too large") from None


def read(path: Path, max_bytes: int = MAX_BYTES) -> object:
    """A JSON file, never reading more than `max_bytes` + 1 bytes of it, and never a pipe or a
    device (opening one would wait for a writer forever)."""
    with open(path, "rb", opener=regular_only) as stream:
        data = stream.read(max_bytes + 1)
    return loads(data.decode("utf-8"), max_bytes)


def regular_only(path: str, flags: int) -> int:
    """os.open for a regular file: a pipe is opened without waiting, then refused."""
    handle = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise ValueError(f"{path} is not a regular file")
    return handle
