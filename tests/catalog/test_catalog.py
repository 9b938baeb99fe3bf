"""The catalog is complete, consistent, and every worked example holds."""

import numpy as np
import pytest

import kpixl
from kpixl.api import expression
from kpixl.catalog import OBJECTIVES
from kpixl.docs import with_table
from kpixl.sheets.model import dashboard_kpis
from kpixl.words import CATEGORIES, DIRECTION_LABELS, UNIT_LABELS

from paths import README

CATALOG_NAMES = [
    "FREQUENCY",
    "TRAFFIC_SHARE",
    "POSITIVE_SENTIMENT",
    "NET_SENTIMENT",
    "PAGES_PER_SESSION",
    "AVG_SESSION_DURATION",
    "BOUNCE_RATE",
    "GROWTH_RATE",
    "CTR",
    "CPC",
    "CPM",
    "LEAD_CONVERSION_RATE",
    "CPL",
    "MQL_TO_SQL_RATE",
    "CONVERSION_RATE",
    "CPA",
    "CAC",
    "LEAD_TO_CUSTOMER_RATE",
    "ROI",
    "ROAS",
    "AOV",
    "MARKETING_REVENUE_SHARE",
    "SALES_CYCLE",
    "CHURN_RATE",
    "RETENTION_RATE",
    "LTV",
    "LTV_CAC",
    "CAC_PAYBACK",
    "PURCHASE_FREQUENCY",
    "NPS",
    "NPS_COUNTS",
    "CSAT",
    "AVG_POSITION",
    "CONTENT_CONVERSION_RATE",
    "OPEN_RATE",
    "CLICK_RATE",
    "CLICK_TO_OPEN_RATE",
    "UNSUBSCRIBE_RATE",
    "EMAIL_BOUNCE_RATE",
    "ENGAGEMENT_RATE",
    "GROSS_MARGIN",
    "GROSS_MARGIN_RATE",
    "PROFITABILITY",
    "BUDGET_PACE",
    "PROJECTED_SPEND",
    "REQUIRED_DAILY_SPEND",
    "GOAL_PROGRESS",
    "GOAL_EXPECTED",
    "GOAL_STATUS",
    "GOAL_REQUIRED_RATE",
    "SMART_CHECK",
    "AB_UPLIFT",
    "AB_PVALUE",
    "AB_SIGNIFICANT",
    "AB_SAMPLE_SIZE",
    "AB_SRM",
    "AB_UPLIFT_LOWER",
    "AB_UPLIFT_UPPER",
    "AB_DAYS_NEEDED",
    "AB_SEQUENTIAL_PVALUE",
    "FUNNEL",
    "BENCHMARK",
    "VS_BENCHMARK",
    "INFO",
    "LIST",
]
KPIS = list(kpixl.catalog().values())
EXAMPLES = [(k, ex) for k in KPIS for ex in k.examples]


def test_catalog_holds_exactly_the_kpis_of_the_spec():
    assert list(kpixl.catalog()) == CATALOG_NAMES


@pytest.mark.parametrize("kpi", KPIS, ids=lambda k: k.name)
def test_entry_is_complete(kpi):
    assert kpi.category in CATEGORIES and kpi.unit in UNIT_LABELS and kpi.direction in DIRECTION_LABELS
    assert all(kpi.label) and all(kpi.description) and kpi.formula
    assert kpi.label[0] != kpi.label[1] or kpi.label[0] in ("Net Promoter Score", "Finance")
    assert (kpi.expr is None) != (kpi.compute is None), "exactly one of expr and compute"
    for arg in kpi.args:
        assert arg.doc and len(arg.doc) <= 255, arg.name
    optional = [a.optional for a in kpi.args]
    assert optional == sorted(optional), "optional arguments come last"
    for b in kpi.benchmarks:
        assert b.source and np.isfinite(b.value)


@pytest.mark.parametrize("kpi", [k for k in KPIS if k.expr], ids=lambda k: k.name)
def test_formula_uses_exactly_the_arguments(kpi):
    assert set(expression(kpi).names) == {a.name for a in kpi.args}


@pytest.mark.parametrize(("kpi", "example"), EXAMPLES, ids=lambda v: getattr(v, "name", ""))
def test_worked_example(kpi, example):
    got = getattr(kpixl, kpi.snake_name)(*example.args)
    if hasattr(got, "to_numpy"):
        got = got.to_numpy()
    if isinstance(example.expected, (str, bool)) or example.expected is None:
        assert got == example.expected
    else:
        np.testing.assert_allclose(got, example.expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(
    ("kpi", "value"),
    [
        ("FREQUENCY", 3.0),
        ("CTR", 0.05),
        ("CPC", 2.5),
        ("LEAD_CONVERSION_RATE", 0.05),
        ("CPL", 10.0),
        ("CPA", 100.0),
        ("AOV", 50.0),
        ("CHURN_RATE", 0.05),
        ("LTV", 500.0),
        ("CONTENT_CONVERSION_RATE", 0.1),
        ("ROI", 0.5),
        ("RETENTION_RATE", 0.8),
        ("POSITIVE_SENTIMENT", 0.75),
        ("NET_SENTIMENT", 0.65),
    ],
)
def test_seed_values_of_the_articles(kpi, value):
    """The figures the source articles print, through the public API."""
    entry = kpixl.kpi(kpi)
    assert getattr(kpixl, entry.snake_name)(*entry.examples[0].args) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    "name",
    [
        "KPI_CTR",
        "kpi_ctr",
        "CTR",
        "ctr",
        "Click-through rate",
        "taux de clic",
        "TAUX DE CLIC",
        "Taux de Clic",
        "click through rate",
    ],
)
def test_lookup_by_any_name_ignores_case(name):
    assert kpixl.kpi(name).name == "CTR"


def test_lookup_french_label_with_accents_either_way():
    assert kpixl.kpi("Coût par lead").name == "CPL"
    assert kpixl.kpi("cout par lead").name == "CPL"
    assert kpixl.kpi("Taux d'attrition").name == "CHURN_RATE"


def test_unknown_kpi_is_a_clear_key_error():
    with pytest.raises(KeyError, match="kpixl list"):
        kpixl.kpi("likes per fortnight")
    assert kpixl.catalog().find("nope") is None


def test_category_filter():
    email = kpixl.catalog().in_category("E-mailing")
    assert [k.name for k in email] == [
        "OPEN_RATE",
        "CLICK_RATE",
        "CLICK_TO_OPEN_RATE",
        "UNSUBSCRIBE_RATE",
        "EMAIL_BOUNCE_RATE",
    ]


def test_published_benchmarks():
    c = kpixl.catalog()
    assert [b.value for b in c["CTR"].benchmarks] == [0.03, 0.0642]
    assert c["OPEN_RATE"].benchmark.value == 0.2133 and c["OPEN_RATE"].benchmark.year == 2019
    assert c["LTV_CAC"].benchmark.value == 3 and c["TRAFFIC_SHARE"].benchmark.value == 0.53
    assert c["MQL_TO_SQL_RATE"].benchmark.value == 0.13 and c["CAC_PAYBACK"].benchmark.value == 12


def test_readme_table_matches_the_catalog():
    readme = README.read_text(encoding="utf-8")
    assert readme == with_table(readme), "run: python -m kpixl.docs README.md"


def test_objectives_name_catalog_kpis_and_keep_to_seven():
    """One objectives table: every objective a catalog entry names is in it, and each shows 5 to 7 tiles."""
    named = {o for k in kpixl.catalog().values() if k.dashboard for o in k.dashboard.objectives}
    assert named == set(OBJECTIVES)
    for code, objective in OBJECTIVES.items():
        assert 4 <= len(objective.goals) <= 7
        assert all(n in kpixl.catalog() for n in objective.goals)
        assert 5 <= len(dashboard_kpis("tile", code)) <= 7
