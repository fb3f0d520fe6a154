"""README's tree is the repository's: every folder `git ls-files` shows is in it, and every
folder it names exists."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARK = "<!-- tree:"


def tree_folders(readme: str) -> set[str]:
    """The folders of the README's tree block, as paths (indentation gives the nesting)."""
    block = readme[readme.index(MARK):]
    block = block[block.index("```") + 3:]
    block = block[:block.index("```")]
    folders, parents = set(), []
    for line in block.strip("\n").splitlines():
        match = re.match(r"( *)(\S+/)", line)
        if not match:
            continue
        depth = len(match.group(1)) // 2
        parents[depth:] = [match.group(2).rstrip("/")]
        folders.add("/".join(parents))
    return folders


def repository_folders() -> set[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True,
                           encoding="utf-8", env={"GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}).stdout
    folders = set()
    for name in files.splitlines():
        name = name.strip('"')
        folders.update(str(parent) for parent in PurePosixPath(name).parents if str(parent) != ".")
    return folders


def test_the_readme_tree_is_the_repositorys():
    named = tree_folders((ROOT / "README.md").read_text(encoding="utf-8"))
    assert named == repository_folders()


def test_a_folder_missing_from_the_tree_is_found():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tree_folders(readme.replace("    glyphs/ ", "    other/ ")) != repository_folders()
