"""`clean`: remove generated files, never following a link out of output/."""
from __future__ import annotations

import shutil
from pathlib import Path

from .manifest import Manifest
from .writer import build_lock


def clean(output_dir: Path, years: list[str]) -> list[Path]:
    """Remove output/ (or only these years' folders in it); the removed paths."""
    if output_dir.is_symlink():
        output_dir.unlink()
        return [output_dir]
    if not output_dir.is_dir():
        return []
    if not years:
        with build_lock(output_dir):
            entries = [entry for entry in output_dir.iterdir() if entry.name != ".build.lock"]
            for entry in entries:
                _remove(entry)
        shutil.rmtree(output_dir, ignore_errors=True)
        return [output_dir]
    return _clean_years(output_dir, years)


def _clean_years(output_dir: Path, years: list[str]) -> list[Path]:
    """Those years' folders, and only their entries in the manifest: other years stay built."""
    removed = []
    with build_lock(output_dir):
        manifest = Manifest.read(output_dir)
        for year in years:
            folder = output_dir / year
            if "/" in year or "\\" in year or year in ("", ".", "..") or not (folder.exists() or folder.is_symlink()):
                continue
            _remove(folder)
            removed.append(folder)
            for output in manifest.outputs():
                if output.startswith(f"{year}/"):
                    manifest.forget(output)
        manifest.write()
    return removed


def _remove(path: Path) -> None:
    """A link is removed itself; rmtree does not follow links inside a folder either."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)
