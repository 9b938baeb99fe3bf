"""The Budgets sheet (each channel's budget for each period, blue cells) and the Dashboard's pacing of the
selected period against it."""

from __future__ import annotations

from ..catalog import CATALOG
from ..catalog.native_templates import excel_text, no_wildcards
from ..excel.values import excel_call
from .layout import BUDGETS_FIRST_ROW, PERIOD_AT, Layout
from .model import Model
from .rules import pace_status, pace_status_formula
from .writer import Host, Sheet, cell, page_setup, plain, span


def write_budgets(s: Sheet, m: Model, f: dict) -> None:
    """One row per channel, one column per period: the budgets the Dashboard paces (blue cells)."""
    s.write_string(0, 0, m.t("sheet_budgets"), f["title"])
    s.write_string(1, 0, m.t("budgets_note"), f["muted"])
    s.set_column(0, 0, 24)
    s.set_column(1, len(m.period_keys), 11)
    s.write_row(BUDGETS_FIRST_ROW - 1, 0, [m.t("channel"), *map(m.period_label, m.period_keys)], f["head"])
    for i, name in enumerate(m.channels):
        r = BUDGETS_FIRST_ROW + i
        s.write_string(r, 0, name, f["bold"])
        for j, key in enumerate(m.period_keys):
            typed = m.budget_formulas.get((name, key))
            if typed:  # the user's formula stays a formula
                s.write_formula(r, 1 + j, typed, f["input_money"], plain(m.budgets.get((name, key))))
            else:
                s.write(r, 1 + j, m.budgets.get((name, key)), f["input_money"])
    s.freeze_panes(BUDGETS_FIRST_ROW, 1)
    page_setup(s.ws, BUDGETS_FIRST_ROW)


def write_pacing(s: Sheet, m: Model, host: Host, lay: Layout, f: dict) -> None:
    """Each channel's budget for the selected period against its spend to date, projected spend and
    what is needed per day to use it, with a status: native formulas and KPI_* functions."""
    calc, budgets = lay.names["calc"], lay.names["budgets"]
    r0, n, k = lay.pacing_row, len(m.period_keys), len(m.channels)
    days, elapsed = m.period_days()
    note = m.t("data_to").format(date=f"{m.last_date:%Y-%m-%d}", elapsed=elapsed, days=days)
    s.write_string(r0 - 1, 0, m.t("pacing"), f["h2"])
    fields = {"date": f'TEXT({lay.last_date},"yyyy-mm-dd")', "elapsed": lay.elapsed, "days": lay.days}
    s.write_formula(r0 - 1, 2, "=" + excel_text(m.t("data_to"), fields), f["muted"], note)
    head = ("channel", "budget", "spend_to_date", "expected_to_date", "pace", "projected", "per_day", "status")
    s.write_row(r0, 0, [m.t(h) for h in head], f["head"])
    s.set_row(r0, 30)
    table = span(BUDGETS_FIRST_ROW, 1, BUDGETS_FIRST_ROW + k - 1, n, budgets)
    rows = span(BUDGETS_FIRST_ROW, 0, BUDGETS_FIRST_ROW + k - 1, 0, budgets)
    columns = span(BUDGETS_FIRST_ROW - 1, 1, BUDGETS_FIRST_ROW - 1, n, budgets)
    words = {w: m.t(w) for w in ("on_pace", "ahead", "behind", "over_budget", "under_budget")}
    for i, name in enumerate(m.channels):
        r = r0 + 1 + i
        A, B, C, F = (cell(r, c, absolute=False) for c in (0, 1, 2, 5))
        budget = m.budgets.get((name, m.key))
        spend = float(m.by_channel.at[name, "cost"])
        recent = cell(lay.channels_row + 1 + i, lay.recent_col, calc)
        s.write_formula(r, 0, f"={cell(lay.channels_row + 1 + i, 0, calc)}", f["bold"], name)
        found = f"INDEX({table},MATCH({no_wildcards(A)},{rows},0),MATCH({cell(*PERIOD_AT)},{columns},0))"
        s.write_formula(r, 1, f'=IFERROR(IF({found}="","",{found}),"")', f["money"], plain(budget))
        s.write_formula(r, 2, f"={cell(lay.channels_row + 1 + i, lay.channel_col['cost'], calc)}", f["money"], spend)
        expected = None if budget is None else budget * elapsed / days
        s.write_formula(r, 3, f'=IF({B}="","",{B}*{lay.elapsed}/{lay.days})', f["money"], plain(expected))
        host.write_one(
            s,
            r,
            4,
            "BUDGET_PACE",
            [C, B, lay.elapsed, lay.days],
            [spend, budget, elapsed, days],
            f["ratio"],
            guard=B,
            blank=budget is None,
        )
        projected = host.write_one(
            s,
            r,
            5,
            "PROJECTED_SPEND",
            [C, lay.elapsed, lay.days, recent],
            [spend, elapsed, days, m.recent[name]],
            f["money"],
            guard=B,
            blank=budget is None,
        )
        kpi = CATALOG["REQUIRED_DAILY_SPEND"]
        call = host.text(kpi, [B, C, lay.elapsed, lay.days])[1:]
        needed = None if budget is None or elapsed >= days else excel_call(kpi, (budget, spend, elapsed, days))
        s.write_formula(r, 6, f'=IF(OR({B}="",{lay.elapsed}>={lay.days}),"",{call})', f["money"], plain(needed))
        s.write_formula(r, 7, "=" + pace_status_formula(F, B, words), None, pace_status(projected, budget, words))
    last = r0 + k
    for word, color in (
        ("on_pace", "green"),
        ("ahead", "amber"),
        ("behind", "amber"),
        ("over_budget", "red"),
        ("under_budget", "red"),
    ):
        s.conditional_format(
            r0 + 1, 7, last, 7, {"type": "cell", "criteria": "==", "value": f'"{words[word]}"', "format": f[color]}
        )
