"""Audit any notice — made by this project or typed by hand in Word or WPS — against
GB/T 9704-2012 《党政机关公文格式》, from the page LibreOffice prints.

    report = checker.audit(Path("notice.docx"))
    for finding in report.failed: print(finding.clause, finding.title, finding.measured)
"""
from __future__ import annotations

from .audit import audit, audit_many
from .errors import CheckError
from .model import FAIL, NOT_APPLICABLE, PASS, Finding, Report
from .report import write_report

__all__ = ["audit", "audit_many", "write_report", "CheckError", "Finding", "Report", "PASS", "FAIL", "NOT_APPLICABLE"]
