"""Notices built once per session: the sample, a 110-unit synthetic year, and a "rich"
variant (long body, all four heading levels, joint issuers, signers, seal, several
attachments, copy number, classification, urgency) — each as DOCX and, when LibreOffice is
installed, as PDF."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageDraw

from generators.notice import build_notice
from partydocs.model.load import Project, load_year
from tests.conftest import synthetic_year, shared_fixture

from partydocs.checker import measure
from partydocs.checker.render import render, soffice

ROOT = Path(__file__).resolve().parents[2]
LONG_BODY = "\n".join(
    ["# 提高思想认识", "## 制定创建方案", "### 明确目标", "#### 细化措施"]
    + ["各创建单位要把示范点创建工作作为加强自身建设的重要抓手，对照示范点标准，查找差距，补齐短板，"
       "切实在政治引领、组织建设、作用发挥等方面走在前列、作出示范，确认{{ count }}家党组织。" for _ in range(14)]
    + ["# 严格考核评估", "创建期为一年。"])


def _copy_project(root: Path) -> Project:
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "templates", root / "templates")
    return Project(root)


def _seal(path: Path) -> None:
    """A stand-in for the office's own seal image (a red ring on transparency)."""
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 390, 390), outline=(230, 0, 0, 255), width=18)
    image.save(path)


CONTACT_UNITS = ("东莞市大众社会工作服务中心", "东莞市江西商会", "东莞市女企业家商会", "东莞市建筑装饰协会", "东莞市香市公益互助会")


def rich_project(root: Path) -> Project:
    project = _copy_project(root)
    year_dir = project.data_dir / "2021"
    _seal(year_dir / "seal.png")
    (project.templates_dir / "notice" / "long.j2").write_text(LONG_BODY, encoding="utf-8")
    notice = yaml.safe_load((year_dir / "notice.yaml").read_text(encoding="utf-8"))
    notice.update({
        "issuers": [{"name": "中共广东省社会组织委员会"}, {"name": "广东省民政厅"}],
        "signers": ["张三", "李四"], "copy_number": "000001", "classification": "秘密★1年", "urgency": "加急",
        "seal": "seal.png", "body_template": "notice/long.j2",
        "attachments": [
            {"title": "全省社会组织党建工作示范点创建单位名单",
             "table": {"columns": ["序号", "党组织名称", "所属社会组织", "所在地"], "from": "points", "number": True}},
            {"title": "创建单位联系人名单",
             "table": {"columns": ["序号", "单位", "联系人", "联系电话"], "number": True,
                       "rows": [[organisation, f"联系人{index}", f"0769-2233{index:04d}"]
                                for index, organisation in enumerate(CONTACT_UNITS, 1)]}}],
        "signature": ["中共广东省社会组织委员会"],
    })
    (year_dir / "notice.yaml").write_text(yaml.safe_dump(notice, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def synthetic_project(root: Path, n_points: int = 110) -> Project:
    """A year whose notice lists n_points units; its points have no photos, which a notice never prints."""
    synthetic_year(root, n_points, highlights=False)
    shutil.copytree(ROOT / "templates", root / "templates")
    return Project(root)


class Built:
    """One notice: its year, DOCX path and (lazily) its rendered PDF and pages."""

    def __init__(self, name: str, project: Project, out: Path):
        self.name, self.project = name, project
        self.year = load_year(project, "2021")
        self.docx = out / f"{name}.docx"
        self.docx.write_bytes(build_notice(self.year, project.templates_dir))
        self._pdf: Path | None = None
        self._pages: list[measure.Page] | None = None

    @property
    def pdf(self) -> Path:
        if soffice() is None:
            pytest.skip("LibreOffice (soffice) is not installed: the rendered layout cannot be checked")
        if self._pdf is None:
            self._pdf = render(self.docx, self.docx.parent)
        return self._pdf

    @property
    def pages(self) -> list[measure.Page]:
        if self._pages is None:
            self._pages = measure.read_pdf(self.pdf)
        return self._pages


@shared_fixture
def notices(tmp_path_factory) -> dict[str, Built]:
    out = tmp_path_factory.mktemp("notices")
    return {
        "sample": Built("sample", Project(ROOT), out),
        "units110": Built("units110", synthetic_project(tmp_path_factory.mktemp("syn")), out),
        "rich": Built("rich", rich_project(tmp_path_factory.mktemp("rich")), out),
    }


@pytest.fixture(params=["sample", "units110"])
def standard(request, notices) -> Built:
    """The sample and the 110-unit notice: the two the layout must hold for."""
    return notices[request.param]
