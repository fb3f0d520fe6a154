"""The project's notices audited by the checker (make_docs.py check), on the same renderings
the layout tests measure: every clause that applies passes."""
from __future__ import annotations

from partydocs.checker import FAIL, audit


def _failed(built) -> list[tuple[str, str, str]]:
    report = audit(built.docx, built.pdf)
    return [(f.clause, f.title, f.measured) for f in report.findings if f.status == FAIL]


def test_the_standard_notices_pass_every_clause(standard):
    assert _failed(standard) == []


def test_the_rich_notice_passes_every_clause(notices):
    """Joint issue, seal, 附注, two attachments, a body over four pages: the page before the
    signature is tightened or breaks at a paragraph, the 附注 stays clear of the seal."""
    assert _failed(notices["rich"]) == []
