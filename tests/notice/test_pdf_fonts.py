"""`--pdf` on a machine without the official fonts: each role in its own free face, chosen
through the converter's private fontconfig, and the substitution said once."""
from __future__ import annotations

import subprocess
import warnings

import pytest

from partydocs.reuse import libreoffice
from partydocs.reuse.libreoffice import docx_to_pdf, font_substitutions, installed_families

from partydocs.checker.render import soffice

OFFICIAL = ("仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体")


def _faces(pdf) -> set[str]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:] if line.strip()}


def test_each_role_gets_its_own_face_and_the_build_says_which(notices, tmp_path, capsys, monkeypatch):
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    installed = installed_families()
    if any(name in installed for name in OFFICIAL):
        pytest.skip("the official fonts are installed: nothing is substituted")
    chosen = font_substitutions(list(OFFICIAL), installed)
    if len({face for face, _ in chosen.values()}) < 3:
        pytest.skip("fewer than three free CJK faces installed (see .ci/run: fonts-arphic-uming, fonts-lxgw-wenkai)")
    monkeypatch.setattr(libreoffice, "_reported", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdf = docx_to_pdf(notices["rich"].docx, tmp_path / "one")
        docx_to_pdf(notices["rich"].docx, tmp_path / "two")
    said = "\n".join(str(w.message) for w in caught if issubclass(w.category, libreoffice.FontSubstitutionWarning))
    assert said.count("本机没有公文字体") == 1, "the substitution is said once, not per conversion"
    for name, (face, _) in chosen.items():
        assert f"{name} → {face}" in said
    faces = _faces(pdf)
    assert len(faces) >= 4, faces
    words = {face.replace(" ", "").lower() for face, _ in chosen.values()}
    assert any("wenkai" in f.lower() for f in faces) == any("wenkai" in w for w in words)
    assert any("bold" in f.lower() for f in faces), "小标宋 in a heavy Song, not the body's face"
