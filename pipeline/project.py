"""The project's folders; everything is confined to these."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    def label(self, path: Path) -> str:
        """A path as the user sees it: relative to the project, with forward slashes."""
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
