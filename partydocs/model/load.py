"""Phase one of every build: read and validate a year's data completely, or raise DataError."""
from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from partydocs.reuse import bounded_json
from partydocs.reuse.cache import Cache
from partydocs.reuse.errors import Collector, DataError, Problem
from partydocs.reuse.project import Project
from partydocs.reuse.reads import read_input
from partydocs.reuse.stamps import stamp
from partydocs.reuse.toolchain import toolchain_key

from . import checks
from .attachments import resolve as _attachments
from .names import unite
from .sheet_points import read_points, sheet_files
from .files import MISSING, Confined, file_trouble, folder_trouble
from .invisible import unseen_trouble
from .parsed import Parsed
from .model import Block, Brochure, Document, Notice, Point, Year
from .settings import validated
from .templating import parse_blocks, render
from .yaml_reader import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)
PARALLEL_FROM = 8


@dataclass(frozen=True)
class Fresh:
    """A point file read but not known: its bytes, parsed from these very bytes, and their digest."""

    content: str
    data: bytes


class PointMemo:
    """Point files already read and checked: a file is read again only when its bytes changed,
    or a photo it names, or the day (dates are judged by today). A --watch session keeps them
    in memory; a one-shot build also finds them in `stored` (output/.cache/points-…), which
    the validation phase only reads: new entries are saved once the build may write (`save`).
    An entry is the file's plain data, validated again by the model when it is used."""

    LIBRARIES = ("pydantic", "pydantic_core", "PyYAML", "Pillow")

    @classmethod
    def key(cls) -> str:
        """What an entry depends on besides its file: this module's code (and what it imports), the libraries."""
        return toolchain_key(cls.LIBRARIES, code=(__name__,))

    def __init__(self, stored: Cache | None = None) -> None:
        self.entries: dict[Path, tuple[tuple, Parsed, list[Problem]]] = {}
        self.stored = stored
        self.pending: dict[str, bytes] = {}

    def recall(self, project: Project, confined: Confined, path: Path) -> tuple[Parsed, list[Problem]] | Fresh | None:
        """The file's entry if it is known; else its bytes as read and their digest (None if it
        cannot be read)."""
        if confined.trouble(path):
            return None
        root = confined.inside
        try:
            data = read_input(path)
        except OSError:
            return None
        content = hashlib.sha256(data + date.today().isoformat().encode()).hexdigest()
        known = self.entries.get(path)
        if known and known[0] == self._key(content, root, known[1]):
            return known[1], known[2]
        parsed = self._from_store(project, root, path, content)
        if parsed is None:
            return Fresh(content, data)
        self.entries[path] = (self._key(content, root, parsed), parsed, [])
        return parsed, []

    def read(self, project: Project, root: Path, path: Path, fresh: Fresh | None) -> tuple[Parsed, list[Problem]]:
        """A file not known, parsed from the bytes `recall` read and remembered under their digest."""
        parsed, problems = _parse_point(project, root, path, fresh.data if fresh else None)
        if fresh is not None:
            content = fresh.content
            if parsed.model and not problems:
                self.pending[f"{content}.json"] = self._entry(root, parsed)
            self.entries[path] = (self._key(content, root, parsed), parsed, problems)
        return parsed, problems

    def save(self, cache: Cache) -> None:
        for name, data in self.pending.items():
            cache.put(name, data)
        self.pending.clear()

    @staticmethod
    def _key(content: str, root: Path, parsed: Parsed) -> tuple:
        return content, tuple((photo, stamp(os.path.join(root, photo))) for photo in _photos(parsed))

    @staticmethod
    def _entry(root: Path, parsed: Parsed) -> bytes:
        doc = parsed.doc
        return json.dumps({"data": parsed.raw_data,
                           "values": [[list(k), v] for k, v in doc.value_pos.items()],
                           "keys": [[list(k), v] for k, v in doc.key_pos.items()], "raw_id": parsed.raw_id,
                           "photos": [[photo, stamp(os.path.join(root, photo))] for photo in _photos(parsed)]},
                          ensure_ascii=False).encode("utf-8")

    def _from_store(self, project: Project, root: Path, path: Path, content: str) -> Parsed | None:
        stored = self.stored.get(f"{content}.json") if self.stored else None
        if stored is None:
            return None
        try:
            entry = bounded_json.loads(stored)
            if any(stamp(os.path.join(root, photo)) != recorded for photo, recorded in entry["photos"]):
                return None
            doc = YamlDocument(project.label(path), None, {tuple(k): tuple(v) for k, v in entry["values"]},
                               {tuple(k): tuple(v) for k, v in entry["keys"]})
            return Parsed(path, doc, Point.model_validate(entry["data"]), entry["raw_id"])
        except (ValueError, KeyError, TypeError, ValidationError):
            return None                # a damaged or foreign entry: read the file itself


def _photos(parsed: Parsed) -> list[str]:
    return [highlight.photo for highlight in parsed.model.highlights] if parsed.model else []


DOCUMENTS = "documents"
LEGACY_NOTICE = "notice.yaml"


def load_year(project: Project, year: str, memo: PointMemo | None = None) -> Year:
    """The year read and checked whole. Every file is read even when another has problems, the
    sheets its documents list from included, so one run reports all of them."""
    root = project.data_dir / year
    problems = Collector()
    unread = _unreadable_folders(project, root)
    problems.extend(unread)
    sources = _document_files(project, root, unread)
    documents = [(name, _parse(project, root, path, Notice, problems)) for name, path in sources]
    brochure = _parse(project, root, root / "brochure.yaml", Brochure, problems) if _present(root / "brochure.yaml") else None
    points, notes, units_note = _points(project, root, memo, problems, read=not unread)
    documents = [(name, _all_units(doc, points)) for name, doc in documents]
    if brochure and not points:
        problems.add(project.label(root / "points"), 0, 0, "", "要做画册，但没有任何示范点数据文件（points/*.yaml）")
    problems.extend(checks.across_files(root, [doc for _, doc in documents], points, brochure))
    partial = bool(problems.problems)
    ordered = _in_order([doc.model for _, doc in documents if doc.model], brochure.model if brochure and brochure.model else None,
                        [p.model for p in points if p.model])
    book, left_out = _book(brochure, ordered, problems)       # with the others: a profile's missing facts too
    loaded = [_document(project, root, name, doc, ordered, year, problems, notes, partial, "\n".join(units_note) or None)
              for name, doc in documents if doc.model]
    problems.raise_if_any()
    first = loaded[0]
    paths = {"brochure": brochure.path} if brochure else {}
    paths |= {f"point:{p.model.id}": p.path for p in points}
    return Year(year, root, first.notice, first.body, ordered, brochure.model if brochure else None,
                paths | {"notice": first.source}, tuple(loaded), first, tuple(notes + left_out), tuple(book))


def _points(project: Project, root: Path, memo: PointMemo | None, problems: Collector,
            read: bool = True) -> tuple[list[Parsed], list[str], list[str]]:
    """The year's points: the units listed on the sheets in points/, in their order, each with
    its profile (points/<id>.yaml) where it has one, then the profiles no sheet lists; what to
    tell the user once (rows that are not units, names that only come close); the sheets'
    "注：…" rows, printed under a table of the points (`from: points`) that has no note.
    Nothing is read when not `read` (a data folder that could not be read: a link out of the year)."""
    profiles = []
    point_files = sorted((root / "points").glob("*.yaml")) if read else []
    for parsed, found in _read_points(project, root, point_files, memo):
        profiles.append(parsed)
        problems.extend(found)
    rows, notes, sheet_notes = [], [], []
    for path in sheet_files(root / "points") if read else []:
        try:
            listed, found, remarks, written = read_points(project, path)
        except DataError as error:
            listed, found, remarks, written = [], error.problems, [], ()
        rows += listed
        notes += remarks
        sheet_notes += written
        problems.extend(found)
    points, found, said = unite(profiles, rows)
    problems.extend(found)
    return points, notes + said, sheet_notes


def _read_points(project: Project, root: Path, paths: list[Path], memo: PointMemo | None) -> list[tuple[Parsed, list[Problem]]]:
    """Each point file read and checked, in order: known ones from the memo, the others on all
    cores when there are several (decoding their photos, most of a first build's validation,
    lets other threads run)."""
    confined = Confined(root)
    known = {path: memo.recall(project, confined, path) for path in paths} if memo else {}

    def read(path: Path) -> tuple[Parsed, list[Problem]]:
        return memo.read(project, root, path, known[path]) if memo else _parse_point(project, root, path)

    fresh = [path for path in paths if not isinstance(known.get(path), tuple)]
    if len(fresh) < PARALLEL_FROM:
        read_now = {path: read(path) for path in fresh}
    else:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            read_now = dict(zip(fresh, pool.map(read, fresh)))
    return [read_now[path] if path in read_now else known[path] for path in paths]


def _book(brochure: Parsed | None, points: tuple[Point, ...], problems: Collector) -> tuple[list[str], list[str]]:
    """The points in the brochure: exactly `order` when it is given (each needs a profile), else
    every point with one. Points left out are named once, never appended silently."""
    if brochure is None or brochure.model is None:
        return [], []
    order = brochure.model.order
    by_id = {p.id: p for p in points}
    for index, point_id in enumerate(order):
        missing = by_id[point_id].profile_missing() if point_id in by_id else []
        if missing:
            problems.extend([brochure.doc.problem(("order", index), f"“{point_id}”没有画册所需的资料（缺 {'、'.join(missing)}）；"
                                                 "请在它的数据文件中补上，或从 order 中删去")])
    book = list(order) if order else [p.id for p in points if not p.profile_missing()]
    in_book = set(book)
    left = [p.id for p in points if p.id not in in_book]
    return book, ([f"画册未收入 {len(left)} 个示范点（{'、'.join(left[:10])}{'等' if len(left) > 10 else ''}）："
                   f"{'不在 brochure.yaml 的 order 中' if order else '没有画册所需的资料'}"] if left else [])


def _all_units(parsed: Parsed, points: list[Parsed]) -> Parsed:
    """`units: 全部` is every point of the year: the units of the sheets in points/ in their
    order (each with its profile, where it has one), then the profiles no sheet lists."""
    if parsed.model is not None and parsed.model.units == "全部":
        ids = [p.model.id for p in points if p.model]
        parsed.model = parsed.model.model_copy(update={"units": ids})
    return parsed


def _present(path: Path) -> bool:
    """There, or a link (even a broken one: it is named, not taken for an absent file)."""
    return path.exists() or path.is_symlink()


def linked_years(project: Project) -> list[Problem]:
    """Folders of data/ that are links out of it: named, never taken for deleted years."""
    data = project.data_dir
    entries = sorted(data.iterdir()) if data.is_dir() and not data.is_symlink() else []
    return [Problem(project.label(entry), 0, 0, "", trouble) for entry in entries
            if entry.is_symlink() and (trouble := folder_trouble(entry, data))]


def _unreadable_folders(project: Project, root: Path) -> list[Problem]:
    """The year's data folders that are there but cannot be read as its own (folder_trouble)."""
    return [Problem(project.label(root / name), 0, 0, "", trouble)
            for name in (DOCUMENTS, "points", "photos") if (trouble := folder_trouble(root / name, root))]


def _document_files(project: Project, root: Path, unread: list[Problem]) -> list[tuple[str, Path]]:
    """The year's 公文: notice.yaml (named notice) and documents/*.yaml, by name."""
    files = [("notice", root / LEGACY_NOTICE)] if (root / LEGACY_NOTICE).is_file() else []
    folder = root / DOCUMENTS
    if folder.is_dir() and not unread:
        files += [(path.stem, path) for path in sorted(folder.glob("*.yaml"))]
    problems = [Problem(project.label(path), 0, 0, "", f"文件名“{name}”不能用作输出文件名：{why}")
                for name, path in files for why in [unsafe_name(name)] if why]
    names = [name for name, _ in files]
    problems += [Problem(project.label(path), 0, 0, "", f"与另一份公文同名（{name}），输出文件会重名；请改名")
                 for index, (name, path) in enumerate(files) if name.casefold() in {n.casefold() for n in names[:index]}]
    if not files and not unread:
        problems.append(Problem(project.label(root), 0, 0, "", f"这个年度没有公文：请在 {DOCUMENTS}/ 文件夹中放 .yaml 公文数据"))
    if problems or unread:
        raise DataError(problems + unread)
    return files


WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def unsafe_name(name: str) -> str | None:
    """Why `name` is not a file name that works on Windows, macOS and Linux alike, or None."""
    if not name or name != name.strip() or name.startswith(".") or name.endswith("."):
        return "不能以空格或句点开头结尾（以句点开头的文件是隐藏文件，生成的公文会看不见）"
    if unseen_trouble(name):
        return unseen_trouble(name)
    if any(char in name for char in '<>:"/\\|?*') or any(ord(char) < 32 for char in name):
        return '不能含有 < > : " / \\ | ? * 或控制字符'
    if name.split(".")[0].casefold() in WINDOWS_DEVICES:
        return f"“{name}”是 Windows 保留的设备名"
    return None


def _document(project: Project, root: Path, name: str, parsed: Parsed, points: tuple[Point, ...], year: str,
              problems: Collector, notes: list[str], partial: bool = False, units_note: str | None = None) -> Document:
    """One 公文 made ready. `partial`: the year has problems already; only the sheets its tables
    read are checked now (their problems belong in the same report), nothing that counts."""
    notice: Notice = parsed.model
    place = {unit: index for index, unit in reversed(list(enumerate(notice.units)))}
    units = sorted((p for p in points if p.id in place), key=lambda p: place[p.id])
    try:
        body = _body(project, notice, units, year)
    except DataError as error:
        problems.extend(error.problems)
        body, partial = (), True
    try:
        attachments, reads, remarks = _attachments(project, root, parsed, units, partial, units_note)
    except DataError as error:
        problems.extend(error.problems)
        return Document(name, notice, body, (), parsed.path)
    notes += remarks
    if not partial:
        lists = ({"units": len(units)} if units else {}) | {f"附件“{a.title}”": len(a.rows) for a in attachments if a.kind == "table"}
        problems.extend(checks.stated_counts(parsed, body, lists))
    return Document(name, notice, body, tuple(attachments), parsed.path, tuple(reads))


def _body(project: Project, notice: Notice, units: list[Point], year: str) -> tuple[Block, ...]:
    if notice.body is not None:
        return parse_blocks(notice.body)
    text = render(project.templates_dir, notice.body_template, notice=notice, units=units, count=len(units), year=year)
    return parse_blocks(text)


def _parse_point(project: Project, root: Path, path: Path, data: bytes | None = None) -> tuple[Parsed, list[Problem]]:
    """A point file read and checked on its own, keeping only the positions that the checks
    across files may need: 10,000 points' full position maps would hold some 200 MB."""
    problems = Collector()
    parsed = _parse(project, root, path, Point, problems, data)
    problems.extend(checks.within_point(root, parsed))
    raw = parsed.doc.data.get("id") if isinstance(parsed.doc.data, dict) else None
    parsed.raw_id = raw if isinstance(raw, str) else None
    parsed.raw_data = parsed.doc.data
    photos = tuple(("highlights", index, "photo") for index in range(len(parsed.model.highlights))) if parsed.model else ()
    parsed.doc = parsed.doc.keeping(checks.KEPT_FOR_ACROSS_FILES + photos)
    return parsed, problems.problems


def _parse(project: Project, root: Path, path: Path, model: type[BaseModel], problems: Collector,
           data: bytes | None = None) -> Parsed:
    label = project.label(path)
    trouble = file_trouble(path, root)
    if trouble:
        problems.add(label, 0, 0, "", "缺少这个文件" if trouble == MISSING else trouble)
        return Parsed(path, YamlDocument(label), None)
    doc = read_yaml(path, label, data)
    parsed, found = validated(doc, model)
    problems.extend(found)
    return Parsed(path, doc, parsed)


def _in_order(notices: list[Notice], brochure: Brochure | None, points: list[Point]) -> tuple[Point, ...]:
    """The brochure's order if it gives one, else the order the documents list them in, then by id."""
    by_id = {p.id: p for p in points}
    listed = brochure.order if brochure and brochure.order else [unit for notice in notices for unit in notice.units]
    chosen = [by_id[i] for i in dict.fromkeys(listed) if i in by_id]
    named = set(listed)
    return tuple(chosen + sorted((p for p in points if p.id not in named), key=lambda p: p.id))
