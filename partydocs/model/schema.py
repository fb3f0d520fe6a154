"""JSON Schemas of the data files, generated from the data models, for the office's editor: VS
Code's YAML extension (yaml-language-server, which reads Draft-07) then completes field names,
offers the allowed values, explains each field in Chinese on hover and underlines a misspelt
one while it is typed. `make_docs.py schema` writes them; the copies in schemas/ are what the
sample files' modelines name (`# yaml-language-server: $schema=…`), kept equal to the models
by a test.

The models stay the one truth of what a file may hold (fields, types, enums, limits); this
module only adds what an editor shows (Chinese descriptions and examples, taken from the
sample files' comments) and rewrites pydantic's output in Draft-07 terms."""
from __future__ import annotations

import json
from pathlib import Path

from pydantic.json_schema import GenerateJsonSchema

from .model import Brochure, Count, Notice, PartialDate, Point

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
KINDS = {"notice": (Notice, "公文（notice.yaml 和 documents/*.yaml）"),
         "point": (Point, "示范点（points/*.yaml）"),
         "brochure": (Brochure, "画册（brochure.yaml）")}
FOLDER = "schemas"
# Where each kind of data file lies below data/<year>/, for its modeline's relative path.
MODELINE_DEPTH = {"notice": ("notice.yaml", "documents/x.yaml"), "point": ("points/x.yaml",), "brochure": ("brochure.yaml",)}

DATE = {"type": "string", "pattern": r"^\d{4}-\d{1,2}(-\d{1,2})?$", "examples": ["2021-09-06", "2012-11"]}
COUNT = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^\d+\s*(多|余)?$"}],
         "examples": [93, "1200多"]}
NAME_LIKE = {"type": "string"}

# Model -> field -> (description, examples). Every field of every model has one (a test says so).
FIELDS: dict[str, dict[str, tuple[str, list]]] = {
    "Notice": {
        "format": ("公文格式（GB/T 9704）：通用（红头文件，默认）、信函、命令、纪要", ["通用"]),
        "issuers": ("发文机关；联合发文时写多个，主办机关在前", []),
        "mark_suffix": ("发文机关标志后的字：通用格式默认“文件”，信函不加，命令写“令”或“命令”，纪要以“纪要”结尾", ["文件"]),
        "party_organ": ("党的机关：红色分隔线中间加五角星", [True]),
        "number": ("发文字号：机关代字、年份、序号，印作 粤社党〔2021〕12号", []),
        "copy_number": ("份号：6 位数字，请加引号", ["000001"]),
        "preprinted": ("套打：用已印好红色版头的信纸打印时写 true，不印发文机关标志和红线，其余位置不变（通用、信函、纪要格式）", [True]),
        "preprinted_reserve_mm": ("套打信纸上从纸张上边到印好的红线上边缘的距离（毫米），用直尺量出；不写时按格式的标准位置（通用约 121、纪要约 131、信函约 48）", [118]),
        "classification": ("密级和保密期限（可选）", ["秘密★1年"]),
        "urgency": ("紧急程度（可选）：特急、加急", ["加急"]),
        "signers": ("签发人（仅上行文）", [["张三"]]),
        "title": ("公文标题；写的“等N家”须等于名单的行数", ["关于召开全省社会组织党建工作示范点创建推进会的通知"]),
        "title_lines": ("标题手动分行（可选）：各行连起来须与 title 一字不差", []),
        "addressees": ("主送机关（通用、信函格式必填）", [["各地级以上市社会组织党委"]]),
        "body": ("正文：每个非空行一段；# 一级标题、## 二级标题、### 三级、#### 四级（自动编号）。与 body_template 二选一", []),
        "body_template": ("正文模板：templates/ 中以 .j2 结尾的文件。与 body 二选一", ["notice/confirmation.j2"]),
        "units": ("列出的示范点：按名单顺序写编号，或写“全部”（points/ 中的全部单位，按名单表格的顺序）", ["全部"]),
        "attachments": ("附件：每项写 title，再写 table（名单表）、form（回执等空白表）、text（文字）三者之一", []),
        "signature": ("署名（可选，默认为发文机关全称）", []),
        "signer_title": ("签发人职务（命令格式必填）", ["书记"]),
        "signature_stamp": ("签发人签名章图片（命令格式，放在本年度文件夹中）", ["签名章.png"]),
        "attendance": ("参会人员（纪要格式必填）：present 出席、on_leave 请假、observers 列席", []),
        "date": ("成文日期，写作 YYYY-MM-DD", ["2021-09-06"]),
        "seal": ("印章图片（单一机关发文；只用单位提供的图片，本工具从不绘制印章）", ["印章.png"]),
        "note": ("附注（可选），印在成文日期下方", ["联系人：省社会组织党委办公室，电话：020-12345678"]),
        "cc": ("抄送机关", [["省民政厅"]]),
        "printer": ("印发机关（可选，默认为第一个发文机关）", []),
        "print_date": ("印发日期，写作 YYYY-MM-DD（不早于成文日期）", ["2021-09-07"]),
    },
    "Issuer": {
        "name": ("机关全称（用于署名、印发机关的默认值）", ["中共广东省社会组织委员会"]),
        "mark": ("发文机关标志的文字（可选，默认同全称）", []),
        "seal": ("本机关的印章图片（联合发文时每个机关各写一个，或都不写）", []),
    },
    "DocNumber": {
        "code": ("机关代字（只写文字）", ["粤社党"]),
        "year": ("年份（写全四位，与成文日期同年）", [2021]),
        "seq": ("序号（不编虚位，不加“第”）", [12]),
    },
    "Attachment": {
        "title": ("附件标题", ["全省社会组织党建工作示范点创建单位名单"]),
        "table": ("名单表", []),
        "form": ("回执等空白表", []),
        "text": ("文字附件：与正文相同的写法", []),
    },
    "TableSpec": {
        "columns": ("各列表头；读自表格文件时须与其表头一致", [["序号", "党组织名称", "所在地市"]]),
        "rows": ("各行（与 from 二选一），每行一个列表", []),
        "from": ("各行取自：本年度文件夹中的表格文件（.xlsx .xls .ods .csv），或 points（units 所列示范点）", ["名单.xlsx", "points"]),
        "sheet": ("工作表名称（可选，默认第一个）", ["Sheet1"]),
        "header_row": ("表头在表格文件的第几行（可选；不写时自动找含有各列名的一行）", [2]),
        "number": ("自动填写“序号”一列", [True]),
        "note": ("印在表格下方的说明（可选；不写时取表格文件中以“注：”开头的一行）", ["注：排名不分先后。"]),
    },
    "FormSpec": {
        "columns": ("空白表格的表头（下面留出空行）", [["单位", "姓名", "职务", "联系电话"]]),
        "rows": ("留几行空行（1–60）", [6]),
        "fields": ("填写项，每项一行“项目：____”，排在表格上方", [["单位名称", "联系人", "联系电话"]]),
    },
    "Attendance": {
        "present": ("出席人员", []),
        "on_leave": ("请假人员", []),
        "observers": ("列席人员", []),
    },
    "Point": {
        "id": ("编号：小写英文字母、数字和连字符（也可以是单位名称），同时用作输出文件名，定下后不要再改", ["jiangxi-chamber"]),
        "organisation": ("社会组织全称；与名单表格中的写法须一字不差", ["东莞市江西商会"]),
        "organisation_kind": ("社会组织类别（可选）", ["行业协会", "商会", "社会服务机构"]),
        "party_org": ("党组织", []),
        "location": ("所在地", []),
        "founded": ("社会组织成立时间，写作 YYYY-MM 或 YYYY-MM-DD", ["2009-03"]),
        "staff": ("员工人数（可选）；约数写成 \"1200多\"", [413]),
        "member_units": ("会员企业、会员单位数（可选）", [320]),
        "service_points": ("服务点数量（可选）", [87]),
        "members": ("正式党员人数", [69]),
        "members_note": ("党员人数的说明（可选）", ["含流动党员"]),
        "probationary_members": ("预备党员人数（可选）", [3]),
        "activists": ("入党积极分子人数（可选）", [5]),
        "honours": ("荣誉：年份、名称、授予单位（可选）、获得者（可选，默认为本单位）", []),
        "summary": ("基本情况（段落，可选）", []),
        "narrative": ("工作成效（段落）", []),
        "services": ("服务与项目：名称、说明（可选）", []),
        "highlights": ("照片：photo 图片路径（相对于本年度文件夹）、caption 说明", []),
        "plan": ("创建规划思路（段落；画册必需）", []),
        "paragraphs": ("结尾的其他段落（可选）", []),
    },
    "PartyOrg": {
        "name": ("党组织全称（通知附件名单中使用）；与名单表格中的写法须一字不差", ["中共东莞市江西商会支部委员会"]),
        "short_name": ("通常称呼（画册标题中使用；可选，默认同全称）", ["东莞市江西商会党支部"]),
        "kind": ("党组织类别", ["党支部"]),
        "founded": ("党组织成立时间，写作 YYYY-MM 或 YYYY-MM-DD", ["2010-12"]),
        "history": ("沿革（可选）", ["2017年7月升格为党总支，下设3个党支部"]),
        "secretary": ("书记（可选）", []),
    },
    "Location": {
        "city": ("所在地市", ["东莞市"]),
        "district": ("所在区县或镇街（可选）", ["南城街道"]),
        "address": ("地址（可选）", []),
    },
    "Honour": {
        "year": ("获奖年份", [2021]),
        "title": ("荣誉名称", ["先进基层党组织"]),
        "by": ("授予单位（可选）", ["东莞市社会组织党委"]),
        "holder": ("获得者（可选，默认为本单位）", []),
    },
    "Service": {
        "name": ("服务或项目名称", []),
        "description": ("说明（可选）", []),
    },
    "Highlight": {
        "photo": ("图片路径（相对于本年度文件夹，PNG 或 JPEG）", ["photos/jiangxi-chamber-1.png"]),
        "caption": ("照片说明", []),
        "date": ("拍摄时间（可选），写作 YYYY-MM 或 YYYY-MM-DD", []),
        "focus": ("裁切时保留的中心 [横向, 纵向]，各为 0–1（可选）", [[0.5, 0.3]]),
    },
    "Brochure": {
        "title": ("封面标题", ["社会组织党建工作示范点风采"]),
        "subtitle": ("副标题（可选）", []),
        "issuer": ("编印单位", ["中共东莞市社会组织委员会"]),
        "date": ("编印日期（可选），写作 YYYY-MM", ["2021-10"]),
        "foreword": ("前言（段落）", []),
        "closing": ("结束语（段落，可选）", []),
        "order": ("画册收入哪些示范点、按什么顺序（编号；可选，默认为全部有画册资料的示范点）", []),
    },
}
MODELS = {"Notice": "公文", "Issuer": "发文机关", "DocNumber": "发文字号", "Attachment": "附件", "TableSpec": "名单表",
          "FormSpec": "空白表", "Attendance": "参会人员", "Point": "示范点", "PartyOrg": "党组织", "Location": "所在地",
          "Honour": "荣誉", "Service": "服务与项目", "Highlight": "照片", "Brochure": "画册",
          "PartialDate": "日期：YYYY-MM 或 YYYY-MM-DD", "Count": "人数或个数：整数，约数写成 \"1200多\""}
OPTIONAL = {"PartyOrg": ("short_name",)}       # required by the model, filled in by it before validation


class _Generator(GenerateJsonSchema):
    """pydantic's generator, with the values the data files write for dates and head counts
    (text such as 2021-09 and 1200多), not the objects the model makes of them."""

    def dataclass_schema(self, schema):
        if schema.get("cls") is PartialDate:
            return dict(DATE)
        if schema.get("cls") is Count:
            return dict(COUNT)
        return super().dataclass_schema(schema)


def schema_of(kind: str) -> dict:
    """The Draft-07 schema of one kind of data file: notice, point or brochure."""
    model, title = KINDS[kind]
    raw = model.model_json_schema(by_alias=True, mode="validation", schema_generator=_Generator)
    definitions = raw.pop("$defs", {})
    definitions[model.__name__] = raw
    for name, part in definitions.items():
        _describe(name, part)
    _allow_numbers_in_cells(definitions)
    root = {"$schema": DRAFT_07, "title": f"{title}的数据文件", "$ref": f"#/definitions/{model.__name__}",
            "definitions": dict(sorted(definitions.items()))}
    return _draft_07(root)


def _describe(name: str, part: dict) -> None:
    """Chinese descriptions and examples in place of pydantic's English titles and docstrings."""
    part.pop("title", None)
    part["description"] = MODELS.get(name, part.get("description", ""))
    for field, spec in part.get("properties", {}).items():
        spec.pop("title", None)
        description, examples = FIELDS[name][field]
        spec["description"] = description
        if examples:
            spec["examples"] = examples
    if name in OPTIONAL:
        part["required"] = [field for field in part.get("required", []) if field not in OPTIONAL[name]]


def _allow_numbers_in_cells(definitions: dict) -> None:
    """A table's cell may be written as a number (序号 1, 2022): the model takes it as text."""
    if "TableSpec" not in definitions:
        return
    rows = definitions["TableSpec"]["properties"]["rows"]
    rows["items"]["items"] = {"anyOf": [{"type": "string", "maxLength": 500}, {"type": "number"}]}


def _draft_07(node):
    """pydantic writes 2020-12 ($defs, prefixItems); yaml-language-server reads Draft-07."""
    if isinstance(node, list):
        return [_draft_07(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            result[key] = value.replace("#/$defs/", "#/definitions/")
        elif key == "prefixItems":
            result["items"] = _draft_07(value)
            result["additionalItems"] = False
        else:
            result[key] = _draft_07(value)
    return result


def schema_text(kind: str) -> str:
    """The schema as the file holds it: stable key order, so the same models give the same bytes."""
    return json.dumps(schema_of(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """notice.schema.json, point.schema.json and brochure.schema.json written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def modeline(kind: str, depth: int) -> str:
    """The comment that names the schema, for a data file `depth` folders below the project."""
    return f"# yaml-language-server: $schema={'../' * depth}{FOLDER}/{kind}.schema.json"
