"""The command line: output, exit codes and one-line errors."""

import subprocess
import sys

import pytest

import kpixl
from kpixl.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "kpixl.cli", *args], capture_output=True, text=True)


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"kpixl {kpixl.__version__}"


def test_help_lists_the_commands(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "list" in out and "Marketing KPIs" in out


def test_list_prints_every_kpi(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert all(k.excel_name in out for k in kpixl.catalog().values())
    assert "Click-through rate" in out and "clicks / impressions" in out


def test_list_in_french_for_one_category(capsys):
    assert main(["list", "--lang", "fr", "--category", "email"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["Excel", "KPI", "Formule"] and len(lines) == 6
    assert "Taux d'ouverture" in lines[1]


def test_unknown_category_is_one_line_and_exit_2():
    result = run("list", "--category", "astrology")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "choose from awareness" in result.stderr
