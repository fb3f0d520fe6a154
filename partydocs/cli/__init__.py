"""The command line: a thin layer over build(); every error ends here as a message and a code.

This is the composition root: the one place in pipeline/ that knows the generators, and
hands them to the driver (lower layers never import higher ones)."""
from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.engine.config import BuildConfig
from partydocs.reuse.counters import did
from partydocs.reuse.errors import DataError, PipelineError
from partydocs.reuse.project import Project

from .progress import progress_bar
from .watch import watch

if TYPE_CHECKING:
    from partydocs.engine.builder import Builder
    from partydocs.engine.driver import Report, Session

NO_OP = "no-ops decided from stamps"
DESCRIPTION = """\
把 data/ 中的 YAML 数据生成为红头通知（DOCX，符合 GB/T 9704-2012）和示范点画册（PDF）。
Turn the YAML data under data/ into notices (DOCX) and brochures (PDF).

常用命令 / common commands:
  python make_docs.py                    生成全部年度（同 build）
  python make_docs.py validate           只检查数据，不生成文件
  python make_docs.py build --year 2021  只生成 2021 年度
  python make_docs.py build --point jiangxi-chamber --only brochures
  python make_docs.py build --watch      保存数据或模板后自动重新生成
  python make_docs.py list               列出年度、示范点和输出文件
  python make_docs.py clean              删除 output/ 中生成的文件
  python make_docs.py build --only article  只生成新闻稿（网页和纯文本）
  python make_docs.py check 通知.docx     按 GB/T 9704 逐条检查一份公文
"""


def _common_options(suppress: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the command; after it they must not reset before."""
    common = argparse.ArgumentParser(add_help=False)
    default = (lambda value: argparse.SUPPRESS) if suppress else (lambda value: value)
    common.add_argument("--year", action="append", default=default([]), metavar="YEAR", help="只处理这个年度（可重复）/ only this year")
    common.add_argument("--root", type=Path, default=default(None), help="项目文件夹（默认为 make_docs.py 所在文件夹）/ project folder")
    common.add_argument("--debug", action="store_true", default=default(False), help="出错时显示程序调用栈 / show tracebacks")
    return common


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="make_docs.py", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[_common_options(False)])
    common = _common_options(True)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = commands.add_parser("build", parents=[common], help="检查数据并生成文件（默认命令）/ validate and build")
    build_cmd.add_argument("--only", choices=["notice", "brochures", "article"], help="只生成通知、画册或新闻稿 / only notices, brochures or the article")
    build_cmd.add_argument("--point", action="append", default=[], metavar="ID", help="只生成这个示范点的画册（可重复）/ only this point")
    build_cmd.add_argument("--force", action="store_true", help="全部重新生成，不管是否有改动 / rebuild everything")
    build_cmd.add_argument("--verify", action="store_true", help="逐个核对已生成文件的内容，被改动的重新生成 / re-read every output")
    build_cmd.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="并行进程数（默认：全部 CPU 核心）/ parallel jobs")
    build_cmd.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 把通知转为 PDF / also convert the notice to PDF")
    build_cmd.add_argument("--check", action="store_true", help="按 GB/T 9704 检查生成的通知，报告写在 notice.check.txt（需要 LibreOffice）/ audit each notice")
    build_cmd.add_argument("--print", action="store_true", help="另生成印刷厂用的画册（出血 3 毫米、裁切线、CMYK），在 print/ 中 / print variant")
    build_cmd.add_argument("--archive", action="store_true", help="另生成存档用的 PDF/A 画册（及加 --pdf 时的通知），在 archive/ 中 / PDF/A variant")
    build_cmd.add_argument("--explain", action="store_true", help="说明每个文件为什么重新生成 / say why each target was rebuilt")
    build_cmd.add_argument("--quiet", action="store_true", help="只输出错误 / print errors only")
    build_cmd.add_argument("--watch", action="store_true", help="持续运行，数据或模板保存后自动重新生成（Ctrl-C 结束）/ rebuild on save")
    commands.add_parser("validate", parents=[common], help="只检查数据，不写任何文件 / validate only")
    commands.add_parser("list", parents=[common], help="列出年度、示范点和输出文件 / list years, points, outputs")
    commands.add_parser("clean", parents=[common], help="删除生成的文件 / remove generated files")
    sheet_cmd = commands.add_parser("blank-sheet", parents=[common], help="生成空白名单表（.xlsx），供各地填写后放进 points/ / a blank unit list")
    sheet_cmd.add_argument("file", type=Path, metavar="FILE.xlsx", help="要生成的文件 / file to write")
    check_cmd = commands.add_parser("check", parents=[common], help="按 GB/T 9704 检查 .docx/.pdf 公文 / audit documents")
    check_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".docx 或 .pdf 文件 / files to audit")
    check_cmd.add_argument("--json", action="store_true", help="以 JSON 输出 / JSON output")
    return top


def main(argv: list[str] | None = None, default_root: Path | None = None) -> int:
    _utf8_console()
    _terminate_like_interrupt()
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    return _run(Project((args.root or default_root or Path.cwd()).resolve()), args)


def _run(project: Project, args) -> int:
    try:
        return COMMANDS[args.command or "build"](project, args)
    except PipelineError as error:
        for message in error.messages():
            print(message, file=sys.stderr)
        if isinstance(error, DataError):
            print(f"共 {len(error.problems)} 处问题，未生成任何文件。请按提示修改后重新运行。", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return error.exit_code
    except KeyboardInterrupt:
        print("已中断；output/ 中已有的文件保持完整。", file=sys.stderr)
        return 130
    except Exception as error:  # the edge: anything unexpected is still a message
        print(f"程序内部错误：{type(error).__name__}: {error}\n请用 --debug 重新运行，并把输出发给维护人员。", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1


def _terminate_like_interrupt() -> None:
    """`kill`, a closed console or the system's shutdown end the build as Ctrl-C does: the
    worker processes are stopped and output/ is left whole (the default would skip both)."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return                     # only the main thread may set handlers (main() called from a thread)
    for name in ("SIGTERM", "SIGHUP", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _builders(config: BuildConfig) -> list[Builder]:
    from generators.builders import builders

    return builders(config.pdf, config.variants, config.check)


def _build_config(project: Project, args) -> BuildConfig:
    return BuildConfig(
        project, years=args.year, only=getattr(args, "only", None), points=getattr(args, "point", []),
        force=getattr(args, "force", False), verify=getattr(args, "verify", False), jobs=getattr(args, "jobs", 0),
        pdf=getattr(args, "pdf", False), explain=getattr(args, "explain", False), debug=args.debug, check=getattr(args, "check", False),
        variants=tuple(mode for mode in ("print", "archive") if getattr(args, mode, False)))


def cmd_build(project: Project, args) -> int:
    config = _build_config(project, args)
    if getattr(args, "watch", False):
        return _watch(config, args.quiet)
    return _build_once(config, getattr(args, "quiet", False))


def _watch(config: BuildConfig, quiet: bool) -> int:
    from partydocs.engine.driver import Session

    print("正在监视 data/ 和 templates/，保存文件后自动重新生成；按 Ctrl-C 结束。")
    with Session(config) as session:
        watch([config.project.data_dir, config.project.templates_dir], lambda: _watched_build(config, quiet, session))
    return 0


def _watched_build(config: BuildConfig, quiet: bool, session: Session) -> int:
    """A data problem found while watching is reported, and the watch goes on."""
    try:
        return _build_once(config, quiet, session)
    except PipelineError as error:
        for message in error.messages():
            print(message, file=sys.stderr)
        return error.exit_code


def _build_once(config: BuildConfig, quiet: bool, session: Session | None = None) -> int:
    if session is None and _nothing_changed(config, quiet):
        return 0
    from partydocs.engine.driver import build

    with progress_bar(enabled=not quiet and sys.stderr.isatty()) as progress:
        report = build(config, _builders(config), progress=progress, session=session)
    _print_report(report, config, quiet)
    return report.exit_code


def _nothing_changed(config: BuildConfig, quiet: bool) -> bool:
    """Decided from the stamps alone (partydocs/engine/quiet.py): no data, generator or data
    model is loaded to find that every document is up to date."""
    from partydocs.engine.quiet import unchanged

    started = time.perf_counter()
    found = unchanged(config)
    if found is None:
        return False
    documents, notes = found
    did(NO_OP)
    if not quiet:
        for note in notes:
            print(note, file=sys.stderr)
        print(f"完成：生成 0 个，已是最新 {documents} 个，失败 0 个，删除 0 个；用时 {time.perf_counter() - started:.2f} 秒。"
              f"输出在 {config.project.label(config.project.output_dir)}/")
    return True


def _print_report(report: Report, config: BuildConfig, quiet: bool) -> None:
    for note in report.notes:
        print(note, file=sys.stderr)
    for outcome in sorted(report.outcomes, key=lambda o: o.output):
        if not quiet and outcome.status == "built":
            why = f"（{'；'.join(outcome.reasons)}）" if config.explain and outcome.reasons else ""
            print(f"生成 {outcome.output}  {outcome.seconds:.2f} 秒{why}")
        elif not quiet and outcome.status == "removed":
            print(f"删除 {outcome.output}（其数据已不存在）")
    for warning in dict.fromkeys(w for o in sorted(report.outcomes, key=lambda o: o.output) for w in o.warnings):
        print(f"提醒：{warning}", file=sys.stderr)
    _print_failures([o for o in sorted(report.outcomes, key=lambda o: o.output) if o.status == "failed"])
    if not quiet or report.count("failed"):
        print(f"完成：生成 {report.count('built')} 个，已是最新 {report.count('up-to-date')} 个，"
              f"失败 {report.count('failed')} 个，删除 {report.count('removed')} 个；用时 {report.seconds:.2f} 秒。"
              f"输出在 {config.project.label(config.project.output_dir)}/")


def _print_failures(failed: list) -> None:
    """Each problem once, in the file:line:col form, however many documents it stopped."""
    if not failed:
        return
    messages = dict.fromkeys(message for outcome in failed for message in outcome.messages)
    for message in messages:
        print(message, file=sys.stderr)
    names = "、".join(outcome.output for outcome in failed)
    print(f"未能生成：{names}（已有的旧文件保留不变）", file=sys.stderr)


def cmd_validate(project: Project, args) -> int:
    from partydocs.engine.driver import point_memo
    from partydocs.engine.validate import validate

    config = BuildConfig(project, years=args.year)
    for year in validate(config, _builders(config), point_memo(config)):
        print(f"{year.year} 年度：检查通过（公文 {len(year.documents)} 份，示范点 {len(year.points)} 个，样式、模板和字体无误）")
        for note in year.notes:
            print(f"  提醒：{note}")
    return 0


def cmd_list(project: Project, args) -> int:
    from partydocs.engine.validate import load_years

    for year in load_years(BuildConfig(project, years=args.year)):
        print(f"{year.year} 年度  data/{year.year}/")
        listed_anywhere = {unit for document in year.documents for unit in document.notice.units}
        for document in year.documents:
            print(f"  公文 {document.name:<26} {document.notice.title}")
        for point in year.points:
            listed = "" if point.id in listed_anywhere else "（未列入任何公文）"
            print(f"  {point.id:<28} {point.party_org.short_name}{listed}")
        folder = project.output_dir / year.year
        built = sorted(p for p in folder.rglob("*.*") if p.is_file()) if folder.is_dir() else []
        for path in built:
            print(f"  输出 {project.label(path)}")
    return 0


def cmd_clean(project: Project, args) -> int:
    from partydocs.engine.cleaning import clean

    for removed in clean(project.output_dir, args.year):
        print(f"已删除 {project.label(removed)}")
    return 0


def cmd_blank_sheet(project: Project, args) -> int:
    from partydocs.model.sheet_points import write_blank_sheet

    write_blank_sheet(args.file)
    print(f"已生成空白名单表 {args.file}：请各地在第一行表头下逐行填写，交回后放进 data/<年度>/points/")
    return 0


def cmd_check(project: Project, args) -> int:
    from partydocs.checker.cli import run

    return run(args.files, args.json)


COMMANDS = {"build": cmd_build, "validate": cmd_validate, "list": cmd_list, "clean": cmd_clean, "check": cmd_check,
            "blank-sheet": cmd_blank_sheet}
