"""LibreOffice, an independent calculator, recomputes the native-formula workbooks.

Nobody here wrote LibreOffice: when its results agree cell by cell with the values kpixl
cached (which are what the KPI_* functions return), the native formulas, the layout and
the Python functions agree with each other.
"""

import datetime as dt
import math
import warnings

import openpyxl
import pytest

from kpixl.build import build_dashboard, build_goals, demo_targets
from kpixl.data.sample import SAMPLE_BUDGETS, sample_data
from kpixl.excel.native import native_formula
from kpixl.sheets import goals as goal_sheet
from kpixl.sheets.goals import Goal
from kpixl.sheets.layout import ALL_CHANNELS_AT
from kpixl.sheets.writer import cell

from cases import write_catalog_cases
from cells import CHANNEL_CELL, PERIOD_CELL, beside, tile_at, under
from libreoffice import recalculate, soffice
from xlsxcheck import values

pytestmark = pytest.mark.skipif(
    soffice() is None and not __import__("os").environ.get("CI"), reason="LibreOffice is not installed (CI installs it)"
)
warnings.filterwarnings("ignore", message="Sparkline Group extension", category=UserWarning)
SELECTION = ("2025-11", "Search")


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Build the workbooks, let LibreOffice recalculate the native ones (one soffice run)."""
    folder = tmp_path_factory.mktemp("lo")
    data = sample_data()
    built = {}
    for lang in ("en", "fr"):
        for mode in ("udf", "native"):
            built[lang, mode] = build_dashboard(
                data, folder / f"{lang}-{mode}.xlsx", lang=lang, formulas=mode, targets=demo_targets()
            )
    built["selection", "udf"] = build_dashboard(  # the targets for all channels, as in the flipped copy
        data, folder / "sel-udf.xlsx", targets=demo_targets(), period=SELECTION[0], channel=SELECTION[1], targets_for=""
    )
    flipped = openpyxl.load_workbook(built["en", "native"])  # a test copy: only the two selector cells change
    flipped["Dashboard"][PERIOD_CELL], flipped["Dashboard"][CHANNEL_CELL] = SELECTION
    flipped.save(folder / "sel-native.xlsx")
    for lang in ("en", "fr"):
        for mode in ("udf", "native"):
            built["goals-" + lang, mode] = build_goals(
                folder / f"goals-{lang}-{mode}.xlsx", lang=lang, formulas=mode, as_of=dt.date(2026, 5, 15)
            )
    # Channels Excel cannot tell apart, one named like the all-channels entry, one like a pattern, one a number
    clash = data.replace({"channel": {"Video": "All", "Social": "Search*", "Display": "100"}})
    clash.loc[clash.index % 3 == 0, "channel"] = clash["channel"].str.lower().replace({"100": "0100"})
    day = dt.date(2026, 1, 1)  # eight goals of one objective spelt two ways (COUNTIF counts them together), one
    objectives = ["Brand", "BRAND"] * 4 + ["Br*"] + [""] * 8  # objective like a pattern, eight without one
    goals = [Goal(o, "Grow", "CTR", 0.01, 0.02, day, day, "Ana", 0, None) for o in objectives]
    built["clash", "native"] = build_dashboard(
        clash,
        folder / "clash-native.xlsx",
        formulas="native",
        channel="all",
        budgets={"Search*": 3000, "search": 9000},
        goals=goals,
    )
    for grain in ("week", "quarter"):
        built[grain, "native"] = build_dashboard(
            data, folder / f"{grain}-native.xlsx", formulas="native", grain=grain, budgets=SAMPLE_BUDGETS
        )
    catalog = folder / "catalog-native.xlsx"
    expected = write_catalog_cases(catalog, lambda kpi, refs: native_formula(kpi, refs))
    inputs = [
        built["en", "native"],
        built["fr", "native"],
        folder / "sel-native.xlsx",
        catalog,
        built["goals-en", "native"],
        built["goals-fr", "native"],
        built["week", "native"],
        built["quarter", "native"],
        built["clash", "native"],
    ]
    out = recalculate(inputs, folder / "out")
    names = ("en", "fr", "selection", "catalog", "goals-en", "goals-fr", "week", "quarter", "clash")
    return built, dict(zip(names, out)), expected


def same(a, b) -> bool:
    if isinstance(a, bool) and isinstance(b, bool):
        return a is b
    if isinstance(a, bool) or isinstance(b, bool):  # LibreOffice saves TRUE formatted Yes/No as the number 1
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return (a in (None, "") and b in (None, "")) or a == b


def differences(udf_path, lo_path, sheets):
    udf, lo = values(udf_path), values(lo_path)
    return [(s, ref, v, lo[s].get(ref)) for s in sheets for ref, v in udf[s].items() if not same(v, lo[s].get(ref))]


@pytest.mark.parametrize("lang", ["en", "fr", "goals-en", "goals-fr"])
def test_native_recalculated_by_libreoffice_equals_udf_cached_values(recalculated, lang):
    built, lo, _ = recalculated
    names = openpyxl.load_workbook(built[lang, "udf"], read_only=True).sheetnames
    sheets = [s for s in names if s not in ("Read me", "Lisez-moi")]
    diffs = differences(built[lang, "udf"], lo[lang], sheets)
    assert diffs == []
    cells = sum(len(v) for s, v in values(built[lang, "udf"]).items() if s in sheets)
    assert cells > (20_000 if lang in ("en", "fr") else 500)


@pytest.mark.parametrize("grain", ["week", "quarter"])
def test_weeks_and_quarters_recalculated_by_libreoffice(recalculated, grain):
    """The period keys, last year's periods, days and pacing of other grains: Excel's formulas agree."""
    built, lo, _ = recalculated
    names = openpyxl.load_workbook(built[grain, "native"], read_only=True).sheetnames
    sheets = [s for s in names if s != "Read me"]
    assert differences(built[grain, "native"], lo[grain], sheets) == []
    calc = values(built[grain, "native"])["Calc"]
    assert calc[beside(calc, "Period")] == ("2026-W27" if grain == "week" else "2026-Q2")
    last_year = calc[beside(calc, "last year key")]
    assert last_year == ("20250630" if grain == "week" else "20252")  # the same period a year before


def test_selectors_drive_every_figure(recalculated):
    """LibreOffice recomputes after the period and channel change; kpixl computes the same selection."""
    built, lo, _ = recalculated
    diffs = differences(built["selection", "udf"], lo["selection"], ["Dashboard", "Calc"])
    assert diffs == []
    default = values(lo["en"])["Dashboard"]
    flipped = values(lo["selection"])["Dashboard"]
    roi = tile_at(default, "Return on investment")
    assert flipped[roi] != default[roi]  # ROI really moved


def test_channels_excel_cannot_tell_apart_are_one(recalculated):
    """Excel compares text ignoring case: "Email" and "email" are one channel to SUMIFS, and a channel
    named "All" is not the all-channels entry. kpixl's own figures agree with Excel's."""
    built, lo, _ = recalculated
    assert differences(built["clash", "native"], lo["clash"], ["Dashboard", "Calc", "SMART goals"]) == []
    goals = values(lo["clash"])["SMART goals"]
    warnings = [goals.get(under(goals, "Warnings", n, header_row=goal_sheet.FIRST_ROW)) for n in range(17)]
    assert [(w or "").startswith("More than 7 KPIs") for w in warnings] == [True] * 8 + [False] * 9
    lists = values(lo["clash"])["Lists"]
    row, column = ALL_CHANNELS_AT
    entries = [lists[cell(row + n, column, absolute=False)] for n in range(7)]
    assert entries == ["(All)", "100", "Affiliation", "All", "Email", "Search", "Search*"]
    dashboard = values(lo["clash"])["Dashboard"]
    assert dashboard[CHANNEL_CELL] == "All"  # the channel, as asked (case aside)
    data = sample_data()
    video = data[(data["channel"] == "Video") & (data["date"].astype(str) >= "2026-06")]
    assert dashboard[tile_at(dashboard, "Spend")] == pytest.approx(
        video["cost"].sum()
    )  # spend of the selected month, that channel only


def test_dashboard_has_no_error_cell(recalculated):
    _, lo, _ = recalculated
    for key in ("en", "fr", "selection"):
        sheet = values(lo[key])["Dashboard" if key != "fr" else "Tableau de bord"]
        errors = {ref: v for ref, v in sheet.items() if isinstance(v, str) and v.startswith("#")}
        assert errors == {}, key


# ---------------------------------------------------------------- every native formula of the catalog


def test_every_native_formula_matches_the_excel_function(recalculated):
    _, lo, expected = recalculated
    sheet = values(lo["catalog"])["Cases"]
    assert len(expected) >= 100
    wrong = [
        (name, args, want, sheet.get(f"A{row + 1}"))
        for row, (name, args, want) in expected.items()
        if not same(want, sheet.get(f"A{row + 1}"))
    ]
    assert wrong == []
