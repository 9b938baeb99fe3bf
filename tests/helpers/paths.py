"""Where the tests find what they read: the fixtures, the shipped workbooks, the README."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]  # tests/
ROOT = TESTS.parent  # the repository (or the unpacked sdist)
FIXTURES = TESTS / "fixtures"
EXPORTS = FIXTURES / "exports"  # exports built from each platform's documented format
REAL = FIXTURES / "real"  # real exports from public repositories, with their provenance
CHECKERS = TESTS / "checkers"
WORKBOOKS = ROOT / "workbooks"
README = ROOT / "README.md"
