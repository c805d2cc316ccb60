"""Functions in the core stay small enough to read, or say why not.

A function in reader/ outside the app longer than MAX_LINES lines, or with a cyclomatic
complexity (mccabe's, as flake8 and ruff's C901 count it) above MAX_COMPLEXITY, needs a
`# Shape:` comment just above its `def` (or its decorators) saying why it is kept whole: a
hot loop fused for speed, a grammar's cases.
"""

from __future__ import annotations

import ast
from pathlib import Path

import mccabe

PACKAGE = Path(__file__).resolve().parents[1] / "reader"
MAX_LINES = 60
MAX_COMPLEXITY = 15
MARKER = "# Shape:"
Function = ast.FunctionDef | ast.AsyncFunctionDef


def complexities(tree: ast.Module) -> dict[int, int]:
    """Each function's (and method's) complexity, by the line of its `def`."""
    visitor = mccabe.PathGraphingAstVisitor()
    visitor.preorder(tree, visitor)
    return {graph.lineno: graph.complexity() for graph in visitor.graphs.values()}


def _explained(lines: list[str], function: Function) -> bool:
    first = min([function.lineno, *(d.lineno for d in function.decorator_list)])
    above = first - 2  # 0-based index of the line above
    while above >= 0 and lines[above].strip().startswith("#"):
        if lines[above].strip().startswith(MARKER):
            return True
        above -= 1
    return False


def _core_files() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "tui" not in p.relative_to(PACKAGE).parts]


def _unexplained(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    branches = complexities(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        complexity = branches.get(node.lineno, 1)
        if (length > MAX_LINES or complexity > MAX_COMPLEXITY) and not _explained(lines, node):
            where = path.relative_to(PACKAGE.parent) if PACKAGE in path.parents else path.name
            found.append(f"{where}:{node.lineno} {node.name}: {length} lines, "
                         f"complexity {complexity}")
    return found


def test_the_counts_are_right(tmp_path: Path) -> None:
    branchy = "\n".join(f"    if a == {n}:\n        return {n}" for n in range(MAX_COMPLEXITY))
    long = "\n".join(f"    b = {n}" for n in range(MAX_LINES))
    path = tmp_path / "shapes.py"
    path.write_text(
        f"def branchy(a):\n{branchy}\n\n"
        f"def long():\n{long}\n\n"
        f"# Shape: kept whole on purpose.\ndef explained(a):\n{branchy}\n\n"
        "def short(a):\n    return a\n"
    )
    found = [line.split(" ", 1)[1] for line in _unexplained(path)]
    assert found == [f"branchy: {2 * MAX_COMPLEXITY + 1} lines, complexity {MAX_COMPLEXITY + 1}",
                     f"long: {MAX_LINES + 1} lines, complexity 1"]


def test_long_or_branchy_core_functions_say_why() -> None:
    unexplained = [line for path in _core_files() for line in _unexplained(path)]
    assert unexplained == [], "add a '# Shape:' comment or split:\n" + "\n".join(unexplained)
