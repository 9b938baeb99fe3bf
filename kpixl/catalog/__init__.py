"""The KPI catalog: every KPI of kpixl, one entry each (``entries.py``), and what an entry is.

Every face of a KPI derives from its entry: the Python function (:mod:`kpixl.api`), the
Excel function (:mod:`kpixl.excel.udfs`), its native-formula twin, the glossary sheet and
the README table.
"""

from ..objectives import OBJECTIVES, Objective
from .entries import CATALOG, METRICS, find_any, find_metric
from .model import (
    CATEGORIES,
    DIRECTION_LABELS,
    REQUIRED,
    TODAY,
    UNIT_LABELS,
    Arg,
    Benchmark,
    Catalog,
    Domain,
    Example,
    Kpi,
    Metric,
    fold,
)

__all__ = [
    "CATALOG",
    "CATEGORIES",
    "DIRECTION_LABELS",
    "METRICS",
    "OBJECTIVES",
    "REQUIRED",
    "TODAY",
    "UNIT_LABELS",
    "Arg",
    "Benchmark",
    "Catalog",
    "Domain",
    "Example",
    "Kpi",
    "Metric",
    "Objective",
    "find_any",
    "find_metric",
    "fold",
]
