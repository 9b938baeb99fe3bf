"""What a catalog entry is: a KPI, its arguments, domains, benchmarks and examples.

Each :class:`Kpi` entry says how the KPI is computed, named, explained, judged and
written as a native Excel formula. The Python API, the Excel functions, the glossary
sheet and the README table are all derived from these entries (see ``entries.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..words import CATEGORIES, DIRECTION_LABELS, UNIT_LABELS, fold, lang_index

__all__ = ["CATEGORIES", "DIRECTION_LABELS", "UNIT_LABELS", "fold"]  # re-exported: the catalog's words

Unit = Literal[
    "percent",
    "money",
    "ratio",
    "count",
    "days",
    "months",
    "score",
    "time",
    "rank",
    "text",
    "boolean",
    "table",
    "value",
]
Direction = Literal["higher", "lower", "target"]
Kind = Literal["number", "numbers", "date", "dates", "text", "value", "option"]

REQUIRED: Any = object()  # marker: an argument without a default
TODAY = "today"  # default of date arguments that mean "today" when left out


@dataclass(frozen=True)
class Domain:
    """The values an argument may take; anything outside gives NaN (``#NUM!``)."""

    low: float = float("-inf")
    high: float = float("inf")
    low_open: bool = False

    @property
    def unbounded(self) -> bool:
        return self.low == float("-inf") and self.high == float("inf")

    def excel_violation(self, ref: str) -> str | None:
        """Native Excel test that is TRUE when ``ref`` is out of this domain."""
        tests = []
        if self.low != float("-inf"):
            tests.append(f"{ref}{'<=' if self.low_open else '<'}{self.low:.15g}")
        if self.high != float("inf"):
            tests.append(f"{ref}>{self.high:.15g}")
        return " OR ".join(tests) if tests else None


ANY = Domain()
NONNEG = Domain(low=0)
FRACTION = Domain(low=0, high=1)
POSITIVE_FRACTION = Domain(low=0, high=1, low_open=True)
DATES = Domain(low=0, high=2_958_465)


@dataclass(frozen=True)
class Arg:
    """One argument of a KPI function."""

    name: str
    doc: str
    domain: Domain = ANY
    kind: Kind = "number"
    default: Any = REQUIRED

    def __post_init__(self) -> None:
        if self.kind in ("date", "dates") and self.domain.unbounded:  # Excel's dates: 1900-01-00 to 9999-12-31
            object.__setattr__(self, "domain", DATES)

    @property
    def optional(self) -> bool:
        return self.default is not REQUIRED


@dataclass(frozen=True)
class Benchmark:
    """A published reference value for a KPI."""

    value: float
    source: str
    year: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Example:
    """A worked example: these arguments give this result."""

    args: tuple[Any, ...]
    expected: Any
    source: str = ""


@dataclass(frozen=True)
class Dashboard:
    """How a KPI appears in the dashboard workbook, fed by the campaign table.

    ``feeds``: the campaign columns that give its arguments, in order; ``shown``: where it is
    shown by default ("tile", "row": the Campaigns sheet, "channel": the channel table);
    ``objectives``: the business objectives whose 5 to 7 tiles it belongs to.
    """

    feeds: tuple[str, ...]
    shown: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Kpi:
    """One catalog entry: a KPI and everything derived from it.

    A KPI with no ``compute`` function is arithmetic: its ``formula`` is its expression over
    the argument names (``expr``), valid both in Python (on numpy arrays) and in Excel, and
    written once. KPIs that are not plain arithmetic give a ``compute`` function and a
    ``native`` Excel template instead (a format string over
    the argument names, or a function of their references). A table KPI gives its
    ``columns`` and, for its native twin, ``native_cells``: the formulas of each output
    cell from the references of its input cells. ``domain_check`` is a rule across
    arguments (a deal closed before its first contact) that makes the result ``#NUM!``;
    ``undefined`` is the Excel error of an undefined result that is no zero division.
    """

    name: str
    category: str
    label: tuple[str, str]
    description: tuple[str, str]
    args: tuple[Arg, ...]
    formula: str
    unit: Unit
    direction: Direction
    compute: Callable[..., Any] | None = None
    native: str | Callable[[dict[str, str]], str | None] | None = None
    denominators: tuple[str, ...] = ()
    benchmarks: tuple[Benchmark, ...] = ()
    vanity: bool = False
    examples: tuple[Example, ...] = ()
    aliases: tuple[str, ...] = ()
    returns: Literal["number", "text", "boolean", "table"] = "number"
    columns: tuple[str, ...] = ()
    table_text: bool = False
    native_cells: Callable[[list[str]], list[list[str]]] | None = None
    domain_check: Callable[..., bool] | None = None
    undefined: str = "#NUM!"
    dashboard: Dashboard | None = None

    def __repr__(self) -> str:
        return f"Kpi({self.name!r})"

    @property
    def expr(self) -> str | None:
        """The arithmetic expression of the KPI (its formula), or None when a function computes it."""
        return self.formula if self.compute is None else None

    @property
    def excel_name(self) -> str:
        return f"KPI_{self.name}"

    @property
    def snake_name(self) -> str:
        return self.name.lower()

    @property
    def benchmark(self) -> Benchmark | None:
        return self.benchmarks[0] if self.benchmarks else None

    @property
    def volatile(self) -> bool:
        """True when an argument defaults to today: Excel must recalculate it every day."""
        return any(a.default is TODAY for a in self.args)

    @property
    def elementwise(self) -> bool:
        """True when the result is computed cell by cell (ranges in, same-shaped ranges out)."""
        cellwise = ("number", "date", "text", "value", "option")
        return self.returns != "table" and all(a.kind in cellwise for a in self.args)

    def label_in(self, lang: str) -> str:
        return self.label[lang_index(lang)]


@dataclass(frozen=True)
class Metric:
    """A raw metric that goals may name but that is no KPI function (likes, reach...)."""

    name: str
    label: tuple[str, str]
    vanity: bool = False

    def label_in(self, lang: str) -> str:
        return self.label[lang_index(lang)]


class Catalog(Mapping[str, Kpi]):
    """All KPIs, by short name (``"CTR"``), with lookup by any of their names."""

    def __init__(self, kpis: list[Kpi]):
        self._kpis = {k.name: k for k in kpis}
        if len(self._kpis) != len(kpis):
            raise ValueError("duplicate KPI names in the catalog")
        self._index: dict[str, Kpi] = {}
        for kpi in kpis:
            keys = {kpi.name, kpi.excel_name, kpi.snake_name, *kpi.label, *kpi.aliases}
            for key in keys:
                self._index.setdefault(fold(key), kpi)

    def __getitem__(self, key: str) -> Kpi:
        return self._kpis[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kpis)

    def __len__(self) -> int:
        return len(self._kpis)

    def find(self, name: str) -> Kpi | None:
        """The KPI called ``name`` (Excel, snake, short name or label, en or fr), or None."""
        return self._index.get(fold(name))

    def get_kpi(self, name: str) -> Kpi:
        """Like :meth:`find`, but raises ``KeyError`` with a hint when nothing matches."""
        kpi = self.find(name)
        if kpi is None:
            raise KeyError(f"unknown KPI {name!r}; `kpixl list` shows the catalog")
        return kpi

    def in_category(self, category: str | None) -> list[Kpi]:
        if category is None:
            return list(self._kpis.values())
        key = fold(category)
        for code, labels in CATEGORIES.items():
            if key in (code, *map(fold, labels)):
                return [k for k in self._kpis.values() if k.category == code]
        raise KeyError(f"unknown category {category!r}; choose from {', '.join(CATEGORIES)}")
