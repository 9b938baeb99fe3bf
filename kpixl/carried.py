"""What a refresh carries over: the inputs a user typed in a kpixl dashboard workbook, read back from it.

The targets, the period and channel selected, the SMART goals, the A/B tests, the budgets (a formula typed in
any of them kept as the formula), the review date, and the campaign rows the workbook holds. The cells are
found through the layouts the sheets are written with (``sheets.layout``, ``goals.INPUTS``,
``abtests.INPUTS``). A workbook kpixl did not make, or an edit it cannot read, is refused with the cell to fix.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import openpyxl
import pandas as pd
from defusedxml.ElementTree import fromstring
from openpyxl.utils import get_column_letter

from .catalog import CATALOG, fold
from .data.columns import BY_KEY, METRICS, DataError
from .data.xlsx_file import check_xlsx
from .messages import count, say
from .sheets import abtests, goals, periods
from .sheets.abtests import Test
from .sheets.goals import Goal
from .sheets.layout import ALL_CHANNELS_AT, BUDGETS_FIRST_ROW, CHANNEL_CELL, PERIOD_CELL, TILE, TILES_FIRST_ROW
from .sheets.model import OBJECTIVE_NAMES, SUMS, Typed
from .sheets.writer import HOSTS, cell
from .words import GOALS_WORDS, TEXTS, lang_index

_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"


@dataclass
class Carried:
    """What the user may have changed in a dashboard workbook, read back from it."""

    lang: str
    formulas: str
    objective: str | None
    grain: str
    targets: dict[str, float | None]
    period: str | None
    channel: str | None
    goals: list[Goal]
    tests: list[Test]
    budgets: dict[tuple[str, str], float]
    as_of: dt.date
    follow_today: bool
    data: pd.DataFrame = field(repr=False)
    currency: str = ""
    targets_for: str | None = None  # the channel the targets are for, "" all; None: not said (before 0.3)

    def describe(self, lang: str) -> list[str]:
        """What was carried over, one line each, in ``lang``."""
        set_targets = sum(v is not None for v in self.targets.values())
        objective = say(lang, "kept_objective", objective=self.objective) if self.objective else ""
        when = say(lang, "today") if self.follow_today else say(lang, "as_of", day=self.as_of)
        return [
            say(lang, "kept_host", host=self.formulas, lang=self.lang, grain=TEXTS[lang][self.grain].lower())
            + objective,
            say(
                lang, "kept_targets", targets=count(lang, set_targets, "targets"), blank=len(self.targets) - set_targets
            ),
            say(lang, "kept_channel", channel=self.channel) if self.channel else say(lang, "kept_all"),
            say(lang, "kept_goals", goals=count(lang, len(self.goals), "goals"), when=when),
            say(lang, "kept_tests", tests=count(lang, len(self.tests), "tests")),
            say(lang, "kept_budgets", budgets=count(lang, len(self.budgets), "budgets")),
        ]


def properties(book: Path) -> dict[str, str]:
    """The custom document properties of a workbook (kpixl's settings are there)."""
    import zipfile

    with zipfile.ZipFile(book) as z:
        if "docProps/custom.xml" not in z.namelist():
            return {}
        root: Element = fromstring(z.read("docProps/custom.xml"))
    return {p.get("name", ""): "".join(p.itertext()) for p in root.iter(_CUSTOM)}


def read_workbook(book: str | os.PathLike, said_in: str = "en") -> Carried:
    """Everything a user may edit in the dashboard workbook ``book``, and the campaign data it holds; problems
    with the file said in ``said_in``, those of its cells in the workbook's language."""
    book = Path(book)
    if not book.is_file():
        raise DataError(say(said_in, "no_book", path=book))
    check_xlsx(book, said_in)
    props = properties(book)
    if props.get("kpixl.workbook") != "dashboard":
        raise DataError(say(said_in, "not_kpixl", path=book))
    lang, host = props.get("kpixl.lang", "en"), props.get("kpixl.formulas", "lite")
    grain, objective = props.get("kpixl.grain", "month"), props.get("kpixl.objective") or None
    words = TEXTS.get(lang)
    known = host in HOSTS and grain in periods.GRAINS and objective in (None, *OBJECTIVE_NAMES)
    if words is None or not known:
        settings = f"lang {lang!r}, formulas {host!r}, grain {grain!r}, objective {objective!r}"
        raise DataError(say(said_in, "not_settings", path=book, settings=settings))
    values = openpyxl.load_workbook(book, read_only=True, data_only=True)
    texts = openpyxl.load_workbook(book, read_only=True, data_only=False)
    try:
        sheets = {k: words[f"sheet_{k}"] for k in ("dashboard", "goals", "abtests", "campaigns")}
        missing = [name for name in sheets.values() if name not in values.sheetnames]
        if missing:
            raise DataError(say(lang, "sheet_missing", path=book, sheet=missing[0]))
        dashboard = values[sheets["dashboard"]]
        targets = _targets(dashboard, texts[sheets["dashboard"]], lang, book)
        period, channel = (_text(dashboard, ref) for ref in (PERIOD_CELL, CHANNEL_CELL))
        as_of, follow = _as_of(values[sheets["goals"]], texts[sheets["goals"]], book)
        lists = words["sheet_lists"]  # its first channel entry is the selector's all-channels entry
        everything = words["all"]
        if lists in values.sheetnames:
            everything = values[lists][cell(*ALL_CHANNELS_AT, absolute=False)].value
        return Carried(
            lang=lang,
            formulas=host,
            objective=objective,
            grain=grain,
            targets=targets,
            period=period,
            channel=None if channel is None or channel == str(everything) else channel,
            goals=_goals(values[sheets["goals"]], texts[sheets["goals"]], lang, book),
            tests=_tests(values[sheets["abtests"]], texts[sheets["abtests"]], book),
            budgets=_budgets(values[words["sheet_budgets"]], texts[words["sheet_budgets"]], book)
            if words["sheet_budgets"] in values
            else {},
            as_of=as_of,
            follow_today=follow,
            data=_campaigns(values[sheets["campaigns"]], lang, book),
            currency=props.get("kpixl.currency", ""),
            targets_for=props.get("kpixl.targets_for"),
        )
    finally:
        values.close()
        texts.close()


def _text(ws: Any, ref: str) -> str | None:
    value = ws[ref].value
    return None if value in (None, "") else str(value).strip()


def _number(ws: Any, ref: str, book: Path, what: str) -> float | None:
    value = ws[ref].value
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(
            f"{book}: {ws.title}!{ref} ({what}) holds {value!r}, not a number; type a number there or clear "
            "the cell, then refresh again"
        )
    return float(value)


def _date(ws: Any, ref: str, book: Path, what: str) -> dt.date | None:
    value = ws[ref].value
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise DataError(f"{book}: {ws.title}!{ref} ({what}) holds {value!r}, not a date; type a date or clear it")


def _formula(ws: Any, ref: str) -> str | None:
    """The formula a user typed in a cell (read without values), if any."""
    value = ws[ref].value
    text = getattr(value, "text", value)  # an array formula: its text
    return text if isinstance(text, str) and text.startswith("=") and len(text) > 1 else None


def _kept(value: float | None, formula: str | None) -> Any:
    return Typed(formula, value) if formula else value


def _targets(ws: Any, texts: Any, lang: str, book: Path) -> dict[str, Any]:
    """{tile name: target}: the tile rows of the Dashboard, from its first until a blank label."""
    i = lang_index(lang)
    names = {fold(TEXTS[lang][word]): name for name, word, _, _ in SUMS}
    names |= {fold(k.label[i]): k.name for k in CATALOG.values() if k.dashboard is not None}
    out: dict[str, float | None] = {}
    row = TILES_FIRST_ROW

    def at(column: str) -> str:
        return cell(row - 1, TILE[column], absolute=False)

    while (label := _text(ws, at("kpi"))) is not None:
        name = names.get(fold(label))
        if name is None or name in out:  # a tile's row holds one KPI, once: at most as many rows as KPIs
            why = "which is no KPI of the dashboard" if name is None else "a tile already above it"
            raise DataError(
                f"{book}: {ws.title}!{at('kpi')} reads {label!r}, {why}; put the tile's name back, then refresh again"
            )
        out[name] = _kept(_number(ws, at("target"), book, f"target of {label}"), _formula(texts, at("target")))
        row += 1
    return out


def _as_of(values: Any, texts: Any, book: Path) -> tuple[dt.date, bool]:
    as_of = cell(*goals.AS_OF_AT, absolute=False)
    formula = texts[as_of].value
    if isinstance(formula, str) and fold(formula.replace(" ", "")) in ("=today()", "=aujourdhui()"):
        return dt.date.today(), True
    return _date(values, as_of, book, "review date") or dt.date.today(), False


def _goals(values: Any, texts: Any, lang: str, book: Path) -> list[Goal]:
    dashboard_name = TEXTS[lang]["sheet_dashboard"]
    reviews = [fold(w) for w in GOALS_WORDS[lang]["reviews"]]
    out = []
    columns = {name: get_column_letter(c + 1) for name, c in goals.INPUTS.items()}
    typed_columns = [c for name, c in columns.items() if name != "current"]
    for r in range(goals.FIRST_ROW + 1, goals.FIRST_ROW + goals.ROWS + 1):
        ref = {name: f"{c}{r}" for name, c in columns.items()}
        typed = [values[f"{c}{r}"].value for c in typed_columns] + [texts[f"{c}{r}"].value for c in typed_columns]
        if all(v in (None, "") for v in typed):
            continue
        review = _text(values, ref["review"])
        if review is not None and fold(review) not in reviews:
            raise DataError(
                f"{book}: {values.title}!{ref['review']} reads {review!r}; choose "
                f"{', '.join(GOALS_WORDS[lang]['reviews'])} from its list"
            )
        typed_k = texts[ref["current"]].value
        current_is_link = isinstance(typed_k, str) and typed_k.startswith(f"={_quoted(dashboard_name)}!$B$")
        out.append(
            Goal(
                objective=_text(values, ref["objective"]) or "",
                text=_text(values, ref["text"]) or "",
                kpi=_text(values, ref["kpi"]) or "",
                baseline=_number(values, ref["baseline"], book, "baseline"),
                target=_number(values, ref["target"], book, "target"),
                start=_date(values, ref["start"], book, "start"),
                deadline=_date(values, ref["deadline"], book, "deadline"),
                owner=_text(values, ref["owner"]) or "",
                review=None if review is None else reviews.index(fold(review)),
                current=None if current_is_link else _number(values, ref["current"], book, "current value"),
                typed=not current_is_link and values[ref["current"]].value not in (None, ""),
                formula=typed_k
                if isinstance(typed_k, str) and typed_k.startswith("=") and not current_is_link
                else None,
                formulas={
                    goals.INPUTS[name]: f for name in columns if name != "current" and (f := _formula(texts, ref[name]))
                },
            )
        )
    return out


def _quoted(sheet: str) -> str:
    """A sheet name as Excel writes it in a reference: 'Dashboard', 'Tableau de bord'."""
    return "'" + sheet.replace("'", "''") + "'"


def _tests(ws: Any, texts: Any, book: Path) -> list[Test]:
    out = []
    columns = {name: get_column_letter(c + 1) for name, c in abtests.INPUTS.items()}
    for r in range(abtests.FIRST_ROW + 1, abtests.FIRST_ROW + abtests.ROWS + 1):
        cells = {name: f"{c}{r}" for name, c in columns.items()}
        if all(ws[ref].value in (None, "") and texts[ref].value in (None, "") for ref in cells.values()):
            continue  # nothing typed (a formula saved without its value counts as typed)
        numbers = {name: _number(ws, ref, book, "an A/B input") for name, ref in cells.items() if name != "name"}
        typed = {abtests.INPUTS[name]: f for name, ref in cells.items() if (f := _formula(texts, ref))}
        out.append(Test(_text(ws, cells["name"]) or "", **numbers, formulas=typed))
    return out


def _budgets(ws: Any, texts: Any, book: Path) -> dict[tuple[str, str], Any]:
    """{(channel, "2025-06"): budget} from the Budgets sheet's blue cells (a formula typed there kept)."""
    rows = ws.iter_rows(min_row=BUDGETS_FIRST_ROW, values_only=True)
    formulas = texts.iter_rows(min_row=BUDGETS_FIRST_ROW + 1, values_only=True)
    header = next(rows, ())
    out: dict[tuple[str, str], Any] = {}
    for r, row in enumerate(rows, start=BUDGETS_FIRST_ROW + 1):
        typed = next(formulas, ())
        if not row or row[0] in (None, ""):
            continue
        for j, value in enumerate(row[1:], start=1):
            text = typed[j] if j < len(typed) else None
            formula = text if isinstance(text, str) and text.startswith("=") else None
            if (value in (None, "") and not formula) or j >= len(header) or header[j] is None:
                continue
            where = f"{ws.title}!{get_column_letter(j + 1)}{r}"
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise DataError(f"{book}: {where} (a budget) holds {value!r}, not a number; type a number or clear it")
            out[(str(row[0]), str(header[j]))] = _kept(None if value is None else float(value), formula)
    return out


def _campaigns(ws: Any, lang: str, book: Path) -> pd.DataFrame:
    """The campaign rows the workbook holds, as kpixl wrote them (its computed columns left out): read as
    they are, each cell checked, never understood again."""
    i = lang_index(lang)
    rows = ws.iter_rows(values_only=True)
    header = [str(h) if h is not None else "" for h in next(rows, ())]
    wanted = {BY_KEY[k].label[i]: k for k in ("date", "days", "channel", "campaign", "source", *METRICS)}
    keep = {wanted[h]: j for j, h in enumerate(header) if h in wanted}
    if "date" not in keep:
        raise DataError(f"{book}: the {ws.title} sheet has no {BY_KEY['date'].label[i]!r} column any more")
    data = [
        [row[j] if j < len(row) else None for j in keep.values()] for row in rows if any(v is not None for v in row)
    ]
    frame = pd.DataFrame(data, columns=list(keep), dtype=object)
    for key in keep:
        column = frame[key]
        if key == "date":
            bad = ~column.map(lambda v: isinstance(v, dt.datetime))
        elif key in ("channel", "campaign", "source"):
            frame[key] = column.map(lambda v: "" if v is None else str(v))
            continue
        else:
            bad = ~column.map(lambda v: v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)))
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2
            where = f"{ws.title}!{get_column_letter(keep[key] + 1)}{line}"
            raise DataError(
                f"{book}: {where} holds {column[bad].iloc[0]!r}, not a {'date' if key == 'date' else 'number'}; "
                "correct the cell, then refresh again"
            )
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    frame["days"] = frame["days"].fillna(1).astype(int) if "days" in frame else 1
    if "source" not in frame:
        frame["source"] = book.name
    for key in METRICS:
        if key in frame:
            frame[key] = frame[key].astype(float).fillna(0.0)
    return frame
