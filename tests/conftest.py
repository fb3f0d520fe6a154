"""Fixtures shared by every test folder: the project, the sample year, synthetic years."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.load import Project, load_year

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def sample_year(project):
    return load_year(project, "2021")


@pytest.fixture
def sample_copy(tmp_path) -> Project:
    """A private copy of the project's data and templates that a test may break."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return Project(tmp_path)
