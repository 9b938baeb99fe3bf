"""The dashboard workbook: what it holds, its cached values, its formulas, and file safety."""

import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.cell import absolute_coordinate

import kpixl
from kpixl.build import build_dashboard, demo_targets
from kpixl.data.columns import DataError
from kpixl.data.sample import SAMPLE_BUDGETS, SAMPLE_TARGETS, sample_data
from kpixl.sheets.layout import TILES_FIRST_ROW, pace

from cells import CHANNEL_CELL, INCOMPLETE, PERIOD_CELL, TILE, beside, tile_at, tile_header_at, under
from xlsxcheck import formulas, part, values

warnings.filterwarnings("ignore", message="Sparkline Group extension", category=UserWarning)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dash")
    data = sample_data()
    out = {}
    for lang, mode in (("en", "udf"), ("en", "native"), ("fr", "udf")):
        out[lang, mode] = build_dashboard(
            data,
            folder / f"{lang}-{mode}.xlsx",
            lang=lang,
            formulas=mode,
            targets=demo_targets(),
            budgets=SAMPLE_BUDGETS,
        )
    return out


def test_sheets_in_both_languages(built):
    en = openpyxl.load_workbook(built["en", "udf"])
    fr = openpyxl.load_workbook(built["fr", "udf"])
    assert en.sheetnames == [
        "Read me",
        "Dashboard",
        "SMART goals",
        "AB tests",
        "Budgets",
        "Campaigns",
        "Benchmarks",
        "Glossary",
        "Calc",
        "Lists",
        "xlwings.conf",
    ]
    assert fr.sheetnames == [
        "Lisez-moi",
        "Tableau de bord",
        "Objectifs SMART",
        "Tests AB",
        "Budgets",
        "Campagnes",
        "Références",
        "Glossaire",
        "Calculs",
        "Listes",
        "xlwings.conf",
    ]
    assert [en[s].sheet_state for s in ("Calc", "Lists", "xlwings.conf")] == ["hidden"] * 3
    assert en.active.title == "Dashboard"
    assert dict(en["xlwings.conf"].iter_rows(values_only=True))["UDF Modules"] == "kpixl.udfs"


def test_campaigns_is_an_excel_table_with_every_row(built):
    ws = openpyxl.load_workbook(built["en", "udf"])["Campaigns"]
    table = ws.tables["Campaigns"]
    n = len(sample_data())
    assert table.ref == f"A1:N{n + 1}"
    assert [c.name for c in table.tableColumns][:5] == ["Date", "Month", "Channel", "Campaign", "Source"]
    first = {header.value: ws.cell(2, header.column).value for header in ws[1]}
    assert first["Channel"] == "Search" and first["Impressions"] == sample_data()["impressions"][0]


def test_charts_sparklines_validations_and_formats(built):
    path = built["en", "udf"]
    assert len(part(path, r"xl/charts/chart\d+\.xml")) == 4  # money, ROI by channel, funnel, goals
    dashboard = part(path, r"xl/worksheets/sheet2\.xml")[0]
    assert dashboard.count("<x14:sparkline>") == 11  # one per tile: spend, revenue and 9 KPIs
    assert dashboard.count('<dataValidation type="list"') == 2
    assert dashboard.count("<conditionalFormatting") >= 3
    assert "On target" in dashboard


def test_udf_mode_calls_kpi_functions_and_native_mode_does_not(built):
    udf = formulas(built["en", "udf"], "Dashboard")
    native = formulas(built["en", "native"], "Dashboard")
    shown = values(built["en", "udf"])
    roi = tile_at(shown["Dashboard"], "Return on investment")
    revenue, cost = (f"'Calc'!{absolute_coordinate(beside(shown['Calc'], m))}" for m in ("Revenue", "Cost"))
    assert udf[roi] == f"=_xldudf_KPI_ROI({revenue},{cost})"  # xlwings Lite, as Excel stores it
    assert native[roi].startswith(f"=IF(ISERROR({revenue}),{revenue},IF(ISERROR({cost}),")
    assert "KPI_" not in "".join(native.values())
    campaigns = formulas(built["en", "udf"], "Campaigns")
    ctr = under(shown["Campaigns"], "Click-through rate")
    assert campaigns[ctr] == '=IFERROR(_xldudf_KPI_CTR(Campaigns[Clicks],Campaigns[Impressions]),"–")'
    assert under(shown["Campaigns"], "Click-through rate", 1) not in campaigns  # the spill, not one formula per row
    second = {h: under(shown["Campaigns"], h, 1) for h in ("Click-through rate", "Clicks", "Impressions")}
    c, i = second["Clicks"], second["Impressions"]
    assert formulas(built["en", "native"], "Campaigns")[second["Click-through rate"]] == (
        f"=IFERROR(IF(ISERROR({c}),{c},IF(ISERROR({i}),{i},IF(OR(ISTEXT({c}),ISLOGICAL({c}),ISTEXT({i}),ISLOGICAL({i})),"
        f'#VALUE!,IF(COUNTA({c},{i})=0,"",IF(OR({c}<0,{i}<0),#NUM!,{c}/{i}))))),"–")'
    )


def test_every_kpi_formula_has_its_cached_value(built):
    for key in (("en", "udf"), ("en", "native")):
        path = built[key]
        cached = values(path)
        for sheet in ("Dashboard", "Calc", "Campaigns"):
            for ref, text in formulas(path, sheet).items():
                over = f"{pace('elapsed')}>=" in text  # the spend needed per day: nothing once the period is over
                if ("KPI_" in text or "IF(COUNTA" in text) and not over:
                    assert cached[sheet][ref] not in (None, ""), (key, sheet, ref, text)


def test_tiles_show_kpixl_values_for_the_last_month(built):
    data = sample_data()
    last = data[pd.to_datetime(data["date"]).dt.strftime("%Y-%m") == "2026-06"]
    cached = values(built["en", "udf"])["Dashboard"]
    assert cached[PERIOD_CELL] == "2026-06" and cached[CHANNEL_CELL] == "All"
    roi = cached[tile_at(cached, "Return on investment")]
    assert roi == pytest.approx(kpixl.roi(last["revenue"].sum(), last["cost"].sum()), rel=1e-12)
    ctr = {column: cached[tile_at(cached, "Click-through rate", column)] for column in TILE}
    assert ctr["value"] == pytest.approx(kpixl.ctr(last["clicks"].sum(), last["impressions"].sum()), rel=1e-12)
    assert ctr["target"] == SAMPLE_TARGETS["CTR"] and ctr["benchmark"] == 0.03
    assert ctr["status"] in ("On target", "Close", "Off target")


def test_tiles_compare_with_the_same_period_last_year(built):
    data = sample_data()
    month = pd.to_datetime(data["date"]).dt.strftime("%Y-%m")
    now, before = data[month == "2026-06"], data[month == "2025-06"]
    cached = values(built["en", "native"])["Dashboard"]
    headers = (cached[tile_header_at("last_year")], cached[tile_header_at("vs_last_year")])
    assert headers == ("Same period last year", "vs last year")
    assert cached[INCOMPLETE] in (None, "")  # weekly rows: the last one (29 June) covers June to its end
    assert cached[tile_at(cached, "Spend", "last_year")] == pytest.approx(before["cost"].sum())
    change = cached[tile_at(cached, "Spend", "vs_last_year")]
    assert change == pytest.approx(now["cost"].sum() / before["cost"].sum() - 1)
    ctr_before = kpixl.ctr(before["clicks"].sum(), before["impressions"].sum())
    assert cached[tile_at(cached, "Click-through rate", "last_year")] == pytest.approx(ctr_before)
    early = build_dashboard(data, built["en", "native"].with_name("early.xlsx"), formulas="native", period="2025-03")
    early_values = values(early)["Dashboard"]
    assert early_values[tile_at(early_values, "Click-through rate", "last_year")] == "–"  # no March 2024
    assert early_values[INCOMPLETE] in (None, "")  # March 2025 is complete


def _rows(n: int) -> pd.DataFrame:
    base = sample_data()
    return base.iloc[np.arange(n) % len(base)].reset_index(drop=True)


@pytest.mark.parametrize("mode", ["udf"])
def test_kpi_function_count_does_not_grow_with_rows(tmp_path, mode):
    counts = []
    for n in (100, 10_000):
        path = build_dashboard(_rows(n), tmp_path / f"{n}.xlsx", formulas=mode)
        book = openpyxl.load_workbook(path)
        counts.append(
            sum(
                1
                for ws in book.worksheets
                for row in ws.iter_rows()
                for c in row
                if str(getattr(c.value, "text", c.value)).startswith("=KPI_")
            )
        )
    assert counts[0] == counts[1] and counts[0] < 60


def test_never_overwrites_without_force(tmp_path):
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"precious")
    with pytest.raises(FileExistsError):
        build_dashboard(sample_data(), path)
    assert path.read_bytes() == b"precious"
    build_dashboard(sample_data(), path, force=True)
    assert openpyxl.load_workbook(path).sheetnames[1] == "Dashboard"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_text_from_data_stays_text(tmp_path):
    data = sample_data().head(40).copy()
    data.loc[0, "campaign"] = '=HYPERLINK("http://example.invalid","click me")'
    data.loc[1, "channel"] = "=1+1"
    path = build_dashboard(data, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path)["Campaigns"]
    column = {header.value: header.column for header in ws[1]}
    campaign, channel = ws.cell(2, column["Campaign"]), ws.cell(3, column["Channel"])
    assert campaign.data_type == "s" and campaign.value.startswith("=HYPERLINK")
    assert channel.data_type == "s" and channel.value == "=1+1"


def test_french_headers_and_synonyms(tmp_path):
    data = (
        sample_data()
        .head(30)
        .rename(
            columns={
                "date": "Jour",
                "channel": "Canal",
                "campaign": "Campagne",
                "clicks": "Clics",
                "cost": "Dépenses",
                "revenue": "CA",
                "new_customers": "Nouveaux clients",
            }
        )
    )
    path = build_dashboard(data, tmp_path / "fr.xlsx", lang="fr")
    ws = openpyxl.load_workbook(path)["Campagnes"]
    assert ws.tables["Campagnes"] is not None and "Portée" in [c.value for c in ws[1]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.drop(columns=["date"]), "no date column"),
        (lambda d: d.assign(clicks=d["clicks"].astype(object).where(d.index != 4, "lots")), "line 6, column 'clicks'"),
        (lambda d: d.assign(date=d["date"].astype(object).where(d.index != 2, "soon")), "line 4, column 'date'"),
        (lambda d: d.assign(cost=d["cost"].where(d.index != 0, -5)), "line 2, column 'cost': -5 is negative"),
    ],
)
def test_bad_data_is_one_clear_error(tmp_path, change, message):
    with pytest.raises(DataError, match=message):
        build_dashboard(change(sample_data().head(20)), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_optional_columns_leave_their_kpis_out(tmp_path):
    data = sample_data().head(60).drop(columns=["leads", "reach"])
    path = build_dashboard(data, tmp_path / "x.xlsx")
    labels = [c.value for c in openpyxl.load_workbook(path)["Dashboard"]["A"]]
    assert "Cost per lead" not in labels and "Click-through rate" in labels


def test_objective_presets(tmp_path):
    path = build_dashboard(sample_data(), tmp_path / "leads.xlsx", objective="leads")
    labels = [c.value for c in openpyxl.load_workbook(path)["Dashboard"]["A"][TILES_FIRST_ROW - 1 :][:7]]
    assert labels == [
        "Spend",
        "Revenue",
        "Click-through rate",
        "Cost per click",
        "Lead conversion rate",
        "Cost per lead",
        "Lead-to-customer rate",
    ]


def test_the_objective_is_named_in_the_language_of_the_dashboard(tmp_path):
    path = build_dashboard(sample_data(months=3), tmp_path / "ventes.xlsx", objective="conversion", lang="fr")
    sheet = openpyxl.load_workbook(path)["Tableau de bord"]
    assert "Objectif : Conversion et ventes" in [c.value for c in sheet["A"][:TILES_FIRST_ROW]]


def test_classic_workbooks_call_plain_names(tmp_path):
    """Classic xlwings (VBA wrappers named like the Python functions): plain KPI_* names, UDF Modules set."""
    path = kpixl.build_dashboard(sample_data(months=3), tmp_path / "c.xlsx", formulas="classic")
    dash = formulas(path, "Dashboard")
    assert any(f.startswith("=KPI_ROI(") for f in dash.values()) and "_xldudf_" not in "".join(dash.values())
    conf = values(path)["xlwings.conf"]
    assert conf[beside(conf, "UDF Modules")] == "kpixl.udfs"
    readme = " ".join(str(v) for v in values(path)["Read me"].values() if v)
    assert "Import Functions" in readme and ".xlsm" in readme
    assert not part(path, r"xl/webextensions/.*")  # no Lite code in a classic workbook


def test_tiles_are_judged_only_against_the_targets_of_their_channel(tmp_path):
    """Targets set for all channels say nothing of one channel: its tiles show a dash, the header says whose
    targets they are; targets set for the channel judge it."""
    data = sample_data()
    mine = build_dashboard(data, tmp_path / "s.xlsx", formulas="native", channel="Search", targets={"spend": 20_000})
    theirs = build_dashboard(
        data, tmp_path / "a.xlsx", formulas="native", channel="Search", targets={"spend": 20_000}, targets_for=""
    )
    judged, not_judged = values(mine)["Dashboard"], values(theirs)["Dashboard"]
    target, spend = tile_header_at("target"), tile_at(judged, "Spend", "status")
    assert (judged[target], judged[spend]) == ("Target", "Off target")  # Search spent 22,773 against 20,000
    assert (not_judged[target], not_judged[spend]) == ("Target (All)", "–")
    labels = [v for ref, v in not_judged.items() if ref[0] == "A" and ref[1:].isdigit() and 7 <= int(ref[1:]) < 18]
    assert {not_judged[tile_at(not_judged, label, "status")] for label in labels if label} == {"–"}
