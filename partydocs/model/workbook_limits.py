"""A workbook looked over within limits before python-calamine opens it.

calamine trusts what a file claims: one filled cell at XFD1048576 makes it allocate the whole
rectangle up to it, a shared-strings part that inflates to gigabytes is read whole, a count
of four billion strings is reserved at once — and a failed allocation aborts the process
(SIGABRT, no message, no exit code of ours). So the archive is read here first, by its real
bytes and never by its headers' claims: each part inflated in chunks with a byte budget, each
XML part streamed through expat counting the filled cells, the furthest row and column and the
shared strings; an .xls (a compound file) walked record by record. A workbook over a limit is
a located message, exit 2, before calamine has allocated anything for it.

What calamine itself sizes nothing by is not refused: the `dimension` a sheet claims and cells
that carry only a style (measured: neither allocates; Excel writes both for formatted lists).

The walk also notes what the cells need and calamine does not say: numbers styled as dates
whose serial is no real date (calamine gives them back as plain numbers)."""
from __future__ import annotations

import csv
import io
import itertools
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from partydocs.reuse.errors import DataError, Problem

MAX_ROWS = 20_000                 # as many as sheets.py reads: a list, not a database
MAX_COLUMNS = 256                 # as many as an .xls can hold
MAX_CELLS = 400_000               # filled cells in the whole workbook (20,000 rows of 20 columns)
MAX_STRINGS = 200_000             # shared strings
MAX_PART_BYTES = 100 * 1024 * 1024     # one part, inflated
MAX_TOTAL_BYTES = 200 * 1024 * 1024    # all parts, inflated
MAX_PARTS = 2_000
CHUNK = 1 << 16
LAST_SERIAL = 73_415              # 2100-12-31 as an Excel date serial; 0 up to 1 is a time of day

CONTROLS_AS_SPACES = bytes.maketrans(bytes([*range(0, 9), 11, 12, *range(14, 32)]), b" " * 29)
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
PASSWORD = ("这个表格文件设置了打开密码，无法读取；请在 Excel 或 WPS 中打开它，删除密码（“文件 → 信息 → 保护工作簿 → 用密码进行加密”，"
            "清空密码）后保存，再放回来")
DAMAGED = "表格文件已损坏，无法读取；请用 Excel 或 WPS 打开后“另存为”.xlsx 再试（打不开时请向发来表格的单位重新索取）"
NOT_A_WORKBOOK = ("不是真正的 Excel/WPS 表格文件（可能是网页或文本改了扩展名）；请用 Excel 或 WPS 打开后“另存为”"
                  "Excel 工作簿（.xlsx）再试")
TOO_BIG = "表格解压后超过 {mb} MB，不像是一份名单（可能是损坏或恶意构造的文件）；请检查文件，或删去无关内容后另存"


class Refused(Exception):
    """The workbook is over a limit or damaged: the sentence for the clerk."""


@dataclass
class Scan:
    """What the walk found that the cells need: per sheet name, the date-styled numbers that
    are no real date, by (row, column) counted from 0."""

    odd_dates: dict[str, dict[tuple[int, int], float]] = field(default_factory=dict)


def check_workbook(path: Path, label: str) -> Scan:
    """Raise DataError (the file, what is wrong, what to do) unless calamine may open `path`
    without allocating beyond the limits."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(8)
        if head == CFB:
            return _compound(path)
        if head.startswith(ZIP):
            return _archive(path)
        raise Refused(NOT_A_WORKBOOK)
    except Refused as refused:
        raise DataError([Problem(label, 0, 0, "", str(refused))]) from None
    except Exception:  # noqa: BLE001 - zipfile, zlib, expat and olefile each raise their own kinds for a damaged file
        raise DataError([Problem(label, 0, 0, "", DAMAGED)]) from None


def calamine_failed(error: BaseException) -> bool:
    """An error of calamine's reading: any Exception, and a Rust panic (pyo3's PanicException
    derives from BaseException), but never Ctrl-C or an exit."""
    return isinstance(error, Exception) or type(error).__name__ == "PanicException"


def calamine_trouble(error: BaseException) -> str:
    """What went wrong when calamine could not read a workbook the walk let through, for the
    clerk (calamine's class names, PasswordError or XmlError, mean nothing to one)."""
    if type(error).__name__ == "PasswordError":
        return PASSWORD
    if isinstance(error, MemoryError):
        return TOO_BIG.format(mb=MAX_TOTAL_BYTES // 1024 // 1024)
    return DAMAGED


def csv_rows(text: str, label: str) -> list[list[str]]:
    """A CSV file's rows, at most one more than a list may have (the caller says there are too
    many), none wider than MAX_COLUMNS; a field past csv's 128 KiB or a NUL is a message at its line."""
    reader = csv.reader(io.StringIO(text))
    rows = []
    try:
        for row in itertools.islice(reader, MAX_ROWS + 1):
            if len(row) > MAX_COLUMNS:
                raise DataError([Problem(label, reader.line_num, 1, "", f"这一行有 {len(row)} 列，超过 {MAX_COLUMNS} 列，不像是一份名单；"
                                                                         "请检查分隔符（应为英文逗号）")])
            rows.append(row)
    except csv.Error as error:
        why = ("有一个格子超过 128 KB，不像是名单中的一项（多半是引号没有成对，把后面的内容都并进了这一格）；请检查这一行的引号"
               if "field limit" in str(error) else "含有空字符（NUL），不是正常的文本；请用 Excel 打开后另存为“CSV UTF-8”"
               if "NUL" in str(error) else "CSV 格式有误；请用 Excel 打开后另存为“CSV UTF-8”")
        raise DataError([Problem(label, max(reader.line_num, 1), 1, "", why)]) from None
    return rows


# ---- .xlsx and .ods: a zip archive of XML parts -------------------------------------------

def _archive(path: Path) -> Scan:
    _count_entries(path)
    walk = _Walk()
    with zipfile.ZipFile(path) as archive, open(path, "rb") as stream:
        for info in archive.infolist():
            if info.flag_bits & 0x1:
                raise Refused(PASSWORD)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Refused(DAMAGED)
            parser = walk.parser(info.filename) if info.filename.lower().endswith((".xml", ".rels")) else None
            utf8 = True
            for index, chunk in enumerate(_inflated(stream, info, walk)):
                utf8 = utf8 and not (index == 0 and chunk[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"))
                if parser:     # a control character is the cell's problem (sheet_cells), not the archive's
                    parser.Parse(chunk.translate(CONTROLS_AS_SPACES) if utf8 else chunk, False)
            if parser:
                parser.Parse(b"", True)
    return walk.scan()


def _count_entries(path: Path) -> None:
    """The number of parts, from the end record, before zipfile reads a central directory
    that could list a million of them."""
    with open(path, "rb") as stream:
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(max(0, size - 65_557))
        tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise Refused(DAMAGED)
    entries = struct.unpack_from("<H", tail, at + 10)[0]
    if entries > MAX_PARTS:           # 0xFFFF: a zip64 count, far more than any workbook has
        raise Refused(f"表格文件由 {entries} 个以上的部分组成，不像是一份名单；请检查文件")


def _inflated(stream, info: zipfile.ZipInfo, walk: _Walk):
    """The part's bytes as the deflate stream really holds them (a header may lie about the
    size), chunk by chunk, counted against the budgets."""
    stream.seek(info.header_offset)
    local = stream.read(30)
    if len(local) < 30 or not local.startswith(ZIP):
        raise Refused(DAMAGED)
    name_length, extra_length = struct.unpack_from("<HH", local, 26)
    stream.seek(info.header_offset + 30 + name_length + extra_length)
    left, size = info.compress_size, 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0 and not (inflater and inflater.eof):
        raw = stream.read(min(CHUNK, left))
        if not raw:
            raise Refused(DAMAGED)
        left -= len(raw)
        while raw:
            out = inflater.decompress(raw, CHUNK) if inflater else raw
            raw = inflater.unconsumed_tail if inflater else b""
            size += len(out)
            walk.spend(len(out), size)
            yield out


class _Walk:
    """Counts across every XML part of one workbook, fed by expat as the parts inflate."""

    def __init__(self) -> None:
        self.total = 0
        self.cells = 0
        self.strings = 0
        self.sheets: dict[str, _Sheet] = {}                 # by part name
        self.date_styles: set[int] = set()
        self.sheet_names: dict[str, str] = {}               # relationship id -> sheet name
        self.targets: dict[str, str] = {}                   # relationship id -> part name
        self.odd: dict[str, list[tuple[int, int, int, float]]] = {}   # part -> (row, column, style, serial)

    def spend(self, length: int, part_size: int) -> None:
        self.total += length
        if part_size > MAX_PART_BYTES or self.total > MAX_TOTAL_BYTES:
            raise Refused(TOO_BIG.format(mb=MAX_TOTAL_BYTES // 1024 // 1024))

    def parser(self, name: str):
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = _no_doctype
        parser.EntityDeclHandler = _no_doctype
        reader = _PartReader(self, name)
        parser.StartElementHandler = reader.start
        parser.EndElementHandler = reader.end
        parser.CharacterDataHandler = reader.text
        return parser

    def count(self, cells: int) -> None:
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise Refused(f"表格中有内容的格子超过 {MAX_CELLS} 个，不像是一份名单；请只保留名单本身")

    def scan(self) -> Scan:
        by_part = {part: self.sheet_names[rid] for rid, part in self.targets.items() if rid in self.sheet_names}
        scan = Scan()
        for part, cells in self.odd.items():
            odd = {(row, column): serial for row, column, style, serial in cells if style in self.date_styles}
            if odd and part in by_part:
                scan.odd_dates[by_part[part]] = odd
        return scan


@dataclass
class _Sheet:
    row: int = -1
    column: int = -1
    row_repeat: int = 1
    filled: bool = False


def _no_doctype(*args) -> None:
    raise Refused(DAMAGED)      # no workbook declares entities; expanding them is how XML bombs work


class _PartReader:
    """One part's elements, by their local names: spreadsheetml's sheets, shared strings,
    styles and workbook, OpenDocument's tables (calamine reads both the same way)."""

    def __init__(self, walk: _Walk, name: str):
        self.walk, self.name = walk, name
        self.sheet = _Sheet()
        self.cell: list | None = None        # [row, column, style, type, filled, value text]
        self.in_value = False
        self.in_xfs = False
        self.formats: dict[int, str] = {}
        self.xfs: list[int] = []
        self.ods_cell_repeat = 1

    def start(self, tag: str, attrs: dict) -> None:
        local = tag.rsplit(" ", 1)[-1]
        handler = STARTS.get(local)
        if handler:
            handler(self, attrs)
        elif local in ("v", "is", "f") and self.cell is not None:
            self.cell[4] = True
            self.in_value = local == "v"
        elif local == "p" and self.cell is not None:
            self.cell[4] = True

    def end(self, tag: str) -> None:
        local = tag.rsplit(" ", 1)[-1]
        if local == "c" and self.cell is not None:
            self._end_cell()
        elif local in ("table-cell", "covered-table-cell") and self.cell is not None:
            self._end_ods_cell()
        elif local == "table-row":
            self._end_ods_row()
        elif local == "v":
            self.in_value = False
        elif local == "cellXfs":
            self.in_xfs = False
        elif local == "styleSheet":
            self._end_styles()

    def text(self, data: str) -> None:
        if self.in_value and self.cell is not None:
            self.cell[5] += data[:64]

    # spreadsheetml
    def _row(self, attrs: dict) -> None:
        number = attrs.get("r")
        self.sheet.row = int(number) - 1 if number and number.isdigit() else self.sheet.row + 1
        self.sheet.column = -1

    def _c(self, attrs: dict) -> None:
        row, column = _reference(attrs.get("r", ""))
        if row is None:
            row, column = max(self.sheet.row, 0), self.sheet.column + 1
        self.sheet.row, self.sheet.column = row, column
        style = attrs.get("s", "")
        self.cell = [row, column, int(style) if style.isdigit() else -1, attrs.get("t", "n"), False, ""]

    def _end_cell(self) -> None:
        row, column, style, kind, filled, value = self.cell
        self.cell = None
        if not filled:
            return                      # a cell with only a style: calamine leaves it out
        _within(row + 1, column + 1)
        self.walk.count(1)
        if kind == "n" and style >= 0 and value:
            try:
                serial = float(value)
            except ValueError:
                return
            if not 0 <= serial <= LAST_SERIAL:
                self.walk.odd.setdefault(self.name, []).append((row, column, style, serial))

    def _sst(self, attrs: dict) -> None:
        for claim in ("count", "uniqueCount"):
            if _number(attrs.get(claim)) > MAX_STRINGS:
                raise Refused(f"表格声称有 {attrs[claim]} 个不同的文字，远超一份名单；文件多半已损坏或是恶意构造的，请检查")

    def _si(self, attrs: dict) -> None:
        self.walk.strings += 1
        if self.walk.strings > MAX_STRINGS:
            raise Refused(f"表格中的不同文字超过 {MAX_STRINGS} 个，不像是一份名单；请检查文件")

    def _numFmt(self, attrs: dict) -> None:
        if attrs.get("numFmtId", "").isdigit():
            self.formats[int(attrs["numFmtId"])] = attrs.get("formatCode", "")

    def _cellXfs(self, attrs: dict) -> None:
        self.in_xfs = True

    def _xf(self, attrs: dict) -> None:
        if self.in_xfs:
            number = attrs.get("numFmtId", "0")
            self.xfs.append(int(number) if number.isdigit() else 0)

    def _end_styles(self) -> None:
        self.walk.date_styles = {index for index, number in enumerate(self.xfs) if _is_date_format(number, self.formats)}

    def _sheet(self, attrs: dict) -> None:
        rid = next((value for key, value in attrs.items() if key.endswith(" id")), None)
        if rid and "name" in attrs:
            self.walk.sheet_names[rid] = attrs["name"]

    def _Relationship(self, attrs: dict) -> None:
        target = attrs.get("Target", "")
        folder = posixpath.dirname(posixpath.dirname(self.name))       # xl/_rels/workbook.xml.rels -> xl
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if "Id" in attrs:
            self.walk.targets[attrs["Id"]] = part

    # OpenDocument
    def _table(self, attrs: dict) -> None:
        self.sheet = _Sheet()

    def _table_row(self, attrs: dict) -> None:
        self.sheet.row += 1
        self.sheet.column = -1
        self.sheet.row_repeat = max(1, _number(_attr(attrs, "number-rows-repeated"), 1))
        self.sheet.filled = False

    def _table_cell(self, attrs: dict) -> None:
        self.ods_cell_repeat = max(1, _number(_attr(attrs, "number-columns-repeated"), 1))
        self.cell = [self.sheet.row, self.sheet.column + 1, -1, "", _attr(attrs, "value-type") is not None, ""]


    def _end_ods_cell(self) -> None:
        _, first, _, _, filled, _ = self.cell
        self.cell = None
        self.sheet.column = first + self.ods_cell_repeat - 1
        if filled:
            _within(self.sheet.row + self.sheet.row_repeat, self.sheet.column + 1)
            self.walk.count(self.ods_cell_repeat * self.sheet.row_repeat)

    def _end_ods_row(self) -> None:
        self.sheet.row += self.sheet.row_repeat - 1


STARTS = {"row": _PartReader._row, "c": _PartReader._c, "sst": _PartReader._sst, "si": _PartReader._si,
          "numFmt": _PartReader._numFmt, "cellXfs": _PartReader._cellXfs, "xf": _PartReader._xf, "sheet": _PartReader._sheet,
          "Relationship": _PartReader._Relationship, "table": _PartReader._table, "table-row": _PartReader._table_row,
          "table-cell": _PartReader._table_cell, "covered-table-cell": _PartReader._table_cell}


def _attr(attrs: dict, local: str) -> str | None:
    return next((value for key, value in attrs.items() if key.rsplit(" ", 1)[-1] == local), None)


def _number(text: str | None, default: int = 0) -> int:
    return int(text) if text and text.isdigit() and len(text) < 12 else (default if not text else MAX_CELLS * 1000)


CELL_REFERENCE = re.compile(r"\$?([A-Za-z]+)\$?(\d+)")


def _reference(text: str) -> tuple[int | None, int]:
    match = CELL_REFERENCE.fullmatch(text)
    if not match:
        return None, 0
    column = 0
    for letter in match[1].upper():
        column = column * 26 + ord(letter) - 64
    return int(match[2]) - 1, column - 1


def _within(rows: int, columns: int) -> None:
    """A filled cell this far down or right makes calamine allocate the rectangle up to it."""
    if rows > MAX_ROWS:
        raise Refused(f"表格有内容的行超过 {MAX_ROWS} 行（最远到第 {rows} 行），不像是一份名单；请删去多余的行后另存")
    if columns > MAX_COLUMNS:
        raise Refused(f"表格有内容的列超过 {MAX_COLUMNS} 列（最远到第 {columns} 列），不像是一份名单；请删去多余的列后另存")


BUILT_IN_DATES = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}


def _is_date_format(number: int, custom: dict[int, str]) -> bool:
    if number in BUILT_IN_DATES:
        return True
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", custom.get(number, ""))
    return bool(re.search(r"[ymdhsYMDHS年月日]", code)) and "General" not in code


# ---- .xls: BIFF records in a compound file --------------------------------------------------

FILEPASS, SST, DIMENSIONS, MULRK = 0x002F, 0x00FC, 0x0200, 0x00BD
VALUE_RECORDS = {0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006, 0x00D6, 0x0406}   # number, label, bool, rk, sst, formula, rich


def _compound(path: Path) -> Scan:
    import olefile     # a well-kept reader of compound files; calamine's own is the one that aborts

    with olefile.OleFileIO(str(path)) as ole:
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            raise Refused(PASSWORD)            # an encrypted .xlsx is a compound file holding the real one
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        if name is None:
            raise Refused(NOT_A_WORKBOOK)
        data = ole.openstream(name).read()
    _records(data)
    return Scan()


def _records(data: bytes) -> None:
    at, cells = 0, 0
    while at + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, at)
        body = data[at + 4:at + 4 + length]
        at += 4 + length
        if kind == FILEPASS:
            raise Refused(PASSWORD)
        if kind == SST and length >= 8 and max(struct.unpack_from("<II", body)) > MAX_STRINGS * 4:
            raise Refused("表格声称的文字数目远超一份名单；文件多半已损坏或是恶意构造的，请检查")
        if kind in VALUE_RECORDS and length >= 4:
            row, column = struct.unpack_from("<HH", body)
            _within(row + 1, column + 1)
            cells += 1
        elif kind == MULRK and length >= 6:
            row, first = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, length - 2)[0]
            _within(row + 1, last + 1)
            cells += max(0, last - first + 1)
        if cells > MAX_CELLS:
            raise Refused(f"表格中有内容的格子超过 {MAX_CELLS} 个，不像是一份名单；请只保留名单本身")
