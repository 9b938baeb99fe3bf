"""Every arithmetic KPI as a query expression: the catalog's formulas in any engine Ibis runs.

``kpixl.queries.kpi("CTR", clicks=t.clicks, impressions=t.impressions)`` is an Ibis expression
that DuckDB, Spark, PostgreSQL, BigQuery, Snowflake... compute inside the engine. It follows the
rules of the Python functions: NULL where they give NaN, that is for a zero denominator and for
an argument out of its domain (a negative count). Ibis is needed: ``pip install kpixl[engines]``.
"""

from __future__ import annotations

from typing import Any

from .api import expression
from .catalog import CATALOG, Kpi


def names() -> list[str]:
    """The KPIs that have a query expression: those of the catalog written as arithmetic."""
    return [k.name for k in CATALOG.values() if k.expr is not None]


def kpi(name: str | Kpi, **columns: Any) -> Any:
    """The Ibis expression of KPI ``name`` over ``columns`` (argument name: column or number).

    Optional arguments left out take their default, as in the Python function.
    """
    import ibis

    entry = name if isinstance(name, Kpi) else CATALOG.find(name)
    if entry is None:
        raise KeyError(f"unknown KPI {name!r}")
    expr = expression(entry)
    if expr is None:
        raise ValueError(f"{entry.name} is computed, not arithmetic: it has no query expression (see names())")
    unknown = set(columns) - {a.name for a in entry.args}
    if unknown:
        raise TypeError(f"{entry.excel_name} has no argument {sorted(unknown)[0]!r}")
    values = {}
    for a in entry.args:
        if a.name in columns:
            values[a.name] = _value(columns[a.name])
        elif a.optional:
            values[a.name] = ibis.literal(float(a.default))
        else:
            raise TypeError(f"{entry.excel_name} needs {a.name}")
    result = expr.evaluate(values, lambda top, bottom: top / bottom.nullif(0))  # type: ignore[attr-defined]
    bad = [_outside(values[a.name], a.domain) for a in entry.args if not a.domain.unbounded]
    if not bad:
        return result
    return ibis.ifelse(ibis.or_(*bad), ibis.null("float64"), result)


def _value(column: Any) -> Any:
    import ibis

    value = column if isinstance(column, ibis.Expr) else ibis.literal(column)
    return value.cast("float64")


def _outside(value: Any, domain: Any) -> Any:
    tests = []
    if domain.low != float("-inf"):
        tests.append(value <= domain.low if domain.low_open else value < domain.low)
    if domain.high != float("inf"):
        tests.append(value > domain.high)
    return tests[0] if len(tests) == 1 else tests[0] | tests[1]
