"""The A/B tests and Benchmarks sheets, and the dashboard's forecast and correlation."""

import math
import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest
from scipy.stats import chisquare
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

import kpixl
from kpixl.data.sample import sample_data
from kpixl.sheets import abtests
from kpixl.words import AB_HEADERS

from cells import below, rows_by_name, under
from xlsxcheck import formulas, values

warnings.filterwarnings("ignore", message="Sparkline Group extension", category=UserWarning)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return kpixl.build_dashboard(sample_data(), tmp_path_factory.mktemp("ab") / "d.xlsx")


def test_ab_tests_match_statsmodels_and_the_sample_size_formula(book):
    assert len(abtests.COLUMNS) == len(AB_HEADERS["en"]) == len(AB_HEADERS["fr"])  # a name per column
    rows = rows_by_name(openpyxl.load_workbook(book, data_only=True)["AB tests"], abtests, 5)
    verdicts = []
    for row in rows:
        name, n_a, c_a, n_b, c_b, rate_a, rate_b, uplift, p, significant, effect, size, still = (
            row[c] for c in abtests.COLUMNS[:13]
        )
        days, days_needed, srm, low, high, sequential, verdict = (row[c] for c in abtests.COLUMNS[13:])
        assert name and rate_a == pytest.approx(c_a / n_a) and rate_b == pytest.approx(c_b / n_b)
        assert p == pytest.approx(proportions_ztest([c_b, c_a], [n_b, n_a])[1], abs=1e-9)
        assert significant == (p < 0.05)
        assert uplift == pytest.approx((c_b / n_b) / (c_a / n_a) - 1)
        assert size == kpixl.ab_sample_size(c_a / n_a, effect) and still == max(0, size - min(n_a, n_b))
        assert days_needed == max(0, math.ceil(max((size - n) / (n / days) for n in (n_a, n_b))))
        total = n_a + n_b
        assert srm == pytest.approx(chisquare([n_a, n_b], [total / 2, total / 2]).pvalue)
        ci = confint_proportions_2indep(c_b, n_b, c_a, n_a, compare="ratio", method="log")
        assert (low, high) == pytest.approx((ci[0] - 1, ci[1] - 1))
        assert sequential == pytest.approx(kpixl.ab_sequential_pvalue(c_a, n_a, c_b, n_b, effect))
        verdicts.append(verdict)
    assert rows[0]["significant"] is True and rows[2]["significant"] is False
    assert verdicts[0].startswith("Significant only if you stop now")  # significant, but half the sample
    assert verdicts[1] == f"Keep running: about {rows[1]['days_left']:g} more days"
    assert verdicts[3] == "B wins"
    assert verdicts[4].startswith("Split broken")  # 10 000 against 10 500 on a 50/50 split


def test_ab_tests_formulas_and_empty_rows(book):
    f, shown = formulas(book, "AB tests"), values(book)["AB tests"]
    at = {header: under(shown, header, 0, header_row=abtests.FIRST_ROW) for header in AB_HEADERS["en"]}
    n_a, c_a, n_b, c_b = (at[h] for h in ("Visitors A", "Conversions A", "Visitors B", "Conversions B"))
    assert f[at["p-value"]] == f'=IF({n_a}="","",_xldudf_KPI_AB_PVALUE({c_a},{n_a},{c_b},{n_b}))'
    needed = f'=IF({n_a}="","",_xldudf_KPI_AB_SAMPLE_SIZE({at["Rate A"]},{at["Smallest effect to detect"]}))'
    assert f[at["Visitors needed per variant"]] == needed
    examples = len(abtests.EXAMPLES)
    row = [c.value for c in openpyxl.load_workbook(book, data_only=True)["AB tests"][abtests.FIRST_ROW + 1 + examples]]
    assert all(v in (None, "") for v in row)


def test_benchmarks_sheet_lists_every_benchmark(book):
    ws = openpyxl.load_workbook(book, data_only=True)["Benchmarks"]
    listed = [row for row in zip(below(ws, "Excel function"), below(ws, "Benchmark"), below(ws, "Year")) if row[0]]
    expected = [(k.excel_name, b.value, b.year) for k in kpixl.catalog().values() for b in k.benchmarks]
    assert listed == expected and ("KPI_CTR", 0.0642, 2024) in listed


def test_forecast_and_correlation_use_excel_functions(book):
    f = formulas(book, "Dashboard")
    cached = values(book)["Dashboard"]
    cells = {cached[f"A{r}"]: (f.get(f"B{r}"), cached[f"B{r}"]) for r in range(1, 60) if cached.get(f"A{r}")}
    revenue_formula, revenue = cells["Revenue: next month (linear trend)"]
    assert revenue_formula.startswith("=IF(COUNT(") and ',"–",FORECAST(19,' in revenue_formula  # a dash before 3
    data = sample_data()
    monthly = data.groupby(pd.to_datetime(data["date"]).dt.to_period("M"))[["revenue", "leads", "cost"]].sum()
    x = np.arange(1, len(monthly) + 1)
    slope, intercept = np.polyfit(x, monthly["revenue"], 1)
    assert revenue == pytest.approx(intercept + slope * (len(x) + 1), rel=1e-9)
    correl_formula, correl = cells["Correlation of spend and revenue, month by month"]
    assert "IFERROR(CORREL(" in correl_formula
    assert correl == pytest.approx(np.corrcoef(monthly["cost"], monthly["revenue"])[0, 1], rel=1e-9)
    assert "Leads: next month (linear trend)" in cells
