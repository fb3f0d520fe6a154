"""Read one hand-edited YAML file into plain data plus the line and column of every value.

Safer and stricter than `yaml.safe_load`: duplicate keys are problems (not last-one-wins),
alias expansion is bounded (no "billion laughs"), tags that construct objects are refused,
dates stay text so the model can judge them, and every problem carries its position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from partydocs.reuse.errors import Problem
from partydocs.reuse.reads import read_input

Path_ = tuple  # a field path such as ("honours", 2, "year")

MAX_EXPANDED_NODES = 100_000
MAX_FILE_BYTES = 5 * 1024 * 1024
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}
ALLOWED_TAGS = PLAIN_TAGS | {TIMESTAMP_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, str, int, float, bool, None) and where each part stood."""

    file: str
    data: object = None
    value_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def position(self, path: Path_, at_key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at `path`, or of its nearest enclosing value."""
        for cut in range(len(path), -1, -1):
            first, second = (self.key_pos, self.value_pos) if at_key else (self.value_pos, self.key_pos)
            where = first.get(path[:cut]) or second.get(path[:cut])
            if where:
                return where
        return (1, 1)

    def keeping(self, paths: tuple[Path_, ...]) -> YamlDocument:
        """The same document with only these paths' positions, and no data."""
        return YamlDocument(self.file, None, {p: self.value_pos[p] for p in paths if p in self.value_pos},
                            {p: self.key_pos[p] for p in paths if p in self.key_pos}, [])

    def problem(self, path: Path_, message: str, at_key: bool = False) -> Problem:
        line, column = self.position(path, at_key)
        return Problem(self.file, line, column, field_name(path), message)


def field_name(path: Path_) -> str:
    """("honours", 2, "year") -> "honours[2].year" (indexes shown 1-based, as staff count)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_yaml(path: Path, label: str, data: bytes | None = None) -> YamlDocument:
    """`path` read (or its bytes `data`, as already read) with positions."""
    doc = YamlDocument(label)
    text = _decode(read_input(path, MAX_FILE_BYTES) if data is None else data, doc)
    if text is None:
        return doc
    if not text.strip():
        doc.problems.append(Problem(label, 1, 1, "", "文件是空的（至少应包含必填字段）"))
        return doc
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        doc.problems.append(_syntax_problem(label, error, text))
        return doc
    except yaml.reader.ReaderError as error:       # a control character, e.g. pasted from another program
        line = text[: error.position].count("\n") + 1
        doc.problems.append(Problem(label, line, 1, "", f"含有不可见的控制字符 U+{error.character:04X}，常见于从其他软件粘贴；请删除后重新输入"
                                    if isinstance(error.character, int) else "含有无法识别的字符；请删除后重新输入"))
        return doc
    except RecursionError:
        return _too_deep(doc)
    try:
        if _expanded_size(root, {}) > MAX_EXPANDED_NODES:
            doc.problems.append(Problem(label, 1, 1, "", "别名（&/*）展开后过于庞大，已拒绝读取；请直接写出内容，不要用别名层层引用"))
            return doc
        doc.data = _Builder(doc, text.splitlines()).build(root, ())
    except RecursionError:
        return _too_deep(doc)
    return doc


def _too_deep(doc: YamlDocument) -> YamlDocument:
    doc.data = None
    doc.problems.append(Problem(doc.file, 1, 1, "", "括号或缩进嵌套过深，不像是手写的数据；请检查文件内容"))
    return doc


def _decode(raw: bytes, doc: YamlDocument) -> str | None:
    if len(raw) > MAX_FILE_BYTES:
        doc.problems.append(Problem(doc.file, 1, 1, "", "文件超过 5 MB，不像是手写的数据文件"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            hint = "文件似乎是 GBK/GB18030 编码；请用记事本“另存为”并选择 UTF-8 编码后重试"
        except UnicodeDecodeError:
            hint = "文件不是 UTF-8 编码的文本；请用记事本“另存为”并选择 UTF-8 编码后重试"
        doc.problems.append(Problem(doc.file, line, 1, "", hint))
        return None


# A field name followed by a full-width colon at the start of a line: `title：…`, `- name：…`.
FULL_WIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*\s*)：")
FULL_WIDTH_COLON = ("这里的冒号“：”是全角冒号；YAML 中字段名后的冒号必须是半角冒号“:”，后面再加一个空格"
                    "（例如 title: 关于…）。若这一行本来就是文字，请给整段文字加引号")
# What PyYAML says (English) -> what the office reads; the original is kept for --debug.
SYNTAX_MESSAGES = (
    (("could not find expected ':'", "mapping values are not allowed"), "格式错误：缩进不一致或缺少冒号“:”（冒号为半角，后面跟一个空格）"),
    (("found unexpected end of stream", "while scanning a quoted scalar"), "引号没有闭合：请检查这一行及其后的引号是否成对"),
    (("found undefined alias",), "引用了未定义的别名（*名称）；文字以 * 开头时请给整段文字加引号"),
    (("expected <block end>", "did not find expected key", "did not find expected '-' indicator"),
     "缩进不一致：同一层的字段要对齐（只用空格），列表中的各项以同样缩进的“- ”开头"),
    (("expected ',' or ']'", "expected ',' or '}'", "while parsing a flow"),
     "方括号 [ ] 或花括号 { } 中的写法有误：各项之间用半角逗号分开，含有逗号、冒号或括号的文字请加引号"),
    (("cannot start any token",), "这一行以 @ 或 ` 等 YAML 不允许开头的字符开始；请给整段文字加引号"),
    (("expected alphabetic or numeric character",), "以 * 或 & 开头的文字会被当作 YAML 的别名；请给整段文字加引号"),
    (("expected a comment or a line break",), "引号之后还有多余的文字；请把整段文字放在一对引号之内"),
    (("found unknown escape character", "expected escape sequence"),
     "双引号中的反斜杠“\\”有误；请改用单引号，或把“\\”写成“\\\\”"),
    (("found unhashable key", "found unacceptable key", "while constructing a mapping"), "字段名的写法有误；请只用“名称: 值”的写法"),
)


def _syntax_problem(label: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    """The problem in Chinese at the line it is on: a key being scanned is reported at the
    key's own line, not the next one where PyYAML gave up; a full-width colon is named."""
    mark = error.problem_mark or error.context_mark
    if error.context_mark and (error.context or "").startswith(("while scanning a simple key", "while parsing a flow")):
        mark = error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    raw = f"{error.context or ''} {error.problem or ''}".strip()
    lines = text.splitlines()
    colon = _full_width_key(lines, line)
    if colon:
        return Problem(label, *colon, "", FULL_WIDTH_COLON, detail=raw)
    here = lines[line - 1] if line <= len(lines) else ""
    if "\t" in raw or "'\\t'" in raw or "\t" in here:
        message = "此处有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格"
    elif re.match(r"^\s*(?:-\s+)?[A-Za-z_]\w*:\S", here) and "could not find expected ':'" in raw:
        message = "冒号“:”后面要有一个空格（例如 title: 关于…）"
    else:
        message = next((said for causes, said in SYNTAX_MESSAGES if any(cause in raw for cause in causes)),
                       "YAML 格式错误；请检查这一行和上一行的缩进、冒号和引号")
    return Problem(label, line, column, "", message, detail=raw)


def _full_width_key(lines: list[str], line: int) -> tuple[int, int] | None:
    """Where a `key：` stands at or just above `line` (PyYAML notices it a line later)."""
    for number in range(min(line, len(lines)), max(line - 3, 0), -1):
        match = FULL_WIDTH_KEY.match(lines[number - 1])
        if match:
            return number, len(match.group(1)) + 1
    return None


def _expanded_size(node: Node, memo: dict[int, int]) -> int:
    """Node count once aliases are expanded, computed without expanding them."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a cycle counts once; real data has none
    if isinstance(node, SequenceNode):
        size = 1 + sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[key] = min(size, MAX_EXPANDED_NODES + 1)
    return memo[key]


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Builder:
    def __init__(self, doc: YamlDocument, lines: list[str]):
        self.doc = doc
        self.lines = lines
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: Node, path: Path_) -> object:
        self.doc.value_pos.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in ALLOWED_TAGS:
            self.doc.problems.append(self.doc.problem(path, f"不允许的 YAML 标签 {_short_tag(node.tag)}（数据文件只能包含文字、数字、列表和“名称: 值”）"))
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.doc.problems.append(Problem(self.doc.file, *where, field_name(path), "不支持这种键（请只用“名称: 值”的写法，不要用 << 或复杂键）"))
                continue
            key = str(key_node.value)
            if key in result:
                first = self.doc.key_pos[path + (key,)]
                self.doc.problems.append(Problem(
                    self.doc.file, *where, field_name(path + (key,)),
                    f"重复的字段（第 {first[0]} 行已经写过）；每个字段只能写一次，请删除或合并其中一处"))
                continue
            self.doc.key_pos[path + (key,)] = where
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: ScalarNode, path: Path_) -> object:
        if not node.style:             # plain: None from PyYAML, '' from its C loader
            self._full_width_colons(node)
        if node.tag == TIMESTAMP_TAG:
            return node.value
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) > 30:
            self.doc.problems.append(self.doc.problem(path, f"数字太长（{len(node.value)} 位），不像是真实数据；请检查"))
            return None
        return self.scalars.construct_object(node)

    def _full_width_colons(self, node: ScalarNode) -> None:
        """A plain (unquoted) text whose line starts `name：` is a field written with a
        full-width colon, taken for text: said at its own line and column."""
        for number in range(node.start_mark.line, min(node.end_mark.line, len(self.lines) - 1) + 1):
            match = FULL_WIDTH_KEY.match(self.lines[number])
            if match:
                self.doc.problems.append(Problem(self.doc.file, number + 1, len(match.group(1)) + 1, "", FULL_WIDTH_COLON))
