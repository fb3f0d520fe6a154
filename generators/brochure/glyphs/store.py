"""The glyph store: every converted glyph, and each font's face and file digest, in one
SQLite file shared by concurrent processes."""
from __future__ import annotations

import json
import os
import sqlite3
import struct
import threading
import zlib
from pathlib import Path

from partydocs.reuse import bounded_json
from partydocs.reuse.stamps import recorded_digest

GLYPH_DB = "glyphs.sqlite"
_CHUNK = 500                 # ids per SELECT ... IN (...)


class GlyphStore:
    """Rows (font, glyph id) -> (advance, lsb, compiled glyph, crc) in a SQLite file.

    Shared by concurrent processes (WAL, busy timeout). A damaged file is moved aside and
    started afresh; a row failing its CRC is converted again; any other trouble with the
    file only means glyphs are converted without being kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.connection: sqlite3.Connection | None = None
        self.identity: tuple[int, int] | None = None

    def get(self, font: str, gids: list[int]) -> dict[int, tuple[int, int, bytes]]:
        def read(connection: sqlite3.Connection):
            found = {}
            for start in range(0, len(gids), _CHUNK):
                part = gids[start:start + _CHUNK]
                rows = connection.execute(
                    f"SELECT gid, advance, lsb, data, crc FROM glyphs WHERE font = ? AND gid IN ({','.join('?' * len(part))})",
                    (font, *part))
                for gid, advance, lsb, data, crc in rows:
                    if isinstance(data, bytes) and crc == _crc(advance, lsb, data) and _valid(data):
                        found[gid] = (advance, lsb, data)
            return found
        return self._run(read) or {}

    def put(self, font: str, rows: dict[int, tuple[int, int, bytes]]) -> None:
        def write(connection: sqlite3.Connection):
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO glyphs (font, gid, advance, lsb, data, crc) VALUES (?, ?, ?, ?, ?, ?)",
                    [(font, gid, a, l, d, _crc(a, l, d)) for gid, (a, l, d) in sorted(rows.items())])
        self._run(write)

    def get_face(self, font: str) -> bytes | None:
        def read(connection: sqlite3.Connection):
            row = connection.execute("SELECT data, crc FROM faces WHERE font = ?", (font,)).fetchone()
            return row[0] if row and isinstance(row[0], bytes) and zlib.crc32(row[0]) == row[1] else None
        return self._run(read)

    def put_face(self, font: str, data: bytes) -> None:
        def write(connection: sqlite3.Connection):
            with connection:
                connection.execute("INSERT OR REPLACE INTO faces (font, data, crc) VALUES (?, ?, ?)",
                                   (font, data, zlib.crc32(data)))
        self._run(write)

    def file_digest(self, path: Path) -> str | None:
        """sha256 of the file's bytes, read again only when its stamp changed."""
        def read(connection: sqlite3.Connection):
            row = connection.execute("SELECT record FROM digests WHERE path = ?", (str(path),)).fetchone()
            return bounded_json.loads(row[0]) if row else None

        try:
            before = self._run(read)
            digest, record = recorded_digest(path, before)
        except (OSError, ValueError):
            return None
        if record is not before:
            def write(connection: sqlite3.Connection):
                with connection:
                    connection.execute("INSERT OR REPLACE INTO digests (path, record) VALUES (?, ?)",
                                       (str(path), json.dumps(record)))
            self._run(write)
        return digest

    def count(self, font: str | None = None) -> int:
        """Rows held (for `font`, or all): for tests and curiosity."""
        query = ("SELECT count(*) FROM glyphs WHERE font = ?", (font,)) if font else ("SELECT count(*) FROM glyphs", ())
        return self._run(lambda connection: connection.execute(*query).fetchone()[0]) or 0

    def _run(self, work):
        with self.lock:
            for attempt in range(2):
                try:
                    return work(self._connect())
                except sqlite3.DatabaseError as error:
                    self._close()
                    if attempt or not _damaged(error):
                        return None
                    self._set_aside()
                except OSError:            # e.g. the folder cannot be made: work without the cache
                    self._close()
                    return None
            return None

    def _connect(self) -> sqlite3.Connection:
        if self.connection is not None and self.identity != _identity(self.path):
            self._close()                  # the file was deleted or replaced under this connection
        if self.connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            self.identity = _identity(self.path)       # what _set_aside may move if it is damaged
            try:
                connection.execute("PRAGMA busy_timeout = 60000")
                try:
                    connection.execute("PRAGMA journal_mode = WAL")
                except sqlite3.OperationalError as error:   # another process is switching it
                    if _damaged(error):
                        raise
                connection.execute("PRAGMA synchronous = NORMAL")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS glyphs (font TEXT NOT NULL, gid INTEGER NOT NULL, advance INTEGER NOT NULL,"
                    " lsb INTEGER NOT NULL, data BLOB NOT NULL, crc INTEGER NOT NULL, PRIMARY KEY (font, gid)) WITHOUT ROWID")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS faces (font TEXT PRIMARY KEY, data BLOB NOT NULL, crc INTEGER NOT NULL)")
                connection.execute("CREATE TABLE IF NOT EXISTS digests (path TEXT PRIMARY KEY, record TEXT NOT NULL)")
            except BaseException:
                connection.close()
                raise
            self.connection = connection
        return self.connection

    def _close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except sqlite3.Error:
                pass
        self.connection = None

    def _set_aside(self) -> None:
        """Move a damaged file out of the way, unless another process already replaced it."""
        identity, self.identity = self.identity, None
        if identity is None or _identity(self.path) != identity:
            return
        damaged = self.path.with_name(f"{self.path.name}.damaged-{os.getpid()}")
        try:
            os.replace(self.path, damaged)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            damaged.unlink(missing_ok=True)
        except OSError:
            pass


_stores: dict[tuple[str, int], GlyphStore] = {}


def store_at(cache_dir: Path) -> GlyphStore:
    key = (str(Path(cache_dir).resolve() / GLYPH_DB), os.getpid())   # no connection crosses a fork
    if key not in _stores:
        _stores[key] = GlyphStore(Path(key[0]))
    return _stores[key]


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _damaged(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    return not isinstance(error, sqlite3.OperationalError)


def _crc(advance: int, lsb: int, data: bytes) -> int:
    return zlib.crc32(struct.pack(">Hh", advance & 0xFFFF, lsb) + data)


def _valid(data: bytes) -> bool:
    """A simple glyph's header and contour ends are readable (an empty glyph is b"")."""
    if not data:
        return True
    if len(data) < 12:
        return False
    contours = struct.unpack_from(">h", data)[0]
    return 0 < contours and len(data) >= 12 + 2 * contours
