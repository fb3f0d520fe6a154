"""DOCX → PDF with LibreOffice headless: the one runner for the notices' PDFs (--pdf,
--archive) and for the checker's renderings (check, build --check). Each run has its own
private profile (parallel runs are safe), runs in its own process group that is killed on
timeout or interruption (no soffice outlives its call), and has its own fontconfig: every
font the DOCX names that this machine lacks is sent to the closest free face installed (a Song for 仿宋 and 宋体, a heavier Song for 小标宋, a Kai for 楷体,
a Hei for 黑体, Liberation for Times New Roman and Arial) instead of fontconfig's one fallback for all, and the build says so once."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import warnings
import zipfile
from pathlib import Path

from partydocs.reuse.errors import PipelineError

TIMEOUT_S = 300
FONT_TABLE_LIMIT = 4 << 20           # bytes of word/fontTable.xml worth reading for font names
INSTALL_HINT = "请安装 LibreOffice（https://www.libreoffice.org/ ；Debian/Ubuntu：apt-get install libreoffice-writer-nogui）后重试。"
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
    # The Latin faces digits and letters are set in: metric-compatible free faces first, so
    # a line's height and the grid stay as Word sets them.
    "Times New Roman": (("Liberation Serif", "Tinos", "TeX Gyre Termes", "Nimbus Roman", *SONG), None),
    "Arial": (("Liberation Sans", "Arimo", "TeX Gyre Heros", "Nimbus Sans", "Noto Sans CJK SC"), None),
}
_reported: set[tuple[str, str]] = set()


class LibreOfficeMissing(PipelineError):
    """soffice is not installed: the PDF cannot be made (the DOCX can)."""


class ConversionFailed(PipelineError):
    """LibreOffice ran but gave no PDF."""


class ConversionTimedOut(ConversionFailed):
    """LibreOffice did not finish in TIMEOUT_S; its process group was ended."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# LibreOffice's PDF export filter asked for PDF/A-2b (SelectPdfVersion 2), for the archive
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def docx_to_pdf(docx: Path, out_dir: Path, pdfa: bool = False) -> Path:
    """Convert `docx` into `out_dir`/<stem>.pdf (PDF/A-2b with `pdfa`) and return that path."""
    [pdf] = convert_many([docx], out_dir, pdfa)
    if pdf is None:
        raise ConversionFailed(f"LibreOffice 未能把 {docx.name} 转为 PDF（文件可能已损坏）；请用 Word 或 WPS 打开它检查")
    return pdf


def convert_many(docxs: list[Path], out_dir: Path, pdfa: bool = False, say: bool = True) -> list[Path | None]:
    """Several DOCX files -> out_dir/<stem>.pdf each (None for one LibreOffice could not
    convert), in one LibreOffice start with a private profile and the curated font
    substitutions (said once per process as a FontSubstitutionWarning, unless not `say`: the
    checker shows them in its report). Stems must differ (they name the PDFs)."""
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeMissing("没有找到 LibreOffice（soffice 命令），无法把 DOCX 转为 PDF。" + INSTALL_HINT)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--nologo", "--convert-to", PDFA_FILTER if pdfa else "pdf", "--outdir", str(out_dir), *map(str, docxs)]
        named = sorted({name for docx in docxs for name in fonts_named(docx)})
        installed = installed_families()
        substitutions = font_substitutions(named, installed)
        env = dict(os.environ, FONTCONFIG_FILE=str(_write_fontconfig(Path(profile), substitutions)))
        if say:
            _report(substitutions, installed)
        _run_to_the_end(command, env)
    pdfs = [out_dir / f"{docx.stem}.pdf" for docx in docxs]
    return [pdf if pdf.is_file() else None for pdf in pdfs]


def _run_to_the_end(command: list[str], env: dict[str, str]) -> None:
    """Run LibreOffice in its own process group; on timeout or interruption end the whole
    group, so no soffice.bin outlives the command."""
    options = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt" else {"start_new_session": True}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, **options)
    try:
        process.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _end(process)
        raise ConversionTimedOut(f"LibreOffice 在 {TIMEOUT_S} 秒内没有完成转换，已中止。请关闭其他 LibreOffice 窗口后重试。") from None
    except BaseException:
        _end(process)
        raise


def _end(process: subprocess.Popen) -> None:
    if os.name == "nt":
        process.kill()
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def fonts_named(docx: Path) -> list[str]:
    """The fonts the DOCX's font table names (none for a file that is not a readable DOCX, or
    whose font table is implausibly large: LibreOffice then says what it can of the file)."""
    try:
        with zipfile.ZipFile(docx) as package:
            if package.getinfo("word/fontTable.xml").file_size > FONT_TABLE_LIMIT:
                return []
            table = package.read("word/fontTable.xml").decode("utf-8", "replace")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
        return []
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
    from xml.sax.saxutils import escape     # it imports urllib.request: every command imports this module

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


class FontSubstitutionWarning(UserWarning):
    """The PDF sets the official fonts in free faces: said to the user, the PDF still made."""


def _report(substitutions: dict[str, tuple[str, str | None]], installed: set[str]) -> None:
    """Say once which official fonts the PDF sets in which free face: a warning, which a build
    collects from every document and worker and prints once (the same words whichever
    document raised it: every official font this machine lacks, not only this document's)."""
    new = sorted((name, face) for name, (face, _) in substitutions.items()
                 if (name, face) not in _reported and not name.isascii())     # the official Chinese fonts
    if not new:
        return
    machine = font_substitutions(sorted(name for name in SUBSTITUTES if not name.isascii()), installed)
    _reported.update((name, face) for name, (face, _) in machine.items())
    pairs = "，".join(f"{name} → {face}" for name, (face, _) in sorted(machine.items()))
    warnings.warn(f"本机没有公文字体，PDF 中以相近的免费字体代替：{pairs}。"
                  "DOCX 不受影响；正式印发请在装有这些字体的电脑上生成 PDF，或用 Word/WPS 打开 DOCX 打印。",
                  FontSubstitutionWarning, stacklevel=3)
