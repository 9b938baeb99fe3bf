"""The monthly routine: a dashboard built, edited as a user would, refreshed with three more months.

The edits are made with openpyxl on a copy, as Excel would save them (values typed in cells);
the refreshed workbook must hold every one of them, the new months, and the numbers of a
dashboard built from all the data at once. LibreOffice recalculates the native result.
"""

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import kpixl
from kpixl.data.columns import DataError
from kpixl.data.sample import SAMPLE_BUDGETS, sample_data
from kpixl.refresh import read_workbook, refresh_dashboard
from kpixl.sheets import abtests
from kpixl.sheets import goals as goal_sheet

from cells import (
    AS_OF,
    CHANNEL_CELL,
    PERIOD_CELL,
    ab_test,
    ab_test_shown,
    below,
    beside,
    budget,
    goal,
    goal_shown,
    tile,
)
from libreoffice import recalculate, soffice
from paths import EXPORTS
from xlsxcheck import values

FIRST_NEW_MONTH = "2026-04-01"  # the demo data runs to June 2026: three months arrive later


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    folder = tmp_path_factory.mktemp("refresh")
    data = sample_data()
    dates = pd.to_datetime(data["date"])
    old, new = data[dates < FIRST_NEW_MONTH], data[dates >= FIRST_NEW_MONTH]
    book = kpixl.build_dashboard(
        old, folder / "book.xlsx", formulas="native", as_of=dt.date(2026, 3, 31), budgets=SAMPLE_BUDGETS
    )
    new.to_csv(folder / "april-june.csv", index=False)
    return folder, book, folder / "april-june.csv", data


def edit(book: Path, out: Path) -> None:
    """What a marketer types in a month: targets, the selection, a goal, an A/B test."""
    wb = openpyxl.load_workbook(book)
    dash, goals, tests = wb["Dashboard"], wb["SMART goals"], wb["AB tests"]
    tile(dash, "Click-through rate", "target").value = 0.02
    tile(dash, "Cost per click", "target").value = None  # no CPC target
    tile(dash, "Spend", "target").value = 40_000  # a spend budget
    dash[PERIOD_CELL], dash[CHANNEL_CELL] = "2025-12", "Search"
    goals[AS_OF] = dt.datetime(2026, 5, 15)
    goal(goals, 0, "target").value = 0.06  # the first goal's target
    for column, value in zip(
        ("objective", "text", "kpi", "baseline", "target", "start", "deadline", "owner", "review", "current"),
        (
            "Brand",
            "Double the CTR of search ads",
            "Click-through rate",
            0.01,
            0.02,
            dt.datetime(2026, 1, 1),
            dt.datetime(2026, 12, 31),
            "Ana",
            "Weekly",
            0.015,
        ),
        strict=True,
    ):
        goal(goals, 6, column).value = value  # a seventh goal
    for column, value in zip(abtests.INPUTS, ("Hero video", 1000, 50, 1000, 70, 0.2, 5), strict=True):
        ab_test(tests, 5, column).value = value  # a sixth test
    ab_test(tests, 0, "days").value = 21  # the first test has run three weeks
    budgets = wb["Budgets"]
    budget(budgets, "Affiliation", "2026-03").value = 3_000  # Affiliation's March budget
    budget(budgets, "Display", "2026-02").value = None  # no Display budget in February and March
    budget(budgets, "Display", "2026-03").value = None
    wb.save(out)


def test_every_edit_survives_a_refresh_with_three_more_months(months, tmp_path):
    folder, book, new, data = months
    edited = tmp_path / "edited.xlsx"
    edit(book, edited)
    wb = openpyxl.load_workbook(edited)
    goal(wb["SMART goals"], 3, "current").value = "=26/500"  # a current value the user computes
    wb.save(edited)
    out, said = refresh_dashboard(edited, [new], tmp_path / "refreshed.xlsx")
    assert any(line.startswith(f"data: {len(data):,} rows (") for line in said)
    assert not any("replaces" in line for line in said)  # new days only: nothing replaced
    assert (
        "kept: 4 targets (7 left blank)" in said and "kept: 88 monthly budgets" in said
    )  # spend, CTR, and the benchmarks of CPL and conversion rate
    wb = openpyxl.load_workbook(out, data_only=True)
    dash, goals, tests = wb["Dashboard"], wb["SMART goals"], wb["AB tests"]
    targets = [tile(dash, label, "target").value for label in ("Click-through rate", "Cost per click", "Spend")]
    assert targets == [0.02, None, 40_000]
    assert (dash[PERIOD_CELL].value, dash[CHANNEL_CELL].value) == ("2025-12", "Search")  # an earlier month stays
    assert goals[AS_OF].value == dt.datetime(2026, 5, 15) and goal(goals, 0, "target").value == 0.06
    kept = ("objective", "text", "kpi", "baseline", "target", "owner", "review", "current")
    assert [goal(goals, 6, column).value for column in kept] == [
        "Brand",
        "Double the CTR of search ads",
        "Click-through rate",
        0.01,
        0.02,
        "Ana",
        "Weekly",
        0.015,
    ]
    progress = goal_shown(goals, 6, "Progress").value
    assert progress == pytest.approx((0.015 - 0.01) / (0.02 - 0.01))  # computed again
    assert [ab_test(tests, 5, column).value for column in abtests.INPUTS] == ["Hero video", 1000, 50, 1000, 70, 0.2, 5]
    assert ab_test(tests, 0, "days").value == 21 and ab_test_shown(tests, 5, "Rate A").value == pytest.approx(0.05)
    lists = [period for period in below(wb["Lists"], "Period") if period]
    assert lists[-3:] == ["2026-04", "2026-05", "2026-06"]
    campaigns = list(wb["Campaigns"].iter_rows(values_only=True))
    cost = campaigns[0].index("Cost")
    assert len(campaigns) - 1 == len(data)
    assert sum(r[cost] for r in campaigns[1:]) == pytest.approx(data["cost"].sum())  # every cost row, once
    assert read_workbook(out).formulas == "native"
    budgets = wb["Budgets"]
    months = ("2026-03", "2026-04", "2026-05", "2026-06")
    assert [budget(budgets, "Affiliation", m).value for m in months] == [3_000] * 4  # March's budget runs on
    assert [budget(budgets, "Display", m).value for m in ("2026-02", "2026-03")] == [None, None]  # stay cleared
    assert budget(budgets, "Display", "2026-04").value == SAMPLE_BUDGETS["Display"]  # the last budget set
    assert goal(openpyxl.load_workbook(out)["SMART goals"], 3, "current").value == "=26/500"
    assert "budget of Affiliation for 2026-04 to 2026-06: 2026-03's, change it in Budgets" in said


def test_the_refreshed_numbers_are_those_of_the_whole_data(months, tmp_path):
    """Refreshed, then opened on the latest month: the same cells as a dashboard built from all the data."""
    folder, book, new, data = months
    out, said = refresh_dashboard(book, [new], tmp_path / "refreshed.xlsx")
    assert "period: 2026-06 (the latest one), was 2026-03" in said  # it followed the data
    direct = kpixl.build_dashboard(data, tmp_path / "direct.xlsx", formulas="native", as_of=dt.date(2026, 3, 31))
    a = openpyxl.load_workbook(out, data_only=True)["Dashboard"]
    b = openpyxl.load_workbook(direct, data_only=True)["Dashboard"]
    cells = [(c.coordinate, c.value) for row in b.iter_rows() for c in row if c.value is not None]
    assert len(cells) > 150
    for ref, value in cells:
        assert a[ref].value == (pytest.approx(value) if isinstance(value, float) else value), ref


def test_a_channel_spelt_otherwise_in_the_new_data_replaces_its_rows(months, tmp_path):
    """March again and three months more, with the channels in lower case: Excel sees "search" as "Search",
    so its March rows are replaced, not added twice, and the figures are those of the whole data."""
    folder, book, _, data = months
    new = data[pd.to_datetime(data["date"]) >= "2026-03-01"].assign(channel=lambda d: d["channel"].str.lower())
    out, said = refresh_dashboard(book, [new], tmp_path / "refreshed.xlsx")
    march = int((pd.to_datetime(data["date"]).dt.strftime("%Y-%m") == "2026-03").sum())
    assert f"this newer export replaces its {march:,} rows of the same campaigns" in "\n".join(said)
    assert any("channels 'Search', 'search' counted as one, 'Search'" in line for line in said)
    direct = kpixl.build_dashboard(data, tmp_path / "direct.xlsx", formulas="native", as_of=dt.date(2026, 3, 31))
    a = openpyxl.load_workbook(out, data_only=True)["Dashboard"]
    b = openpyxl.load_workbook(direct, data_only=True)["Dashboard"]
    cells = [(c.coordinate, c.value) for row in b.iter_rows() for c in row if c.value is not None]
    for ref, value in cells:
        assert a[ref].value == (pytest.approx(value) if isinstance(value, float) else value), ref


def test_rows_the_user_retyped_in_another_spelling_are_replaced_too(months, tmp_path):
    """A workbook may hold "Search" and "search" (rows retyped by hand): the new data replaces both."""
    folder, book, _, data = months
    typed = tmp_path / "typed.xlsx"
    wb = openpyxl.load_workbook(book)  # a test copy, as a user would edit it in Excel
    campaigns = wb["Campaigns"]
    channel = [c.value for c in campaigns[1]].index("Channel")
    retyped = 0
    for row in campaigns.iter_rows(min_row=2):
        if row[channel].value == "Search" and row[0].row % 5 == 0:  # a few: "Search" stays the spelling
            row[channel].value, retyped = "search", retyped + 1
    wb.save(typed)
    assert retyped > 20
    new = data[pd.to_datetime(data["date"]) >= "2026-03-01"]
    out, _ = refresh_dashboard(typed, [new], tmp_path / "refreshed.xlsx")
    direct = kpixl.build_dashboard(data, tmp_path / "direct.xlsx", formulas="native", as_of=dt.date(2026, 3, 31))
    a = openpyxl.load_workbook(out, data_only=True)["Dashboard"]
    b = openpyxl.load_workbook(direct, data_only=True)["Dashboard"]
    for ref, value in [(c.coordinate, c.value) for row in b.iter_rows() for c in row if c.value is not None]:
        assert a[ref].value == (pytest.approx(value) if isinstance(value, float) else value), ref


@pytest.mark.parametrize("selected", ["All", None])
def test_a_channel_named_all_is_not_all_channels(tmp_path, selected):
    """The all-channels entry is "(All)" when a channel is named "All": a refresh tells them apart."""
    data = sample_data().replace({"channel": {"Video": "All"}})
    book = kpixl.build_dashboard(data, tmp_path / "book.xlsx", formulas="native", channel=selected)
    lists = openpyxl.load_workbook(book, read_only=True)["Lists"]
    assert below(lists, "Channel")[:2] == ["(All)", "Affiliation"]
    assert read_workbook(book).channel == selected
    _, said = refresh_dashboard(book, [data.tail(10)], tmp_path / "refreshed.xlsx")
    assert ("kept: channel All" if selected else "kept: all channels") in said


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_agrees_with_the_refreshed_native_workbook(months, tmp_path):
    folder, book, new, _ = months
    edited = tmp_path / "edited.xlsx"
    edit(book, edited)
    out, _ = refresh_dashboard(edited, [new], tmp_path / "refreshed.xlsx")
    (recalculated,) = recalculate([out], tmp_path / "lo")
    for sheet in ("Dashboard", "SMART goals", "AB tests"):
        cached = openpyxl.load_workbook(out, data_only=True)[sheet]
        computed = openpyxl.load_workbook(recalculated, data_only=True)[sheet]
        for row in cached.iter_rows():
            for c in row:
                got = computed[c.coordinate].value
                if isinstance(c.value, float):
                    assert got == pytest.approx(c.value, rel=1e-9, abs=1e-12), (sheet, c.coordinate)
                elif isinstance(c.value, (int, str, bool)) and c.value != "":
                    assert got == c.value or got == pytest.approx(c.value), (sheet, c.coordinate, got, c.value)


def test_refusals(months, tmp_path):
    folder, book, new, _ = months
    with pytest.raises(FileExistsError, match="force=True"):
        refresh_dashboard(book, [new])  # would replace the workbook: only with force
    foreign = tmp_path / "foreign.xlsx"
    openpyxl.Workbook().save(foreign)
    with pytest.raises(DataError, match="not a dashboard made by kpixl"):
        refresh_dashboard(foreign, [new], tmp_path / "x.xlsx")
    typed = tmp_path / "typed.xlsx"
    wb = openpyxl.load_workbook(book)
    target = tile(wb["Dashboard"], "Cost per lead", "target")
    target.value = "about 50"
    wb.save(typed)
    with pytest.raises(DataError, match=rf"Dashboard!{target.coordinate} .*'about 50', not a number"):
        refresh_dashboard(typed, [new], tmp_path / "y.xlsx")
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "y.xlsx").exists()


def test_refresh_in_place_keeps_a_backup_from_the_command_line(months, tmp_path):
    folder, book, new, _ = months
    mine = tmp_path / "dashboard.xlsx"
    mine.write_bytes(book.read_bytes())
    run = [sys.executable, "-m", "kpixl", "refresh", str(mine), "--data", str(new)]
    refused = subprocess.run(run, capture_output=True, text=True)
    assert refused.returncode == 2 and "--force" in refused.stderr and "Traceback" not in refused.stderr
    done = subprocess.run([*run, "--force"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (backup,) = tmp_path.glob("dashboard.backup-*.xlsx")
    assert backup.read_bytes() == book.read_bytes()
    assert openpyxl.load_workbook(mine)["Dashboard"][PERIOD_CELL].value == "2026-06"
    assert "kept: 6 SMART goals" in done.stdout


def test_a_lite_workbook_stays_a_lite_workbook(months, tmp_path):
    folder, _, new, data = months
    old = data[pd.to_datetime(data["date"]) < FIRST_NEW_MONTH]
    book = kpixl.build_dashboard(old, tmp_path / "lite.xlsx", lang="fr")
    out, said = refresh_dashboard(book, [new], tmp_path / "refreshed.xlsx")
    assert said[0] == "gardé : classeur lite en fr, par mois"  # said in the workbook's language
    ctr = tile(openpyxl.load_workbook(out)["Tableau de bord"], "Taux de clic")
    assert ctr.value.startswith("=_xldudf_KPI_CTR(")
    with zipfile.ZipFile(out) as z:
        assert "xl/webextensions/webextension1.xml" in z.namelist()  # it still carries kpixl


def test_a_weekly_workbook_stays_weekly(months, tmp_path):
    folder, _, new, data = months
    old = data[pd.to_datetime(data["date"]) < FIRST_NEW_MONTH]
    book = kpixl.build_dashboard(old, tmp_path / "weekly.xlsx", formulas="native", grain="week")
    out, said = refresh_dashboard(book, [new], tmp_path / "refreshed.xlsx")
    assert said[0] == "kept: native workbook in en, by week"
    assert "period: 2026-W27 (the latest one), was 2026-W14" in said
    calc = values(out)["Calc"]
    assert calc[beside(calc, "Period")] == "2026-W27"


def test_money_keeps_the_currency_of_the_data_through_a_refresh(tmp_path):
    """A file in euros: every money cell shows €, and still does after a refresh with the next export."""
    export = EXPORTS / "google_ads_campaign_day_en.csv"
    book = kpixl.build_dashboard(export, tmp_path / "eur.xlsx", formulas="native")
    again, _ = refresh_dashboard(book, [export], tmp_path / "again.xlsx")
    for path in (book, again):
        ws = openpyxl.load_workbook(path)["Dashboard"]
        assert tile(ws, "Spend").number_format == '"€"#,##0.00', path.name
        campaigns = openpyxl.load_workbook(path)["Campaigns"]
        head = [c.value for c in campaigns[1]]
        assert campaigns.cell(2, head.index("Cost") + 1).number_format == '"€"#,##0.00'
        assert campaigns.cell(2, head.index("Clicks") + 1).number_format == "#,##0"
        assert campaigns.cell(2, head.index("Month") + 1).number_format == "0000-00"  # the key 202501 reads 2025-01


def test_one_refresh_at_a_time_and_none_over_a_changed_book(months, tmp_path, monkeypatch):
    """A second run while one writes the book is refused; a book saved in Excel during the refresh is not
    replaced (the refresh would lose that save); a stale lock (its process ended) is taken over."""
    import os

    import kpixl.refresh as refresh
    from kpixl.files import OutputError, locked

    folder, book, new, _ = months
    mine = tmp_path / "dashboard.xlsx"
    mine.write_bytes(book.read_bytes())
    with locked(mine.resolve()), pytest.raises(OutputError, match="another kpixl run is writing"):
        refresh_dashboard(mine, [new], force=True)

    build = refresh.build_dashboard

    def saved_in_excel_meanwhile(*args, **kwargs):
        out = build(*args, **kwargs)
        os.utime(mine, ns=(1, 1))  # saved again: the same bytes, another time of change
        return out

    monkeypatch.setattr(refresh, "build_dashboard", saved_in_excel_meanwhile)
    with pytest.raises(OutputError, match="changed while kpixl refreshed it"):
        refresh_dashboard(mine, [new], force=True)
    assert mine.read_bytes() == book.read_bytes() and not list(tmp_path.glob("*.backup-*"))
    monkeypatch.setattr(refresh, "build_dashboard", build)
    (tmp_path / ".dashboard.xlsx.kpixl-lock").write_text("999999999")  # a run that was killed
    out, _ = refresh_dashboard(mine, [new], force=True)
    assert out == mine and not (tmp_path / ".dashboard.xlsx.kpixl-lock").exists()


def test_a_symbolic_link_stays_a_link_to_the_refreshed_book(months, tmp_path):
    folder, book, new, _ = months
    real = tmp_path / "shared" / "dashboard.xlsx"
    real.parent.mkdir()
    real.write_bytes(book.read_bytes())
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    refresh_dashboard(link, [new], force=True)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert openpyxl.load_workbook(real)["Dashboard"][PERIOD_CELL].value == "2026-06"


def test_a_tampered_setting_is_refused_in_one_line(months, tmp_path):
    folder, book, new, _ = months
    tampered = tmp_path / "tampered.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "docProps/custom.xml":
                data = data.replace(
                    b'name="kpixl.grain"',
                    b'name="kpixl.objective"><vt:lpwstr>bogus</vt:lpwstr></property><property '
                    b'fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="90" name="kpixl.grain"',
                    1,
                )
            dst.writestr(item, data)
    with pytest.raises(DataError, match="objective 'bogus'"):
        refresh_dashboard(tampered, [new], tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_formulas_the_user_typed_stay_formulas(months, tmp_path):
    """Targets, budgets, A/B inputs and goal cells typed as formulas come back as those formulas, also from a
    workbook saved by a script (openpyxl keeps no cached value: the formula is all there is)."""
    folder, book, new, _ = months
    edited = tmp_path / "formulas.xlsx"
    wb = openpyxl.load_workbook(book)
    february = budget(wb["Budgets"], "Affiliation", "2026-02").coordinate
    typed = {
        ("Dashboard", tile(wb["Dashboard"], "Click-through rate", "target").coordinate): "=1/50",
        ("Budgets", budget(wb["Budgets"], "Affiliation", "2026-03").coordinate): f"=Budgets!{february}*2",
        ("AB tests", ab_test(wb["AB tests"], 5, "n_a").coordinate): "=500*2",
        ("AB tests", ab_test(wb["AB tests"], 5, "name").coordinate): '="Hero "&"video"',
        ("SMART goals", goal(wb["SMART goals"], 0, "baseline").coordinate): "=3/100",
    }
    for (sheet, ref), formula in typed.items():
        wb[sheet][ref] = formula
    wb.save(edited)
    out, _ = refresh_dashboard(edited, [new], tmp_path / "refreshed.xlsx")
    again = openpyxl.load_workbook(out)
    assert {key: again[key[0]][key[1]].value for key in typed} == typed


def test_what_the_user_added_is_named_not_dropped(months, tmp_path):
    """A sheet, a note beside the tiles, a column beside the data and a goal below the template's rows: the
    refresh names them and writes nothing, unless told to drop them."""
    folder, book, new, _ = months
    edited = tmp_path / "added.xlsx"
    wb = openpyxl.load_workbook(book)
    wb.create_sheet("My analysis")["A1"] = "Q2 plan"
    wb["Dashboard"]["L3"] = "ask finance about June"  # a cell kpixl leaves empty, right of the selectors
    campaigns = wb["Campaigns"]
    campaigns.cell(1, campaigns.max_column + 2, "My notes")
    wb["SMART goals"].cell(goal_sheet.FIRST_ROW + goal_sheet.ROWS + 6, 1, "A goal below the template")
    wb.save(edited)
    with pytest.raises(DataError) as refused:
        refresh_dashboard(edited, [new], tmp_path / "out.xlsx")
    said = str(refused.value)
    for part in ("sheet 'My analysis'", "Campaigns column 'My notes'", "Dashboard!L3", "SMART goals!A40"):
        assert part in said, said
    assert not (tmp_path / "out.xlsx").exists() and not list(tmp_path.glob(".out.xlsx*"))
    out, _ = refresh_dashboard(edited, [new], tmp_path / "out.xlsx", drop_additions=True)
    assert "My analysis" not in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_a_lambda_workbook_stays_a_lambda_workbook(months, tmp_path):
    folder, _, new, data = months
    old = data[pd.to_datetime(data["date"]) < FIRST_NEW_MONTH]
    book = kpixl.build_dashboard(old, tmp_path / "lambda.xlsx", formulas="lambda")
    out, said = refresh_dashboard(book, [new], tmp_path / "refreshed.xlsx")
    assert said[0] == "kept: lambda workbook in en, by month"
    refreshed = openpyxl.load_workbook(out)
    assert "KPI_CTR" in refreshed.defined_names
    assert tile(refreshed["Dashboard"], "Click-through rate").value.startswith("=KPI_CTR(")
