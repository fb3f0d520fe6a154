"""DOCX → PDF with LibreOffice headless, each run with its own private profile."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import PipelineError

TIMEOUT_S = 300


class LibreOfficeMissing(PipelineError):
    """soffice is not installed: the PDF cannot be made (the DOCX can)."""


class ConversionFailed(PipelineError):
    """LibreOffice ran but gave no PDF."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert `docx` into `out_dir`/<stem>.pdf and return that path."""
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeMissing("没有找到 LibreOffice（soffice 命令），无法把通知转为 PDF；"
                                 "请安装 LibreOffice 后重试，或不加 --pdf 只生成 DOCX")
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / f"{docx.stem}.pdf"
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--nologo", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice 转换 {docx.name} 超过 {TIMEOUT_S} 秒仍未完成，已放弃") from None
    if result.returncode != 0 or not pdf.is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["无输出"]
        raise ConversionFailed(f"LibreOffice 未能把 {docx.name} 转为 PDF：{detail[0]}")
    return pdf
