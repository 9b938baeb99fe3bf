"""Independent KPI cases, computed by hand: (function, args, expected).

``expected`` is a number, or the Excel error the case must give (the Python API gives NaN).
"""

import datetime as dt

import xlsxwriter

import kpixl
from kpixl.catalog import CATALOG
from kpixl.excel.values import excel_call

DIV0, NUM, NA = "Div0", "Num", "NotAvailable"

CASES = [
    ("frequency", (900, 300), 3.0),
    ("frequency", (1, 0), DIV0),
    ("frequency", (-1, 5), NUM),
    ("traffic_share", (530, 1000), 0.53),
    ("traffic_share", (0, 0), DIV0),
    ("positive_sentiment", (30, 50, 20), 0.3),
    ("positive_sentiment", (0, 0, 0), DIV0),
    ("net_sentiment", (10, 0, 30), -0.5),
    ("net_sentiment", (1, -1, 1), NUM),
    ("pages_per_session", (4500, 1500), 3.0),
    ("avg_session_duration", (630, 3), 210.0),
    ("bounce_rate", (1, 4), 0.25),
    ("bounce_rate", (1, 0), DIV0),
    ("growth_rate", (90, 100), -0.1),
    ("growth_rate", (-50, -100), -0.5),
    ("growth_rate", (5, 0), DIV0),
    ("ctr", (3, 100), 0.03),
    ("ctr", (0, 0), DIV0),
    ("ctr", (-3, 100), NUM),
    ("ctr", (3, -100), NUM),
    ("cpc", (7.5, 3), 2.5),
    ("cpc", (10, 0), DIV0),
    ("cpm", (12, 4000), 3.0),
    ("lead_conversion_rate", (7, 350), 0.02),
    ("cpl", (250, 5), 50.0),
    ("mql_to_sql_rate", (26, 200), 0.13),
    ("conversion_rate", (1, 40), 0.025),
    ("cpa", (999, 9), 111.0),
    ("cac", (5000, 0), DIV0),
    ("lead_to_customer_rate", (3, 12), 0.25),
    ("roi", (8000, 10000), -0.2),
    ("roi", (0, 0), DIV0),
    ("roas", (4200, 1000), 4.2),
    ("aov", (150, 4), 37.5),
    ("marketing_revenue_share", (1, 8), 0.125),
    ("churn_rate", (3, 60), 0.05),
    ("retention_rate", (110, 30, 100), 0.8),
    ("retention_rate", (5, 1, 0), DIV0),
    ("ltv", (120, 0.25, 0.05), 600.0),
    ("ltv", (100, 0.5, 0.0), NUM),
    ("ltv", (100, 0.5, -0.1), NUM),
    ("ltv", (100, 1.5, 0.1), NUM),
    ("ltv", (100, 0.5, 0.2, 0.05), 100 * 0.5 * 1.05 / 0.25),
    ("ltv_cac", (900, 300), 3.0),
    ("cac_payback", (300, 50, 0.5), 12.0),
    ("cac_payback", (300, 50, 0), DIV0),
    ("purchase_frequency", (45, 30), 1.5),
    ("nps_counts", (6, 2, 2), 40.0),
    ("nps_counts", (0, 0, 0), DIV0),
    ("content_conversion_rate", (9, 300), 0.03),
    ("open_rate", (2133, 10000), 0.2133),
    ("click_rate", (262, 10000), 0.0262),
    ("click_to_open_rate", (20, 80), 0.25),
    ("unsubscribe_rate", (2, 1000), 0.002),
    ("email_bounce_rate", (15, 500), 0.03),
    ("engagement_rate", (120, 4000), 0.03),
    ("gross_margin", (500, 650), -150.0),
    ("gross_margin_rate", (500, 125), 0.75),
    ("gross_margin_rate", (0, 10), DIV0),
    ("profitability", (-20, 400), -0.05),
    ("goal_progress", (35, 50, 20), 0.5),
    ("goal_progress", (0.04, 0.04, 0.04), DIV0),
    ("goal_progress", (7, 10), 0.7),
    ("goal_expected", (50, 20, 46023, 46113, 46053), 30.0),
    ("goal_expected", (50, 20, 46113, 46023, 46053), NUM),
    ("goal_required_rate", (100, 160, 46113, 46053, "day"), 1.0),
    ("goal_required_rate", (100, 160, 46113, 46114, "day"), NUM),
    ("goal_required_rate", (100, 160, 46113, 46113, "day"), DIV0),
    ("ab_uplift", (50, 1000, 60, 1000), 0.2),
    ("ab_uplift", (0, 1000, 60, 1000), DIV0),
    ("ab_pvalue", (0, 1000, 0, 1000), DIV0),
    ("ab_pvalue", (10, 0, 10, 100), DIV0),
    ("ab_pvalue", (120, 100, 10, 100), NUM),
    ("ab_sample_size", (0.2, 0.0), DIV0),
    ("ab_sample_size", (0.6, 1.0), NUM),
    ("budget_pace", (9_000, 15_000, 15, 30), 1.2),
    ("budget_pace", (100, 0, 15, 30), DIV0),
    ("budget_pace", (100, 1000, 0, 30), DIV0),
    ("budget_pace", (-1, 1000, 5, 30), NUM),
    ("budget_pace", (100, 1000, 5, 0), NUM),  # a period has at least one day
    ("projected_spend", (100, 5, 0, 10), NUM),
    ("projected_spend", (9_000, 15, 30, 700), 19_500.0),
    ("projected_spend", (9_000, 30, 30, 700), 9_000.0),
    ("required_daily_spend", (15_000, 9_000, 15, 30), 400.0),
    ("required_daily_spend", (15_000, 16_000, 15, 30), -1000 / 15),
    ("required_daily_spend", (15_000, 9_000, 30, 30), DIV0),
    ("ab_srm", (5000, 5000), 1.0),
    ("ab_srm", (4000, 6000, 0.4), 1.0),
    ("ab_srm", (0, 0), DIV0),
    ("ab_srm", (10, 10, 1), NUM),
    ("ab_srm", (-1, 10), NUM),
    ("ab_uplift_lower", (100, 1000, 130, 1000, 0.95), 0.01698427097104549),
    (
        "ab_uplift_upper",
        (100, 1000, 130, 1000, 0.5),
        1.3 * 2.718281828459045 ** (0.6744897501960817 * 0.0156923076923077**0.5) - 1,
    ),
    ("ab_uplift_lower", (0, 1000, 130, 1000), DIV0),
    ("ab_uplift_upper", (100, 1000, 130, 1000, 1), NUM),
    ("ab_uplift_lower", (1100, 1000, 130, 1000), NUM),
    ("ab_days_needed", (2400, 2380, 10, 7000), 20.0),
    ("ab_days_needed", (8000, 9000, 10, 7000), 0.0),
    ("ab_days_needed", (0, 100, 10, 7000), DIV0),
    ("ab_days_needed", (100, 100, 0, 7000), NUM),
    ("ab_sequential_pvalue", (100, 1000, 100, 1000), 1.0),
    ("ab_sequential_pvalue", (1000, 10000, 1300, 10000), 1.2485577318143045e-08),  # -1*x^2 in Excel
    ("ab_sequential_pvalue", (520, 5200, 600, 5150, 0.2), 0.12502090109363956),
    ("ab_sequential_pvalue", (0, 1000, 1000, 1000), DIV0),
    ("ab_sequential_pvalue", (10, 100, 10, 100, 0), NUM),
    ("ab_sequential_pvalue", (10, 0, 10, 100), DIV0),
    ("nps", ([9, 10, 7, 3],), 25.0),
    ("nps", ([11, 9],), NUM),
    ("csat", ([1, 2, 3],), 0.0),
    ("csat", ([4, 5, 6],), NUM),
    ("csat", ([9, 10, 2, 8], 10), 0.5),
    ("avg_position", ([2, 4], [1, 3]), 3.5),
    ("avg_position", ([2, 4], [0, 0]), DIV0),
    ("avg_position", ([0.5],), NUM),
    ("sales_cycle", ([dt.date(2026, 1, 1), dt.date(2026, 2, 1)], [dt.date(2026, 1, 31), None]), 30.0),
    ("sales_cycle", ([10, 20], [5, 30]), NUM),
    ("sales_cycle", ([10, 20], [None, None]), DIV0),
    ("vs_benchmark", (0.04266, "open rate"), 0.04266 / 0.2133),
    ("vs_benchmark", (6, "CAC_PAYBACK"), 2.0),
    ("vs_benchmark", (0.5, "ROI"), NA),
    ("vs_benchmark", (0, "CPC"), DIV0),
]

START, END = 46023.0, 46113.0  # a 90-day quarter

STATUS_CASES = [  # actual, target, baseline, as of, status
    (0.05, 0.05, 0.03, START + 10, "Achieved"),  # achieved early
    (0.06, 0.05, 0.03, END + 30, "Achieved"),  # achieved, even past the deadline
    (0.04, 0.05, 0.03, END + 1, "Missed"),
    (0.03, 0.05, 0.03, START - 1, "Not started"),
    (0.04, 0.05, 0.03, START + 45, "On track"),  # half way at half time
    (0.0395, 0.05, 0.03, START + 45, "At risk"),  # 47.5 % done at 50 %
    (0.035, 0.05, 0.03, START + 54, "Off track"),  # 25 % done at 60 %
    (40, 20, 60, START + 45, "On track"),  # lower is better: 60 -> 20, now 40
    (50, 20, 60, START + 45, "Off track"),
    (20, 20, 60, START + 1, "Achieved"),
]
ZERO_SPAN_CASES = [  # target, baseline, start, deadline, as of, expected value today
    (50, 20, START, START, START - 1, 20.0),  # a one-day goal, the day before
    (50, 20, START, START, START, 50.0),  # ...and on the day
    (50, 20, START, END, END + 99, 50.0),  # past the deadline: the target
]


class InCell(str):
    """An option written into a worksheet cell and referenced, rather than typed into the formula."""


# Cells a worksheet really holds: text, TRUE/FALSE, blanks (None) and error cells ("#N/A").
# The expected answer is what KPI_* returns; the native formulas must give the same.
CELL_CASES = [
    ("ctr", ("5", 10)),
    ("ctr", (True, 10)),
    ("ctr", (None, None)),
    ("ctr", (None, 10)),
    ("ctr", ("#N/A", 10)),
    ("ctr", (3, "#N/A")),
    ("ltv", (100, "x", 0.1)),
    ("gross_margin", (None, None)),
    ("profitability", (None, 100)),
    ("roi", (150, True)),
    ("nps", ([9, "n/a", 10],)),
    ("nps", ([9, "#N/A"],)),
    ("nps", ([None, None],)),
    ("nps", ([9, None, 3],)),
    ("csat", ([5, "x"],)),  # no TRUE inside ranges: LibreOffice stores it as 1
    ("avg_position", ([1, None, 3], [100, 50, 100])),
    ("avg_position", ([1, 2], [100, -1])),
    ("avg_position", ([None, None], [5, 5])),
    ("ab_pvalue", (100, 1000, 130, 1000, 3)),
    ("ab_pvalue", (100, 1000, 130, 1000, 1)),
    ("sales_cycle", ([None, None], [None, None])),
    ("goal_expected", (50, 20, None, 46113, 46053)),
    ("goal_status", (0.04, 0.05, 0.03, 46023, None, 46050)),
    ("goal_required_rate", (1, 2, None, 46000)),
    ("goal_status", (0.04, 0.05, 0.03, 46023, 46113, 46050)),
    ("goal_status", (0.04, 0.05, 0.03, 46023, 46113, 46050, 0.1, InCell("fr "))),
    ("goal_status", (0.04, 0.05, 0.03, 46023, 46113, 46050, 0.1, InCell("Français"))),
    ("goal_status", (0.04, 0.05, 0.03, 46023, 46113, 46050, 0.1, InCell("de"))),
    ("goal_status", (0.04, 0.05, 0.03, 46023, 46113, 46050, 0.1, InCell(""))),
    ("goal_status", (0.04, 0.05, 0.03, 46023, 46113, 46050, 0.1, "de")),
    ("goal_status", (0.04, 0.05, 0.03, 46023, 46113, 46050, -0.1)),
    ("goal_required_rate", (1, 2, 46113, 46000, InCell("Week "))),
    ("goal_required_rate", (1, 2, 46113, 46000, InCell(""))),
]


def _excel_value(v):
    if isinstance(v, dt.date):
        return (v - dt.date(1899, 12, 30)).days
    return v


def _write_cell(ws, row, col, v):
    """A worksheet cell holding ``v``: a number, text, TRUE/FALSE, an error cell, or nothing."""
    if v is None:
        return
    if v == "#N/A":
        ws.write_formula(row, col, "=NA()", None, "#N/A")
    elif isinstance(v, bool):
        ws.write_boolean(row, col, v)
    elif isinstance(v, str):
        ws.write_string(row, col, v)
    else:
        ws.write_number(row, col, _excel_value(v))


def write_catalog_cases(path, formula, workbook=xlsxwriter.Workbook):
    """One row per independent case and catalog example: inputs, then ``formula(kpi, refs)`` (the KPI's native
    formula, or its call); returns the expected answers by row (what ``KPI_*`` returns)."""
    wb = workbook(str(path))
    ws = wb.add_worksheet("Cases")
    expected = {}
    row = 0
    examples = [(k.name, tuple(e.args)) for k in CATALOG.values() for e in k.examples]
    for name, args in [(name, args) for name, args, _ in CASES] + CELL_CASES + examples:
        kpi = kpixl.kpi(name)
        refs, cells = {}, []
        for i, (arg, value) in enumerate(zip(kpi.args, args)):
            col = 1 + i * 8
            if isinstance(value, list):  # a range, down the column
                for j, v in enumerate(value):
                    _write_cell(ws, row + j, col, v)
                refs[arg.name] = xlsxwriter.utility.xl_range(row, col, row + max(len(value), 1) - 1, col)
                cells.append([[_excel_value(v)] for v in value])
            elif isinstance(value, InCell):  # an option in a cell
                _write_cell(ws, row, col, str(value) or None)
                refs[arg.name] = xlsxwriter.utility.xl_rowcol_to_cell(row, col)
                cells.append(str(value) or None)
            elif isinstance(value, str) and arg.kind == "option":
                refs[arg.name] = f'"{value}"'
                cells.append(value)
            else:
                _write_cell(ws, row, col, value)
                refs[arg.name] = xlsxwriter.utility.xl_rowcol_to_cell(row, col)
                cells.append(_excel_value(value))
        text = formula(kpi, refs)
        if text is not None:
            ws.write_formula(row, 0, "=" + text)
            expected[row] = (name, args, excel_call(kpi, tuple(cells)))
        row += max([len(a) for a in args if isinstance(a, list)] + [1]) + 1
    wb.close()
    return expected
