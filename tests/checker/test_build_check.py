"""`build --check`: each notice the build writes is audited, the report beside it, incrementally."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import build_project

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def test_the_audit_is_written_beside_the_notice_and_kept_while_the_notice_is(built_copy):
    project = built_copy
    first = build_project(project, check=True, jobs=1)
    assert first.exit_code == 0, [m for o in first.outcomes for m in o.messages]
    report = (project.output_dir / "2021/notice.check.txt").read_text(encoding="utf-8")
    assert report.startswith("2021/notice.docx（") and "纸张幅面" in report and "5.2.1" in report
    again = {o.output: o.status for o in build_project(project, check=True, jobs=1).outcomes}
    assert again["2021/notice.check.txt"] == "up-to-date"
    plain = build_project(project, jobs=1)
    assert (project.output_dir / "2021/notice.check.txt").is_file()        # a build without --check leaves it
    assert not plain.count("removed")
