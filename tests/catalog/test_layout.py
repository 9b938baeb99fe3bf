"""The package's shape: layers import only the layers below them, and no module imports itself back.

Every import counts, also those inside functions (moving one to the top must not break
``import kpixl``); only ``if TYPE_CHECKING:`` blocks are left out.
"""

from __future__ import annotations

import ast
import doctest
import re
from pathlib import Path

import pytest

import kpixl

from paths import TESTS

ROOT = Path(kpixl.__file__).parent
# Lowest first. A module may import its own layer and those before it, never one after.
LAYERS = (
    "errors",
    "_version",
    "words",
    "objectives",
    "messages",
    "files",
    "compute",
    "catalog",
    "api",
    "queries",
    "excel",
    "data",
    "sheets",
    "build",
    "carried",
    "additions",
    "refresh",
    "printing",
    "pdf",
    "docs",
    "doctor",
    "arguments",
    "cli",
    "udfs",
    "__main__",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The kpixl modules ``path`` imports, resolved to module names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    skip = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    out = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("kpixl")}
        elif isinstance(node, ast.ImportFrom):
            base = (package[: len(package) - node.level + 1] if node.level else []) + (node.module or "").split(".")
            base = [p for p in base if p]
            if base[:1] != ["kpixl"]:
                continue
            for alias in node.names:
                candidate = ".".join([*base, alias.name])
                out.add(
                    candidate
                    if (ROOT.parent / Path(*candidate.split("."))).with_suffix(".py").exists()
                    or (ROOT.parent / Path(*candidate.split(".")) / "__init__.py").exists()
                    else ".".join(base)
                )
    return out - {"kpixl"}  # the root package is where everything starts


GRAPH = {module_name(p): _imports(p) for p in ROOT.rglob("*.py")}


def layer(module: str) -> int:
    top = module.split(".")[1]
    return LAYERS.index(top)


def test_every_module_is_in_a_layer():
    assert all(layer(m) >= 0 for m in GRAPH if m != "kpixl")


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m != "kpixl"))
def test_imports_go_down_the_layers(module):
    upward = [m for m in GRAPH[module] if layer(m) > layer(module)]
    assert not upward, f"{module} imports {upward} from a later layer"


def test_no_import_cycle():
    seen: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(m: str, path: list[str]) -> None:
        if seen.get(m) == 2:
            return
        if seen.get(m) == 1:
            cycle = path[path.index(m) :] + [m]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        seen[m] = 1
        for n in sorted(GRAPH.get(m, ())):
            visit(n, [*path, m])
        seen[m] = 2

    for module in sorted(GRAPH):
        visit(module, [])


def test_the_check_finds_a_planted_cycle(tmp_path):
    """The checker is no empty ritual: a function-level import back up is an edge it sees."""
    planted = tmp_path / "kpixl" / "compute"
    planted.mkdir(parents=True)
    (planted / "x.py").write_text("def f():\n    from ..catalog import CATALOG\n")
    tree = ast.parse((planted / "x.py").read_text())
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom))
    assert node.level == 2 and node.module == "catalog"
    assert "kpixl.catalog" in GRAPH["kpixl.catalog.entries"] or "kpixl.catalog.model" in GRAPH["kpixl.catalog.entries"]
    assert any(m.startswith("kpixl.compute") for m in GRAPH["kpixl.catalog.entries"])


class CloseEnough(doctest.OutputChecker):
    """Numbers (and lists of them) agree to 1e-9, as floating point allows; anything else exactly."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        try:
            return _close(ast.literal_eval(want.strip()), ast.literal_eval(got.strip()))
        except (ValueError, SyntaxError):
            return super().check_output(want, got, optionflags)


def _close(a: object, b: object) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and type(a) is not bool:
        return a == pytest.approx(b, rel=1e-9, abs=1e-12)
    return a == b


@pytest.mark.parametrize("name", sorted(kpixl.FUNCTIONS))
def test_docstring_example_runs(name):
    """Each KPI function's docstring (built from its entry) has an example that runs as a doctest."""
    function = kpixl.FUNCTIONS[name]
    tests = doctest.DocTestFinder().find(function, name, globs={"kpixl": kpixl})
    examples = [e for t in tests for e in t.examples]
    if not function.kpi.examples:
        assert not examples
        return
    assert examples, f"{name}: no example in the docstring"
    runner = doctest.DocTestRunner(checker=CloseEnough(), optionflags=doctest.NORMALIZE_WHITESPACE)
    for t in tests:
        runner.run(t)
    assert runner.failures == 0, f"{name}: the docstring example fails"


ADDRESS = re.compile(r"\$?[A-Z]{1,3}\$?[1-9][0-9]{0,6}|.*\$[A-Z]{1,3}\$[0-9].*", re.S)
OWN_CELLS = {  # addresses of workbooks a test builds itself, or of cells a user types in, not of kpixl's sheets
    "test_lambda.py": {",$J$1)"},  # a sheet of the test's own
    "test_reading.py": {"A1", "XFD1048576"},  # a data file the test writes
    "test_refresh.py": {"A1", "L3"},  # the user's own sheet; a cell kpixl leaves empty, where the user types a note
}


def test_no_test_pins_a_cell_address():
    """Tests find kpixl's cells by their labels and the layout's declarations (``tests/helpers/cells.py``), so that
    moving a row or a column moves the tests with it; no test types the address of a cell kpixl writes."""
    found = []
    for path in sorted(set(TESTS.rglob("*.py")) - {Path(__file__).resolve()}):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree) if _has_docstring(n)}
        own = OWN_CELLS.get(path.name, set())
        texts = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        addresses = [n for n in texts if id(n) not in docstrings and ADDRESS.fullmatch(n.value) and n.value not in own]
        found += [f"{path.name}:{n.lineno}: {n.value[:60]!r}" for n in addresses]
    assert found == []


def _has_docstring(node: ast.AST) -> bool:
    if not isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or not node.body:
        return False
    first = node.body[0]
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
