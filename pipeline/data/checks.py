"""Checks that need more than one file: ids, references, photos, plausible dates, stated counts."""
from __future__ import annotations

import re
import warnings
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from pipeline.errors import Problem
from .model import Block

if TYPE_CHECKING:
    from .load import Parsed

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
MAX_PIXELS = 60_000_000
STATED_COUNT = re.compile(r"等\s*(\d+)\s*(?:家|个)")


KEPT_FOR_ACROSS_FILES = (("id",), ("organisation",), ("party_org", "name"))


def within_point(root: Path, point: Parsed) -> list[Problem]:
    """The checks one point file needs nothing else for: photos and dates."""
    return _photos(root, point) + _point_dates(point) if point.model else []


def across_files(root: Path, notice: Parsed, all_points: list[Parsed], brochure: Parsed) -> list[Problem]:
    """Run on whatever parsed, so one broken file does not hide the problems of the others."""
    points = [p for p in all_points if p.model]
    problems = _unique([p for p in all_points if p.raw_id], "id", lambda p: p.raw_id, "编号")
    problems += _unique(points, "organisation", lambda p: p.model.organisation, "社会组织")
    problems += _unique(points, "party_org.name", lambda p: p.model.party_org.name, "党组织")
    if len(points) < len(all_points):
        return problems  # ids of unparsed files are unknown: references cannot be judged yet
    known = {p.model.id for p in points}
    for doc, field in ((notice, "units"), (brochure, "order")):
        if doc.model:
            problems += _references(doc, field, known)
    if notice.model:
        problems += _notice_dates(notice)
        if notice.model.seal:
            problems += _image(root, notice, ("seal",), notice.model.seal)
    return problems


def stated_counts(notice: Parsed, body: tuple[Block, ...], count: int) -> list[Problem]:
    """A number the text states ("等5家") must be the number of units the notice lists."""
    problems = []
    for match in STATED_COUNT.finditer(notice.model.title):
        if int(match[1]) != count:
            problems.append(notice.doc.problem(("title",), f"标题写的是“{match[0]}”，但 units 列出了 {count} 个单位；请改正标题或名单"))
    for block in body:
        for match in STATED_COUNT.finditer(block.text):
            if int(match[1]) != count:
                problems.append(notice.doc.problem(("body_template",), f"正文写的是“{match[0]}”，但 units 列出了 {count} 个单位；建议在模板中写 {{{{ count }}}}"))
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
    inside = root.resolve()
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        return [owner.doc.problem(path, f"“{relative}” 不在本年度文件夹内；请把图片放进 data/{root.name}/ 下（如 photos/），并写相对路径")]
    if not candidate.exists():
        return [owner.doc.problem(path, f"找不到图片文件 “{relative}”（相对于 data/{root.name}/ 文件夹）；请检查文件名和扩展名")]
    if not candidate.resolve().is_relative_to(inside):
        return [owner.doc.problem(path, f"“{relative}” 是指向本年度文件夹以外的链接，不能使用；请把图片本身复制进来")]
    if not candidate.is_file() or candidate.suffix.lower() not in IMAGE_SUFFIXES:
        return [owner.doc.problem(path, f"“{relative}” 不是 PNG 或 JPEG 图片文件")]
    trouble = image_trouble(candidate)
    return [owner.doc.problem(path, f"“{relative}” {trouble}")] if trouble else []


def image_trouble(path: Path) -> str | None:
    """Why an image cannot be used, judged from its header and chunk checksums, not by decoding it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                kind = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"像素太多，无法安全处理；请把图片缩小到 {MAX_PIXELS // 1_000_000} 百万像素以内（如 8000×6000）"
    except (OSError, SyntaxError, ValueError) as error:
        return f"已损坏或不是有效的图片（{error}）；请重新导出或换一张"
    if kind not in ("PNG", "JPEG"):
        return f"是 {kind} 格式；请另存为 PNG 或 JPEG"
    if width * height > MAX_PIXELS:
        return f"像素太多（{width}×{height}）；请把图片缩小到 {MAX_PIXELS // 1_000_000} 百万像素以内（如 8000×6000）"
    return None


def _point_dates(point: Parsed) -> list[Problem]:
    model, today = point.model, date.today()
    problems = []
    if model.founded.earliest() > today:
        problems.append(point.doc.problem(("founded",), f"成立时间 {model.founded.zh()} 晚于今天"))
    if model.party_org.founded.earliest() > today:
        problems.append(point.doc.problem(("party_org", "founded"), f"党组织成立时间 {model.party_org.founded.zh()} 晚于今天"))
    if (model.party_org.founded.year, model.party_org.founded.month) < (model.founded.year, model.founded.month):
        problems.append(point.doc.problem(("party_org", "founded"), f"党组织成立时间 {model.party_org.founded.zh()} 早于社会组织成立时间 {model.founded.zh()}；请核对两处日期"))
    for index, honour in enumerate(model.honours):
        if honour.year < model.founded.year or honour.year > today.year:
            problems.append(point.doc.problem(("honours", index, "year"), f"获奖年份 {honour.year} 不合理（社会组织成立于 {model.founded.zh()}）"))
    return problems


def _notice_dates(notice: Parsed) -> list[Problem]:
    model = notice.model
    problems = []
    if model.number.year != model.date.year:
        problems.append(notice.doc.problem(("number", "year"), f"发文字号年份 {model.number.year} 与成文日期 {model.date.zh()} 的年份不一致"))
    if model.print_date and model.print_date < model.date:
        problems.append(notice.doc.problem(("print_date",), f"印发日期 {model.print_date.zh()} 早于成文日期 {model.date.zh()}"))
    return problems
