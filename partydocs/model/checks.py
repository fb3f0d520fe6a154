"""Checks that need more than one file: ids, references, photos, plausible dates, stated counts."""
from __future__ import annotations

import re
import warnings
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from partydocs.reuse.errors import Problem
from .files import MISSING, case_clashes, file_trouble, windows_trouble
from .model import Block, PartialDate

if TYPE_CHECKING:
    from .parsed import Parsed

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
MAX_PIXELS = 60_000_000
STATED_COUNT = re.compile(r"等\s*(\d+)\s*(?:家|个)")


KEPT_FOR_ACROSS_FILES = (("id",), ("organisation",), ("party_org", "name"), ("location", "city"))


def within_point(root: Path, point: Parsed) -> list[Problem]:
    """The checks one point file needs nothing else for: photos and dates."""
    return _photos(root, point) + _point_dates(point) if point.model else []


def across_files(root: Path, documents: list[Parsed], all_points: list[Parsed], brochure: Parsed | None) -> list[Problem]:
    """Run on whatever parsed, so one broken file does not hide the problems of the others."""
    points = [p for p in all_points if p.model]
    problems = _unique([p for p in all_points if p.raw_id], "id", lambda p: p.raw_id, "编号")
    problems += _unique(points, "organisation", lambda p: p.model.organisation, "社会组织")
    problems += _unique(points, "party_org.name", lambda p: p.model.party_org.name, "党组织")
    problems += _file_names_by_case(all_points) + _photos_by_case(root, points)
    problems += _brochure_dates(brochure) if brochure and brochure.model else []
    problems += [problem for notice in documents if notice.model for problem in _notice_dates(notice)]
    if len(points) < len(all_points):
        return problems  # ids of unparsed files are unknown: references cannot be judged yet
    known = {p.model.id for p in points}
    listed = [(doc, "units") for doc in documents] + ([(brochure, "order")] if brochure else [])
    for doc, field in listed:
        if doc.model:
            problems += _references(doc, field, known)
    for notice in documents:
        if notice.model:
            problems += _notice_images(root, notice)
    return problems


def _notice_images(root: Path, notice: Parsed) -> list[Problem]:
    """The seal and stamp images a document names: its own, and each issuer's seal."""
    named = [((field,), getattr(notice.model, field)) for field in ("seal", "signature_stamp")]
    named += [(("issuers", index, "seal"), issuer.seal) for index, issuer in enumerate(notice.model.issuers)]
    return [problem for path, image in named if image for problem in _image(root, notice, path, image)]


def stated_counts(notice: Parsed, body: tuple[Block, ...], lists: dict[str, int]) -> list[Problem]:
    """A number the text states ("等5家") must be the length of a list the document prints:
    its units, or one of its tables (`lists`: what each list is called -> its length); "等0家",
    a count made of an empty list, is never printed."""
    said = "、".join(f"{name}有 {count} 项" for name, count in lists.items()) or "本公文没有列出任何名单（units 或附件名单表）"
    problems = []
    for match in STATED_COUNT.finditer(notice.model.title):
        if int(match[1]) not in lists.values() and (lists or int(match[1]) == 0):
            problems.append(notice.doc.problem(("title",), f"标题写的是“{match[0]}”，但{said}；请改正标题或名单"))
    field = "body" if notice.model.body is not None else "body_template"
    for block in body:
        for match in STATED_COUNT.finditer(block.text):
            if int(match[1]) not in lists.values() and (lists or int(match[1]) == 0):
                hint = "；建议在模板中写 {{ count }}" if field == "body_template" and "units" in lists else ""
                problems.append(notice.doc.problem((field,), f"正文写的是“{match[0]}”，但{said}；请改正正文或名单{hint}"))
    return problems


def _unique(points: list[Parsed], field: str, key, what: str) -> list[Problem]:
    seen: dict[str, list[Parsed]] = defaultdict(list)
    for point in points:
        seen[key(point)].append(point)
    problems = []
    path = tuple(field.split("."))
    for value, holders in seen.items():
        holders.sort(key=lambda p: p.path.stem != p.raw_id)  # blame the file not named after its id
        for later in holders[1:]:
            problems.append(later.doc.problem(path, f"{what}“{value}”与 {holders[0].doc.file} 重复；每个示范点只能有一个数据文件、一个编号"))
    return problems


def _file_names_by_case(points: list[Parsed]) -> list[Problem]:
    """points/Foo.yaml and points/foo.yaml are two files here and one on Windows."""
    by_name = {p.path.name: p for p in points}
    return [Problem(by_name[name].doc.file, 1, 1, "", f"文件名与 {earlier} 只差大小写，在 Windows 上是同一个文件；请改名或删去其中一个")
            for name, earlier in case_clashes(sorted(by_name)).items()]


def _photos_by_case(root: Path, points: list[Parsed]) -> list[Problem]:
    """Two photos whose names differ only in case are two files here, one on Windows."""
    named = [(h.photo, p, index) for p in points for index, h in enumerate(p.model.highlights)]
    clashes = case_clashes([photo for photo, _, _ in named])
    problems = []
    for photo, point, index in named:
        earlier = clashes.get(photo)
        if earlier and _distinct(root / photo, root / earlier):
            problems.append(point.doc.problem(("highlights", index, "photo"), f"“{photo}” 与另一张照片 “{earlier}” 的文件名只差大小写，"
                                              "在 Windows 上是同一个文件；请给其中一张改名"))
    return problems


def _distinct(one: Path, other: Path) -> bool:
    try:
        return not one.samefile(other)
    except OSError:
        return False                # one of them is missing: said at its own line


def _references(doc: Parsed, field: str, known: set[str]) -> list[Problem]:
    problems = []
    listed: set[str] = set()
    for index, point_id in enumerate(getattr(doc.model, field)):
        if point_id not in known:
            problems.append(doc.doc.problem((field, index), f"找不到编号为 “{point_id}” 的示范点（points/ 文件夹中没有这个 id）"))
        elif point_id in listed:
            problems.append(doc.doc.problem((field, index), f"“{point_id}” 重复列出"))
        listed.add(point_id)
    return problems


def _photos(root: Path, point: Parsed) -> list[Problem]:
    problems = []
    for index, highlight in enumerate(point.model.highlights):
        problems += _image(root, point, ("highlights", index, "photo"), highlight.photo)
    return problems


def _image(root: Path, owner: Parsed, path: tuple, relative: str) -> list[Problem]:
    """An image must be a file inside the year's folder, reached without leaving it."""
    candidate = root / relative
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        return [owner.doc.problem(path, f"“{relative}” 不在本年度文件夹内；请把图片放进 data/{root.name}/ 下（如 photos/），并写相对路径")]
    if windows_trouble(relative):
        return [owner.doc.problem(path, f"“{relative}” {windows_trouble(relative)}")]
    trouble = file_trouble(candidate, root)
    if trouble == MISSING:
        return [owner.doc.problem(path, f"找不到图片文件 “{relative}”（相对于 data/{root.name}/ 文件夹）；请检查文件名和扩展名")]
    if trouble:
        return [owner.doc.problem(path, f"“{relative}” {trouble}")]
    if candidate.suffix.lower() not in IMAGE_SUFFIXES:
        return [owner.doc.problem(path, f"“{relative}” 不是 PNG 或 JPEG 图片文件")]
    trouble = image_trouble(candidate)
    return [owner.doc.problem(path, f"“{relative}” {trouble}")] if trouble else []


def image_trouble(path: Path) -> str | None:
    """Why an image cannot be used: its header, its chunk checksums, and its pixels decoded
    whole, so a truncated or damaged photo is found here and not halfway through a PDF. A
    JPEG is decoded at an eighth of its size: every byte of its data is still read and
    checked, at half the cost (the point memo keeps the verdict while the file is unchanged)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                kind = image.format
                image.verify()
            if kind not in ("PNG", "JPEG"):
                return f"是 {kind} 格式；请另存为 PNG 或 JPEG"
            if width * height > MAX_PIXELS:
                return f"像素太多（{width}×{height}）；请把图片缩小到 {MAX_PIXELS // 1_000_000} 百万像素以内（如 8000×6000）"
            _decode(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"像素太多，无法安全处理；请把图片缩小到 {MAX_PIXELS // 1_000_000} 百万像素以内（如 8000×6000）"
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        if "truncated" in str(error).lower():
            return "文件不完整、已损坏（多半是下载或复制时中断了）；请重新导出或重新复制这张图片"
        return _not_an_image(path)          # Pillow's own sentence is English, with the file's absolute path
    return None


def _not_an_image(path: Path) -> str:
    """What a file that is no PNG or JPEG is, as far as its first bytes tell."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(1024).lower()
    except OSError:
        head = b""
    if b"<svg" in head or (head.lstrip().startswith(b"<?xml") and b"svg" in head):
        return "是 SVG 矢量图，不是 PNG 或 JPEG 图片；请用制图软件把它导出（另存）为 PNG 图片后再用"
    if head.startswith((b"%pdf", b"gif8", b"ii*\x00", b"mm\x00*", b"bm", b"riff")):
        return "不是 PNG 或 JPEG 图片（是 PDF、GIF、TIFF、BMP 或 WebP 等其他格式）；请另存为 PNG 或 JPEG 后再用"
    return "已损坏或不是有效的图片（无法识别其格式）；请重新导出或换一张 PNG 或 JPEG 图片"


def _decode(path: Path) -> None:
    with Image.open(path) as image:
        if image.format == "JPEG":
            image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()


def _point_dates(point: Parsed) -> list[Problem]:
    """Everything a point dates has happened: not after today, and not before the
    organisation was founded (its party organisation, its honours, its photos)."""
    model = point.model
    founded = model.founded
    dated = [(("founded",), "成立时间", founded, None),
             (("party_org", "founded"), "党组织成立时间", model.party_org.founded, founded)]
    dated += [(("highlights", index, "date"), "照片日期", highlight.date, founded)
              for index, highlight in enumerate(model.highlights) if highlight.date]
    dated += [(("honours", index, "year"), "获奖年份", honour.year, founded) for index, honour in enumerate(model.honours)]
    return [point.doc.problem(field, f"{what} {_shown(value)} {trouble}") for field, what, value, after in dated
            if value is not None and (trouble := implausible(value, *_today(), after))]


def implausible(value: PartialDate | int, latest: date, latest_name: str, not_before: PartialDate | None = None) -> str | None:
    """The one rule for every date field (a year alone is the whole year): not after `latest`
    (today for what has happened, a year ahead for a document's own date), and not before the
    date it follows, compared to the month as most dates here have no day. Why not, or None."""
    first_day = date(value, 1, 1) if isinstance(value, int) else value.earliest()
    last_month = (value, 12) if isinstance(value, int) else (value.year, value.month)
    if first_day > latest:
        return f"晚于{latest_name}（{latest.year}年{latest.month}月{latest.day}日），不合理；请核对年份"
    if not_before and last_month < (not_before.year, not_before.month):
        return f"早于社会组织成立时间 {not_before.zh()}；请核对两处日期"
    return None


def _shown(value: PartialDate | int) -> str:
    return str(value) if isinstance(value, int) else value.zh()


def _notice_dates(notice: Parsed) -> list[Problem]:
    model = notice.model
    problems = [notice.doc.problem(field, f"{what} {_shown(value)} {trouble}")
                for field, what, value in ((("date",), "成文日期", model.date), (("print_date",), "印发日期", model.print_date))
                if value and (trouble := implausible(value, *_document_horizon()))]
    if model.number.year != model.date.year:
        problems.append(notice.doc.problem(("number", "year"), f"发文字号年份 {model.number.year} 与成文日期 {model.date.zh()} 的年份不一致"))
    if model.print_date and model.print_date < model.date:
        problems.append(notice.doc.problem(("print_date",), f"印发日期 {model.print_date.zh()} 早于成文日期 {model.date.zh()}"))
    return problems


def _brochure_dates(brochure: Parsed) -> list[Problem]:
    value = brochure.model.date
    trouble = implausible(value, *_document_horizon()) if value else None
    return [brochure.doc.problem(("date",), f"编印日期 {value.zh()} {trouble}")] if trouble else []


def _today() -> tuple[date, str]:
    return date.today(), "今天"


def _document_horizon() -> tuple[date, str]:
    """A notice or brochure may be dated ahead of the day it is prepared, by less than a year."""
    return date.today() + timedelta(days=366), "一年以后"
