"""The command line: output, exit codes and one-line errors."""

import subprocess
import sys

import pytest

import kpixl
from kpixl.cli import main

from paths import EXPORTS


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


ENGLISH = ("wrote ", "read ", "error:", " rows ", " row ", "kept:", "skipped", "set aside", "printing", "from the")


def _kpixl(*args: str, cwd, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    environment = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "kpixl", *args], cwd=cwd, capture_output=True, text=True, env=environment
    )


def test_the_main_commands_speak_french(tmp_path):
    """With --lang fr (or LANG=fr_FR) no English word of kpixl's own: the lines of dashboard, inspect,
    refresh, goals and the errors."""
    google, ga4 = str(EXPORTS / "google_ads_campaign_day_fr.csv"), str(EXPORTS / "ga4_traffic_acquisition_day_fr.csv")
    runs = [
        _kpixl("dashboard", "tdb.xlsx", "--data", google, "--formulas", "native", "--lang", "fr", cwd=tmp_path),
        _kpixl("inspect", google, cwd=tmp_path, env={"LANG": "fr_FR.UTF-8"}),
        _kpixl("refresh", "tdb.xlsx", "--data", ga4, "-o", "tdb2.xlsx", "--lang", "fr", cwd=tmp_path),
        _kpixl("goals", "objectifs.xlsx", "--lang", "fr", cwd=tmp_path),
        _kpixl("dashboard", "tdb.xlsx", "--lang", "fr", cwd=tmp_path),  # exists: refused
        _kpixl("dashboard", "absent/tdb.xlsx", cwd=tmp_path, env={"LANG": "fr_FR.UTF-8"}),
    ]
    assert [r.returncode for r in runs] == [0, 0, 0, 0, 2, 2], [r.stderr for r in runs]
    said = "\n".join(r.stdout + r.stderr for r in runs)
    for word in ENGLISH:
        assert word not in said, (word, [line for line in said.splitlines() if word in line])
    assert "écrit tdb.xlsx" in said and "existe ; indiquez --force" in said and "le dossier absent" in said


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["dashboard", "out.csv"], "a workbook's name ends in .xlsx; give out.xlsx"),
        (["dashboard", "missing/out.xlsx"], "the folder missing does not exist"),
        (
            ["dashboard", "out.xlsx", "--target", "LTV=500"],
            "target for 'LTV', which is not on the dashboard; give one of",
        ),
        (["dashboard", "out.xlsx", "--period", "2026-W10"], "period '2026-W10' is a week"),
        (["goals", "out.pdf"], "a workbook's name ends in .xlsx"),
    ],
)
def test_what_a_new_user_mistypes_is_one_line_and_exit_2(tmp_path, argv, says):
    result = _kpixl(*argv, cwd=tmp_path, env={"LANG": "C.UTF-8"})
    assert result.returncode == 2 and says in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "missing").exists() and not (tmp_path / "out.csv").exists()


def test_targets_are_written_as_data_files_write_numbers(tmp_path):
    import openpyxl

    for written, expected in (("2%", 0.02), ("2 %", 0.02), ("0,02", 0.02), ("0.02", 0.02)):
        out = tmp_path / "out.xlsx"
        assert main(["dashboard", str(out), "--target", f"CTR={written}", "--force", "--formulas", "native"]) == 0
        dashboard = openpyxl.load_workbook(out, data_only=True)["Dashboard"]
        row = next(r for r in dashboard.iter_rows() if r[0].value == "Click-through rate")
        assert row[2].value == pytest.approx(expected), written


def test_python_errors_speak_python(tmp_path):
    from kpixl.files import FileExistsNoForce

    (tmp_path / "out.xlsx").write_bytes(b"mine")
    with pytest.raises(FileExistsNoForce, match="pass force=True"):
        kpixl.build_goals(tmp_path / "out.xlsx")


def test_doctor_and_completion(capsys):
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert f"kpixl       {kpixl.__version__}" in out and "pandas" in out and "LibreOffice" in out
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    assert "complete -o filenames -F _kpixl kpixl" in script and "--outcomes-from" in script


def test_a_problem_of_many_lines_is_said_once(tmp_path):
    rows = "".join(f"2025-01-{d:02d},,{d}\n" for d in range(1, 29))
    (tmp_path / "data.csv").write_text("Date,Campaign,Cost\n" + rows, encoding="utf-8")
    result = _kpixl("dashboard", "out.xlsx", "--data", "data.csv", "--channel-name", "S", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "lines 2, 3, 4, 5, 6 and 23 more, column 'Campaign': empty; every row needs a campaign" in result.stderr


def test_import_and_help_stay_light():
    """`kpixl --help` loads no numpy (the commands that compute load it)."""
    code = "import sys, kpixl.cli; assert 'numpy' not in sys.modules and 'pandas' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
