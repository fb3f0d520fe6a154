"""Find font files: the style file's names or paths, via fontconfig, the usual Windows and
macOS folders, and finally the Noto fonts that the project's pip install provides."""
from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
ALWAYS = frozenset("0123456789 -–—…·/.,:()（）、，。年月日第页")   # page numbers and fixed punctuation
SYSTEM_FOLDERS = (
    Path("C:/Windows/Fonts"),
    Path(os.environ.get("LOCALAPPDATA", "~")).expanduser() / "Microsoft/Windows/Fonts",
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts"),
    Path("/System/Library/Fonts/Supplemental"),
    Path("~/Library/Fonts").expanduser(),
)
# Family names whose files fontconfig may not know (Windows, macOS): the usual file names.
KNOWN_FILES = {
    "simsun": ("simsun.ttc",),
    "songti sc": ("Songti.ttc",),
    "stsong": ("STSong.ttf", "Songti.ttc"),
    "microsoft yahei": ("msyh.ttc", "msyh.ttf"),
    "microsoft yahei:style=bold": ("msyhbd.ttc", "msyhbd.ttf"),
    "pingfang sc": ("PingFang.ttc",),
    "simhei": ("simhei.ttf",),
    "source han serif sc": ("SourceHanSerifSC-Regular.otf", "SourceHanSerif-Regular.ttc"),
    "source han sans sc": ("SourceHanSansSC-Regular.otf", "SourceHanSans-Regular.ttc"),
    "source han sans sc:style=bold": ("SourceHanSansSC-Bold.otf", "SourceHanSans-Bold.ttc"),
    "noto serif cjk sc": ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf"),
    "noto sans cjk sc": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf"),
    "noto sans cjk sc:style=bold": ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf"),
}


@dataclass(frozen=True, order=True)
class FontSource:
    """One face: a font file and, for a collection (.ttc), the face's index in it."""

    path: Path
    index: int = 0

    def digest(self) -> str:
        return f"{_file_digest(str(self.path), *_stamp(self.path))}-{self.index}"


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=64)
def _file_digest(path: str, size: int, mtime: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:20]


def default_font(role: str) -> FontSource:
    import pylopdf_fonts_zh_cn as bundled

    return FontSource(Path(bundled.serif_path() if role == "serif" else bundled.sans_path()))


@lru_cache(maxsize=64)
def resolve(candidates: tuple[str, ...], role: str, project_root: Path) -> FontSource:
    """The first candidate found on this machine, else the bundled default for the role."""
    for candidate in candidates:
        found = find_font(candidate, project_root)
        if found:
            return found
    return default_font(role)


def find_font(candidate: str, project_root: Path) -> FontSource | None:
    text = candidate.strip()
    if looks_like_file(text):
        return _find_file(text, project_root)
    return _fontconfig_match(text) or _known_file(text)


def looks_like_file(text: str) -> bool:
    name = text.split("#")[0].lower()
    return "/" in text or "\\" in text or name.endswith(FONT_SUFFIXES)


def _find_file(text: str, project_root: Path) -> FontSource | None:
    name, _, index = text.partition("#")
    path = Path(name).expanduser()
    places = [path] if path.is_absolute() else [project_root / path, *(folder / path for folder in SYSTEM_FOLDERS)]
    for place in places:
        if place.is_file():
            return FontSource(place.resolve(), int(index) if index.isdigit() else 0)
    return None


def _known_file(name: str) -> FontSource | None:
    for file_name in KNOWN_FILES.get(name.lower(), ()):
        for folder in SYSTEM_FOLDERS:
            path = folder / file_name
            if path.is_file():
                return FontSource(path.resolve(), face_index(path, name.split(":")[0]))
    return None


def face_index(path: Path, family: str) -> int:
    """Index of the face named `family` in a collection; 0 for a single font or no match."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    from fontTools.ttLib import TTCollection

    with TTCollection(str(path), lazy=True) as collection:
        for index, font in enumerate(collection.fonts):
            names = {str(record).lower() for record in font["name"].names if record.nameID in (1, 16)}
            if family.lower() in names:
                return index
    return 0


def _fontconfig_match(pattern: str) -> FontSource | None:
    """fc-match always answers; accept its answer only if it is the family (and style) asked for."""
    output = _run(["fc-match", "-f", "%{file}\\n%{index}\\n%{family}\\n%{style}", pattern])
    lines = output.split("\n") if output else []
    if len(lines) < 4 or not lines[0]:
        return None
    family, _, wanted_style = pattern.partition(":")
    families = {f.strip().lower() for f in lines[2].split(",")}
    styles = {s.strip().lower() for s in lines[3].split(",")}
    wanted_style = wanted_style.partition("=")[2].strip().lower() if wanted_style.startswith("style=") else ""
    if family.strip().lower() not in families or (wanted_style and wanted_style not in styles):
        return None
    return FontSource(Path(lines[0]), int(lines[1]) if lines[1].isdigit() else 0)


def fontconfig_fonts_with(char: str) -> list[FontSource]:
    """Every font fontconfig knows that covers `char`, in a stable order."""
    output = _run(["fc-list", f":charset={ord(char):x}", "file", "index"])
    found = set()
    for line in (output or "").splitlines():
        file, _, rest = line.partition(":")
        index = rest.strip().partition("index=")[2]
        if file.lower().endswith(FONT_SUFFIXES):
            found.add(FontSource(Path(file), int(index) if index.isdigit() else 0))
    return sorted(found)


def _run(command: list[str]) -> str | None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def fallback_candidates(remaining: set[str], tried: set[FontSource]):
    if not remaining:
        return
    candidates = [default_font("serif"), default_font("sans")]
    for char in sorted(remaining):
        candidates += fontconfig_fonts_with(char)[:4]
    for source in candidates:
        if source not in tried:
            tried.add(source)
            yield source
