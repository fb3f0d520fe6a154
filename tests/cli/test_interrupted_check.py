"""`check` stopped by SIGTERM while LibreOffice renders: it says the check is unfinished, and
never that output/ is intact (check writes nothing there); no process is left behind."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import built_sample
from ..engine.test_interrupt import children

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not Path("/proc").is_dir() or shutil.which("soffice") is None, reason="needs /proc and LibreOffice")
def test_check_interrupted_by_sigterm_says_the_check_is_unfinished(tmp_path):
    document = tmp_path / "通知.docx"
    shutil.copyfile(built_sample() / "output/2021/notice.docx", document)
    process = subprocess.Popen([sys.executable, str(ROOT / "make_docs.py"), "check", str(document)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    deadline = time.monotonic() + 60
    while not children(process.pid) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)                 # until the renderer has started: the check is under way
    assert process.poll() is None, "the check ended before it could be interrupted"
    os.kill(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "检查没有做完" in stderr and "output/" not in stderr and "Traceback" not in stderr
    assert not children(process.pid)
