"""How each source was read, said to the user: every decision, every column used or set aside and why.

``describe`` gives the lines ``kpixl inspect`` prints; ``brief`` what ``kpixl dashboard`` and ``refresh`` say
of each file: its source, what was set aside of its numbers, and the notes. In the user's language.
"""

from __future__ import annotations

from ..words import SUMMARY_WORDS, lang_code, plural
from .columns import BY_KEY
from .understand import Reading


def _what(r: Reading, w: dict[str, str]) -> str:
    """``Google Ads (an ad platform), account 123``; or a table of one's own."""
    kind = w[f"kind_{r.kind}"]
    text = f"{r.platform} ({kind})" if r.platform else kind
    if r.accounts:
        text += ", " + w["account"].format(accounts=", ".join(r.accounts))
    return text


def _span(r: Reading, w: dict[str, str], lang: str) -> str:
    rows = plural(lang, r.rows, w[f"grain_{r.grain}"])
    return w["span"].format(rows=rows, first=r.first, last=r.last)


def brief(r: Reading, lang: str) -> list[str]:
    """The lines a build says of one source."""
    lang = lang_code(lang)
    w = SUMMARY_WORDS[lang]
    used = ", ".join(BY_KEY[k].label_in(lang).lower() for k in r.metrics)
    lines = [w["read"].format(source=r.source, what=_what(r, w), span=_span(r, w, lang), used=used)]
    if r.skipped:
        lines.append("  " + w["skipped"].format(n=plural(lang, len(r.skipped), w["line"])))
    for header, reason in r.aside:
        if header in r.aside_numbers:  # every number kpixl leaves out is said; text columns in `kpixl inspect`
            lines.append("  " + w["aside"].format(header=header, reason=reason))
    lines += ["  " + note for note in r.notes]
    return lines


def describe(r: Reading, lang: str) -> list[str]:
    """The lines ``kpixl inspect`` prints of one source."""
    lang = lang_code(lang)
    w = SUMMARY_WORDS[lang]
    lines = [r.source, f"  {w['platform']:<14}{_what(r, w)}"]
    if r.delimiter:  # a text file (not a workbook, a DataFrame or a table summed in an engine)
        lines.append(f"  {w['encoding']:<14}{r.encoding}; {w['delimiter']} {r.delimiter!r}")
    if r.sheet:
        lines.append(f"  {w['sheet']:<14}{r.sheet}")
    line_word = w["line"].split("|")[0]
    lines.append(f"  {w['header']:<14}{line_word} {r.header_row}")
    lines += [f"  {w['skipped_line']:<14}{line_word} {line}: {text}" for line, text in r.skipped]
    lines += [f"  {w['column']:<14}{header!r} -> {key}" for header, key in r.mapping.items()]
    lines += [f"  {w['set_aside']:<14}{header!r}: {reason}" for header, reason in r.aside]
    if r.unused:
        lines.append(f"  {w['unknown']:<14}{', '.join(repr(u) for u in r.unused)}")
    lines += [f"  {w['numbers']:<14}{header!r}: {w['decimal']} {mark!r}" for header, mark in r.decimal.items()]
    if r.date_order:
        lines.append(f"  {w['dates']:<14}{r.date_order}")
    lines.append(f"  {w['channel']:<14}{w['channel_' + (r.channel_from or 'column')]}: {', '.join(r.channels)}")
    if r.currency:
        lines.append(f"  {w['currency']:<14}{r.currency}")
    lines.append(f"  {w['rows']:<14}{_span(r, w, lang)}")
    lines += [f"  {w['total']:<14}{key} = {total:,.2f}" for key, total in r.totals.items()]
    lines += [f"  {w['note']:<14}{note}" for note in r.notes]
    return lines
