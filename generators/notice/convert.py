"""DOCX → PDF with LibreOffice headless, each run with its own private profile and its
own fontconfig: every font the DOCX names that this machine lacks is sent to the closest
free face installed (a Song for 仿宋 and 宋体, a heavier Song for 小标宋, a Kai for 楷体,
a Hei for 黑体) instead of fontconfig's one fallback for all, and the build says so once."""
from __future__ import annotations

import os
import re
import subprocess
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from pipeline.errors import PipelineError

TIMEOUT_S = 300
SONG = ("AR PL UMing CN", "Noto Serif CJK SC", "Noto Serif CJK JP")
# Official font -> (free faces in order of preference, weight to ask for or None).
SUBSTITUTES = {
    "仿宋_GB2312": (("FangSong", "仿宋", *SONG), None),
    "仿宋": (("FangSong", "仿宋_GB2312", *SONG), None),
    "楷体_GB2312": (("KaiTi", "楷体", "LXGW WenKai", "AR PL UKai CN"), None),
    "楷体": (("KaiTi", "楷体_GB2312", "LXGW WenKai", "AR PL UKai CN"), None),
    "方正小标宋简体": (("Noto Serif CJK SC", "Noto Serif CJK JP", "AR PL UMing CN"), "bold"),
    "方正小标宋_GBK": (("Noto Serif CJK SC", "Noto Serif CJK JP", "AR PL UMing CN"), "bold"),
    "黑体": (("SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Noto Sans CJK JP"), None),
    "宋体": (("SimSun", *SONG), None),
}
_reported: set[tuple[str, str]] = set()


class LibreOfficeMissing(PipelineError):
    """soffice is not installed: the PDF cannot be made (the DOCX can)."""


class ConversionFailed(PipelineError):
    """LibreOffice ran but gave no PDF."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# LibreOffice's PDF export filter asked for PDF/A-2b (SelectPdfVersion 2), for the archive
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def docx_to_pdf(docx: Path, out_dir: Path, pdfa: bool = False) -> Path:
    """Convert `docx` into `out_dir`/<stem>.pdf (PDF/A-2b with `pdfa`) and return that path."""
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeMissing("没有找到 LibreOffice（soffice 命令），无法把通知转为 PDF；"
                                 "请安装 LibreOffice 后重试，或不加 --pdf 只生成 DOCX")
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / f"{docx.stem}.pdf"
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--nologo", "--convert-to", PDFA_FILTER if pdfa else "pdf", "--outdir", str(out_dir), str(docx)]
        substitutions = font_substitutions(fonts_named(docx), installed_families())
        env = dict(os.environ, FONTCONFIG_FILE=str(_write_fontconfig(Path(profile), substitutions)))
        _report(substitutions)
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, env=env)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice 转换 {docx.name} 超过 {TIMEOUT_S} 秒仍未完成，已放弃") from None
    if result.returncode != 0 or not pdf.is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["无输出"]
        raise ConversionFailed(f"LibreOffice 未能把 {docx.name} 转为 PDF：{detail[0]}")
    return pdf


def fonts_named(docx: Path) -> list[str]:
    """The fonts the DOCX's font table names."""
    with zipfile.ZipFile(docx) as package:
        table = package.read("word/fontTable.xml").decode("utf-8")
    return re.findall(r'<w:font w:name="([^"]+)"', table)


def installed_families() -> set[str]:
    """Every family name fontconfig knows on this machine (all the names each font gives)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    listing = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=60).stdout
    return {name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip()}


def font_substitutions(named: list[str], installed: set[str]) -> dict[str, tuple[str, str | None]]:
    """Missing official font -> (installed free face, weight) for the fonts that have one."""
    chosen = {}
    for name in named:
        if name in installed or name not in SUBSTITUTES:
            continue
        faces, weight = SUBSTITUTES[name]
        face = next((f for f in faces if f in installed), None)
        if face is not None:
            chosen[name] = (face, weight)
    return chosen


def _write_fontconfig(folder: Path, substitutions: dict[str, tuple[str, str | None]]) -> Path:
    rules = []
    for name, (face, weight) in sorted(substitutions.items()):
        bold = f'<edit name="weight" mode="assign"><const>{weight}</const></edit>' if weight else ""
        rules.append(f'<match target="pattern"><test name="family"><string>{escape(name)}</string></test>'
                     f'<edit name="family" mode="assign" binding="strong"><string>{escape(face)}</string></edit>{bold}</match>')
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    path = folder / "fonts.conf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
                    f'<include ignore_missing="yes">{escape(system)}</include>{"".join(rules)}</fontconfig>\n',
                    encoding="utf-8")
    return path


def _report(substitutions: dict[str, tuple[str, str | None]]) -> None:
    """Say once per process which official fonts the PDF sets in which free face."""
    new = sorted((name, face) for name, (face, _) in substitutions.items() if (name, face) not in _reported)
    if not new:
        return
    _reported.update(new)
    pairs = "，".join(f"{name} → {face}" for name, face in new)
    print(f"提示：本机没有公文字体，PDF 中以相近的免费字体代替：{pairs}。"
          "DOCX 不受影响；正式印发请在装有这些字体的电脑上生成 PDF，或用 Word/WPS 打开 DOCX 打印。", file=sys.stderr)
