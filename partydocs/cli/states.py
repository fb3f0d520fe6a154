"""What `list` says of each file in output/: which variant it is (screen, print, archive) and
whether it is current with its sources, so that a copy gone stale is seen before it is sent.

The state is read from output/.manifest.json, as the build records it: the file's own hash, and
the hash of each data file, template, style and font it was made from. A file whose recorded
inputs all still hash the same is current; one whose inputs changed is stale until the next
build (which rebuilds every variant found in output/). A change of this program's version is
not seen here, only by a build."""
from __future__ import annotations

import hashlib
from pathlib import Path

from partydocs.engine.manifest import FileHasher, Manifest
from partydocs.reuse.project import Project
from partydocs.reuse.stamps import stamp

VARIANTS = {"print": "印刷版", "archive": "存档版"}
CURRENT = "最新"


class OutputStates:
    def __init__(self, project: Project):
        self.project = project
        self.manifest = Manifest.read(project.output_dir)
        self.hasher = FileHasher(project, dict(self.manifest.hashes))

    def describe(self, path: Path) -> str:
        """'印刷版 最新', '已过期：……', for a file under output/."""
        relative = path.relative_to(self.project.output_dir).as_posix()
        folder = relative.split("/")[1] if relative.count("/") >= 2 else ""
        variant = VARIANTS.get(folder, "屏幕版" if path.suffix == ".pdf" and "brochure" in relative else "")
        return f"{variant} {self.state(relative, path)}".strip()

    def state(self, relative: str, path: Path) -> str:
        entry = self.manifest.entries.get(relative)
        if entry is None:
            return "未记录（不是生成时留下的文件）"
        if stamp(path) != entry.get("stamp") and hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            return "已被改动：运行 build 重新生成"
        changed = [label for label, digest in sorted(entry["inputs"].items())
                   if not _is_fact(label) and self._digest(label) != digest]
        if changed:
            more = f"等 {len(changed)} 个文件" if len(changed) > 1 else ""
            return f"已过期（{changed[0]}{more}已改动）：运行 build 更新"
        return CURRENT

    def _digest(self, label: str) -> str:
        return self.hasher.hashes([self.project.root / label])[label]


def _is_fact(label: str) -> bool:
    """Inputs that are not files: what a document reads of the data, named in full-width brackets."""
    return label.rsplit("/", 1)[-1].startswith("（")
