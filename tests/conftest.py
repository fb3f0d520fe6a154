"""Fixtures shared by every test folder: the project, the sample year, synthetic years."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.load import Project, load_year

ROOT = Path(__file__).resolve().parent.parent

# Builds in tests run by themselves: a build server (pipeline/server.py) would outlive the
# test that started it. Its own tests turn it on for their commands.
os.environ["PARTY_DOCS_SERVER"] = "0"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def sample_year(project):
    return load_year(project, "2021")


def copy_sample(root: Path) -> Project:
    """A private copy of the project's data and templates under `root`, that a test may break."""
    for folder in ("data", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    return Project(root)


@pytest.fixture
def sample_copy(tmp_path) -> Project:
    return copy_sample(tmp_path)
