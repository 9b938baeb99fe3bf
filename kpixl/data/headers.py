"""Which column is what: a file's headers mapped to kpixl's columns, as its platform means them.

A platform's own names win over the generic ones (GA4's ``Views`` are page views); where a platform's file
holds two columns for one figure, its own order of preference decides (Meta's ``Link clicks`` are the
clicks, ``Clicks (all)`` stay a metric of their own; LinkedIn's ``Clicks to Landing Page`` are the clicks
and its ``Clicks`` all clicks); the finest time column gives the dates (``Reporting starts`` over ``Month``).
Every column is used, set aside with its reason, or, when its name is one or two letters off a known one,
refused with the name it may mean. ``--column 'HEADER=KEY'`` maps a header by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .columns import BY_KEY
from .distinct import holds_text
from .platforms import Platform
from .vocabulary import bare, closest, vocabulary

TIME_ORDER = ("date_hour", "date", "week", "month")  # the finest time column gives the rows' dates
DEMOTED = {"clicks": "clicks_all"}  # a second clicks column of a platform: its all clicks
SAID_ASIDE = {  # names set aside for a reason of their own
    "results": "results",
    "resultats": "results",
    "resultados": "results",
    "ergebnisse": "results",
    "risultati": "results",
    "resultaten": "results",
}
_NUMBERISH = re.compile(r"^[-+(]?\s*[^\d\s]{0,4}\s*[\d][\d\s.,'’\u00a0\u202f]*\s*[^\d\s]{0,4}\s*%?\)?$")


@dataclass
class Headers:
    """How a table's headers were understood."""

    used: dict[str, str] = field(default_factory=dict)  # header -> kpixl column
    aside: list[tuple[str, str, str]] = field(default_factory=list)  # (header, reason key, the header used instead)
    unknown: list[str] = field(default_factory=list)  # text columns kpixl does not know
    problems: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (message key, fields)

    def header(self, key: str) -> str | None:
        return next((h for h, k in self.used.items() if k == key), None)


def holds_numbers(column: pd.Series) -> bool:
    """True when most of the first 200 filled cells of a column read as numbers."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return True
    if not holds_text(column):
        return False
    sample = [v for v in column.head(2000) if isinstance(v, (str, int, float)) and str(v).strip()][:200]
    if not sample:
        return False
    hits = sum(isinstance(v, (int, float)) or bool(_NUMBERISH.match(str(v).strip())) for v in sample)
    return hits >= 0.8 * len(sample)


def map_headers(raw: pd.DataFrame, platform: Platform | None, forced: dict[str, str]) -> Headers:
    """Each header of ``raw`` used, set aside or unknown; ``forced``: {bare header: column or "-"}."""
    words = vocabulary()
    own = words.own.get(platform.name, {}) if platform else {}
    rank = {name: i for i, name in enumerate(own)}
    out = Headers()
    candidates: dict[str, list[tuple[int, str]]] = {}  # key -> [(preference, header)]
    for h in (str(c) for c in raw.columns):
        b = bare(h)
        if b in forced:
            if forced[b] == "-":
                out.aside.append((h, "by_option", ""))
            else:
                candidates.setdefault(forced[b], []).append((-1, h))
            continue
        key = own.get(b) or words.generic.get(b)
        if key is None:
            _unknown(out, raw[h], h, own, words.generic)
        elif BY_KEY[key].role == "ambiguous":
            out.problems.append(("views", {"column": h}))
        elif BY_KEY[key].role == "aside":
            reason = SAID_ASIDE.get(b, "number" if holds_numbers(raw[h]) else "text")
            out.aside.append((h, reason, ""))
        else:
            candidates.setdefault(key, []).append((rank.get(b, len(rank)) if b in own else len(rank) + 1, h))
    times = [k for k in TIME_ORDER if k in candidates]
    finest = min(candidates[times[0]])[1] if times else ""
    for k in times[1:]:  # a coarser time column: the rows' dates come from the finest
        out.aside += [(h, "coarser_time", finest) for _, h in candidates.pop(k)]
    if "date_end" in candidates and times[:1] != ["date"]:
        out.aside += [(h, "coarser_time", finest) for _, h in candidates.pop("date_end")]
    for key, found in list(candidates.items()):
        found.sort()
        if len(found) > 1 and found[0][0] == found[1][0]:  # nothing tells which: the user says
            names = [h for _, h in found]
            out.problems.append(("twice", {"first": names[0], "second": names[1], "meaning": key}))
            continue
        out.used[found[0][1]] = key
        for _, h in found[1:]:
            demoted = DEMOTED.get(key)
            if demoted and demoted not in candidates and demoted not in out.used.values():
                out.used[h] = demoted
            else:
                out.aside.append((h, "second", found[0][1]))
    out.used = {str(h): out.used[str(h)] for h in raw.columns if str(h) in out.used}  # in the file's order
    return out


def _unknown(out: Headers, column: pd.Series, header: str, own: dict[str, str], generic: dict[str, str]) -> None:
    """A header the vocabulary does not know: a misspelling of a known one, a number nobody asked for, or text."""
    if not header.strip() or header.startswith("column "):
        if holds_numbers(column):
            out.aside.append((header, "unknown_number", ""))
        return
    if not holds_numbers(column):
        out.unknown.append(header)
        return
    metric_names = {n: k for n, k in (generic | own).items() if BY_KEY[k].kind in ("count", "money")}
    near = closest(header, metric_names)
    if near:
        out.problems.append(("did_you_mean", {"column": header, "key": near}))
    else:
        out.aside.append((header, "unknown_number", ""))
