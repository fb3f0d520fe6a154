"""Fixtures shared by every test folder: the project, the sample year, synthetic years."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generators.builders import builders
from pipeline.build.config import BuildConfig
from pipeline.build.driver import Report, Session, build
from pipeline.data.load import load_year
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent


def build_project(project: Project, session: Session | None = None, **options) -> Report:
    """A build of `project` as the command runs it, with every builder."""
    config = BuildConfig(project, **options)
    return build(config, builders(config.pdf, config.variants, config.check), session=session)


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
