"""The SMART goals sheet: its columns, example goals, checks, and the standalone workbook."""

import datetime as dt
import warnings

import openpyxl
import pytest
from openpyxl.utils.cell import absolute_coordinate

import kpixl
from kpixl.build import build_goals
from kpixl.sheets import goals as goal_sheet
from kpixl.words import GOALS_HEADERS

from cells import beside, rows_by_name, tile_at, under
from xlsxcheck import formulas, part, values

warnings.filterwarnings("ignore", message="Sparkline Group extension", category=UserWarning)
AS_OF = dt.date(2026, 5, 15)


@pytest.fixture(scope="module")
def goals(tmp_path_factory):
    folder = tmp_path_factory.mktemp("goals")
    return {
        (lang, mode): build_goals(folder / f"{lang}-{mode}.xlsx", lang=lang, formulas=mode, as_of=AS_OF)
        for lang in ("en", "fr")
        for mode in ("udf", "native")
    }


def test_columns_and_example_goals(goals):
    ws = openpyxl.load_workbook(goals["en", "udf"], data_only=True)["SMART goals"]
    assert [c.value for c in ws[goal_sheet.FIRST_ROW]] == list(GOALS_HEADERS["en"])
    assert len(goal_sheet.COLUMNS) == len(GOALS_HEADERS["en"]) == len(GOALS_HEADERS["fr"])  # a name per column
    row = rows_by_name(ws, goal_sheet, 1)[0]
    assert row["text"].startswith("Raise the lead conversion rate from 3 % to 5 %")
    assert (row["baseline"], row["target"], row["direction"]) == (0.03, 0.05, "higher is better")
    assert row["status"] == "On track" and row["smart"] == "OK"
    assert row["progress"] == pytest.approx(kpixl.goal_progress(row["current"], 0.05, 0.03))


@pytest.mark.parametrize("day", [dt.date(2026, 1, 20), dt.date(2026, 5, 15), dt.date(2026, 12, 4)])
def test_the_examples_show_a_mix_of_statuses_and_no_error_whatever_the_day(tmp_path, day):
    path = build_goals(tmp_path / "g.xlsx", formulas="native", as_of=day)
    rows = rows_by_name(openpyxl.load_workbook(path, data_only=True)["SMART goals"], goal_sheet, 6)
    statuses = {r["status"] for r in rows}
    assert {"On track", "At risk", "Off track"} <= statuses, statuses
    shown = [v for r in rows for v in r.values()]
    assert not [v for v in shown if isinstance(v, str) and v.startswith("#")]


def test_vanity_metric_and_an_unattainable_target_are_flagged(goals):
    ws = openpyxl.load_workbook(goals["en", "udf"], data_only=True)["SMART goals"]
    followers, email = rows_by_name(ws, goal_sheet, 6)[4:]
    assert followers["smart"] == "R: Followers is a vanity metric" and followers["warnings"].startswith("Vanity metric")
    assert email["smart"] == "A: the target asks for a 150% change, more than 100%"


def test_blank_rows_stay_empty(goals):
    ws = openpyxl.load_workbook(goals["en", "udf"], data_only=True)["SMART goals"]
    assert all(c.value in (None, "") for c in ws[goal_sheet.FIRST_ROW + goal_sheet.ROWS])  # the last template row


def test_formulas_call_the_goal_functions_or_stay_native(goals):
    udf, shown = formulas(goals["en", "udf"], "SMART goals"), values(goals["en", "udf"])["SMART goals"]
    at = {header: under(shown, header, 0, header_row=goal_sheet.FIRST_ROW) for header in GOALS_HEADERS["en"]}
    headers = ("Business objective (R)", "Goal (S)", "KPI (M)", "Baseline", "Target (A)", "Start", "Deadline (T)")
    objective, text, kpi, base, target, start, end, current = (at[h] for h in (*headers, "Current value"))
    as_of = absolute_coordinate(beside(shown, "As of"))
    status = f'=IF({kpi}="","",_xldudf_KPI_GOAL_STATUS({current},{target},{base},{start},{end},{as_of},0.1,"en"))'
    assert udf[at["Status"]] == status
    check = f'=IF({kpi}="","",_xldudf_KPI_SMART_CHECK({text},{kpi},{base},{target},{start},{end},{objective},1,"en"))'
    assert udf[at["SMART check"]] == check
    native = formulas(goals["fr", "native"], "Objectifs SMART")
    assert "KPI_" not in "".join(native.values()) and "Atteint" in native[at["Status"]]


def test_drop_downs_chart_and_traffic_lights(goals):
    path = goals["en", "udf"]
    sheet = part(path, r"xl/worksheets/sheet1\.xml")[0]
    assert sheet.count('<dataValidation type="list"') == 2
    assert '"On track"' in sheet and '"Off track"' in sheet
    assert len(part(path, r"xl/charts/chart\d+\.xml")) == 1
    lists = values(path)["Lists"]
    assert "Lead conversion rate" in lists.values() and "Followers" in lists.values()


def test_dashboard_goals_link_to_tiles(tmp_path):
    path = kpixl.build_dashboard(kpixl.sample_data(), tmp_path / "d.xlsx", as_of=AS_OF)
    goal_formulas, cached = formulas(path, "SMART goals"), values(path)
    rows = rows_by_name(openpyxl.load_workbook(path)["SMART goals"], goal_sheet, goal_sheet.ROWS)
    cpa = next(n for n, row in enumerate(rows) if row["kpi"] == "Cost per acquisition")
    current = under(cached["SMART goals"], "Current value", cpa, header_row=goal_sheet.FIRST_ROW)
    tile = tile_at(cached["Dashboard"], "Cost per acquisition")
    assert goal_formulas[current] == f"='Dashboard'!{absolute_coordinate(tile)}"  # the CPA goal reads the CPA tile
    assert cached["SMART goals"][current] == cached["Dashboard"][tile]


def test_cli_goals(tmp_path, capsys):
    from kpixl.cli import main

    assert main(["goals", str(tmp_path / "g.xlsx"), "--lang", "fr", "--formulas", "native"]) == 0
    assert "écrit" in capsys.readouterr().out
    assert main(["goals", str(tmp_path / "g.xlsx")]) == 2


def test_more_than_seven_kpis_for_one_objective_is_flagged():
    from collections import Counter

    from kpixl.sheets.goals import _warning, example_goals
    from kpixl.words import excel_key

    goal = example_goals("en", AS_OF)[0]
    key = excel_key(goal.objective)  # objectives counted as COUNTIF counts them, case aside
    assert _warning(goal, Counter({key: 8}), "en") == "More than 7 KPIs for this objective. "
    assert _warning(goal, Counter({key: 7}), "en") == ""
