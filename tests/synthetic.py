"""Synthetic years of N valid points, for tests and benchmarks at 110, 1,000 or 10,000 points.

Text lengths follow the 2021 sample; names are unique. Each point has its own two photo files,
camera-sized JPEGs (2400×1800, a few hundred KB) hard-linked from a small pool so that a year of
10,000 points does not need 20,000 distinct pictures on disk, while every file is a photo the
build must read, check, scale and compress on its own.
"""
from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

CITIES = ["广州市", "深圳市", "珠海市", "汕头市", "佛山市", "韶关市", "河源市", "梅州市", "惠州市", "汕尾市",
          "东莞市", "中山市", "江门市", "阳江市", "湛江市", "茂名市", "肇庆市", "清远市", "潮州市", "揭阳市", "云浮市"]
TRADES = ["建筑装饰", "物流", "电子商务", "餐饮", "家具", "模具", "纺织服装", "医疗器械", "软件", "新能源",
          "印刷包装", "食品", "五金", "旅游", "文化创意", "社会工作", "志愿服务", "养老服务", "青年创业", "女企业家"]
KINDS = [("协会", "行业协会"), ("商会", "商会"), ("服务中心", "社会服务机构"), ("促进会", "社会团体")]
SENTENCE = ("党支部坚持党建引领，充分发挥政治引领作用和党员先锋模范作用，围绕服务会员、服务行业、服务社会，"
            "组织开展主题党日、结对帮扶、志愿服务等活动，推动党建工作与业务工作深度融合。")
PHOTO_POOL = 12
PHOTO_SIZE = (2400, 1800)


def write_synthetic_year(project_root: Path, n_points: int, year: str = "2021", photos: Path | None = None,
                         highlights: bool = True) -> None:
    """The year's files under project_root/data/<year>. Its photo pool is copied from
    `photos` (a folder write_photo_pool filled) when given, else made here. Without
    `highlights` the points have no photos at all (a notice's list of units needs none)."""
    root = project_root / "data" / year
    (root / "points").mkdir(parents=True, exist_ok=True)
    pool = [_pool_photo(root / "photos" / "pool" / _pool_name(index), index, photos)
            for index in range(min(PHOTO_POOL, 2 * n_points) if highlights else 0)]
    rng = random.Random(n_points)
    points = [_point(index, rng) for index in range(1, n_points + 1)]
    for index, point in enumerate(points):
        if not highlights:
            point["highlights"] = []
        for k, highlight in enumerate(point["highlights"]):
            _link(pool[(index * 2 + k) % PHOTO_POOL], root / highlight["photo"])
        _dump(root / "points" / f"{point['id']}.yaml", point)
    _dump(root / "notice.yaml", _notice(points, int(year)))
    _dump(root / "brochure.yaml", _brochure(n_points))


def _point(index: int, rng: random.Random) -> dict:
    city = CITIES[index % len(CITIES)]
    trade = TRADES[(index // len(CITIES)) % len(TRADES)]
    suffix, kind = KINDS[index % len(KINDS)]
    organisation = f"{city}{trade}{suffix}（第{index}号）"
    founded_year = rng.randint(1995, 2015)
    members = rng.randint(3, 120)
    return {
        "id": f"point-{index:05d}",
        "organisation": organisation,
        "organisation_kind": kind,
        "party_org": {
            "name": f"中共{organisation}支部委员会",
            "short_name": f"{organisation}党支部",
            "kind": "党支部",
            "founded": f"{founded_year + rng.randint(1, 5)}-{rng.randint(1, 12):02d}",
        },
        "location": {"city": city},
        "founded": f"{founded_year}-{rng.randint(1, 12):02d}",
        "member_units": rng.randint(30, 1500),
        "members": members,
        "probationary_members": rng.randint(0, 4),
        "activists": rng.randint(0, 10),
        "honours": [{"year": 2021 - k, "title": f"{city}先进基层党组织（第{k + 1}次）", "by": f"{city}社会组织党委"}
                    for k in range(rng.randint(1, 3))],
        "summary": [f"{organisation}成立于{founded_year}年，现有党员{members}名。" + SENTENCE],
        "narrative": [SENTENCE * rng.randint(1, 3) for _ in range(2)],
        "services": [{"name": f"“{trade}党建+”服务项目{k + 1}"} for k in range(rng.randint(2, 6))],
        "highlights": [{"photo": f"photos/point-{index:05d}-{k + 1}.jpg",
                        "caption": f"{organisation}党支部开展主题党日活动（{k + 1}）"} for k in range(2)],
        "plan": [SENTENCE, SENTENCE[:60] + "。"],
    }


def _notice(points: list[dict], year: int) -> dict:
    return {
        "issuers": [{"name": "中共广东省社会组织委员会"}],
        "number": {"code": "粤社党", "year": year, "seq": 12},
        "title": f"关于将{points[0]['party_org']['short_name']}等{len(points)}家党组织确认为全省社会组织党建工作示范点创建单位的通知",
        "addressees": ["各地级以上市社会组织党委", "省社会组织党委各直属党组织"],
        "body_template": "notice/confirmation.j2",
        "units": [p["id"] for p in points],
        "attachments": [{"title": "全省社会组织党建工作示范点创建单位名单",
                         "table": {"columns": ["序号", "党组织名称", "所属社会组织", "所在地"], "from": "points", "number": True}}],
        "date": f"{year}-09-06",
        "cc": ["省委组织部", "省民政厅"],
        "printer": "中共广东省社会组织委员会办公室",
        "print_date": f"{year}-09-07",
    }


def _brochure(n_points: int) -> dict:
    return {
        "title": "社会组织党建工作示范点风采",
        "subtitle": f"全省{n_points}家社会组织党建工作示范点创建单位",
        "issuer": "中共广东省社会组织委员会",
        "foreword": [SENTENCE * 2],
        "closing": [SENTENCE],
    }


def write_photo_pool(folder: Path) -> None:
    """Every photo a synthetic year's pool may hold, as write_synthetic_year would make them."""
    for index in range(PHOTO_POOL):
        _camera_photo(folder / _pool_name(index), index)


def _pool_name(index: int) -> str:
    return f"photo-{index}.jpg"


def _pool_photo(path: Path, index: int, photos: Path | None) -> Path:
    if photos is None:
        return _camera_photo(path, index)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(photos / _pool_name(index), path)     # a copy: a test may damage its own photos
    return path


def _camera_photo(path: Path, seed: int) -> Path:
    """A picture with a phone photo's size and detail (sky, ground, shapes, grain), as a JPEG."""
    rng = random.Random(seed)
    width, height = PHOTO_SIZE
    small = (width // 4, height // 4)
    image = Image.new("RGB", small)
    draw = ImageDraw.Draw(image)
    sky, ground = [tuple(rng.randint(40, 220) for _ in range(3)) for _ in range(2)]
    for y in range(small[1]):
        share = y / small[1]
        colour = sky if share < 0.55 else ground
        draw.line((0, y, small[0], y), fill=tuple(int(c * (0.75 + 0.35 * share)) for c in colour))
    for _ in range(60):
        x, y, r = rng.randint(0, small[0]), rng.randint(0, small[1]), rng.randint(5, 65)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randint(0, 255) for _ in range(3)))
    grain = Image.effect_noise(PHOTO_SIZE, 40).convert("RGB")
    image = Image.blend(image.resize(PHOTO_SIZE, Image.Resampling.BICUBIC), grain, 0.18)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=88)
    return path


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
