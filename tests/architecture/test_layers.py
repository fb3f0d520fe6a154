"""The tree's floors hold: each imports only the floors below it (the contracts in
pyproject.toml, checked by import-linter), the output formats stay independent, and no
module imports itself round a circle."""
from __future__ import annotations

from pathlib import Path

import os
import subprocess
import sys

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("partydocs", "generators")


def _lint_imports(config: Path) -> subprocess.CompletedProcess:
    """import-linter's command (`lint-imports`), run by this interpreter: whatever is first on
    PATH (a pyenv shim, another venv) plays no part."""
    pytest.importorskip("importlinter", reason="import-linter is not installed (pip install -e '.[test]')")
    command = [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
               "--config", str(config), "--no-cache"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_every_import_contract_is_kept():
    result = _lint_imports(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_a_floor_importing_one_above_it_breaks_the_contract(tmp_path):
    """The check above can fail: with the floors named upside down, the same code breaks it."""
    upside_down = tmp_path / "contracts.toml"
    upside_down.write_text('''[tool.importlinter]
root_packages = ["partydocs", "generators"]

[[tool.importlinter.contracts]]
name = "upside down"
type = "layers"
layers = ["partydocs.reuse", "partydocs.model"]
''', encoding="utf-8")
    result = _lint_imports(upside_down)
    assert result.returncode != 0 and "BROKEN" in result.stdout


def _cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), over direct imports."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)


def test_no_module_imports_itself_round_a_circle(graph):
    assert _cycles(graph) == []


def test_the_circle_finder_finds_a_circle():
    """The check above could fail: a graph with a circle in it is reported."""
    made = grimp.ImportGraph()
    for name in ("a", "a.one", "a.two", "a.three"):
        made.add_module(name)
    made.add_import(importer="a.one", imported="a.two")
    made.add_import(importer="a.two", imported="a.three")
    made.add_import(importer="a.three", imported="a.one")
    assert _cycles(made) == [["a.one", "a.three", "a.two"]]
