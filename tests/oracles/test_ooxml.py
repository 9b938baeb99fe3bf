"""Every workbook kpixl writes opens in Excel without a repair: Microsoft's Open XML SDK validator finds
0 errors, and ``repair_lint.py`` none of the repair triggers the SDK is blind to (tests/checkers)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import kpixl
from kpixl.build import template_names

from outside import checker
from paths import EXPORTS, WORKBOOKS


@pytest.fixture(scope="module")
def validator() -> Path:
    return checker("ooxml")


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> list[Path]:
    """The shipped templates (every host, both languages), dashboards from real exports in every host, and the
    KPI functions workbook."""
    folder = tmp_path_factory.mktemp("ooxml")
    out = [WORKBOOKS / name for name in template_names()]
    for host in ("lite", "classic", "native", "lambda"):
        out.append(
            kpixl.build_dashboard(
                [EXPORTS / "google_ads_campaign_day_fr_excel.csv", EXPORTS / "meta_ads_campaign_day_fr.csv"],
                folder / f"exports-{host}.xlsx",
                formulas=host,
                lang="fr",
                objective="conversion",
            )
        )
    out.append(kpixl.build_functions(folder / "functions.xlsx", lang="fr"))  # LAMBDA names with their help
    return out


def test_open_xml_sdk_finds_no_error(validator, books):
    result = subprocess.run(
        [str(validator / "venv" / "bin" / "python"), str(validator / "ooxml_validate.py"), *map(str, books)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert result.stderr.count(": 0 error(s)") == len(books), result.stderr


def test_no_repair_trigger(validator, books):
    result = subprocess.run(
        [str(validator / "venv" / "bin" / "python"), str(validator / "repair_lint.py"), *map(str, books)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
