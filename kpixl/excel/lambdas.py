"""Every KPI as a workbook LAMBDA name: ``=KPI_CTR(B2,C2)`` in Excel 365, 2024 and the web with nothing installed.

A defined name ``KPI_CTR`` = ``LAMBDA(clicks, impressions, ...)`` travels with the file: Excel offers it in
formula autocomplete with its comment as help, and a call over ranges spills. The body is the KPI's native
formula (:mod:`kpixl.excel.native`) with its arguments as the LAMBDA's parameters, made element by element:
``OR(a,b)`` becomes ``(0+(a)+(b)>0)``, ``AND`` a product, ``MIN``/``MAX`` of two an ``IF``, and the blank-row
test ``COUNTA(a,b)=0`` becomes ``(a="")*(b="")``, so that a range argument gives one answer per cell, a
single cell beside a range broadcasts, and the error rules of the ``KPI_*`` functions hold for each cell.
An optional argument left out (``ISOMITTED``) or blank takes its default.

In the file the names are written as Excel writes them: ``_xlfn.LAMBDA(_xlpm.clicks, ...)``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..catalog import CATALOG, REQUIRED, Kpi
from ..catalog.native_templates import literal
from .help import description
from .native import native_formula

MAX_FORMULA = 8192  # characters Excel allows in a formula, and in a defined name's
MAX_COMMENT = 255  # a defined name's comment: Excel refuses a file with a longer one

_TOKEN = re.compile(
    r"""(?P<str>"(?:[^"]|"")*")
      |(?P<err>\#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A))
      |(?P<sheet>'(?:[^']|'')*'!)
      |(?P<name>[A-Za-z_\\][A-Za-z0-9_.\\]*)
      |(?P<num>\d+(?:\.\d*)?(?:[Ee][+-]?\d+)?)
      |(?P<space>\s+)
      |(?P<op>.)""",
    re.X | re.S,
)


@dataclass(frozen=True)
class Lambda:
    """One KPI as a LAMBDA name: its name, its definition as a person types it, and its help."""

    name: str  # KPI_CTR
    text: str  # LAMBDA(clicks, impressions, IF(...))
    comment: str

    @property
    def stored(self) -> str:
        """The definition as Excel stores it in the file (without ``=``)."""
        return stored(self.text)


@functools.cache
def lambdas() -> tuple[Lambda, ...]:
    """Every KPI that has a LAMBDA name, in catalog order."""
    return tuple(made for kpi in CATALOG.values() if (made := lambda_of(kpi)) is not None)


@functools.cache
def names() -> frozenset[str]:
    """The LAMBDA names (``KPI_CTR``...)."""
    return frozenset(item.name for item in lambdas())


def lambda_of(kpi: Kpi) -> Lambda | None:
    """The LAMBDA name of ``kpi``, or None when its formula needs a workbook's look-up tables (SMART_CHECK,
    BENCHMARK...) or returns a table (FUNNEL, LIST)."""
    refs = {a.name: a.name for a in kpi.args}
    absent = [a.name for a in kpi.args if a.optional and a.default is None]  # a range that may be left out
    defaults = {}  # an optional argument left out or blank: its default, named once
    for a in kpi.args:
        if a.optional and a.default not in (REQUIRED, None):
            value = literal(a.default)
            defaults[f"x_{a.name}"] = f'IF(ISOMITTED({a.name}),{value},IF({a.name}="",{value},{a.name}))'
            refs[a.name] = f"x_{a.name}"
    try:
        body = native_formula(kpi, refs)
        for name in absent:  # left out: the formula without it
            without = native_formula(kpi, {k: v for k, v in refs.items() if k != name})
            body = f"IF(ISOMITTED({name}),{without},{body})"
    except KeyError:
        return None
    if body is None or kpi.name in ("FUNNEL", "LIST"):
        return None
    if defaults:
        body = "LET(" + ",".join(f"{k},{v}" for k, v in defaults.items()) + f",{body})"
    if kpi.elementwise:
        body = elementwise(body)
    params = ", ".join(f"[{a.name}]" if a.optional else a.name for a in kpi.args)
    text = f"LAMBDA({params}, {body})"
    comment = _help(kpi)
    if len(stored(text)) > MAX_FORMULA:
        raise ValueError(f"{kpi.excel_name}: its LAMBDA is longer than Excel's {MAX_FORMULA} characters")
    return Lambda(kpi.excel_name, text, comment)


def _help(kpi: Kpi) -> str:
    text = description(kpi)
    return text if len(text) <= MAX_COMMENT else text[: MAX_COMMENT - 1] + "…"


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "op", m.group()) for m in _TOKEN.finditer(text)]


def _arguments(tokens: list[tuple[str, str]], start: int) -> tuple[list[str], int]:
    """The arguments (as text) of the call whose ``(`` is at ``start``, and the index of its ``)``."""
    depth = 0
    args: list[str] = []
    current: list[str] = []
    for i in range(start, len(tokens)):
        kind, text = tokens[i]
        if kind == "op" and text in "({":
            depth += 1
            if depth == 1:
                continue
        elif kind == "op" and text in ")}":
            depth -= 1
            if depth == 0:
                args.append("".join(current))
                return args, i
        elif kind == "op" and text == "," and depth == 1:
            args.append("".join(current))
            current = []
            continue
        current.append(text)
    raise ValueError("unbalanced parentheses")


def elementwise(formula: str) -> str:
    """``formula`` with its aggregating tests made cell by cell (see the module's help)."""
    tokens = _tokens(formula)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        opens = i + 1 < len(tokens) and tokens[i + 1] == ("op", "(")
        word = text.upper()
        if kind == "name" and opens and word in ("OR", "AND", "MIN", "MAX", "COUNTA"):
            args, end = _arguments(tokens, i + 1)
            args = [elementwise(a) for a in args]
            rest = "".join(t for _, t in tokens[end + 1 : end + 3])
            if word == "COUNTA" and rest == "=0":  # no argument given: the cell stays empty
                out.append("(" + "*".join(f'({a}="")' for a in args) + ")")
                i = end + 3
                continue
            if word == "OR":  # 0+ makes a sum of one TRUE a number (in Excel TRUE>0 whatever it is)
                out.append("(0+(" + ")+(".join(args) + ")>0)")
            elif word == "AND":
                out.append("(1*(" + ")*(".join(args) + ")<>0)")
            elif word in ("MIN", "MAX") and len(args) == 2:
                a, b = args
                out.append(f"IF(({a}){'<' if word == 'MIN' else '>'}({b}),{a},{b})")
            else:
                out.append(text + "(" + ",".join(args) + ")")
            i = end + 1
            continue
        out.append(text)
        i += 1
    return "".join(out)


def stored(text: str) -> str:
    """A LAMBDA as Excel stores it: newer functions as ``_xlfn.``, parameters as ``_xlpm.`` (an optional one
    ``_xlop.`` where it is declared), no layout spaces."""
    tokens = [(kind, word) for kind, word in _tokens(text) if kind != "space"]
    params: set[str] = set()
    optional: set[str] = set()
    for i, (kind, word) in enumerate(tokens):
        if kind == "name" and word.upper() in ("LAMBDA", "LET") and tokens[i + 1] == ("op", "("):
            args, _ = _arguments(tokens, i + 1)
            declared_names = args[:-1] if word.upper() == "LAMBDA" else args[:-1:2]  # LET: name, value, ...
            for a in declared_names:
                params.add(a.strip("[]").upper())
                if a.startswith("["):
                    optional.add(a.strip("[]").upper())
    plain = "".join(word for kind, word in tokens if not (kind == "op" and word in "[]"))
    # Only these three are newer than Excel 2010 here. (XlsxWriter's own expansion is not used: its
    # pattern for NORM.DIST also matches the legacy NORMSDIST, and would make it a four-argument call.)
    prefixed = re.sub(r"(?<![\w.])(LAMBDA|LET|ISOMITTED)\(", r"_xlfn.\1(", plain)
    tokens = _tokens(prefixed)
    declarations = set()  # the token indices of the LAMBDAs' own parameter lists
    for i, (kind, word) in enumerate(tokens):
        if kind == "name" and word.upper() == "_XLFN.LAMBDA":
            depth, j = 0, i + 1
            while j < len(tokens):
                if tokens[j] == ("op", "("):
                    depth += 1
                elif tokens[j] == ("op", ")"):
                    depth -= 1
                    if depth == 0:
                        break
                elif depth == 1 and tokens[j][0] == "name" and tokens[j + 1] == ("op", ","):
                    declarations.add(j)
                j += 1
    out: list[str] = []
    for i, (kind, word) in enumerate(tokens):
        if kind == "name" and word.upper() in params and not (out and out[-1].endswith("!")):
            word = ("_xlop." if i in declarations and word.upper() in optional else "_xlpm.") + word
        out.append(word)
    return "".join(out)
