"""The JSON Schemas an editor reads (schemas/*.schema.json): Draft-07 as yaml-language-server
wants, generated from the data models and kept equal to them, accepting every sample file and
refusing a misspelt field, with a Chinese description on every field."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from partydocs.model.schema import KINDS, MODELINE_DEPTH, modeline, schema_text
from partydocs.model.yaml_reader import read_yaml
from tests import command
from tests.conftest import ROOT

SAMPLES = {
    "notice": [ROOT / "data/2021/notice.yaml", *sorted((ROOT / "data/2021/documents").glob("*.yaml")),
               *sorted((ROOT / "templates/examples").glob("*.yaml"))],
    "point": sorted((ROOT / "data/2021/points").glob("*.yaml")),
    "brochure": [ROOT / "data/2021/brochure.yaml"],
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def shipped(kind: str) -> dict:
    return json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))


def data_of(path: Path) -> object:
    doc = read_yaml(path, path.name)
    assert not doc.problems, doc.problems
    return doc.data


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_shipped_schema_is_what_the_models_generate_and_is_draft_07(kind):
    assert (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind), \
        "schemas/ is stale: run python make_docs.py schema"
    schema = shipped(kind)
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    text = json.dumps(schema)
    assert "$defs" not in text and "prefixItems" not in text


@pytest.mark.parametrize("kind, path", [(kind, path) for kind, paths in SAMPLES.items() for path in paths],
                         ids=lambda value: value.name if isinstance(value, Path) else value)
def test_every_sample_file_is_valid_under_its_schema(kind, path):
    errors = list(Draft7Validator(shipped(kind)).iter_errors(data_of(path)))
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


@pytest.mark.parametrize("kind, path, field, misspelt", [
    ("notice", ROOT / "data/2021/notice.yaml", "title", "titel"),
    ("point", ROOT / "data/2021/points/jiangxi-chamber.yaml", "activists", "activist"),
    ("brochure", ROOT / "data/2021/brochure.yaml", "foreword", "forword"),
])
def test_a_misspelt_field_is_refused(kind, path, field, misspelt):
    data = data_of(path)
    data[misspelt] = data.pop(field, "x")
    messages = [e.message for e in Draft7Validator(shipped(kind)).iter_errors(data)]
    assert any(misspelt in message for message in messages), messages


def test_a_misspelt_nested_field_and_a_value_not_allowed_are_refused():
    data = data_of(ROOT / "data/2021/points/jiangxi-chamber.yaml")
    data["party_org"]["knd"] = data["party_org"].pop("kind")
    data["location"]["city"] = ""
    errors = list(Draft7Validator(shipped("point")).iter_errors(data))
    assert {tuple(e.absolute_path) for e in errors} >= {("party_org",), ("location", "city")}
    notice = data_of(ROOT / "data/2021/notice.yaml")
    notice["format"] = "通知"
    assert any("通知" in e.message for e in Draft7Validator(shipped("notice")).iter_errors(notice))


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_has_a_chinese_description(kind):
    for name, definition in shipped(kind)["definitions"].items():
        assert CJK.search(definition.get("description", "")), name
        for field, spec in definition.get("properties", {}).items():
            assert CJK.search(spec.get("description", "")), f"{name}.{field}"
            assert "title" not in spec


def test_the_sample_files_name_their_schema_in_a_modeline_that_resolves():
    for kind, paths in SAMPLES.items():
        for path in paths:
            if "examples" in path.parts:
                continue
            depth = len(path.relative_to(ROOT).parts) - 1
            line = modeline(kind, depth)
            assert line in path.read_text(encoding="utf-8").splitlines(), path
            target = (path.parent / line.split("$schema=")[1]).resolve()
            assert target == (ROOT / "schemas" / f"{kind}.schema.json").resolve()
    assert set(MODELINE_DEPTH) == set(KINDS)


def test_the_schema_command_writes_them_and_says_how_to_use_them(tmp_path):
    result = command.make_docs("--root", str(ROOT), "schema", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for kind in KINDS:
        assert (tmp_path / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)
    assert "# yaml-language-server: $schema=../../../schemas/point.schema.json" in result.stdout
