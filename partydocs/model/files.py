"""Which files the build may read, and which names it may give: regular files reached without
leaving their folder; names Windows can hold.

A pipe (FIFO) would block the read forever, a device could be endless, and a link may point
anywhere: each is refused with a sentence saying what it is, before it is opened. The office
works on Windows, where CON, NUL, AUX… name devices, a trailing dot or space is dropped, and
two names that differ only in case are one file."""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

from partydocs.reuse.errors import os_reason

MISSING = "找不到这个文件"
RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)


def file_trouble(path: Path, inside: Path) -> str | None:
    """Why `path` cannot be read as one of the project's files (inside the folder `inside`), or None."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "是指向不存在文件的链接（快捷方式）；请删除它，或换成文件本身" if path.is_symlink() else MISSING
    except (RuntimeError, OSError):          # a link loop: RuntimeError in Python 3.11, OSError from 3.13
        return "是循环的链接（快捷方式指向自己）；请删除它，或换成文件本身"
    if not target.is_relative_to(inside.resolve()):
        return f"是指向 {_shown(inside)} 文件夹以外的链接，不能使用；请把文件本身复制进来"
    mode = target.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = "文件夹" if stat.S_ISDIR(mode) else "管道或设备等特殊文件"
        return f"不是普通文件（是{kind}）；请删除它，或换成真正的数据文件"
    return None


def folder_trouble(folder: Path, inside: Path) -> str | None:
    """Why a data folder of the year (documents/, points/) cannot be read, or None (also when
    it is simply absent): a link out of the year, a broken or looping link, a folder that
    cannot be listed. Said, never skipped: a folder skipped in silence looks deleted, and
    the outputs made from it would be removed."""
    if not (folder.exists() or folder.is_symlink()):
        return None
    trouble = file_trouble(folder, inside)
    if trouble and not trouble.startswith("不是普通文件（是文件夹）"):
        return trouble.replace("文件本身", "文件夹本身").replace("真正的数据文件", "真正的文件夹")
    if trouble is None:
        return "应是文件夹，却是一个文件；请删除它，或换成文件夹"
    try:
        with os.scandir(folder):
            pass
    except OSError as error:
        return f"无法读取这个文件夹（{os_reason(error)}）；请检查文件夹的权限"
    return None


class Confined:
    """file_trouble for many files in a few folders, e.g. a year's 10,000 point files: a
    regular file (not a link) in a folder whose real place is inside needs one lstat, and
    each folder's real place is found once. Made for one reading of the files, not kept."""

    def __init__(self, inside: Path):
        self.inside = inside
        self.real_inside = inside.resolve()
        self.folders: dict[str, bool] = {}      # by name: pathlib's parent is slow for 10,000 files

    def trouble(self, path: Path) -> str | None:
        try:
            regular = stat.S_ISREG(os.lstat(path).st_mode)
        except OSError:
            regular = False
        if regular and self._folder_inside(os.path.dirname(path)):
            return None
        return file_trouble(path, self.inside)

    def _folder_inside(self, folder: str) -> bool:
        if folder not in self.folders:
            try:
                self.folders[folder] = Path(folder).resolve(strict=True).is_relative_to(self.real_inside)
            except (OSError, RuntimeError):
                self.folders[folder] = False
        return self.folders[folder]


def windows_trouble(name: str) -> str | None:
    """Why a name (or a relative path, each part judged) cannot be a file name on Windows, or None."""
    for part in PurePosixPath(name.replace("\\", "/")).parts:
        if RESERVED.match(part):
            return f"中的“{part}”是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1–COM9、LPT1–LPT9），在 Windows 上不能作文件名；请换一个名称"
        if part != part.rstrip(". "):
            return f"中的“{part}”以点或空格结尾，Windows 会把它们去掉而找不到文件；请删去末尾的点或空格"
    return None


def case_clashes(names: list[str]) -> dict[str, str]:
    """Each name that differs from an earlier one only in case -> that earlier name."""
    first: dict[str, str] = {}
    clashes = {}
    for name in names:
        known = first.setdefault(name.casefold(), name)
        if known != name:
            clashes[name] = known
    return clashes


def _shown(folder: Path) -> str:
    """data/2021/ or templates/, as the user knows the folder."""
    return "/".join(folder.parts[-2:] if folder.parent.name == "data" else folder.parts[-1:]) + "/"
