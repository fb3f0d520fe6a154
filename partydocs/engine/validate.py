"""Phase one, shared by `validate` and `build`: everything a build could reject, found before
it takes its lock or writes a byte — the data, and each builder's own check of a year (its
style file, every template it renders, the fonts that will print each text)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from partydocs.reuse.errors import DataError, PipelineError, Problem

from .builder import Builder
from .config import BuildConfig

if TYPE_CHECKING:
    from partydocs.model.load import PointMemo
    from partydocs.model.model import Year


def validate(config: BuildConfig, builders: list[Builder], memo: PointMemo | None = None) -> list[Year]:
    """Every requested year, validated whole; all problems of all years at once. A build starts
    here: settings files read by an earlier build (--watch) are read again."""
    from partydocs.model.settings import new_build

    new_build()
    years = load_years(config, memo)
    problems: list[Problem] = []
    for year in years:
        for builder in builders:
            problems += builder.check(year, config.project)
    if problems:
        raise DataError(problems)
    return years


def load_years(config: BuildConfig, memo: PointMemo | None = None) -> list[Year]:
    from partydocs.model.load import linked_years, load_year    # imported when a year is read: `--help` does without

    project = config.project
    names = config.years or project.years()
    linked = [p for p in linked_years(project) if not config.years or p.file.rsplit("/", 1)[-1] in config.years]
    if linked:
        raise DataError(linked)
    if not names:
        raise PipelineError(f"在 {project.label(project.data_dir)}/ 下没有找到任何年度数据（应有 data/<年度>/notice.yaml）")
    problems, years = [], []
    for name in names:
        folder = project.year_dir(name)
        if folder is None:
            raise PipelineError(f"没有 {name} 年度的数据文件夹 data/{name}/；现有年度：{'、'.join(project.years()) or '无'}")
        try:
            years.append(load_year(project, folder.name, memo))
        except DataError as error:
            problems += error.problems
    if problems:
        raise DataError(problems)
    return years
