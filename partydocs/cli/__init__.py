"""The command line: a thin layer over build(); every error ends here as a message and a code.

This is the composition root: the one place in pipeline/ that knows the generators, and
hands them to the driver (lower layers never import higher ones)."""
from __future__ import annotations

import argparse
import io
import os
import signal
import sys
import threading
import time
import traceback
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.engine.config import BuildConfig, left_in_output
from partydocs.reuse.counters import did
from partydocs.reuse.errors import DataError, PipelineError
from partydocs.reuse.libreoffice import soffice_path
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
  python make_docs.py rename 旧名称 新名称  在各数据文件中把单位的旧名称改为新名称（先列出，确认后修改）
  python make_docs.py blank-sheet 名单.xlsx  生成带下拉列表的空白名单表，供各地填写
  python make_docs.py schema             生成数据文件的 JSON Schema（VS Code 据此提示字段和可选值）
"""


def _common_options(suppress: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the command; after it they must not reset before."""
    common = argparse.ArgumentParser(add_help=False)
    default = (lambda value: argparse.SUPPRESS) if suppress else (lambda value: value)
    common.add_argument("--year", action="append", default=default([]), metavar="YEAR", help="只处理这个年度（可重复）/ only this year")
    common.add_argument("--root", type=Path, default=default(None), help="项目文件夹（默认为 make_docs.py 所在文件夹）/ project folder")
    common.add_argument("--debug", action="store_true", default=default(False), help="出错时显示程序调用栈 / show tracebacks")
    return common


def _debug_only() -> argparse.ArgumentParser:
    """`check` reads the files it is given: no year, no project folder."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="出错时显示程序调用栈 / show tracebacks")
    return options


def _command(commands, name: str, parents: list[argparse.ArgumentParser], said: str) -> argparse.ArgumentParser:
    """A command whose --help opens with what it does, as its line in the top --help says."""
    return commands.add_parser(name, parents=parents, help=said, description=said)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="make_docs.py", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[_common_options(False)])
    common = _common_options(True)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = _command(commands, "build", [common], "检查数据并生成文件（默认命令）/ validate and build")
    build_cmd.add_argument("--only", choices=["notice", "brochures", "article"], help="只生成通知、画册或新闻稿 / only notices, brochures or the article")
    build_cmd.add_argument("--point", action="append", default=[], metavar="ID", help="只生成这个示范点的画册（可重复）/ only this point")
    build_cmd.add_argument("--force", action="store_true", help="全部重新生成，不管是否有改动 / rebuild everything")
    build_cmd.add_argument("--verify", action="store_true", help="逐个核对已生成文件的内容，被改动的重新生成 / re-read every output")
    build_cmd.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="并行进程数（默认：全部 CPU 核心）/ parallel jobs")
    build_cmd.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 把通知转为 PDF / also convert the notice to PDF")
    build_cmd.add_argument("--check", action="store_true", help="按 GB/T 9704 检查生成的通知，报告写在 notice.check.txt（需要 LibreOffice）/ audit each notice")
    build_cmd.add_argument("--print", action="store_true", help="另生成印刷厂用的画册（出血 3 毫米、裁切线、CMYK），在 print/ 中 / print variant")
    build_cmd.add_argument("--archive", action="store_true", help="另生成存档用的 PDF/A 画册（及加 --pdf 时的通知），在 archive/ 中 / PDF/A variant")
    build_cmd.add_argument("--ofd", action="store_true", help="另为画册（及加 --pdf 时的通知）生成 OFD 版式文件，在 ofd/ 中 / OFD of each PDF")
    build_cmd.add_argument("--preprinted", action="store_true", help="另生成套打用的公文（不印发文机关标志和红线，用已印好版头的信纸），在 preprinted/ 中 / 套打 variant")
    build_cmd.add_argument("--explain", action="store_true", help="说明每个文件为什么重新生成 / say why each target was rebuilt")
    build_cmd.add_argument("--quiet", action="store_true", help="只输出错误 / print errors only")
    build_cmd.add_argument("--watch", action="store_true", help="持续运行，数据或模板保存后自动重新生成（Ctrl-C 结束）/ rebuild on save")
    _command(commands, "validate", [common], "只检查数据，不写任何文件 / validate only")
    _command(commands, "list", [common], "列出年度、示范点和输出文件 / list years, points, outputs")
    _command(commands, "clean", [common], "删除生成的文件 / remove generated files")
    sheet_cmd = _command(commands, "blank-sheet", [common], "生成空白名单表（.xlsx），供各地填写后放进 points/ / a blank unit list")
    sheet_cmd.add_argument("file", type=Path, metavar="FILE.xlsx", help="要生成的文件 / file to write")
    rename_cmd = _command(commands, "rename", [common], "把单位的旧名称改为新名称：先列出各数据文件中要改的地方，确认后修改 / rename across the data")
    rename_cmd.add_argument("old", metavar="旧名称")
    rename_cmd.add_argument("new", metavar="新名称")
    rename_cmd.add_argument("--yes", action="store_true", help="不再询问，直接修改 / do not ask")
    schema_cmd = _command(commands, "schema", [common], "生成数据文件的 JSON Schema，供 VS Code 等编辑器提示和检查 / JSON Schemas for editors")
    schema_cmd.add_argument("--out", type=Path, metavar="DIR", help="写到这个文件夹（默认为项目中的 schemas/）/ where to write")
    check_cmd = _command(commands, "check", [_debug_only()], "按 GB/T 9704 检查 .docx/.pdf 公文 / audit documents")
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
            _print_details(error)
            traceback.print_exc()
        return error.exit_code
    except KeyboardInterrupt:
        print(INTERRUPTED.get(args.command or "build", "已中断。"), file=sys.stderr)
        return 130
    except BrokenPipeError:        # `make_docs.py list | more` closed early: not a fault
        _silence_stdout()
        return 0
    except Exception as error:  # the edge: anything unexpected is still a message
        print(f"程序内部错误：{type(error).__name__}: {error}\n请用 --debug 重新运行，并把输出发给维护人员。", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1


INTERRUPTED = {     # only a command that writes output/ may say it is left whole
    "build": "已中断；output/ 中已有的文件保持完整。",
    "clean": "已中断；output/ 中的文件可能只删除了一部分，请重新运行 clean。",
    "check": "已中断，检查没有做完，没有结论；请重新运行 check（check 不改动任何文件）。",
}


def _print_details(error: PipelineError) -> None:
    """--debug: the libraries' own words (PyYAML's, pydantic's, Jinja2's) behind each message."""
    for problem in getattr(error, "problems", []):
        if problem.detail:
            print(f"{problem.file}:{problem.line}:{problem.column}: 原文：{problem.detail}", file=sys.stderr)


def _silence_stdout() -> None:
    """What is still buffered for a closed pipe goes nowhere (Python would report it at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


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

    return builders(config.pdf, config.variants, config.check, retired=config.retired, ofd=config.ofd)


def _build_config(project: Project, args) -> BuildConfig:
    """The build the arguments ask for, plus every copy an earlier build left in output/
    (print/, archive/, preprinted/, the notices' PDFs, ofd/), so that none goes stale."""
    asked = tuple(mode for mode in ("print", "archive", "preprinted") if getattr(args, mode, False))
    found, pdfs, ofds = left_in_output(project.output_dir)
    if pdfs and not getattr(args, "pdf", False) and soffice_path() is None:
        print("提醒：output/ 中有公文的 PDF，本机没有 LibreOffice，这次未能一并更新；它们可能已不是最新", file=sys.stderr)
    return BuildConfig(
        project, years=args.year, only=getattr(args, "only", None), points=getattr(args, "point", []),
        force=getattr(args, "force", False), verify=getattr(args, "verify", False), jobs=getattr(args, "jobs", 0),
        pdf=getattr(args, "pdf", False) or (pdfs and soffice_path() is not None), explain=getattr(args, "explain", False),
        debug=args.debug, check=getattr(args, "check", False), ofd=getattr(args, "ofd", False) or ofds,
        variants=tuple(mode for mode in ("print", "archive", "preprinted") if mode in asked or mode in found),
        kept=tuple(mode for mode in found if mode not in asked))


def _with_retired(config: BuildConfig) -> BuildConfig:
    """A brochure variant kept only because output/ has it, which the style can no longer make,
    is retired (its files removed) with a note saying why. Asked only when a build will run:
    a no-op changed no file, so the style still makes what it made."""
    from generators.builders import unmakeable

    retired = []
    for mode in config.kept:
        reason = None if mode == "preprinted" else unmakeable(config.project, mode)
        if reason:
            print(f"提醒：output/ 中已有的{VARIANT_NAMES[mode]}将被删除，因为{reason}；需要时改好后运行 build --{mode}", file=sys.stderr)
            retired.append(mode)
    if not retired:
        return config
    return replace(config, variants=tuple(m for m in config.variants if m not in retired), retired=tuple(retired))


VARIANT_NAMES = {"print": "印刷版（print/）", "archive": "存档版（archive/）", "preprinted": "套打版（preprinted/）"}


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

    config = _with_retired(config)
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
            retired = any(outcome.output.split("/")[1:2] == [mode] for mode in config.retired)
            print(f"删除 {outcome.output}（{'样式文件已不能生成这一版本' if retired else '其数据已不存在'}）")
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

    from .states import OutputStates

    for year in load_years(BuildConfig(project, years=args.year)):
        print(f"{year.year} 年度  data/{year.year}/")
        listed_anywhere = {unit for document in year.documents for unit in document.notice.units}
        rows = [(f"公文 {document.name}", document.notice.title) for document in year.documents]
        rows += [(point.id, point.party_org.short_name + ("" if point.id in listed_anywhere else "（未列入任何公文）"))
                 for point in year.points]
        width = max(display_width(name) for name, _ in rows)
        for name, said in rows:
            print(f"  {padded(name, width)}  {said}")
        folder = project.output_dir / year.year
        built = sorted(p for p in folder.rglob("*.*") if p.is_file()) if folder.is_dir() else []
        states = OutputStates(project) if built else None
        for path in built:
            print(f"  输出 {project.label(path)}  {states.describe(path)}")
    return 0


def display_width(text: str) -> int:
    """Columns a terminal, Notepad or a pipe's reader gives the text: two for a Chinese
    character (East Asian Wide or Fullwidth), one for the others."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def padded(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def cmd_clean(project: Project, args) -> int:
    from partydocs.engine.cleaning import clean

    for removed in clean(project.output_dir, args.year):
        print(f"已删除 {project.label(removed)}")
    return 0


def cmd_blank_sheet(project: Project, args) -> int:
    from partydocs.model.sheet_points import blank_sheet_lists, write_blank_sheet

    write_blank_sheet(args.file, blank_sheet_lists(project.templates_dir))
    print(f"已生成空白名单表 {args.file}：请各地在第一行表头下逐行填写（所在地市、社会组织类别从下拉列表中选），"
          "交回后放进 data/<年度>/points/；下拉列表的选项在 templates/styles/sheet.yaml 中")
    return 0


def cmd_check(project: Project, args) -> int:
    from partydocs.checker.cli import run

    return run(args.files, args.json)


def cmd_rename(project: Project, args) -> int:
    """Show every mention of the old name in the years' YAML files, then replace them once the
    user agrees; the sheet cells are listed, never changed."""
    from partydocs.model.renames import apply, plan, shown

    roots = [folder for name in (args.year or project.years()) if (folder := project.year_dir(name)) is not None]
    found, cells = plan(project, roots, args.old, args.new)
    if not found and not cells:
        print(f"数据文件和表格中都没有找到“{args.old}”。")
        return 0
    for mention in found:
        print(f"{mention}: {shown(mention.text, mention.column, args.old, args.new)}")
    if cells:
        print(f"以下表格单元格也写着“{args.old}”；本工具不改动收到的表格，请在 Excel 或 WPS 中手工修改：")
        for cell in cells:
            print(f"  {cell}")
    files = len({mention.label for mention in found})
    if not found or not _agreed(args, f"确定把以上 {files} 个文件中的 {len(found)} 处改为“{args.new}”吗？输入 y 确认："):
        return 0
    problems = apply(project, found, args.old, args.new)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"已修改 {files - len(problems)} 个文件中的“{args.old}”。" + ("其余文件未修改，见上面的说明。" if problems else ""))
    return 2 if problems else 0


def _agreed(args, question: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        print("以上是将要修改的地方，尚未修改；确认无误后加 --yes 重新运行即修改。")
        return False
    if input(question).strip().lower() in ("y", "yes", "是"):
        return True
    print("未修改任何文件。")
    return False


def cmd_schema(project: Project, args) -> int:
    from partydocs.model.schema import FOLDER, KINDS, MODELINE_DEPTH, modeline, write_schemas

    for path in write_schemas(args.out or project.root / FOLDER):
        print(f"已生成 {project.label(path) if path.is_relative_to(project.root) else path}")
    print("在数据文件末尾加上这样一行注释，VS Code（装有 YAML 扩展）即按它提示字段、可选值并检查拼写：")
    for kind, (_, title) in KINDS.items():
        for example in MODELINE_DEPTH[kind]:
            print(f"  {title} data/<年度>/{example}：{modeline(kind, 2 + example.count('/'))}")
    return 0


COMMANDS = {"build": cmd_build, "validate": cmd_validate, "list": cmd_list, "clean": cmd_clean, "check": cmd_check,
            "blank-sheet": cmd_blank_sheet, "schema": cmd_schema, "rename": cmd_rename}
