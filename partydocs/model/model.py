"""The data model of one year's set: the notice, the demonstration points, the brochure.

Field names are the YAML keys the office staff write; `data/2021/` shows every one of them
with a comment. Types here check one file at a time; `checks.py` checks across files.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .files import RESERVED
from .invisible import unseen_trouble

# A point's id names its profile's file: lower-case letters, digits, hyphens and Chinese characters
# (a name from a sheet), nothing Windows, macOS or Linux would refuse in a file name.
POINT_ID = r"^[a-z0-9\u3400-\u9fff\uf900-\ufaff（）()·]+(?:-[a-z0-9\u3400-\u9fff\uf900-\ufaff（）()·]+)*$"
EARLIEST_YEAR = 1900     # no date here is older; later ones are judged against today (checks.py)
PARTY_ORG_KINDS = ("党委", "党总支", "党支部", "联合党支部", "临时党支部", "功能型党支部")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as the release gives it: a year and month, optionally a day."""

    year: int
    month: int
    day: int | None = None

    def zh(self) -> str:
        """Chinese form with no leading zeros, e.g. 2021年9月6日 or 2012年11月."""
        text = f"{self.year}年{self.month}月"
        return f"{text}{self.day}日" if self.day else text

    def earliest(self) -> date:
        return date(self.year, self.month, self.day or 1)


@dataclass(frozen=True)
class Count:
    """A head count such as 1200 or “1200多” (more than 1200)."""

    value: int
    approx: str = ""

    def zh(self, unit: str = "") -> str:
        return f"{self.value}{self.approx}{unit}"


DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")


def _parse_date(value: object) -> PartialDate:
    text = str(value).strip() if isinstance(value, (str, int)) else None
    match = DATE.fullmatch(text or "")
    try:
        if not match:
            raise ValueError
        year, month, day = (int(g) if g else None for g in match.groups())
        date(year, month, day or 1)
    except ValueError:
        raise PydanticCustomError("bad_date", "“{value}” 不是有效日期（应为 YYYY-MM-DD 或 YYYY-MM）", {"value": value}) from None
    if year < EARLIEST_YEAR:
        raise PydanticCustomError("early_date", "“{value}” 的年份早于 {earliest} 年，不合理；请核对年份",
                                  {"value": value, "earliest": EARLIEST_YEAR})
    return PartialDate(year, month, day)


def _full_date(value: PartialDate) -> PartialDate:
    if value.day is None:
        raise PydanticCustomError("need_day", "这里要写到日（应为 YYYY-MM-DD，例如 2021-09-06）")
    return value


def _parse_count(value: object) -> Count:
    if value is None:       # written with nothing after the colon: a count someone meant to fill in
        raise PydanticCustomError("empty_count", "写了这一项却没有填数；请填写人数或个数（如 93，或“1200多”），不知道时删去这一行")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return Count(value)
    match = re.fullmatch(r"(\d+)\s*(多|余)?", value.strip()) if isinstance(value, str) else None
    if not match:
        raise PydanticCustomError("bad_count", "“{value}” 不是人数或个数（应为整数，如 93，或“1200多”）", {"value": value})
    return Count(int(match[1]), match[2] or "")


def _clean_text(value: object) -> object:
    if isinstance(value, str):
        trouble = unseen_trouble(value)
        if trouble:
            raise PydanticCustomError("unseen_char", "{trouble}", {"trouble": trouble})
        return value.strip()
    return value


def _not_a_device_name(value: str) -> str:
    if RESERVED.match(value):
        raise PydanticCustomError(
            "reserved_id", "“{value}” 是 Windows 保留的设备名，不能用作编号（生成的 {value}.pdf 在 Windows 上打不开）；"
            "请换一个编号，如 {value}-association", {"value": value})
    return value


DateYM = Annotated[PartialDate, BeforeValidator(_parse_date)]
FullDate = Annotated[PartialDate, BeforeValidator(_parse_date), AfterValidator(_full_date)]
HeadCount = Annotated[Count | None, BeforeValidator(_parse_count)]    # None only when not written at all
Text = Annotated[str, BeforeValidator(_clean_text), Field(min_length=1, max_length=2000)]
Name = Annotated[str, BeforeValidator(_clean_text), Field(min_length=1, max_length=200)]
Paragraphs = list[Text]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, regex_engine="python-re", defer_build=True)


# ---- demonstration point -------------------------------------------------------------

class PartyOrg(Strict):
    name: Name                       # full name, e.g. 中共东莞市江西商会支部委员会
    short_name: Name                 # everyday name, e.g. 东莞市江西商会党支部; default: the full name
    kind: Literal[PARTY_ORG_KINDS] | None = None   # type: ignore[valid-type]
    founded: DateYM | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_name_defaults_to_name(cls, data):
        if isinstance(data, dict) and "short_name" not in data and isinstance(data.get("name"), str):
            return data | {"short_name": data["name"]}
        return data
    history: Text | None = None      # e.g. 2017年7月升格为党总支，下设3个党支部
    secretary: Name | None = None


class Location(Strict):
    city: Name
    district: Name | None = None
    address: Name | None = None

    def zh(self) -> str:
        return "".join(part for part in (self.city, self.district) if part)


class Honour(Strict):
    year: Annotated[int, Field(ge=1921, le=2100)]
    title: Name
    by: Name | None = None           # awarding body
    holder: Name | None = None       # who received it, if not the organisation itself


class Service(Strict):
    name: Name
    description: Text | None = None


class Highlight(Strict):
    photo: Annotated[str, Field(min_length=1, max_length=300)]  # path inside the year's folder
    caption: Text
    date: DateYM | None = None
    focus: tuple[Annotated[float, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]] | None = None  # crop centre (x, y)


class Point(Strict):
    id: Annotated[str, Field(pattern=POINT_ID, max_length=64), AfterValidator(_not_a_device_name)]
    organisation: Name
    organisation_kind: Name | None = None   # 社会服务机构 / 商会 / 行业协会 …
    party_org: PartyOrg
    location: Location
    founded: DateYM | None = None
    staff: HeadCount = None
    member_units: HeadCount = None    # 会员企业 / 会员单位
    service_points: HeadCount = None
    members: HeadCount = None
    members_note: Name | None = None         # e.g. 含流动党员
    probationary_members: HeadCount = None
    activists: HeadCount = None
    honours: list[Honour] = []
    summary: Paragraphs = []                 # the release's opening facts, as paragraphs
    narrative: Paragraphs = []
    services: list[Service] = []
    highlights: list[Highlight] = []
    plan: Paragraphs = []                    # 创建规划思路
    paragraphs: Paragraphs = []              # free paragraphs printed at the end

    def profile_missing(self) -> list[str]:
        """What a brochure profile needs that this point does not give (a point may hold only
        what a notice lists: party organisation, organisation, place)."""
        needed = {"founded": self.founded, "members": self.members, "plan": self.plan,
                  "party_org.kind": self.party_org.kind, "party_org.founded": self.party_org.founded}
        return [name for name, value in needed.items() if not value]

    def template_extras(self) -> dict[str, str]:
        """What templates see besides the fields (templating.plain)."""
        return {"place": self.location.zh()}

    def listing(self) -> tuple[str, str, str]:
        """What a notice's list of units shows of the point: party organisation, organisation, place."""
        return self.party_org.name, self.organisation, self.location.zh()


# ---- notice -----------------------------------------------------------------------

SealImage = Annotated[str, Field(max_length=300)]   # the office's own seal image; never drawn by us


class Issuer(Strict):
    name: Name                       # full name, used for signature and printer defaults
    mark: Name | None = None         # text of the issuer mark, if not the name
    seal: SealImage | None = None    # this issuer's seal, pressed on its own name


class DocNumber(Strict):
    code: Annotated[str, BeforeValidator(_clean_text), Field(min_length=1, max_length=20, pattern=r"^[^\d〔〕\[\]()（）]+$")]
    year: Annotated[int, Field(ge=1921, le=2100)]
    seq: Annotated[int, Field(ge=1, le=99999)]

    def zh(self) -> str:
        return f"{self.code}〔{self.year}〕{self.seq}号"


NUMBER_COLUMN = "序号"
Cell = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v),
                 BeforeValidator(_clean_text), Field(max_length=500)]
SourceFile = Annotated[str, Field(min_length=1, max_length=300, pattern=r"(?i)^[^/\\:*?\"<>|]+\.(xlsx|xls|ods|csv)$")]


class TableSpec(Strict):
    """A list: declared columns, and rows written here, read from a sheet in the year's
    folder (its header row names the columns), or the year's points (`from: points`)."""

    columns: list[Name] = Field(min_length=1, max_length=12)
    rows: list[list[Cell]] = []
    source: SourceFile | Literal["points"] | None = Field(default=None, alias="from")
    sheet: Name | None = None        # which sheet of the file; default the first
    header_row: Annotated[int, Field(ge=1, le=1000)] | None = None   # the sheet's header row; default: found
    number: bool = False             # fill a 序号 column 1, 2, 3, …
    note: Text | None = None         # printed under the table ("注：排名不分先后"); default: the sheet's 注 row

    @model_validator(mode="after")
    def _one_source(self) -> "TableSpec":
        if self.rows and self.source:
            raise PydanticCustomError("table_source", "表格的行要么写在 rows 里，要么用 from 读取，不能两样都写")
        if not self.rows and not self.source:
            raise PydanticCustomError("table_empty", "表格没有内容：请写 rows（各行），或 from（表格文件名或 points）")
        if self.header_row is not None and self.source in (None, "points"):
            raise PydanticCustomError("header_row", "header_row 只用于 from 读取的表格文件（指明表头在第几行）；请删去这一行")
        want = len(self.columns) - (1 if self.numbered else 0)
        for number, row in enumerate(self.rows, 1):
            if len(row) != want:
                raise PydanticCustomError("row_width", "rows 第 {n} 行有 {got} 项，应有 {want} 项（与 columns 对应{hint}）",
                                          {"n": number, "got": len(row), "want": want,
                                           "hint": "，序号自动填写" if self.numbered else ""})
        return self

    @property
    def numbered(self) -> bool:
        return self.number and NUMBER_COLUMN in self.columns


class FormSpec(Strict):
    """A blank form such as a 回执: label/blank pairs (`fields`, e.g. 单位名称/联系人/电话), a
    table of columns over empty rows, or both, the fill-in lines above the table."""

    columns: list[Name] = []
    rows: Annotated[int, Field(ge=1, le=60)] = 5
    fields: list[Name] = []

    @model_validator(mode="after")
    def _some_shape(self) -> "FormSpec":
        if not self.columns and not self.fields:
            raise PydanticCustomError("form_shape", "表单要写 fields（每行一个“项目：____”）或 columns（表头，下面留空行），"
                                      "也可以两样都写（填写项在上，表格在下）")
        return self


class Attachment(Strict):
    title: Name
    table: TableSpec | None = None
    form: FormSpec | None = None
    text: Annotated[str, BeforeValidator(_clean_text), Field(min_length=1, max_length=20000)] | None = None

    @model_validator(mode="after")
    def _one_content(self) -> "Attachment":
        given = [kind for kind in ("table", "form", "text") if getattr(self, kind) is not None]
        if len(given) != 1:
            raise PydanticCustomError("attachment_content", "附件要写且只写一种内容：table（名单表）、form（回执等空白表）或 text（文字）"
                                      "；现在写了 {n} 种", {"n": len(given)})
        return self


DOC_FORMATS = ("通用", "信函", "命令", "纪要")
MARK_SUFFIXES = {"通用": "文件", "信函": "", "命令": "令", "纪要": "纪要"}   # what follows the issuer in the mark


class Attendance(Strict):
    """Who attended the meeting of a 纪要: units and names, as they are printed."""

    present: list[Name] = Field(min_length=1)   # 出席
    on_leave: list[Name] = []                   # 请假
    observers: list[Name] = []                  # 列席

    def lists(self) -> list[tuple[str, list[str]]]:
        """(label, names) of each list given, in the standard's order."""
        pairs = (("出席", self.present), ("请假", self.on_leave), ("列席", self.observers))
        return [(label, names) for label, names in pairs if names]


def _only_in(formats: tuple[str, ...], what: str):
    """A validator: the field may be given only in these formats (a located error elsewhere)."""
    def check(value, info: ValidationInfo):
        chosen = info.data.get("format")
        if value is not None and chosen is not None and chosen not in formats:
            raise PydanticCustomError("format_field", "{what}只用于{formats}格式，本文件是“{chosen}”格式；请删去此项或改 format",
                                      {"what": what, "formats": "、".join(formats), "chosen": chosen})
        return value
    return check


def _needed_in(formats: tuple[str, ...], what: str):
    """A validator: the field must be given in these formats."""
    def check(value, info: ValidationInfo):
        chosen = info.data.get("format")
        if not value and chosen in formats:
            raise PydanticCustomError("format_needs", "缺少必填字段：“{chosen}”格式必须写{what}，请补上", {"chosen": chosen, "what": what})
        return value
    return check


class Notice(Strict):
    format: Literal[DOC_FORMATS] = "通用"   # type: ignore[valid-type]  # GB/T 9704 format: 通用/信函/命令/纪要
    issuers: list[Issuer] = Field(min_length=1, max_length=6)
    mark_suffix: Annotated[str, BeforeValidator(_clean_text), Field(max_length=4)] | None = None   # default by format: 文件 / "" / 令 / 纪要
    party_organ: bool = True         # red star on the separator
    number: DocNumber
    copy_number: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None
    classification: Name | None = None
    urgency: Literal["特急", "加急"] | None = None
    signers: list[Name] = []         # 签发人, only for upward documents
    title: Name
    title_lines: list[Name] = []     # manual line breaks for the title
    addressees: list[Name] = Field([], validate_default=True)   # needed except in an order or minutes
    body: Annotated[str, BeforeValidator(_clean_text), Field(min_length=1, max_length=50000)] | None = None
    body_template: Annotated[str, Field(pattern=r"^[\w./-]+\.j2$")] | None = None
    units: list[Annotated[str, Field(pattern=POINT_ID)]] | Literal["全部"] = []   # ids, or 全部: every point of the year
    attachments: list[Attachment] = []
    signature: list[Name] = []       # signing organ(s); default: the issuers' names
    signer_title: Name | None = Field(None, validate_default=True)   # 命令: the signer's full title
    signature_stamp: Annotated[str, Field(max_length=300)] | None = None   # 命令: the signer's stamp image
    attendance: Attendance | None = Field(None, validate_default=True)    # 纪要: 出席/请假/列席
    date: FullDate
    seal: SealImage | None = None    # one issuer's seal (the same as its issuers[0].seal)
    note: Text | None = None         # 附注
    cc: list[Name] = []              # 抄送
    printer: Name | None = None      # 印发机关; default: the first issuer
    print_date: FullDate | None = None
    preprinted: bool = False         # 套打: the red 版头 (mark and rules) is already printed on the paper
    preprinted_reserve_mm: Annotated[float, Field(ge=20, le=150)] | None = None   # paper's top edge to the printed red rule's top

    _addressees_needed = field_validator("addressees")(_needed_in(("通用", "信函"), "主送机关（addressees）"))
    _title_only_in_order = field_validator("signer_title")(_only_in(("命令",), "签发人职务（signer_title）"))
    _title_needed = field_validator("signer_title")(_needed_in(("命令",), "签发人职务（signer_title），例如 书记"))
    _stamp_only_in_order = field_validator("signature_stamp")(_only_in(("命令",), "签名章图片（signature_stamp）"))
    _attendance_only_in_minutes = field_validator("attendance")(_only_in(("纪要",), "出席、请假、列席名单（attendance）"))
    _attendance_needed = field_validator("attendance")(_needed_in(("纪要",), "出席名单（attendance 下的 present）"))
    _seal_not_in = field_validator("seal")(_only_in(("通用", "信函"), "印章（seal）"))
    _preprinted_in = field_validator("preprinted", "preprinted_reserve_mm")(
        _only_in(("通用", "信函", "纪要"), "套打（preprinted、preprinted_reserve_mm）"))

    @field_validator("issuers")
    @classmethod
    def _seals_each_or_none(cls, issuers: list[Issuer], info: ValidationInfo) -> list[Issuer]:
        """A joint issue is sealed by every issuer or by none (GB/T 9704 7.3.5.2)."""
        sealed = [issuer for issuer in issuers if issuer.seal]
        chosen = info.data.get("format")
        if sealed and chosen not in (None, "通用", "信函"):
            raise PydanticCustomError("format_field", "印章（issuers 下的 seal）只用于通用、信函格式，本文件是“{chosen}”格式；"
                                      "请删去此项或改 format", {"chosen": chosen})
        if sealed and len(sealed) < len(issuers):
            missing = "、".join(issuer.name for issuer in issuers if not issuer.seal)
            raise PydanticCustomError("seal_each", "联合行文加盖印章时，每个发文机关都要盖自己的印章：{missing} 没有写 seal；"
                                      "请补上它的印章图片，或删去所有机关的 seal", {"missing": missing})
        return issuers

    @field_validator("signature")
    @classmethod
    def _one_name_per_seal(cls, signature: list[str], info: ValidationInfo) -> list[str]:
        issuers = info.data.get("issuers") or []
        if signature and any(issuer.seal for issuer in issuers) and len(signature) != len(issuers):
            raise PydanticCustomError("seal_signature", "发文机关各有印章，署名（signature）应与 issuers 一一对应：写了 {got} 个署名，"
                                      "有 {want} 个发文机关；请改正署名，或删去 signature", {"got": len(signature), "want": len(issuers)})
        return signature

    @field_validator("seal")
    @classmethod
    def _seal_in_one_place(cls, seal: str | None, info: ValidationInfo) -> str | None:
        issuers = info.data.get("issuers") or []
        if seal and any(issuer.seal for issuer in issuers):
            raise PydanticCustomError("seal_twice", "印章写了两处：这里的 seal 和 issuers 下的 seal；请只在 issuers 下为每个机关写 seal，"
                                      "并删去这一行")
        organs = info.data.get("signature") or [issuer.name for issuer in issuers]
        if seal and len(organs) > 1:
            raise PydanticCustomError("seal_joint", "联合行文时每个发文机关各盖各的印章，一枚印章不能压在 {n} 个署名上；"
                                      "请删去这一行，在 issuers 下为每个机关写 seal（印章图片）", {"n": len(organs)})
        return seal

    @field_validator("mark_suffix")
    @classmethod
    def _suffix_fits_the_format(cls, suffix: str | None, info: ValidationInfo) -> str | None:
        chosen = info.data.get("format")
        wrong = {"信函": suffix != "", "命令": suffix not in ("命令", "令"),
                 "纪要": suffix is not None and not suffix.endswith("纪要")}.get(chosen, False)
        if suffix is not None and wrong:
            allowed = {"信函": "不加任何字（请删去 mark_suffix）", "命令": "为“命令”或“令”",
                       "纪要": "以“纪要”结尾，如“会议纪要”"}[chosen]
            raise PydanticCustomError("mark_suffix", "“{chosen}”格式的发文机关标志{allowed}",
                                      {"chosen": chosen, "allowed": allowed})
        return suffix

    @field_validator("title_lines")
    @classmethod
    def _lines_make_the_title(cls, lines: list[str], info: ValidationInfo) -> list[str]:
        title = info.data.get("title")
        if lines and title is not None and "".join(lines) != title:
            raise PydanticCustomError(
                "title_lines", "title_lines 连起来是“{joined}”，与 title“{title}”不一致；请让各行连起来与标题一字不差，"
                "或删去 title_lines", {"joined": "".join(lines), "title": title})
        return lines

    @model_validator(mode="after")
    def _one_body(self) -> "Notice":
        if (self.body is None) == (self.body_template is None):
            raise PydanticCustomError("body", "正文要么直接写在 body 里，要么用 body_template 指定模板，两者写且只写一个")
        return self

    def mark_text_suffix(self) -> str:
        """What follows the issuer's name in the mark: the given suffix, or the format's."""
        return MARK_SUFFIXES[self.format] if self.mark_suffix is None else self.mark_suffix

    def signing_organs(self) -> list[str]:
        return self.signature or [issuer.name for issuer in self.issuers]

    def seals(self) -> list[tuple[str, str]]:
        """(signing organ, its seal image) in issuing order; empty when the notice is unsealed."""
        if self.seal:
            return [(self.signing_organs()[0], self.seal)]
        images = [issuer.seal for issuer in self.issuers if issuer.seal]
        return list(zip(self.signing_organs(), images)) if images else []


# ---- brochure ---------------------------------------------------------------------

class Brochure(Strict):
    title: Name
    subtitle: Name | None = None
    issuer: Name
    date: DateYM | None = None
    foreword: Paragraphs = Field(min_length=1)
    closing: Paragraphs = []
    order: list[Annotated[str, Field(pattern=POINT_ID)]] = []  # default: the notice's units


# ---- a validated year ---------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """One paragraph of the notice body: level 0 is body text, 1–4 are headings."""

    level: int
    text: str


@dataclass(frozen=True)
class Content:
    """An attachment as it will be printed: a table's rows already read (from its sheet, the
    points, or the data), a form's blank rows, or a text's blocks."""

    title: str
    kind: str                                   # "table", "form" or "text"
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()      # a table's rows; a form's rows are empty
    blocks: tuple[Block, ...] = ()              # a text's paragraphs and headings
    fields: tuple[str, ...] = ()                # a form of label/blank pairs
    note: str | None = None                     # a table's note, printed under it


@dataclass(frozen=True)
class Document:
    """One 公文 of the year, from data/<year>/documents/<name>.yaml (or notice.yaml)."""

    name: str                                   # its file name without .yaml: output/<year>/<name>.docx
    notice: Notice
    body: tuple[Block, ...]                     # rendered from its template or written inline
    attachments: tuple[Content, ...]
    source: Path
    reads: tuple[Path, ...] = ()                # sheet files its tables come from

    def facts(self) -> str:
        """A digest of what the document prints that is not its own file: its body as
        rendered and its attachments' contents (points' listings, sheets' rows)."""
        body = [(block.level, block.text) for block in self.body]
        return hashlib.sha256(json.dumps([body, [repr(a) for a in self.attachments]], ensure_ascii=False)
                              .encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Year:
    """Everything the generators need for one year, validated. `notice` and `body` are those
    of `document`, the 公文 being written (`for_document`); the first one by default."""

    year: str
    root: Path                        # data/<year>/
    notice: Notice | None
    body: tuple[Block, ...]
    points: tuple[Point, ...]         # in the brochure's (or the documents') order
    brochure: Brochure | None         # None: the year makes no brochure
    sources: dict[str, Path]          # "notice", "brochure", "point:<id>" -> data file
    documents: tuple[Document, ...] = ()
    document: Document | None = None
    notes: tuple[str, ...] = ()       # said once in the build summary (points left out, …)
    book: tuple[str, ...] = ()        # ids of the points in the brochure, in its order

    def for_document(self, name: str) -> Year:
        document = next(d for d in self.documents if d.name == name)
        return replace(self, notice=document.notice, body=document.body, document=document,
                       sources=self.sources | {"notice": document.source})

    def point(self, point_id: str) -> Point:
        return self._by_id[point_id]

    @cached_property
    def _by_id(self) -> dict[str, Point]:
        return {p.id: p for p in self.points}

    def subset(self, point_ids: tuple[str, ...] | None, document: str | None = None) -> Year:
        """The year with only these points (None: all) and only their places in the book, for
        a job that reads no others, and with only the 公文 `document` it writes (none for a
        brochure's or the release's job): what is sent to a worker is then the size of its
        points, not of the year (a 公文's list of 10,000 units, its table of 10,000 rows)."""
        if point_ids is None:
            return self
        chosen = set(point_ids)
        points = tuple(sorted((self._by_id[i] for i in chosen), key=lambda p: self._order[p.id]))
        sources = self._shared_sources | {f"point:{p.id}": self.sources[f"point:{p.id}"] for p in points}
        book = tuple(sorted((i for i in chosen if i in self._book_order), key=self._book_order.__getitem__))
        documents = tuple(d for d in self.documents if d.name == document)
        notice = self.notice
        if document is None and notice is not None and isinstance(notice.units, list):
            notice = notice.model_copy(update={"units": [unit for unit in notice.units if unit in chosen]})
        return replace(self, points=points, sources=sources, book=book, documents=documents,
                       document=documents[0] if documents else None, notice=notice)

    @cached_property
    def _order(self) -> dict[str, int]:
        return {p.id: index for index, p in enumerate(self.points)}

    @cached_property
    def _book_order(self) -> dict[str, int]:
        return {point_id: index for index, point_id in enumerate(self.book)}

    @cached_property
    def _shared_sources(self) -> dict[str, Path]:
        """The data files that are not a point's (each job's subset takes these and its own points',
        without a scan of 10,000 sources per job)."""
        return {k: v for k, v in self.sources.items() if not k.startswith("point:")}

    def photo_path(self, highlight: Highlight) -> Path:
        """Made once per photo: a build asks for each photo's path some five times (its profile,
        volume, article and web copy), and joining paths is most of planning 10,000 points."""
        known = self._photo_paths
        if highlight.photo not in known:
            known[highlight.photo] = self.root / highlight.photo
        return known[highlight.photo]

    @cached_property
    def _photo_paths(self) -> dict[str, Path]:
        return {}
