"""Validate every part of a DOCX against the vendored ISO/IEC 29500 transitional schemas
(tests/notice/schemas/SOURCE.md) with jing, the way Word's strict reader would see it: each
part chosen by its content type in [Content_Types].xml, markup compatibility (ISO/IEC 29500-3)
processed first. Word rejects a document whose parts break the schema (children out of order,
a required attribute missing); LibreOffice does not, so only a schema check sees it."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

SCHEMAS = Path(__file__).with_name("schemas")
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAIN = "application/vnd.openxmlformats-officedocument"
BY_CONTENT_TYPE = {
    f"{MAIN}.wordprocessingml.document.main+xml": "rnc/WordprocessingML_Main_Document.rnc",
    f"{MAIN}.wordprocessingml.styles+xml": "rnc/WordprocessingML_Style_Definitions.rnc",
    f"{MAIN}.wordprocessingml.settings+xml": "rnc/WordprocessingML_Document_Settings.rnc",
    f"{MAIN}.wordprocessingml.webSettings+xml": "rnc/WordprocessingML_Web_Settings.rnc",
    f"{MAIN}.wordprocessingml.fontTable+xml": "rnc/WordprocessingML_Font_Table.rnc",
    f"{MAIN}.wordprocessingml.numbering+xml": "rnc/WordprocessingML_Numbering_Definitions.rnc",
    f"{MAIN}.wordprocessingml.footer+xml": "rnc/WordprocessingML_Footer.rnc",
    f"{MAIN}.wordprocessingml.header+xml": "rnc/WordprocessingML_Header.rnc",
    f"{MAIN}.theme+xml": "rnc/DrawingML_Theme.rnc",
    f"{MAIN}.extended-properties+xml": "rnc/Shared_Extended_File_Properties.rnc",
    f"{MAIN}.customXmlProperties+xml": "rnc/Shared_Custom_XML_Data_Storage_Properties.rnc",
    "application/vnd.openxmlformats-package.core-properties+xml": "rnc/opc-coreProperties.rnc",
    "application/vnd.openxmlformats-package.relationships+xml": "xsd/opc-relationships.xsd",
}
# A part typed only as "application/xml" (a custom XML data item) is checked by its root's namespace.
BY_ROOT_NAMESPACE = {"http://schemas.openxmlformats.org/officeDocument/2006/bibliography": "rnc/Shared_Bibliography.rnc"}
CONTENT_TYPES_SCHEMA = "xsd/opc-contentTypes.xsd"
JING_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|fatal|warning): (?P<msg>.*)$")
# Debian's /usr/bin/jing is a shell wrapper that warns about optional jars it cannot find
# (installed without recommends); those lines are not jing's verdict on a file.
WRAPPER_NOISE = re.compile(r"^\[warning\] \S*jing: Unable to locate ")


@dataclass(frozen=True)
class Part:
    docx: Path
    name: str        # the part name inside the package, e.g. "word/settings.xml"
    schema: str | None
    data: bytes


def jing() -> str | None:
    return shutil.which("jing")


def parts_of(docx: Path) -> tuple[list[Part], list[str]]:
    """Every part with the schema its content type calls for, and the parts no schema covers."""
    with zipfile.ZipFile(docx) as package:
        blobs = {name: package.read(name) for name in package.namelist() if not name.endswith("/")}
    types = etree.fromstring(blobs["[Content_Types].xml"])
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    overrides = {o.get("PartName").lstrip("/"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    parts, uncovered = [Part(docx, "[Content_Types].xml", CONTENT_TYPES_SCHEMA, blobs.pop("[Content_Types].xml"))], []
    for name, data in sorted(blobs.items()):
        extension = PurePosixPath(name).name.rpartition(".")[2].lower()     # "_rels/.rels" → "rels"
        content_type = overrides.get(name) or defaults.get(extension, "")
        if content_type.startswith("image/"):
            continue
        schema = BY_CONTENT_TYPE.get(content_type)
        if schema is None and content_type == "application/xml":
            schema = BY_ROOT_NAMESPACE.get(etree.QName(etree.fromstring(data)).namespace)
        if schema is None:
            uncovered.append(f"{docx.name}:{name}: no vendored schema for content type {content_type!r}")
        else:
            parts.append(Part(docx, name, schema, data))
    return parts, uncovered


def without_markup_compatibility(data: bytes) -> bytes:
    """The part as a consumer that understands only ISO/IEC 29500 reads it (Part 3, §10):
    elements and attributes of the namespaces named in mc:Ignorable dropped, each
    mc:AlternateContent replaced by its mc:Fallback, the mc attributes themselves removed."""
    root = etree.fromstring(data)
    ignorable = set()
    for element in root.iter(etree.Element):
        for prefix in (element.get(f"{{{MC}}}Ignorable") or "").split():
            ignorable.add(element.nsmap[prefix])
    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        fallback = alternate.find(f"{{{MC}}}Fallback")
        parent = alternate.getparent()
        index = parent.index(alternate)
        parent.remove(alternate)
        for offset, kept in enumerate(list(fallback) if fallback is not None else []):
            parent.insert(index + offset, kept)
    for element in list(root.iter(etree.Element)):
        if etree.QName(element).namespace in ignorable and element is not root:
            element.getparent().remove(element)
            continue
        for name in list(element.attrib):
            namespace = etree.QName(name).namespace
            if namespace in ignorable or namespace == MC:
                del element.attrib[name]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def validate(parts: list[Part], scratch: Path) -> list[str]:
    """jing's errors for these parts, as "file.docx:part:line:col: message"; one jing run per
    schema. Raises when jing itself fails to run."""
    by_schema: dict[str, list[Path]] = defaultdict(list)
    where: dict[str, str] = {}
    for index, part in enumerate(parts):
        copy = scratch / f"{index:04d}.xml"
        copy.write_bytes(without_markup_compatibility(part.data))
        by_schema[part.schema].append(copy)
        where[str(copy)] = f"{part.docx.name}:{part.name}"
    errors = []
    for schema, files in sorted(by_schema.items()):
        errors += _run_jing(SCHEMAS / schema, files, where)
    return errors


def _run_jing(schema: Path, files: list[Path], where: dict[str, str]) -> list[str]:
    command = [jing()] + (["-c"] if schema.suffix == ".rnc" else []) + [str(schema), *map(str, files)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip() and not WRAPPER_NOISE.match(line)]
    found = [JING_LINE.match(line) for line in lines]
    if run.returncode not in (0, 1) or (run.returncode == 1 and not any(found)) or not all(found):
        raise RuntimeError(f"jing failed on {schema.name} (exit {run.returncode}):\n" + "\n".join(lines))
    return [f"{where.get(m['file'], m['file'])}:{m['line']}:{m['col']}: {m['msg']}  [{schema.name}]" for m in found]
