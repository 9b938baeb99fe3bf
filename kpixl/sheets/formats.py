"""The cell formats of kpixl's workbooks: each unit's number format (money in the data's currency), the
styles (inputs, traffic lights, notes), and their combinations by name (``input_money``, ``green_percent``)."""

from __future__ import annotations

from typing import Any

NUMBER_FORMATS = {
    "percent": "#,##0.0%",
    "money": "#,##0.00",
    "ratio": "0.00",
    "count": "#,##0",
    "days": "0.0",
    "months": "0.0",
    "score": "0.0",
    "time": "0.0",
    "rank": "0.0",
    "value": "#,##0.00",
}
DASH = "–"  # what a cell shows where the data has nothing to say (no previous period, no cost)
BLUE, GREEN, AMBER, RED, GREY = "#DDEBF7", "#C6EFCE", "#FFEB9C", "#FFC7CE", "#F2F2F2"


INPUT = {"bg_color": BLUE, "border": 1, "border_color": "#9BC2E6"}
STYLES: dict[str, dict[str, Any]] = {  # the parts a format's name is made of: "input_money", "green_percent"
    "input": INPUT,
    "big": {"bold": True, "font_size": 13},
    "bold": {"bold": True},
    "green": {"bg_color": GREEN, "font_color": "#006100"},
    "amber": {"bg_color": AMBER, "font_color": "#9C5700"},
    "red": {"bg_color": RED, "font_color": "#9C0006"},
    "grey": {"bg_color": GREY},
    "muted": {"font_color": "#808080", "italic": True},
    "wrap": {"text_wrap": True, "valign": "top"},
    "middle": {"valign": "vcenter"},
}
_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "KRW": "₩", "BRL": "R$",
          "TRY": "₺", "ILS": "₪", "VND": "₫", "THB": "฿", "RUB": "₽", "PLN": "zł"}  # fmt: skip
_NO_CENTS = {"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "IDR", "COP", "PYG", "UGX"}


def money_format(currency: str = "", lang: str = "en") -> str:
    """The number format of money in ``currency`` (a code, or a sign such as ``$``): ``"€"#,##0.00`` in English,
    ``#,##0.00 "€"`` in French (Excel shows each in the reader's own separators); no currency, no sign."""
    amount = "#,##0" if currency in _NO_CENTS else "#,##0.00"
    sign = _SIGNS.get(currency, currency).replace('"', "")
    if not sign:
        return amount
    if lang == "en" and not sign.isalpha():  # $12.50, €12.50; 12.50 CHF, 12.50 kr
        return f'"{sign}"{amount}'
    return f'{amount} "{sign}"'


class Formats(dict):
    """The cell formats of one workbook, by name: a unit (``money``), a style (``input``), or styles then a unit
    joined by ``_`` (``input_money``, ``green_percent``, ``big_count``), each made the first time it is asked for."""

    def __init__(self, wb: Any, currency: str = "", lang: str = "en"):
        super().__init__()
        self.wb = wb
        self.units = dict(NUMBER_FORMATS, money=money_format(currency, lang))

    def __missing__(self, name: str) -> Any:
        *styles, last = name.split("_")
        props: dict[str, Any] = {}
        for part in (*styles, last) if last not in self.units else styles:
            if part not in STYLES:
                raise KeyError(name)
            props |= STYLES[part]
        if last in self.units:
            props["num_format"] = self.units[last]
        self[name] = made = self.wb.add_format(props)
        return made


def formats(wb: Any, currency: str = "", lang: str = "en") -> Formats:
    """The cell formats every kpixl sheet uses (units in the data's currency, inputs, traffic lights...)."""
    f = Formats(wb, currency, lang)
    named = {
        "title": {"bold": True, "font_size": 18, "font_color": "#1F3864"},
        "h2": {"bold": True, "font_size": 13, "font_color": "#1F3864"},
        "head": {"bold": True, "bg_color": "#1F3864", "font_color": "white", "text_wrap": True, "valign": "vcenter"},
        "date": {"num_format": "yyyy-mm-dd"},
        "input_date": {"num_format": "yyyy-mm-dd", **INPUT},
        "input_wrap": {"text_wrap": True, "valign": "top", **INPUT},
        "key": {"num_format": "0"},
        "period_month": {"num_format": "0000-00"},  # the key 202506 shows as 2025-06
        "period_quarter": {"num_format": '0000"-Q"0'},  # 20252 as 2025-Q2
        "period_week": {"num_format": "0000-00-00"},  # 20250602 as 2025-06-02, the week's Monday
        "change": {"num_format": "▲ #,##0.0%;▼ #,##0.0%;0.0%"},
        "pvalue": {"num_format": "0.0000"},
        "good": {"font_color": "#006100"},
        "bad": {"font_color": "#9C0006"},
        "note": {"font_color": "#808080", "italic": True, "text_wrap": True, "valign": "top"},
        "amber_text": {"font_color": "#9C5700", "bold": True},
        "bold_wrap": {"bold": True, "text_wrap": True, "valign": "top"},
        "bold_middle_wrap": {"bold": True, "text_wrap": True, "valign": "vcenter"},
        # TRUE/FALSE as words: LibreOffice prints them so (Excel shows TRUE/FALSE whatever the format). A
        # format other than General on such a cell also keeps LibreOffice 7.4's PDF export from crashing.
        "yes_no_en": {"bold": True, "num_format": '"Yes";"Yes";"No"'},
        "yes_no_fr": {"bold": True, "num_format": '"Oui";"Oui";"Non"'},
    }
    for name, props in named.items():
        f[name] = wb.add_format(props)
    return f


def note(s: Any, row: int, first: int, last: int, text: str, f: dict, width: float) -> None:
    """A note over columns ``first`` to ``last`` (``width`` characters in all), wrapped in as many lines as it
    needs, so that it never runs past the table on screen or on paper."""
    lines = max(1, -(-len(text) // max(int(width * 1.15), 1)))  # italic Calibri: some 1.15 letters a character
    s.merge_range(row, first, row, last, text, f["note"])
    if lines > 1:
        s.set_row(row, 15 * lines)
