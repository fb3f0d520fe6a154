"""What a user sees in output/: the documents, not the build's own hidden bookkeeping."""
from __future__ import annotations

import hashlib
from pathlib import Path


def output_files(folder: Path) -> list[Path]:
    """Every file under folder except those in dot-folders (.cache) or named with a dot (.manifest.json)."""
    if not folder.exists():
        return []
    return [p for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)]


def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in output_files(folder)}
