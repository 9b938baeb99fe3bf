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
    """numpy-style docstring: what it is, the formula, parameters and an example."""
    lines = [
        kpi.description[0],
        "",
        f"Formula: ``{kpi.formula}``  ({kpi.unit}, {kpi.direction} is better)"
        if kpi.direction != "target"
        else f"Formula: ``{kpi.formula}``  ({kpi.unit})",
        "",
        "Parameters",
        "----------",
    ]
    for a in kpi.args:
        default = "" if a.default is REQUIRED else f", default {'today' if a.default is TODAY else repr(a.default)}"
        lines += [f"{a.name} : {a.kind}{default}", f"    {a.doc}"]
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
