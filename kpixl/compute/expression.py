"""Arithmetic KPI formulas: one string that numpy evaluates and Excel understands.

``"(revenue - cost) / cost"`` is valid Python on arrays and valid Excel once the names
are replaced by cell references, so a KPI written this way has its Python function
and its native Excel formula from the same text.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import CodeType

import numpy as np

_ALLOWED = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
    ast.UAdd,
)
_NAME = re.compile(r"\b[a-z_][a-z0-9_]*\b")


@dataclass(frozen=True)
class Expression:
    """A parsed arithmetic formula over named arguments."""

    text: str
    names: tuple[str, ...]
    denominators: tuple[str, ...]
    code: CodeType
    into: Callable[..., np.ndarray]  # into(out, temporaries, *args): evaluates, writing into ``out``
    product: bool = False  # only * and / of names and positive numbers: the result's sign is that of its factors
    once: tuple[str, ...] = ()  # the names written once in the formula
    divisors: tuple[str, ...] = ()  # in a product, the names that only divide: at 0 the result is not finite
    temporaries: int = 0  # the buffers ``into`` writes its inner operations in, each of the result's shape

    def excel(self, refs: dict[str, str]) -> str:
        """The formula with each name replaced by its Excel reference or value."""
        return _NAME.sub(lambda m: _wrap(refs[m.group()]), self.text.replace(" ", ""))

    def evaluate(self, values: dict[str, object], divide: Callable[[object, object], object]) -> object:
        """The formula on any objects with + - * (query columns...), ``divide(a, b)`` for each ``a / b``."""
        tree = ast.parse(self.text, mode="eval")
        calls = _Divisions().visit(tree)
        code = compile(ast.fix_missing_locations(calls), f"<kpi {self.text}>", "eval")
        return eval(code, {"__builtins__": {}, "__divide": divide}, dict(values))  # the catalog's own text


def _wrap(ref: str) -> str:
    """Parenthesise a reference that is itself an expression, so precedence holds."""
    return f"({ref})" if re.search(r"[-+*/]", ref) and not ref.startswith("(") else ref


def parse(text: str, argnames: Sequence[str] | None = None) -> Expression:
    """Parse ``text``; only + - * /, parentheses, names and numbers are allowed.

    ``argnames`` orders the arguments of ``into`` (default: as they appear).
    """
    tree = ast.parse(text, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ValueError(f"{type(node).__name__} is not allowed in KPI formula {text!r}")
    names = tuple(dict.fromkeys(n.id for n in ast.walk(tree) if isinstance(n, ast.Name)))
    denominators = tuple(
        ast.unparse(n.right) for n in ast.walk(tree) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)
    )
    function, temporaries = _into(tree, argnames or names)
    into = eval(compile(function, f"<kpi {text}>", "eval"), {"__np": np})
    written = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name)]
    once = tuple(n for n in names if written.count(n) == 1)
    code = compile(tree, f"<kpi {text}>", "eval")
    product = _product(tree.body)
    powers: dict[str, set[int]] = {}
    if product:
        _powers(tree.body, 1, powers)
    divisors = tuple(n for n in names if powers.get(n) == {-1})
    return Expression(text, names, denominators, code, into, product, once, divisors, temporaries)


def _powers(node: ast.AST, power: int, found: dict[str, set[int]]) -> None:
    """Each name's power in a product: 1 in a numerator, -1 in a denominator (``a / (b / c)`` is ``a c / b``)."""
    if isinstance(node, ast.BinOp):
        _powers(node.left, power, found)
        _powers(node.right, -power if isinstance(node.op, ast.Div) else power, found)
    elif isinstance(node, ast.Name):
        found.setdefault(node.id, set()).add(power)


def _product(node: ast.AST) -> bool:
    """True for a product or quotient of names and positive numbers (each name once or more)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        return _product(node.left) and _product(node.right)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and node.value > 0
    return isinstance(node, ast.Name)


class _Divisions(ast.NodeTransformer):
    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Div):
            return ast.Call(ast.Name("__divide", ast.Load()), [node.left, node.right], [])
        return node


_UFUNCS = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply", ast.Div: "divide"}


def _ufunc(node: ast.BinOp, out: ast.expr) -> ast.Call:
    """``a op b`` as ``__np.<op>(a, b, out=<out>)``."""
    return ast.Call(
        func=ast.Attribute(ast.Name("__np", ast.Load()), _UFUNCS[type(node.op)], ast.Load()),
        args=[node.left, node.right],
        keywords=[ast.keyword("out", out)],
    )


class _Temporaries(ast.NodeTransformer):
    """Each inner ``a op b`` written into a buffer of its own, ``__t[k]``, that the caller keeps and reuses."""

    def __init__(self) -> None:
        self.count = 0

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if type(node.op) not in _UFUNCS:
            return node
        self.count += 1
        return _ufunc(node, ast.Subscript(ast.Name("__t", ast.Load()), ast.Constant(self.count - 1), ast.Load()))


def _into(tree: ast.Expression, argnames: Sequence[str]) -> tuple[ast.Expression, int]:
    """``a * b / c`` becomes ``lambda __out, __t, a, b, c: __np.divide(__np.multiply(a, b, out=__t[0]), c,
    out=__out)``, and the number of buffers it needs in ``__t``.

    Every operation writes into memory the caller holds: no temporary is allocated (and returned to
    the system, and faulted back) block after block; and calling a function costs less than
    evaluating code with a fresh namespace.
    """
    body = copy.deepcopy(tree.body)
    if not isinstance(body, ast.BinOp):
        body = ast.BinOp(body, ast.Add(), ast.Constant(0.0))
    inner = _Temporaries()
    body.left, body.right = inner.visit(body.left), inner.visit(body.right)
    call = _ufunc(body, ast.Name("__out", ast.Load()))
    params = ast.arguments(
        posonlyargs=[],
        args=[ast.arg(n) for n in ("__out", "__t", *argnames)],
        kwonlyargs=[],
        kw_defaults=[],
        defaults=[],
    )
    return ast.fix_missing_locations(ast.Expression(ast.Lambda(params, call))), inner.count
