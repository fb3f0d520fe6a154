"""The layout matrix: notices generated, not hand-picked, over the axes on which real text
ends somewhere the sample's does not — body length (1 to 40 paragraphs), the signature
(no seal, one seal, two issuers' seals), a 附注 or none, attachments or none — each built,
rendered by LibreOffice (many DOCX per soffice start, batches in parallel) and measured by
the checker as a typesetter would: pages short before the body's last, 孤字 lines, a split
附注, the 版记's page and its number.

Used by tests/notice/test_layout_matrix.py (a sample of the matrix, for CI) and by
bench/layout_matrix.py (the full sweep, with its counts)."""
from __future__ import annotations

import itertools
import random
import shutil
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

SEALS = ("none", "one", "joint")
ISSUERS = ("中共广东省社会组织委员会", "广东省民政厅")
# Clauses of the kind a typesetter retouches by hand; real text keeps within the sentences'
# vocabulary of a notice and carries numbers, dates and phone numbers that must stay whole.
PHRASES = (
    "各地各单位要高度重视示范点创建工作", "切实加强组织领导", "把党建工作与业务工作同谋划、同部署、同落实",
    "对照示范点标准查找差距、补齐短板", "于2021年10月31日前报送省社会组织党委办公室", "联系电话020-87654321",
    "在政治引领、组织建设、作用发挥等方面走在前列、作出示范", "确保创建工作取得实效", "及时总结推广好经验好做法",
    "各地社会组织党委要加强跟踪指导", "定期通报创建进展情况", "创建期为一年", "共有28家单位参加",
    "组织党员开展主题党日活动", "推动党组织和党的工作有效覆盖", "广东省社会组织党建工作示范点",
    "充分发挥党组织战斗堡垒作用和党员先锋模范作用", "按照“成熟一个、确认一个”的原则稳步推进",
)
HEADINGS = ("提高思想认识", "抓好创建落实", "加强指导服务", "严格考核评估", "做好宣传推广", "强化工作保障")
NOTES = ("联系人：省社会组织党委办公室张三，电话：020-12345678",
         "联系人：省社会组织党委组织部李四，电话：020-87654321，13800138000；传真：020-87654322")


@dataclass(frozen=True)
class Variant:
    paragraphs: int        # body paragraphs, headings included
    seal: str              # none, one, joint
    note: bool
    attachments: bool
    seed: int

    @property
    def name(self) -> str:
        return f"p{self.paragraphs:02d}-{self.seal}-{'note' if self.note else 'nonote'}-{'att' if self.attachments else 'noatt'}"


def every_variant() -> list[Variant]:
    """The full matrix: 40 body lengths × 3 signatures × 附注 or not × attachments or not."""
    return [Variant(n, seal, note, attached, seed=n * 131 + index)
            for n in range(1, 41)
            for index, (seal, note, attached) in enumerate(itertools.product(SEALS, (False, True), (False, True)))]


def sampled_variants(count: int = 60, seed: int = 34) -> list[Variant]:
    """`count` variants drawn from the matrix by a seeded generator: every combination of the
    other axes equally often, each with body lengths drawn from 1–40 without repeats."""
    combos = list(itertools.product(SEALS, (False, True), (False, True)))
    rng = random.Random(seed)
    each = -(-count // len(combos))
    lengths = {combo: rng.sample(range(1, 41), each) for combo in combos}
    chosen = [Variant(lengths[combo][k], *combo, seed=lengths[combo][k] * 131 + index)
              for k in range(each) for index, combo in enumerate(combos)]
    return chosen[:count]


def body_text(variant: Variant) -> str:
    """`paragraphs` paragraphs: an opening, then sections of one to four paragraphs of one to
    seven lines under level-1 (now and then level-2) headings."""
    rng = random.Random(variant.seed)
    lines = [_paragraph(rng, rng.randint(2, 5))]
    heading = 0
    while len(lines) < variant.paragraphs:
        room = variant.paragraphs - len(lines)
        if room >= 2 and rng.random() < 0.3:
            level = "#" if heading == 0 or rng.random() < 0.7 else "##"
            lines.append(f"{level} {HEADINGS[heading % len(HEADINGS)]}")
            heading += 1
        else:
            lines.append(_paragraph(rng, rng.choice((1, 2, 3, 3, 4, 5, 6, 8))))
    return "\n".join(lines)


def _paragraph(rng: random.Random, clauses: int) -> str:
    picked = [rng.choice(PHRASES) for _ in range(clauses)]
    return "，".join(picked) + "。"


def notice_data(variant: Variant) -> dict:
    data = {
        "issuers": [{"name": ISSUERS[0]}],
        "number": {"code": "粤社党", "year": 2021, "seq": variant.paragraphs},
        "title": "关于做好全省社会组织党建工作示范点创建工作的通知",
        "addressees": ["各地级以上市社会组织党委", "省社会组织党委各直属党组织"],
        "body": body_text(variant),
        "date": "2021-09-06",
        "cc": ["省委组织部", "省民政厅"],
        "printer": "中共广东省社会组织委员会办公室",
        "print_date": "2021-09-07",
    }
    if variant.seal == "one":
        data["seal"] = "seal-party.png"
    elif variant.seal == "joint":
        data["issuers"] = [{"name": ISSUERS[0], "seal": "seal-party.png"}, {"name": ISSUERS[1], "seal": "seal-civil.png"}]
    if variant.note:
        data["note"] = NOTES[variant.seed % len(NOTES)]
    if variant.attachments:
        data["attachments"] = [
            {"title": "全省社会组织党建工作示范点创建单位名单",
             "table": {"columns": ["序号", "单位", "所在地"], "number": True,
                       "rows": [[f"广东省某某行业协会（第{i}号）", "广州市"] for i in range(1, 6)]}},
            {"title": "参会回执", "form": {"columns": ["单位", "姓名", "职务", "联系电话"], "rows": 4}}]
    return data


def write_year(root: Path, variants: list[Variant], project_root: Path) -> None:
    """A project under `root` whose 2021 has one document per variant (templates copied)."""
    shutil.copytree(project_root / "templates", root / "templates")
    year = root / "data" / "2021"
    (year / "documents").mkdir(parents=True)
    for name, red in (("seal-party.png", (230, 0, 0)), ("seal-civil.png", (200, 20, 20))):
        seal_image(year / name, red)
    first = notice_data(variants[0])
    (year / "notice.yaml").write_text(yaml.safe_dump(first, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for variant in variants:
        (year / "documents" / f"{variant.name}.yaml").write_text(
            yaml.safe_dump(notice_data(variant), allow_unicode=True, sort_keys=False), encoding="utf-8")


def seal_image(path: Path, red: tuple[int, int, int]) -> None:
    """A stand-in for an office's seal image: a red ring on transparency."""
    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((6, 6, 294, 294), outline=(*red, 255), width=14)
    image.save(path)


def build_and_render(variants: list[Variant], root: Path, project_root: Path, batches: int = 2) -> dict[str, Path]:
    """Every variant's DOCX under root/out, rendered to PDF in `batches` LibreOffice runs side
    by side; name → PDF (missing when LibreOffice gave none)."""
    from generators.notice import build_notice
    from partydocs.model.load import load_year
    from partydocs.reuse.libreoffice import convert_many
    from partydocs.reuse.project import Project

    write_year(root, variants, project_root)
    project = Project(root)
    year = load_year(project, "2021")
    out = root / "out"
    out.mkdir()
    docxs = []
    for variant in variants:
        path = out / f"{variant.name}.docx"
        path.write_bytes(build_notice(year.for_document(variant.name), project.templates_dir))
        docxs.append(path)
    groups = [docxs[i::batches] for i in range(batches)]
    with ThreadPoolExecutor(batches) as pool:
        results = list(pool.map(lambda group: convert_many(group, out, say=False), groups))
    pdfs = {docx.stem: pdf for group, result in zip(groups, results) for docx, pdf in zip(group, result)}
    return {name: pdf for name, pdf in pdfs.items() if pdf is not None}


@dataclass
class Measured:
    """What a typesetter would retouch on one variant."""

    name: str
    pages: int
    holes: list[str]           # body pages before the last ending more than two lines short, not excepted
    excepted: list[str]        # such pages the remedies cannot fill (typesetting.closing_too_tall; README)
    orphans: list[str]         # 孤字 lines and one- or two-character title lines
    split_notes: list[str]     # a 附注 not whole, not where it belongs, or under a seal
    tight: list[str]           # pages set closer or looser than the bounds (95 %, 110 %)
    colophon: list[str]        # the 版记 not on the last, even page; page numbers not by 7.5

    @property
    def faults(self) -> int:
        return sum(map(len, (self.holes, self.orphans, self.split_notes, self.tight, self.colophon)))


def measure(docx: Path, pdf: Path) -> Measured:
    from partydocs.checker.audit import measured
    from partydocs.checker.clauses import closing, colophon
    from partydocs.checker.clauses.typesetting import (LOOSEST_PITCH, PITCH_BOUND, SHORT_ALLOWED, body_pages, closest_pitch,
                                                       closing_too_tall, empty_lines_at_foot, lone_lines,
                                                       lone_title_lines, nominal_pitch, to_be_full, widest_pitch)

    context = measured(docx, pdf)
    layout = context.layout
    pitch = nominal_pitch(layout)
    short = [(n, e) for n in to_be_full(layout) if (e := empty_lines_at_foot(layout, layout.pages[n - 1])) > SHORT_ALLOWED]
    excepted = [f"p{n}: {e} empty{why}" for n, e in short if (why := closing_too_tall(layout, n, e))]
    holes = [f"p{n}: {e} empty" for n, e in short if not closing_too_tall(layout, n, e)]
    orphans = [f"p{p.page}: {p.line.compact}" for p in lone_lines(layout)]
    orphans += [f"title: {line.compact}" for line in lone_title_lines(layout.title)]
    notes = [f.measured for f in closing.remark(context) if f.status == "fail"]
    if "note" in docx.stem.split("-") and not layout.remark:
        notes.append("附注 not found")
    tight = [f"p{n}: {s / pitch:.1%}" for n in body_pages(layout)
             if (s := closest_pitch(layout, layout.pages[n - 1])) is not None and s < PITCH_BOUND * pitch - 0.05]
    tight += [f"p{n}: {s / pitch:.1%}" for n in body_pages(layout)
              if (s := widest_pitch(layout, layout.pages[n - 1])) is not None and s > LOOSEST_PITCH * pitch + 0.05]
    wrong = [f.measured for f in colophon.colophon(context) + colophon.page_numbers(context) if f.status == "fail"]
    return Measured(docx.stem, len(layout.pages), holes, excepted, orphans, notes, tight, wrong)


def measure_all(pdfs: dict[str, Path], out: Path, workers: int = 2) -> list[Measured]:
    """Each rendered variant measured, in `workers` processes (pdfium, which draws pages to
    pixels for the page numbers' dashes, is not safe in threads)."""
    names = sorted(pdfs)
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(measure, [out / f"{name}.docx" for name in names], [pdfs[name] for name in names],
                             chunksize=8))
