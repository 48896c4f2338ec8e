"""The house: dependencies run one way, crawler → pipelines → pipelines.archive / pipelines.extraction.

Read from the source (every ``import`` and ``from ... import`` of the project's modules, function-level ones
included), not from what happens to be loaded, plus one real import in a fresh interpreter.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "pipelines")
BOTTOM_FLOORS = ("pipelines.archive", "pipelines.extraction")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports (``from a import b`` counts as ``a.b`` when that is a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target.split(".")[0] in PACKAGES}
    return {target if target in modules else target.rpartition(".")[0] for target in found} - {name}


def floor(name: str) -> int:
    """0 for the bottom floors, 1 for pipelines (the item pipelines), 2 for crawler (the Scrapy application)."""
    if name.startswith(BOTTOM_FLOORS):
        return 0
    return 1 if name.startswith("pipelines") else 2


GRAPH = {name: imports_of(name, path, project_modules()) for name, path in project_modules().items()}


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_no_module_imports_a_floor_above_its_own(name):
    upward = sorted(target for target in GRAPH[name] if floor(target) > floor(name))
    assert not upward, f"{name} imports {upward} from a floor above"


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if n.startswith("pipelines.extraction")))
def test_extraction_imports_nothing_of_the_project_outside_itself(name):
    outside = sorted(target for target in GRAPH[name] if not target.startswith("pipelines.extraction"))
    assert not outside, f"{name} imports {outside}: extraction is pure, bytes in, article out"


def test_there_is_no_import_cycle():
    visiting, done, cycles = [], set(), []

    def visit(name):
        if name in visiting:
            cycles.append(visiting[visiting.index(name):] + [name])
            return
        if name in done:
            return
        visiting.append(name)
        for target in sorted(GRAPH[name]):
            if target in GRAPH:
                visit(target)
        visiting.pop()
        done.add(name)

    for name in sorted(GRAPH):
        visit(name)
    assert not cycles, cycles


@pytest.mark.parametrize("floor_module", BOTTOM_FLOORS)
def test_the_bottom_floors_load_without_scrapy_or_the_crawler(floor_module):
    """A real import in a fresh interpreter: what Datasette and the benches pull in."""
    code = (f"import sys, importlib, pkgutil; import {floor_module} as floor\n"
            "for info in pkgutil.walk_packages(floor.__path__, floor.__name__ + '.'): importlib.import_module(info.name)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'scrapy', 'crawler', 'twisted'}))")
    result = subprocess.run([sys.executable, "-c", code], cwd="/", capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout
