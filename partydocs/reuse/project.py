"""The project's folders; everything is confined to these."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    # Made once: a build asks for them for each of its thousands of targets.
    @cached_property
    def data_dir(self) -> Path:
        return self.root / "data"

    @cached_property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @cached_property
    def output_dir(self) -> Path:
        return self.root / "output"

    def label(self, path: Path) -> str:
        """A path as the user sees it: relative to the project, with forward slashes."""
        text, root = str(path), str(self.root) + os.sep
        if text.startswith(root):            # the usual case, without pathlib's slower relative_to
            return text[len(root):].replace(os.sep, "/")
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def years(self) -> list[str]:
        if not self.data_dir.is_dir():
            return []
        return sorted(p.name for p in self.data_dir.iterdir() if self.year_dir(p.name))

    def year_dir(self, name: str) -> Path | None:
        """data/<name>/ when `name` is a plain folder name there (no path, no link) holding 公文
        (documents/*.yaml, or the older single notice.yaml)."""
        if not name or name in (".", "..") or "/" in name or "\\" in name:
            return None
        folder = self.data_dir / name
        if folder.is_symlink() or not folder.is_dir():
            return None
        return folder if (folder / "notice.yaml").is_file() or (folder / "documents").is_dir() else None
