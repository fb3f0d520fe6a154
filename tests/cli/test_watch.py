"""--watch hears a save from the file system's events (watchfiles) and rebuilds what it
changed; Ctrl-C or SIGTERM ends it with its workers."""
from __future__ import annotations

import queue
import subprocess
import sys
import threading

from ..conftest import ROOT, copy_built_sample
from ..model.test_validation import POINT, edit


def test_a_save_is_heard_and_rebuilt(tmp_path):
    project = copy_built_sample(tmp_path / "built")
    watcher = subprocess.Popen([sys.executable, str(ROOT / "make_docs.py"), "--root", str(project.root), "build", "--watch",
                                "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in watcher.stdout], daemon=True).start()

    def until(text: str) -> list[str]:
        seen = []
        while not seen or text not in seen[-1]:
            seen.append(lines.get(timeout=120))
        return seen

    try:
        assert "已是最新" in until("完成")[-1]                  # the watch's first build: nothing to do
        edit(project, POINT, "members: 93", "members: 96")
        rebuilt = until("完成")
        assert any(line.startswith("生成 2021/brochures/jiangxi-chamber.pdf") for line in rebuilt)
        assert "党员：96名" in (project.output_dir / "2021/article.txt").read_text(encoding="utf-8")
    finally:
        watcher.terminate()
        assert watcher.wait(timeout=60) == 130
