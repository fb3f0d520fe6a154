"""No OFD copy in output/ silently goes stale: after `build --ofd`, a plain build remakes the
OFD of an edited point's profile and of the collection, and leaves the others alone."""
from __future__ import annotations

import hashlib
import time

from ..command import make_docs
from ..conftest import copy_built_sample

POINT = "jiangxi-chamber"
EDITED = "OFD 重建核对语"


def _digests(project) -> dict[str, str]:
    return {path.relative_to(project.output_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted((project.output_dir / "2021" / "ofd").rglob("*.ofd"))}


def test_a_plain_build_keeps_the_ofd_copies_current(tmp_path):
    project = copy_built_sample(tmp_path / "project")
    first = make_docs("--root", str(project.root), "build", "--ofd", "--only", "brochures", "-j", "1")
    assert first.returncode == 0, first.stderr
    before = _digests(project)
    assert f"2021/ofd/brochures/{POINT}.ofd" in before and "2021/ofd/brochure.ofd" in before
    time.sleep(2.1)                   # past the two-second rule: the edit is seen by its stamp
    path = project.root / f"data/2021/points/{POINT}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("东莞市江西商会成立于2012年11月", EDITED, 1), encoding="utf-8")
    plain = make_docs("--root", str(project.root), "build", "--only", "brochures", "-j", "1")
    assert plain.returncode == 0, plain.stderr
    after = _digests(project)
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed == {f"2021/ofd/brochures/{POINT}.ofd", "2021/ofd/brochure.ofd"}
