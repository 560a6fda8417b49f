"""The package's import graph, read from the source with ``ast``: no cycle among modules at
module level, the stages import one way (content → chronology → render → pipeline →
mkdocs_adapter and cli; only the adapter imports MkDocs), and every import inside a function
says why it is deferred, in a comment on its line or on the line above (for a block of
imports, above the block)."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in MODULES.items()}


def _imported(node: ast.Import | ast.ImportFrom, module: str) -> list[str]:
    """The modules an import statement names: for ``from package import name``, the submodule
    ``package.name`` when there is one, else ``package``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: from the module's package upwards
        package = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]


def _is_typing_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_level_imports(tree: ast.Module):
    """Imports run when the module is imported: at the top, and inside top-level ``try``/``if``
    blocks (but not ``if TYPE_CHECKING:``), never inside a function or a class body's methods."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and not _is_typing_only(node):
            stack.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            stack.extend(node.body + node.orelse + node.finalbody + [n for h in node.handlers for n in h.body])
        elif isinstance(node, (ast.With, ast.ClassDef)):
            stack.extend(node.body)


def _graph() -> dict[str, set[str]]:
    """Module -> the generator modules it imports at module level, as the imports name them."""
    graph: dict[str, set[str]] = {}
    for module, tree in TREES.items():
        targets = {name for node in _module_level_imports(tree) for name in _imported(node, module)}
        graph[module] = {target for target in targets if target in MODULES and target != module}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (its modules in order, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return None


def _every_import(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node


def test_the_graph_reader_sees_modules_and_submodules_and_cycles():
    """The reader itself: ``from generator.content.x import name`` and ``from generator.render import
    submodule`` are edges to those modules; a function's import is not one; a cycle is found."""
    graph = _graph()
    assert {"generator.content.cross_file", "generator.content.parallel_read"} <= graph["generator.content.reader"]
    assert "generator.render.i18n" in graph["generator.mkdocs_adapter.plugin"]
    assert "generator.mkdocs_adapter.commands" not in graph["generator.cli.site"]  # imported by its commands only
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_at_module_level():
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle)


# (importing package, packages it must not import); "generator.x" also means its submodules.
FORBIDDEN = [
    ("generator.content", ("generator.render", "generator.pipeline", "generator.chronology",
                           "generator.mkdocs_adapter", "generator.cli", "generator.editorial")),
    ("generator.render", ("generator.pipeline", "generator.mkdocs_adapter", "generator.cli")),
]


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


# Imports against the stages that issue 23 (item 4) moves away in another branch: media kinds into
# the content stage, the processed-image types out of the pipeline. Remove each once it is gone.


def _stage_imports(importer: str, forbidden: tuple[str, ...]) -> set[tuple[str, int, str]]:
    """(module, line, module imported) for every import of ``importer`` that names a ``forbidden`` package."""
    return {(module, node.lineno, name)
            for module, tree in TREES.items() if _within(module, importer)
            for node in _every_import(tree) for name in _imported(node, module)
            if any(_within(name, package) for package in forbidden)}


@pytest.mark.parametrize("importer, forbidden", FORBIDDEN, ids=[importer for importer, _ in FORBIDDEN])
def test_stages_import_one_way(importer, forbidden):
    """Every import counts here, deferred and typing-only ones too: a later stage is never needed earlier."""
    found = _stage_imports(importer, forbidden)
    wrong = sorted(f"{module}:{line} imports {name}" for module, line, name in found
)
    assert wrong == []


def test_only_the_mkdocs_adapter_imports_mkdocs():
    wrong = sorted({f"{module}:{node.lineno} imports {name}"
                    for module, tree in TREES.items() if not _within(module, "generator.mkdocs_adapter")
                    for node in _every_import(tree) for name in _imported(node, module) if _within(name, "mkdocs")})
    assert wrong == []


def _function_imports(tree: ast.Module):
    """Imports inside a function body (at any depth)."""
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    yield node


def _has_comment(lines: list[str], line: int, import_lines: set[int] = frozenset()) -> bool:
    """Whether source line ``line`` (1-based) ends in a comment, or the line above is a comment, or
    the line above is one of ``import_lines`` that has one: a comment above a block of imports
    explains the block (an import's own comment, at the end of its line, explains that import only)."""
    if any(token.type == tokenize.COMMENT for token in _tokens(lines[line - 1])):
        return True
    while line >= 2:
        above = lines[line - 2]
        if above.strip().startswith("#"):
            return True
        if line - 1 not in import_lines or any(token.type == tokenize.COMMENT for token in _tokens(above)):
            return False
        line -= 1
    return False


def _tokens(line: str):
    try:
        return list(tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []


def test_every_deferred_import_says_why():
    silent = []
    for module, tree in TREES.items():
        lines = MODULES[module].read_text(encoding="utf-8").splitlines()
        deferred = {id(node): node for node in _function_imports(tree)}.values()
        one_line = {node.lineno for node in deferred if node.end_lineno == node.lineno}
        silent += [f"{MODULES[module].relative_to(PACKAGE.parent)}:{node.lineno}"
                   for node in deferred if not _has_comment(lines, node.lineno, one_line)]
    assert silent == []


def test_the_comment_check_tells_a_reason_from_none():
    lines = ["def f():", "    import json", "    # the CLI alone needs it", "    import csv",
             "    import gzip  # heavy", "    x = '# not a comment'; import re", "    import zlib", "",
             "    # a block's reason", "    import bz2", "    import lzma", "    y = 1", "    import uuid"]
    imports = {2, 4, 5, 6, 7, 10, 11, 13}
    assert [_has_comment(lines, n, imports) for n in (2, 4, 5, 6, 7, 10, 11, 13)] == [
        False, True, True, False, False, True, True, False]
