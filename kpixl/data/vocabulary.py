"""The names platforms give their columns, in seven languages: the header vocabulary, kept as data.

``vocabulary.csv`` has one row per name: the kpixl column it means, the platform that writes it ("" for a
name any file may use), the language, the header as written, and whether that name alone tells the
platform. A platform's own names win over the generic ones in its files: GA4's ``Views`` are page views,
a YouTube or TikTok ``Views`` are video views, and a file nothing identifies has no ``Views`` column at
all. Headers are compared folded (case, accents, spaces) and without a unit in brackets: ``Cost (EUR)``,
``Revenue (€)``, ``7 Day Total Orders (#)``.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..words import fold

SOURCE = Path(__file__).with_name("vocabulary.csv")
LANGUAGES = ("en", "fr", "es", "de", "it", "pt", "nl")

SYMBOLS = {  # a currency sign that names one currency
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "r$": "BRL",
    "zł": "PLN",
    "₺": "TRY",
    "₩": "KRW",
    "₽": "RUB",
    "₪": "ILS",
    "฿": "THB",
    "₫": "VND",
    "chf": "CHF",
}
SHARED_SIGNS = {  # a sign several currencies write: the same as any of them
    "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"),
    "¥": ("JPY", "CNY"),
    "kr": ("SEK", "NOK", "DKK", "ISK"),
    "rs": ("INR", "PKR", "LKR", "NPR"),
}
_ISO_4217 = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN
BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD
NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES
VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL
"""
CODES = frozenset(_ISO_4217.split())  # a bracket or a cell with three capitals is a currency only when one of these
_UNIT = re.compile(r"\s*\(\s*([^()]{1,14}?)\s*\)\s*$")
_BRACKETS = re.compile(r"\(\s*([^()]{1,5}?)\s*\)")
_SPACES = re.compile(r"\s+")


def currency_of(sign: str) -> str | None:
    """The currency a bracket or a cell names: ``EUR``, ``€`` -> ``EUR``; ``$`` stays ``$`` (several use it)."""
    text = sign.strip().rstrip(".").strip()
    if text in CODES:
        return text
    low = text.lower()
    if low in SYMBOLS:
        return SYMBOLS[low]
    return low if low in SHARED_SIGNS else None


def split_unit(header: object) -> tuple[str, str | None]:
    """(the header without its unit in brackets, the unit): ``"Cost (EUR)"`` -> ``("Cost", "EUR")``.

    Only units come off: a currency code or sign anywhere (Amazon writes ``Vendite totali (€) 7 giorni``),
    ``#`` or ``%`` at the end; ``Start Date (in UTC)`` keeps its brackets.
    """
    text = _SPACES.sub(" ", str(header).replace("\u2019", "'").replace("\xa0", " ")).strip()
    for m in _BRACKETS.finditer(text):
        if currency_of(m.group(1)):
            return _SPACES.sub(" ", text[: m.start()] + " " + text[m.end() :]).strip(), m.group(1).strip()
    unit = _UNIT.search(text)
    if unit and unit.group(1) in ("#", "%"):
        return text[: unit.start()].strip(), unit.group(1)
    return text, None


def bare(header: object) -> str:
    """A header as the vocabulary compares it: folded, without a unit in brackets."""
    return fold(split_unit(header)[0])


def header_currency(header: object) -> str | None:
    """The currency a header names in brackets: ``"Amount spent (EUR)"`` -> ``"EUR"``."""
    unit = split_unit(header)[1]
    return currency_of(unit) if unit else None


@dataclass(frozen=True)
class Vocabulary:
    generic: dict[str, str]  # bare name -> kpixl column
    own: dict[str, dict[str, str]]  # platform -> bare name -> kpixl column
    tells: dict[str, frozenset[str]]  # platform -> the bare names that alone tell it
    names: frozenset[str]  # every bare name, to find the header row

    def mapping(self, platform: str | None) -> dict[str, str]:
        """Bare name -> column for a file of ``platform`` (its own names first), or of none."""
        return self.generic if platform is None else self.generic | self.own.get(platform, {})


@functools.cache
def vocabulary() -> Vocabulary:
    generic: dict[str, str] = {}
    own: dict[str, dict[str, str]] = {}
    tells: dict[str, set[str]] = {}
    with open(SOURCE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name = bare(row["header"])
            if row["platform"]:
                own.setdefault(row["platform"], {}).setdefault(name, row["key"])
                if row["tells_platform"]:
                    tells.setdefault(row["platform"], set()).add(name)
            else:
                generic.setdefault(name, row["key"])
    names = frozenset(generic) | frozenset(n for m in own.values() for n in m)
    return Vocabulary(generic, own, {p: frozenset(t) for p, t in tells.items()}, names)


def closest(name: str, candidates: dict[str, str]) -> str | None:
    """The column whose name ``name`` is most likely a misspelling of (one or two letters off, a plural,
    a missing accent), or None: ``Impresions`` -> impressions, ``Cilcks`` -> clicks."""
    target = bare(name)
    if len(target) < 4:
        return None
    best: tuple[int, str] | None = None
    for known, key in candidates.items():
        if abs(len(known) - len(target)) > 2 or known == target:
            continue
        limit = 1 if len(known) < 7 else 2
        d = _distance(target, known, limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, key)
    return best[1] if best else None


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (a swap of two letters counts one), stopped beyond ``limit``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
