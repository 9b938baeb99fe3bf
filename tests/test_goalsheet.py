"""The SMART goals sheet: its columns, example goals, checks, and the standalone workbook."""

import datetime as dt
import warnings

import openpyxl
import pytest

import kpixl
from kpixl.build import build_goals

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
    head = [c.value for c in ws[4]]
    assert head[:3] == ["Business objective (R)", "Goal (S)", "KPI (M)"] and head[-2:] == ["SMART check", "Warnings"]
    row = [c.value for c in ws[5]]
    assert row[1].startswith("Raise the lead conversion rate from 3 % to 5 %")
    assert row[4:6] == [0.03, 0.05] and row[3] == "higher is better"
    assert row[14] == "On track" and row[16] == "OK"
    assert row[11] == pytest.approx(kpixl.goal_progress(row[10], 0.05, 0.03))


@pytest.mark.parametrize("day", [dt.date(2026, 1, 20), dt.date(2026, 5, 15), dt.date(2026, 12, 4)])
def test_the_examples_show_a_mix_of_statuses_and_no_error_whatever_the_day(tmp_path, day):
    path = build_goals(tmp_path / "g.xlsx", formulas="native", as_of=day)
    rows = list(openpyxl.load_workbook(path, data_only=True)["SMART goals"].iter_rows(min_row=5, max_row=10))
    statuses = {r[14].value for r in rows}
    assert {"On track", "At risk", "Off track"} <= statuses, statuses
    shown = [c.value for r in rows for c in r]
    assert not [v for v in shown if isinstance(v, str) and v.startswith("#")]


def test_vanity_metric_and_an_unattainable_target_are_flagged(goals):
    ws = openpyxl.load_workbook(goals["en", "udf"], data_only=True)["SMART goals"]
    followers = [c.value for c in ws[9]]
    assert followers[16] == "R: Followers is a vanity metric" and followers[17].startswith("Vanity metric")
    email = [c.value for c in ws[10]]
    assert email[16] == "A: the target asks for a 150% change, more than 100%"


def test_blank_rows_stay_empty(goals):
    ws = openpyxl.load_workbook(goals["en", "udf"], data_only=True)["SMART goals"]
    assert all(c.value in (None, "") for c in ws[20])


def test_formulas_call_the_goal_functions_or_stay_native(goals):
    udf = formulas(goals["en", "udf"], "SMART goals")
    assert udf["O5"] == '=IF(C5="","",_xldudf_KPI_GOAL_STATUS(K5,F5,E5,G5,H5,$B$2,0.1,"en"))'
    assert udf["Q5"] == '=IF(C5="","",_xldudf_KPI_SMART_CHECK(B5,C5,E5,F5,G5,H5,A5,1,"en"))'
    native = formulas(goals["fr", "native"], "Objectifs SMART")
    assert "KPI_" not in "".join(native.values()) and "Atteint" in native["O5"]


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
    goal_formulas = formulas(path, "SMART goals")
    assert goal_formulas["K6"] == "='Dashboard'!$B$13"  # the CPA goal reads the CPA tile
    cached = values(path)
    assert cached["SMART goals"]["K6"] == cached["Dashboard"]["B13"]


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
