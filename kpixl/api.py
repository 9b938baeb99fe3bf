"""The Python API: one function per catalog KPI, built from its entry.

``kpixl.ctr(clicks, impressions)`` takes numbers, lists, numpy arrays or pandas
objects and returns the same kind of thing; see :mod:`kpixl.engine` for the rules.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from .catalog import REQUIRED, TODAY, Kpi
from .compute.engine import (
    any_domain_violation,
    domain_violations,
    evaluate_expression,
    first_container,
    like,
    to_array,
    to_serial,
)
from .compute.expression import Expression, parse
from .errors import KpiInputError

ELEMENTWISE_KINDS = ("number", "date", "text", "value")


@cache
def expression(kpi: Kpi) -> Expression | None:
    """The parsed arithmetic formula of ``kpi`` (None for computed KPIs)."""
    if kpi.expr is None:
        return None
    expr = parse(kpi.expr, [a.name for a in kpi.args])
    unknown = set(expr.names) - {a.name for a in kpi.args}
    if unknown:
        raise ValueError(f"{kpi.name}: formula uses unknown names {sorted(unknown)}")
    return expr


def denominators(kpi: Kpi) -> tuple[str, ...]:
    """Expressions whose zero makes the KPI undefined (``#DIV/0!``)."""
    expr = expression(kpi)
    return expr.denominators if expr is not None else kpi.denominators


def today_serial() -> float:
    return to_serial(dt.date.today())


def prepare(kpi: Kpi, values: list[Any]) -> list[Any]:
    """Coerce call values to arrays by argument kind; options stay as they are."""
    out = []
    for arg, value in zip(kpi.args, values):
        if value is None and arg.default is TODAY:
            value = today_serial()
        elif value is None and arg.kind == "option" and arg.optional:
            value = arg.default
        out.append(value if arg.kind == "option" else to_array(value, arg))
    return out


def compute(kpi: Kpi, arrays: list[Any]) -> Any:
    """The KPI on prepared arrays: NaN (or None) wherever it is undefined."""
    expr = expression(kpi)
    if expr is not None:
        return evaluate_expression(kpi, expr, arrays)
    assert kpi.compute is not None, f"{kpi.name} has neither an expression nor a compute function"
    try:
        with np.errstate(all="ignore"):
            out = kpi.compute(*arrays)
    except KpiInputError:
        raise
    except (ValueError, KeyError) as exc:  # a bad option (lang, per, field, category)
        message = exc.args[0] if isinstance(exc, KeyError) else str(exc)
        raise KpiInputError(kpi.args[-1].name, message) from None
    if kpi.returns == "table":
        table = np.asarray(out, dtype=object if kpi.table_text else float)
        if any_domain_violation(kpi, arrays):  # e.g. a negative stage in a funnel
            table[...] = np.nan
        return table
    if not kpi.elementwise:
        bad = any_domain_violation(kpi, arrays)
        return np.nan if bad or out is None or not np.isfinite(out) else float(out)
    return _sanitize(kpi, arrays, out)


def _sanitize(kpi: Kpi, arrays: list[Any], out: Any) -> Any:
    if out is None or isinstance(out, str) or np.ndim(out) == 0 and not isinstance(out, np.ndarray):
        return out
    bad = np.broadcast_to(domain_violations(kpi, arrays), np.shape(out))
    out = np.array(out)
    if out.dtype == object:
        out[bad] = None
        return out
    out = out.astype(float)
    out[bad | ~np.isfinite(out)] = np.nan
    return out


def call(kpi: Kpi, values: list[Any]) -> Any:
    """Run ``kpi`` on Python values and give the result the inputs' container type."""
    arrays = prepare(kpi, values)
    out = compute(kpi, arrays)
    if kpi.returns == "table":
        import pandas as pd  # a table in Python is a DataFrame; only asked for here

        return pd.DataFrame(out, columns=list(kpi.columns))
    if not kpi.elementwise:
        return out
    template = first_container([v for a, v in zip(kpi.args, values) if a.kind in ELEMENTWISE_KINDS])
    if isinstance(out, np.generic) or isinstance(out, np.ndarray) and out.ndim == 0:
        out = out.item()
        return float(out) if isinstance(out, (int, float)) and kpi.returns == "number" else out
    return like(template, out, kpi.snake_name)


def signature(kpi: Kpi) -> inspect.Signature:
    """The Python signature of the KPI function, with the catalog's defaults."""
    return inspect.Signature(
        [
            inspect.Parameter(
                a.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=inspect.Parameter.empty
                if a.default is REQUIRED
                else (None if a.default is TODAY else a.default),
            )
            for a in kpi.args
        ]
    )


def docstring(kpi: Kpi) -> str:
    """numpy-financial-style docstring: what it is, parameters, returns, the formula and its domain,
    the published references, and examples (run as doctests)."""
    lines = [kpi.description[0], "", "Parameters", "----------"]
    for a in kpi.args:
        default = "" if a.default is REQUIRED else f", default {'today' if a.default is TODAY else repr(a.default)}"
        lines += [f"{a.name} : {a.kind}{default}", f"    {a.doc}"]
    lines += ["", "Returns", "-------", *_returns(kpi), "", "Notes", "-----", *_notes(kpi)]
    if kpi.benchmarks:
        lines += ["", "References", "----------"]
        for i, b in enumerate(kpi.benchmarks, start=1):
            said = ", ".join(str(x) for x in (b.source, b.year, b.note) if x)
            lines.append(f".. [{i}] {said}: {b.value:g}")
    if kpi.examples:
        lines += ["", "Examples", "--------"]
        for ex in kpi.examples:
            call_text = f"kpixl.{kpi.snake_name}({', '.join(map(repr, ex.args))})"
            if kpi.returns == "table":
                call_text += ".to_numpy().tolist()"
            if ex.expected is None:
                call_text = f"print({call_text})"
            lines += [f">>> {call_text}", repr(ex.expected)]
    return "\n".join(lines)


def _returns(kpi: Kpi) -> list[str]:
    """The Returns section: what comes back, in which shape, and what stands for an undefined result."""
    if kpi.returns == "table":
        return ["out : pandas.DataFrame", f"    One row per input row, columns {', '.join(kpi.columns)}."]
    kind = {"text": "str", "boolean": "bool"}.get(kpi.returns, "float")
    return [
        f"out : {kind}, or an array, Series or list shaped as the arguments",
        f"    {kpi.label[0]}, in {kpi.unit}; NaN where it is undefined." if kind == "float" else f"    {kpi.label[0]}.",
    ]


def _notes(kpi: Kpi) -> list[str]:
    """The Notes section: the formula, each argument's domain and the errors, in Python and in Excel."""
    better = "" if kpi.direction == "target" else f", {kpi.direction} is better"
    lines = [f"``{kpi.name} = {kpi.formula}``  ({kpi.unit}{better})", ""]
    numeric = kpi.returns not in ("text", "boolean", "table")
    dates = [f"``{a.name}``" for a in kpi.args if a.kind in ("date", "dates")]
    bounds = [f"``{a.name}`` {_domain(a.domain)}" for a in kpi.args if not a.domain.unbounded and a.kind[:4] != "date"]
    bounds += [f"{', '.join(dates)} dates from 1900 to 9999"] if dates else []
    if bounds:
        outside = f"NaN (``{kpi.excel_name}``: #NUM!)" if numeric else f"#NUM! in ``{kpi.excel_name}``"
        lines += [f"Domain: {'; '.join(bounds)}. Outside it: {outside}.", ""]
    expr = expression(kpi)
    if expr is not None and expr.denominators:
        zero = ", ".join(f"``{d}``" for d in dict.fromkeys(expr.denominators))
        lines += [f"Undefined where {zero} is 0: NaN (``{kpi.excel_name}``: #DIV/0!).", ""]
    if any(a.kind in ("number", "numbers", "date", "dates") for a in kpi.args):
        lines.append(f"Text where a number is expected raises ValueError (``{kpi.excel_name}``: #VALUE!).")
    return lines if lines[-1] else lines[:-1]


def _domain(d: Any) -> str:
    """``>= 0``, ``> 0 and <= 1``: a domain in words a reader checks at a glance."""
    parts = []
    if d.low != float("-inf"):
        parts.append(f"{'>' if d.low_open else '>='} {d.low:g}")
    if d.high != float("inf"):
        parts.append(f"<= {d.high:g}")
    return " and ".join(parts)


def make_function(kpi: Kpi) -> Callable[..., Any]:
    """The public ``kpixl.<snake_name>`` function of a catalog entry."""
    sig = signature(kpi)

    def kpi_function(*args: Any, **kwargs: Any) -> Any:
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        return call(kpi, list(bound.arguments.values()))

    kpi_function.__name__ = kpi_function.__qualname__ = kpi.snake_name
    kpi_function.__signature__ = sig  # type: ignore[attr-defined]
    kpi_function.__doc__ = docstring(kpi)
    kpi_function.__module__ = "kpixl"
    kpi_function.kpi = kpi  # type: ignore[attr-defined]
    return kpi_function
