"""The brochure's style file, templates/styles/brochure.yaml: read, validated, in points."""
from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from reportlab.lib.colors import CMYKColor, HexColor
from reportlab.lib.pagesizes import A4, A5, B5
from reportlab.lib.units import mm

from partydocs.reuse.errors import DataError, Problem
from partydocs.model.files import MISSING, file_trouble
from partydocs.model.settings import read_settings

from .fonts import FontSource, find_font, looks_like_file, resolve

STYLE_FILE = Path("styles") / "brochure.yaml"
PAGE_SIZES = {"A4": A4, "A5": A5, "B5": B5}
FONT_ROLES = ("serif", "sans", "heading")
Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
Size = Annotated[float, Field(gt=0, le=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_Strict):
    size: Union[Literal["A4", "A5", "B5"], tuple[Size, Size]] = "A4"
    margin_top: Annotated[float, Field(ge=5, le=80)]
    margin_bottom: Annotated[float, Field(ge=5, le=80)]
    margin_left: Annotated[float, Field(ge=5, le=80)]
    margin_right: Annotated[float, Field(ge=5, le=80)]

    def points(self) -> tuple[float, float]:
        return PAGE_SIZES[self.size] if isinstance(self.size, str) else (self.size[0] * mm, self.size[1] * mm)


class Fonts(_Strict):
    serif: list[str] = Field(min_length=1)
    sans: list[str] = Field(min_length=1)
    heading: list[str] = Field(min_length=1)


class Colours(_Strict):
    text: Colour
    muted: Colour
    accent: Colour
    gold: Colour
    panel: Colour
    facts: Colour
    rule: Colour
    cover: Colour
    cover_text: Colour


Percent = Annotated[float, Field(ge=0, le=100)]
Cmyk = tuple[Percent, Percent, Percent, Percent]
MODES = ("screen", "print", "archive")


class PrintColours(_Strict):
    """The colours for print, as C, M, Y, K in percent (the print shop's values)."""
    text: Cmyk
    muted: Cmyk
    accent: Cmyk
    gold: Cmyk
    panel: Cmyk
    facts: Cmyk
    rule: Cmyk
    cover: Cmyk
    cover_text: Cmyk


Intent = Literal["perceptual", "relative", "saturation", "absolute"]


class PrintProfile(_Strict):
    """How the print variant prints: the press's CMYK profile (the first file found), how
    photos are converted to it, and the size under which text is set in one solid ink."""
    icc: list[str] = Field(min_length=1)
    rendering_intent: Intent = "relative"
    black_point_compensation: bool = True
    single_ink_text_pt: Annotated[float, Field(ge=0, le=72)] = 12


class Output(_Strict):
    mode: Literal["screen", "print", "archive"] = "screen"
    bleed_mm: Annotated[float, Field(ge=0, le=10)] = 3
    crop_marks: bool = True


ColourName = Literal["text", "muted", "accent", "gold", "panel", "facts", "rule", "cover", "cover_text"]


class TextStyle(_Strict):
    font: Literal["serif", "sans", "heading"]
    size: Size
    leading: Size
    colour: ColourName = "text"
    before: Annotated[float, Field(ge=0, le=200)] = 0
    after: Annotated[float, Field(ge=0, le=200)] = 0
    indent: Annotated[float, Field(ge=0, le=10)] = 0    # first-line indent, in characters
    align: Literal["justify", "left", "center", "right"] = "justify"


class TextStyles(_Strict):
    body: TextStyle
    title: TextStyle
    subtitle: TextStyle
    heading: TextStyle
    fact_label: TextStyle
    fact_value: TextStyle
    honour_year: TextStyle
    honour: TextStyle
    service: TextStyle
    service_note: TextStyle
    caption: TextStyle
    plan_heading: TextStyle
    plan: TextStyle
    header: TextStyle
    folio: TextStyle
    part_title: TextStyle
    toc_entry: TextStyle
    toc_note: TextStyle
    cover_title: TextStyle
    cover_subtitle: TextStyle
    cover_year: TextStyle
    cover_issuer: TextStyle
    cover_date: TextStyle
    back_cover: TextStyle


class Images(_Strict):
    dpi: Annotated[int, Field(ge=72, le=1200)] = 300
    jpeg_quality: Annotated[int, Field(ge=1, le=95)] = 85
    columns: Annotated[int, Field(ge=1, le=4)] = 2
    frame: tuple[Annotated[float, Field(gt=0, le=10)], Annotated[float, Field(gt=0, le=10)]] = (3, 2)   # width : height


class Typography(_Strict):
    latin_space: Annotated[float, Field(ge=0, le=0.5)] = 0.25     # em between CJK and Latin letters/digits


class Collection(_Strict):
    points_per_volume: Annotated[int, Field(ge=1, le=1000)] = 200


class StyleFile(_Strict):
    page: Page
    fonts: Fonts
    colours: Colours
    text: TextStyles
    images: Images = Images()
    typography: Typography = Typography()
    collection: Collection = Collection()
    output: Output = Output()
    print_colours: PrintColours | None = None
    print_profile: PrintProfile | None = None
    _mode: str = PrivateAttr(default="screen")
    _press: Press | None = PrivateAttr(default=None)

    @property
    def mode(self) -> str:
        """screen, print or archive: the style file's output.mode unless a build chose another."""
        return self._mode

    def in_mode(self, mode: str | None) -> "StyleFile":
        chosen = self.model_copy()
        chosen._mode = mode or self.output.mode
        return chosen

    def colour(self, name: str) -> HexColor | CMYKColor:
        if self._mode == "print" and self.print_colours is not None:
            return CMYKColor(*(part / 100 for part in getattr(self.print_colours, name)))
        return HexColor(getattr(self.colours, name))

    def text_colour(self, name: str, size: float) -> HexColor | CMYKColor:
        """Text under `single_ink_text_pt` prints in one solid ink: a tint breaks small
        strokes into halftone dots, and four inks never register exactly on a stroke."""
        colour = self.colour(name)
        limit = self.print_profile.single_ink_text_pt if self.print_profile else 12
        return one_solid_ink(colour) if self._mode == "print" and size < limit else colour

    def line_colour(self, name: str, width: float) -> HexColor | CMYKColor:
        """A rule thinner than FINE_RULE_PT prints on one plate: on the black one, as dark as
        its darkest ink, when the style gives it several."""
        colour = self.colour(name)
        return on_one_plate(colour) if self._mode == "print" and width < FINE_RULE_PT else colour

    @property
    def press(self) -> Press | None:
        """The press's profile and conversion, in print mode; None on screen and in the archive."""
        return self._press if self._mode == "print" else None


FINE_RULE_PT = 1.0
SOLID_BLACK = CMYKColor(0, 0, 0, 1)


def _inks(colour: CMYKColor) -> list[float]:
    return [colour.cyan, colour.magenta, colour.yellow, colour.black]


def one_solid_ink(colour):
    """The colour as one ink at 100 %: its own ink if it has one, else solid black; paper
    (no ink, text reversed out of a ground) stays as it is."""
    if not isinstance(colour, CMYKColor):
        return colour
    inks = [value > 0 for value in _inks(colour)]
    if not any(inks):
        return colour
    return CMYKColor(*(1.0 if used else 0.0 for used in inks)) if sum(inks) == 1 else SOLID_BLACK


def on_one_plate(colour):
    inks = _inks(colour) if isinstance(colour, CMYKColor) else []
    if sum(value > 0 for value in inks) <= 1:
        return colour
    return CMYKColor(0, 0, 0, max(inks))


@dataclass(frozen=True)
class Press:
    """The CMYK profile photos are converted to and the PDF/X output intent names."""
    path: Path
    intent: str
    black_point_compensation: bool

    def ink(self) -> tuple[str, str, str, bool]:
        """What of the press shapes a converted photo (generators.picture.Copy.press): the
        profile's path and the digest of its bytes, the rendering intent, black point compensation."""
        return str(self.path), _file_digest(str(self.path)), self.intent, self.black_point_compensation


@lru_cache(maxsize=4)
def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def style_path(templates_dir: Path) -> Path:
    return templates_dir / STYLE_FILE


def load_style(templates_dir: Path) -> StyleFile:
    path = style_path(templates_dir)
    label = f"templates/{STYLE_FILE.as_posix()}"
    if file_trouble(path, templates_dir) == MISSING:
        raise DataError([Problem(label, 0, 0, "", "缺少画册样式文件")])
    doc, style = read_settings(path, label, StyleFile)
    if style.output.mode == "print" and (style.print_colours is None or style.print_profile is None):
        raise DataError([doc.problem(("output", "mode"), "印刷版（mode: print）需要 print_colours 和 print_profile："
                                                         "请为每种颜色写出印刷厂给的 CMYK 值，并写出印刷特性文件（ICC）")])
    style = style.in_mode(None)
    style._press = _press(style, templates_dir.resolve().parent)
    missing = _missing_font_files(style, templates_dir.resolve().parent)
    if missing:
        raise DataError([doc.problem(("fonts", role, index), message) for role, index, message in missing])
    return style


def require_mode(style: StyleFile, mode: str) -> None:
    """A variant the style cannot make is a DataError at the style file."""
    label = f"templates/{STYLE_FILE.as_posix()}"
    if mode == "print" and style.print_colours is None:
        raise DataError([Problem(label, 0, 0, "print_colours", "印刷版需要 print_colours：请为每种颜色写出印刷厂给的 CMYK 值")])
    if mode == "print" and style._press is None:
        raise DataError([Problem(label, 0, 0, "print_profile.icc",
                                 "印刷版需要印刷特性文件（CMYK ICC）：print_profile 的 icc 所列文件都找不到；"
                                 "请把印刷厂给的 .icc 文件放进项目文件夹并写出它的路径，"
                                 "或安装 Ghostscript（它带有 default_cmyk.icc）")])


def _press(style: StyleFile, project_root: Path) -> Press | None:
    """The first of the style's ICC candidates that exists (a path relative to the project,
    or another machine's system folder)."""
    chosen = style.print_profile
    if chosen is None:
        return None
    for candidate in chosen.icc:
        path = Path(candidate).expanduser()
        path = path if path.is_absolute() else project_root / path
        if path.is_file():
            return Press(path, chosen.rendering_intent, chosen.black_point_compensation)
    return None


def press_files(templates_dir: Path, mode: str | None) -> list[Path]:
    """The profile file a brochure of `mode` is converted with: an input of the print variant."""
    style = load_style(templates_dir).in_mode(mode)
    return [style.press.path] if style.press else []


def style_position(templates_dir: Path, path: tuple) -> tuple[int, int]:
    """Line and column of `path` in the style file, for a message."""
    from partydocs.model.yaml_reader import read_yaml

    return read_yaml(style_path(templates_dir), f"templates/{STYLE_FILE.as_posix()}").position(path)


def font_field(style: StyleFile, templates_dir: Path, role: str) -> tuple[str, ...]:
    """The style's field (as a path) of the candidate that `role` settles on, for a message
    about that font file: fonts.<role>, item n."""
    root = templates_dir.resolve().parent
    for index, candidate in enumerate(getattr(style.fonts, role)):
        if find_font(candidate, root):
            return ("fonts", role, index)
    return ("fonts", role)


def role_sources(style: StyleFile, templates_dir: Path) -> dict[str, FontSource]:
    """The font file each role's list of candidates settles on, on this machine. The roles are
    resolved side by side: each asks fc-match, a process that mostly waits on its start."""
    root = templates_dir.resolve().parent
    with ThreadPoolExecutor(len(FONT_ROLES)) as threads:
        found = threads.map(lambda role: resolve(tuple(getattr(style.fonts, role)), role, root), FONT_ROLES)
        return dict(zip(FONT_ROLES, found))


def _missing_font_files(style: StyleFile, project_root: Path) -> list[tuple[str, int, str]]:
    """Font files given by a path inside the project that is not there. A font name, or an
    absolute path (another machine's font folder), that is not found falls through to the next."""
    missing = []
    for role in FONT_ROLES:
        for index, candidate in enumerate(getattr(style.fonts, role)):
            name = candidate.strip().split("#")[0]
            path = Path(name).expanduser()
            if looks_like_file(name) and not path.is_absolute() and not (project_root / path).is_file():
                missing.append((role, index, f"找不到字体文件“{name}”（路径相对于项目文件夹 {project_root.name}/）；"
                                             "请检查文件名和文件夹，或删去这一行改写字体名称"))
    return missing
