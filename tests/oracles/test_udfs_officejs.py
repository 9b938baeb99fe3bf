"""The KPI_* functions through xlwings' Office.js dispatch (xlwings Lite and Server)."""

import datetime as dt
import math
import types

import pytest
import xlwings.server
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpixl
import kpixl.udfs
from kpixl.catalog import REQUIRED
from kpixl.excel.lite import main_py

from cases import CASES, END, START, STATUS_CASES, ZERO_SPAN_CASES
from officejs import call, error, error_cell, payload_arg

META = {f["name"]: f for f in xlwings.server.custom_functions_meta(kpixl.udfs)["functions"]}


def test_every_catalog_kpi_is_a_function_of_the_same_name():
    assert set(META) == {k.excel_name for k in kpixl.catalog().values()}


@pytest.mark.parametrize("kpi", list(kpixl.catalog().values()), ids=lambda k: k.name)
def test_function_and_parameter_help(kpi):
    meta = META[kpi.excel_name]
    assert meta["description"].startswith(kpi.label[0]) and len(meta["description"]) <= 255
    assert [p["name"] for p in meta["parameters"]] == [a.name for a in kpi.args]
    for param, arg in zip(meta["parameters"], kpi.args):
        assert param["description"].startswith(arg.doc[:40]) and "Positional argument" not in param["description"]
        assert len(param["description"]) <= 255
        assert param.get("optional", False) == (arg.default is not REQUIRED)


def test_lite_main_py_exposes_the_same_functions():
    module = types.ModuleType("main")
    exec(compile(main_py(), "main.py", "exec"), module.__dict__)
    names = {f["name"] for f in xlwings.server.custom_functions_meta(module)["functions"]}
    assert names == set(META)
    assert call("KPI_CTR", [[500]], [[10_000]], module=module) == [[0.05]]


def _expected_cell(expected):
    return error(expected) if isinstance(expected, str) else pytest.approx(expected, rel=1e-9, abs=1e-12)


def _arg(value):
    if isinstance(value, dt.date):
        return (value - dt.date(1899, 12, 30)).days  # Office.js sends dates as serial numbers
    if isinstance(value, list):
        return [_arg(v) for v in value]
    return value


@pytest.mark.parametrize(("name", "args", "expected"), CASES)
def test_hand_computed_case_through_office_js(name, args, expected):
    result = call(f"KPI_{name.upper()}", *(payload_arg(_arg(a)) for a in args))
    assert result == [[_expected_cell(expected)]]


def test_worked_examples_of_the_articles():
    assert call("KPI_CTR", [[500]], [[10_000]]) == [[0.05]]
    assert call("KPI_LTV", [[100]], [[0.5]], [[0.1]]) == [[500.0]]
    assert call("KPI_CPC", [[500]], [[200]]) == [[2.5]]


def test_ranges_spill_with_their_shape_and_a_cell_broadcasts():
    clicks = [[5, 10], [0, 4]]
    impressions = [[100, 0], [0, 8]]
    assert call("KPI_CTR", clicks, impressions) == [[0.05, error("Div0")], [error("Div0"), 0.5]]
    assert call("KPI_CPM", [[1], [2], [3]], [[1000]]) == [[1.0], [2.0], [3.0]]


def test_mismatched_shapes_give_value_error():
    assert call("KPI_CTR", [[1], [2], [3]], [[1], [2]]) == [[error("Value")]]
    assert call("KPI_CTR", [[1, 2]], [[1], [2]]) == [[error("Value")]]


def test_error_rules_cell_by_cell():
    clicks = [[1], ["ten"], [True], [None], [None], [error_cell("#REF!")], [-1], [3]]
    impressions = [[0], [10], [10], [None], [10], [10], [10], [error_cell("#N/A")]]
    assert call("KPI_CTR", clicks, impressions) == [
        [error("Div0")],
        [error("Value")],
        [error("Value")],
        [""],
        [0.0],
        [error("Ref")],
        [error("Num")],
        [error("NotAvailable")],
    ]


def test_all_blank_rows_stay_empty_even_when_the_formula_is_defined():
    assert call("KPI_GROSS_MARGIN", [[None], [5]], [[None], [2]]) == [[""], [3.0]]


def test_optional_arguments_take_their_defaults():
    assert call("KPI_LTV", [[100]], [[0.5]], [[0.1]], [[0.1]]) == [[pytest.approx(275.0)]]
    assert call("KPI_AB_PVALUE", [[100]], [[1000]], [[130]], [[1000]]) == [[pytest.approx(0.0354884504664747)]]
    assert call("KPI_CSAT", [[9], [10], [3]], [[10]]) == [[pytest.approx(2 / 3)]]


def test_blank_optional_cells_take_their_defaults():
    """Excel passes a blank cell for an optional argument the user pointed at: it means the default."""
    # tolerance blank: 0.1 applies, so 47.5 % done at 50 % elapsed is At risk (0 would say Off track)
    args = [[[0.0395]], [[0.05]], [[0.03]], [[START]], [[END]], [[START + 45]]]
    assert call("KPI_GOAL_STATUS", *args, [[None]]) == [["At risk"]]
    assert call("KPI_GOAL_STATUS", *args, [[0]]) == [["Off track"]]
    assert call("KPI_AB_PVALUE", [[100]], [[1000]], [[130]], [[1000]], [[None]]) == [
        [pytest.approx(0.0354884504664747)]
    ]
    assert call("KPI_AB_SAMPLE_SIZE", [[0.2]], [[0.25]], [[None]], [[None]]) == [[1094.0]]
    assert call(
        "KPI_SMART_CHECK", [["Grow"]], [["CPL"]], [[10]], [[12]], [[START]], [[END]], [["sales"]], [[None]]
    ) == [["OK"]]
    assert call("KPI_LTV", [[100], [100]], [[0.5], [0.5]], [[0.1], [0.1]], [[None], [0.1]]) == [
        [500.0],
        [pytest.approx(275.0)],
    ]


def test_blank_rows_stay_empty_with_optional_arguments():
    assert call("KPI_GOAL_PROGRESS", [[None], [8]], [[None], [10]]) == [[""], [0.8]]
    assert call("KPI_LTV", [[None], [100]], [[None], [0.5]], [[None], [0.1]]) == [[""], [500.0]]


def test_date_and_time_cells_are_numbers():
    assert call("KPI_AVG_SESSION_DURATION", [[0.25]], [[2]]) == [[0.125]]  # 6:00 as Office.js sends it


def test_negative_funnel_stage_and_bad_scale_are_num():
    assert call("KPI_FUNNEL", [[1000], [-1]]) == [[error("Num")] * 3] * 2
    assert call("KPI_CSAT", [[1], [2]], [[1]]) == [[error("Num")]]


def test_text_valued_functions():
    assert call(
        "KPI_GOAL_STATUS", [[0.04]], [[0.05]], [[0.03]], [[46023]], [[46113]], [[46068]], [[None]], [["fr"]]
    ) == [["En bonne voie"]]
    assert call("KPI_INFO", [["CTR"], ["CPC"]], [["label"]], [["fr"]]) == [["Taux de clic"], ["Coût par clic"]]
    assert call("KPI_BENCHMARK", [["KPI_OPEN_RATE"]], [["year"]]) == [[2019]]
    assert call("KPI_BENCHMARK", [["no such KPI"]]) == [[error("NotAvailable")]]
    assert call("KPI_AB_SIGNIFICANT", [[100]], [[1000]], [[130]], [[1000]]) == [[True]]
    assert call("KPI_SMART_CHECK", [["Grow leads"]], [["CPL"]], [[10]], [[12]], [[46023]], [[46113]], [["sales"]]) == [
        ["OK"]
    ]
    assert call("KPI_GOAL_REQUIRED_RATE", [[1]], [[2]], [[46113]], [[46023]], [["fortnight"]]) == [[error("Value")]]


def test_tables_spill():
    assert call("KPI_FUNNEL", [[1000], [100], [0]]) == [
        [1.0, 0.0, 1.0],
        [0.1, pytest.approx(0.9), 0.1],
        [0.0, 1.0, 0.0],
    ]
    rows = call("KPI_LIST", [["email"]])
    assert len(rows) == 5 and rows[0][:2] == ["KPI_OPEN_RATE", "Open rate"]
    assert len(call("KPI_LIST")) == len(kpixl.catalog())


def test_aggregates():
    assert call("KPI_NPS", [[10], [9], [None], [3]]) == [[pytest.approx(100 / 3)]]
    assert call("KPI_NPS", [[None], [None]]) == [[""]]
    assert call("KPI_NPS", [["n/a"], [9]]) == [[error("Value")]]
    assert call("KPI_NPS", [[error_cell("#N/A")], [9]]) == [[error("NotAvailable")]]


# ---------------------------------------------------------------- hostile payloads

hostile_cell = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=6),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e308, -1e308, 5e-324, 0, -0.0, ""]),
    st.sampled_from(["#DIV/0!", "#N/A", "=1/0", "CTR", "fr", "month"]).map(
        lambda s: error_cell(s) if s.startswith("#") else s
    ),
)


@st.composite
def hostile_call(draw):
    kpi = draw(st.sampled_from(list(kpixl.catalog().values())))
    args = []
    for _ in kpi.args[: draw(st.integers(0, len(kpi.args)))]:
        rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 3))
        args.append([[draw(hostile_cell) for _ in range(cols)] for _ in range(rows)])
    return kpi, args


def _walk(result):
    if isinstance(result, list):
        for item in result:
            yield from _walk(item)
    else:
        yield result


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_call())
def test_hostile_payloads_never_raise_and_never_return_inf_or_nan(case):
    kpi, args = case
    result = call(kpi.excel_name, *args)
    assert isinstance(result, list) and all(isinstance(row, list) for row in result)
    for cell in _walk(result):
        assert not (isinstance(cell, float) and (math.isinf(cell) or math.isnan(cell))), (kpi.name, args)
        assert not (isinstance(cell, str) and "Traceback" in cell)
        assert not (isinstance(cell, str) and cell.startswith("#")), "errors must be real error cells"


@pytest.mark.parametrize(("actual", "target", "baseline", "as_of", "status"), STATUS_CASES)
def test_goal_status_through_office_js(actual, target, baseline, as_of, status):
    args = [actual, target, baseline, START, END, as_of]
    assert call("KPI_GOAL_STATUS", *([[a]] for a in args)) == [[status]]


@pytest.mark.parametrize(("target", "baseline", "start", "deadline", "as_of", "expected"), ZERO_SPAN_CASES)
def test_goal_expected_through_office_js(target, baseline, start, deadline, as_of, expected):
    assert call("KPI_GOAL_EXPECTED", *([[a]] for a in (target, baseline, start, deadline, as_of))) == [[expected]]


def test_goal_functions_over_ranges_of_goals():
    got = call("KPI_GOAL_PROGRESS", [[35], [40], [None]], [[50], [20], [None]], [[20], [60], [None]])
    assert got == [[0.5], [0.5], [""]]
    status = call(
        "KPI_GOAL_STATUS",
        [[0.05], [0.03]],
        [[0.05], [0.05]],
        [[0.03], [0.03]],
        [[START]],
        [[END]],
        [[START + 10]],
        [[None]],
        [["fr"]],
    )
    assert status == [["Atteint"], ["En retard"]]
