"""DOCX -> PDF for measuring, with the project's one LibreOffice runner
(partydocs.reuse.libreoffice: the same fonts and the same process-group kill as --pdf);
its failures become the checker's own error."""
from __future__ import annotations

from pathlib import Path

from partydocs.reuse.libreoffice import INSTALL_HINT, ConversionFailed, LibreOfficeMissing, convert_many, soffice_path

from .errors import CheckError


def soffice() -> str | None:
    return soffice_path()


def render(docx: Path, out_dir: Path) -> Path:
    """docx -> out_dir/<stem>.pdf."""
    [pdf] = render_many([docx], out_dir)
    if pdf is None:
        raise not_rendered(docx)
    return pdf


def not_rendered(docx: Path) -> CheckError:
    return CheckError(f"{docx}: LibreOffice 未能把它转为 PDF（文件可能已损坏，或不是 Word 文档）。"
                      "请用 Word 或 WPS 打开后另存为 .docx 再检查。", str(docx))


def render_many(docxs: list[Path], out_dir: Path) -> list[Path | None]:
    """Several DOCX files -> out_dir/<stem>.pdf each (None for one LibreOffice could not
    convert), in one LibreOffice start. Stems must differ (they name the PDFs)."""
    try:
        return convert_many(docxs, out_dir, say=False)
    except LibreOfficeMissing:
        raise CheckError(f"找不到 LibreOffice（soffice），无法把 DOCX 排成页面来测量。{INSTALL_HINT}") from None
    except ConversionFailed as error:
        raise CheckError(str(error)) from None
