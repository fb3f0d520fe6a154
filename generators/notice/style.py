"""The notice's style file, templates/styles/notice.yaml: read and validated."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from partydocs.model.settings import read_settings

STYLE_FILE = Path("styles") / "notice.yaml"
Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
FontName = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[^<>&\"\x00-\x1f]+$")]
Points = Annotated[float, Field(gt=0, le=120)]
Margin = Annotated[float, Field(ge=5, le=80)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_Strict):
    margin_top: Margin = 37
    margin_left: Margin = 28
    margin_right: Margin = 26
    margin_bottom: Margin = 35
    lines: Annotated[int, Field(ge=10, le=60)] = 22
    chars: Annotated[int, Field(ge=10, le=60)] = 28


class Face(_Strict):
    east_asia: FontName
    latin: FontName


class Fonts(_Strict):
    mark: Face = Face(east_asia="方正小标宋简体", latin="Times New Roman")
    title: Face = Face(east_asia="方正小标宋简体", latin="Times New Roman")
    body: Face = Face(east_asia="仿宋_GB2312", latin="Times New Roman")
    heading1: Face = Face(east_asia="黑体", latin="Arial")
    heading2: Face = Face(east_asia="楷体_GB2312", latin="Times New Roman")
    page_number: Face = Face(east_asia="宋体", latin="宋体")


class Sizes(_Strict):
    mark: Points = 42
    mark_min_scale: Annotated[int, Field(ge=30, le=100)] = 60
    title: Points = 22
    title_line: Points = 32
    body: Points = 16
    table: Points = 14
    colophon: Points = 14
    colophon_line: Points = 24
    page_number: Points = 14


class Colours(_Strict):
    red: Colour = "#FF0000"


class Separator(_Strict):
    width: Annotated[float, Field(ge=0.25, le=6)] = 1.5
    star: Annotated[float, Field(ge=4, le=40)] = 16


class Seal(_Strict):
    diameter: Annotated[float, Field(ge=10, le=80)] = 42


class NoticeStyle(_Strict):
    page: Page = Page()
    fonts: Fonts = Fonts()
    sizes: Sizes = Sizes()
    colours: Colours = Colours()
    separator: Separator = Separator()
    seal: Seal = Seal()


def load_style(templates_dir: Path) -> NoticeStyle:
    """The validated style, or DataError naming the file, line and field of each mistake."""
    path = templates_dir / STYLE_FILE
    label = f"templates/{STYLE_FILE.as_posix()}"
    if not path.is_file():
        return NoticeStyle()
    return read_settings(path, label, NoticeStyle)[1]
