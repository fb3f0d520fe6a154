"""The hand-made notices, written and rendered once per session (one LibreOffice run)."""
from __future__ import annotations

import pytest

from partydocs.checker import audit_many
from partydocs.checker.render import render_many, soffice

from tests.conftest import shared_fixture

from .cases import CORRECT, WRONG
from .handmade import write

@shared_fixture
def handmade(tmp_path_factory):
    """name → (docx, pdf, report) for every hand-made notice."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the rendered layout cannot be checked")
    out = tmp_path_factory.mktemp("handmade")
    specs = {**CORRECT, **{name: spec for name, (spec, _) in WRONG.items()}}
    docxs = {name: write(spec, out / f"{name}.docx") for name, spec in specs.items()}
    pdfs = dict(zip(docxs, render_many(list(docxs.values()), out)))
    reports = audit_many(list(docxs.values()), {docxs[name]: pdfs[name] for name in docxs})
    return {name: (docxs[name], pdfs[name], report) for name, report in zip(docxs, reports)}


