"""DOCX → PDF with LibreOffice headless, each run with a private profile (parallel runs are
safe) and never outliving its call."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path

from .errors import CheckError

TIMEOUT_S = 300
INSTALL_HINT = "请安装 LibreOffice（https://www.libreoffice.org/ ；Debian/Ubuntu：apt-get install libreoffice-writer-nogui）后再检查。"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render(docx: Path, out_dir: Path) -> Path:
    """docx → out_dir/<stem>.pdf."""
    [pdf] = render_many([docx], out_dir)
    if pdf is None:
        raise not_rendered(docx)
    return pdf


def not_rendered(docx: Path) -> CheckError:
    return CheckError(f"{docx}: LibreOffice 未能把它转为 PDF（文件可能已损坏，或不是 Word 文档）。"
                      "请用 Word 或 WPS 打开后另存为 .docx 再检查。", str(docx))


def render_many(docxs: list[Path], out_dir: Path) -> list[Path | None]:
    """Several DOCX files → out_dir/<stem>.pdf each (None for one LibreOffice could not
    convert), in one LibreOffice start. Stems must differ (they name the PDFs)."""
    program = soffice()
    if program is None:
        raise CheckError(f"找不到 LibreOffice（soffice），无法把 DOCX 排成页面来测量。{INSTALL_HINT}")
    profile = Path(tempfile.gettempdir()) / f"lo-profile-check-{uuid.uuid4().hex}"
    command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docxs)]
    try:
        _run_to_the_end(command)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdfs = [out_dir / f"{docx.stem}.pdf" for docx in docxs]
    return [pdf if pdf.is_file() else None for pdf in pdfs]


def _run_to_the_end(command: list[str]) -> None:
    """Run LibreOffice in its own process group; on timeout or interruption end the group."""
    options = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt" else {"start_new_session": True}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **options)
    try:
        process.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _end(process)
        raise CheckError(f"LibreOffice 在 {TIMEOUT_S} 秒内没有完成转换，已中止。请关闭其他 LibreOffice 窗口后重试。")
    except BaseException:
        _end(process)
        raise


def _end(process: subprocess.Popen) -> None:
    if os.name == "nt":
        process.kill()
    else:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
