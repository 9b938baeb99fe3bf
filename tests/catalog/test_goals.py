"""SMART goal functions on fixed dates (serials: 46023 = 2026-01-01)."""

import math

import numpy as np
import pytest

import kpixl

from cases import END, START, STATUS_CASES


@pytest.mark.parametrize(("actual", "target", "baseline", "as_of", "status"), STATUS_CASES)
def test_status(actual, target, baseline, as_of, status):
    assert kpixl.goal_status(actual, target, baseline, START, END, as_of) == status


def test_status_in_french():
    assert kpixl.goal_status(0.04, 0.05, 0.03, START, END, END + 1, 0.1, "fr") == "Manqué"
    assert kpixl.goal_status(0.03, 0.05, 0.03, START, END, START - 5, lang="fr") == "Pas commencé"


def test_status_undefined_when_target_equals_baseline():
    assert kpixl.goal_status(1, 1, 1, START, END, START + 1) is None


def test_expected_pace_and_zero_span():
    assert kpixl.goal_expected(50, 20, START, END, START + 30) == pytest.approx(30.0)
    assert kpixl.goal_expected(50, 20, START, END, END + 99) == 50.0
    assert kpixl.goal_expected(50, 20, START, END, START - 99) == 20.0
    assert kpixl.goal_expected(50, 20, START, START, START - 1) == 20.0
    assert kpixl.goal_expected(50, 20, START, START, START) == 50.0
    assert math.isnan(kpixl.goal_expected(50, 20, END, START, START))


def test_required_rate():
    assert kpixl.goal_required_rate(100, 160, END, END - 60, "day") == pytest.approx(1.0)
    assert kpixl.goal_required_rate(100, 160, END, END - 14, "week") == pytest.approx(30.0)
    assert kpixl.goal_required_rate(0.05, 0.03, END, END - 365.25 / 12) == pytest.approx(-0.02)
    assert math.isnan(kpixl.goal_required_rate(1, 2, END, END + 1))


def test_progress_vectorised_over_goals():
    got = kpixl.goal_progress(np.array([35, 40, 7]), np.array([50, 20, 10]), np.array([20, 60, 0]))
    np.testing.assert_allclose(got, [0.5, 0.5, 0.7])


@pytest.mark.parametrize(
    ("args", "fails"),
    [
        (("Grow leads", "CPL", 10, 12, START, END, "sales"), "OK"),
        (("", "CPL", 10, 12, START, END, "sales"), "S:"),
        (("Be famous", "followers count", 10, 12, START, END, "awareness"), "M:"),
        (("Grow", "CPL", 10, "a lot", START, END, "sales"), "M: the target"),
        (("Grow", "CPL", 10, 25, START, END, "sales"), "A:"),
        (("Grow", "CPL", 10, 25, START, END, "sales", 2), "OK"),
        (("Grow", "CPL", 10, 12, START, END, ""), "R: no business objective"),
        (("Grow", "Likes", 10, 12, START, END, "awareness"), "R: Likes is a vanity metric"),
        (("Grow", "CPL", 10, 12, START, None, "sales"), "T: no deadline"),
        (("Grow", "CPL", 10, 12, END, START, "sales"), "T: the deadline is not after"),
    ],
)
def test_smart_check(args, fails):
    got = kpixl.smart_check(*args)
    assert got == "OK" if fails == "OK" else fails in got


def test_smart_check_french():
    assert kpixl.smart_check("", "CPL", 10, 12, START, END, "ventes", 1, "fr").startswith("S : l'énoncé")
