"""Data beyond a sheet: KPI query expressions and sums computed in DuckDB and in Spark (local mode).

The KPI expressions must give what the Python functions give on the catalog's examples and on the
hand-computed cases, zero denominators and out-of-domain arguments included (NULL for NaN), and a
dashboard must show the same numbers whether its data came from pandas, from DuckDB over Parquet,
from a DuckDB file or from Spark.
"""

import math
import os
import shutil
import subprocess
import sys
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

import kpixl
from kpixl import queries
from kpixl.catalog import CATALOG
from kpixl.data.sample import sample_data

from cases import CASES

ibis = pytest.importorskip("ibis")
pytest.importorskip("duckdb")
pytestmark = [  # pyspark 4.3 warns about pandas 3, which it reads fine here
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),  # ibis 12 on pandas 3
    pytest.mark.filterwarnings("ignore:fetch_arrow_table\\(\\) is deprecated"),  # ibis 12 on duckdb 2
]


def arithmetic_cases() -> list[tuple[str, tuple, float]]:
    """(KPI, arguments, what the Python function gives) for every arithmetic KPI."""
    out = []
    for name in queries.names():
        kpi = CATALOG[name]
        args = [ex.args for ex in kpi.examples] + [a for fn, a, _ in CASES if fn == kpi.snake_name]
        for a in args:
            if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in a):
                out.append((name, a, float(getattr(kpixl, kpi.snake_name)(*a))))
    return out


CASES_ARITHMETIC = arithmetic_cases()


def evaluate(con, cases) -> dict[int, float]:
    """Every case computed in the engine of ``con``, in one query: a table per KPI and number of arguments."""
    shapes: dict[tuple[str, int], list[int]] = {}
    for i, (name, args, _) in enumerate(cases):
        shapes.setdefault((name, len(args)), []).append(i)
    parts = []
    for (name, width), indices in shapes.items():
        kpi = CATALOG[name]
        names = [arg.name for arg in kpi.args[:width]]
        frame = pd.DataFrame([{"case": i, **dict(zip(names, map(float, cases[i][1])))} for i in indices])
        t = ibis.memtable(frame)
        parts.append(t.select(t.case, value=queries.kpi(kpi, **{n: t[n] for n in names})))
    result = con.to_pandas(ibis.union(*parts))
    return dict(zip(result["case"].astype(int), result["value"].astype(float)))


def check(got: dict[int, float], cases) -> None:
    assert set(got) == set(range(len(cases)))
    for i, (name, args, want) in enumerate(cases):
        value = got[i]
        if math.isnan(want):
            assert value is None or math.isnan(value), (name, args, value)
        else:
            assert value == pytest.approx(want, rel=1e-12, abs=1e-15), (name, args, value, want)


def test_every_arithmetic_kpi_has_a_query_expression():
    assert len(queries.names()) >= 40
    assert {n for n, _, _ in CASES_ARITHMETIC} == set(queries.names())  # each one checked below
    assert any(math.isnan(w) for _, _, w in CASES_ARITHMETIC)  # zero denominators and bad domains too
    with pytest.raises(ValueError, match="no query expression"):
        queries.kpi("AB_PVALUE")
    with pytest.raises(TypeError, match="no argument 'base_line'"):  # a typo is no default
        queries.kpi("GOAL_PROGRESS", actual=75, target=100, base_line=50)


def test_query_expressions_agree_with_python_in_duckdb():
    check(evaluate(ibis.duckdb.connect(), CASES_ARITHMETIC), CASES_ARITHMETIC)


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("kpixl-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("spark-warehouse")))  # not in the work tree
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield ibis.pyspark.connect(session)
    session.stop()


def test_query_expressions_agree_with_python_in_spark(spark):
    check(evaluate(spark, CASES_ARITHMETIC), CASES_ARITHMETIC)


def _duckdb_table(path, data: pd.DataFrame) -> None:
    import duckdb

    with duckdb.connect(str(path)) as con:
        con.register("data", data)
        con.execute("create table ads as select * from data")


def dashboard_values(book) -> dict[str, object]:
    ws = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def same(a: dict, b: dict) -> list[str]:
    return [
        ref
        for ref in a.keys() | b.keys()
        if not (
            a.get(ref) == b.get(ref)
            or isinstance(a.get(ref), float)
            and isinstance(b.get(ref), float)
            and math.isclose(a[ref], b[ref], rel_tol=1e-9)
        )
    ]


def test_the_same_dashboard_from_pandas_duckdb_and_spark(tmp_path, spark):
    data = sample_data()
    parquet = tmp_path / "campaigns.parquet"
    data.to_parquet(parquet)
    db = tmp_path / "campaigns.db"
    _duckdb_table(db, data)
    direct = dashboard_values(kpixl.build_dashboard(data, tmp_path / "pandas.xlsx", formulas="native"))
    assert len(direct) > 150
    sources = {
        "parquet": parquet,
        "duckdb file": f"duckdb://{db}::ads",
        "spark": spark.read_parquet(str(parquet)),
    }
    for label, source in sources.items():
        book = kpixl.build_dashboard(source, tmp_path / f"{label}.xlsx", formulas="native")
        assert same(direct, dashboard_values(book)) == [], label
    campaigns = openpyxl.load_workbook(tmp_path / "spark.xlsx", read_only=True)["Campaigns"]
    assert campaigns.max_row - 1 == data.groupby(["date", "channel", "campaign"]).ngroups  # the sums, not the rows


def test_command_line_reads_a_duckdb_table_and_says_what_is_wrong(tmp_path):
    data = sample_data()
    db = tmp_path / "campaigns.db"
    _duckdb_table(db, data)
    run = [sys.executable, "-m", "kpixl", "dashboard", "out.xlsx", "--formulas", "native", "--data"]
    done = subprocess.run([*run, "duckdb://campaigns.db::ads"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "summing 7,098 rows by day, channel and campaign" in done.stderr
    for source, says in (
        ("duckdb://campaigns.db", "name the table after '::'"),
        ("duckdb://campaigns.db::nope", "cannot read the table"),
        ("duckdb://absent.db::ads", "no such file 'absent.db'"),
        ("sqlite://typo.db::ads", "no such file 'typo.db'"),  # a typo creates no empty database
        ("missing.parquet", "no such file"),
        ("broken.parquet", "not a Parquet file kpixl can read"),
        ("none-*.parquet", "no file matches"),
        ("postgresql://ana:s3cret@127.0.0.1:9/db::ads", "postgresql://ana:***@127.0.0.1:9/db::ads"),
    ):
        (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
        bad = subprocess.run([*run, source, "--force"], cwd=tmp_path, capture_output=True, text=True)
        assert bad.returncode == 2 and says in bad.stderr and "Traceback" not in bad.stderr, (source, bad.stderr)
        assert "s3cret" not in bad.stderr + bad.stdout
    assert not (tmp_path / "typo.db").exists()


def test_a_sqlite_database_is_read_without_being_changed(tmp_path):
    import hashlib
    import sqlite3

    db = tmp_path / "ads.db"
    with sqlite3.connect(db) as con:
        sample_data().head(200).to_sql("ads", con, index=False)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    book = kpixl.build_dashboard(f"sqlite://{db}::ads", tmp_path / "out.xlsx", formulas="native")
    assert book.exists() and hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_table_in_an_engine_is_read_like_a_file(tmp_path):
    """The engine only sums; platform, currencies, duplicate columns, signs and dates are checked as for
    a CSV (each case below was once summed silently)."""
    from kpixl.data.columns import DataError
    from kpixl.data.sources import read_data

    def parquet(name, frame):
        path = tmp_path / f"{name}.parquet"
        frame.to_parquet(path)
        return path

    day = pd.Timestamp("2025-06-02")
    ga4 = pd.DataFrame(
        {
            "Date": [day],
            "Campaign": ["(direct)"],
            "Session default channel group": ["Organic Search"],
            "Sessions": [100],
            "Views": [350],
            "Key events": [7],
            "Total revenue": [900.0],
        }
    )
    csv = tmp_path / "ga4.csv"
    ga4.to_csv(csv, index=False)
    from_csv, _ = read_data(csv)
    from_engine, reading = read_data(parquet("ga4", ga4))
    columns = ["channel", "sessions", "leads", "revenue"]
    assert from_engine[columns].to_dict("records") == from_csv[columns].to_dict("records")
    assert from_engine["channel"].tolist() == ["Organic Search"] and "impressions" not in from_engine
    refused = {
        "currencies": pd.DataFrame(
            {"Date": [day, day], "Channel": ["S", "S"], "Cost": [100.0, 100.0], "Currency": ["USD", "EUR"]}
        ),
        "twice": pd.DataFrame({"Date": [day], "Channel": ["S"], "Cost": [1.0], "Spend": [1000.0]}),
        "negative": pd.DataFrame({"Date": [day, day], "Channel": ["S", "S"], "Cost": [100.0, -100.0]}),
        "text": pd.DataFrame({"Date": [day], "Channel": ["S"], "Cost": ["1,5"]}),
    }
    for name, frame in refused.items():
        with pytest.raises(DataError):
            read_data(parquet(name, frame))
    no_campaign = pd.DataFrame({"Date": [day, day], "Channel": ["S", "S"], "Cost": [2.0, 3.0]})
    table, _ = read_data(parquet("no_campaign", no_campaign))
    assert table["cost"].sum() == 5.0 and table["campaign"].notna().all()
    exact = pd.DataFrame({"Date": [day, day], "Channel": ["S", "S"], "Cost": [Decimal("1.25"), Decimal("2.50")]})
    table, _ = read_data(parquet("decimal", exact))  # DECIMAL(3,2) in Parquet: numbers, summed as such
    assert table["cost"].tolist() == [3.75]
    day_first = pd.DataFrame({"Date": ["13/06/2025", "02/06/2025"], "Channel": ["S", "S"], "Cost": [2.0, 3.0]})
    table, _ = read_data(parquet("day_first", day_first))
    assert sorted(table["date"].dt.strftime("%Y-%m-%d")) == ["2025-06-02", "2025-06-13"]
    paris = pd.DataFrame(
        {"Date": pd.to_datetime(["2025-07-01 00:30"]).tz_localize("Europe/Paris"), "Channel": ["S"], "Cost": [1.0]}
    )
    table, _ = read_data(parquet("paris", paris))
    assert table["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-07-01"]  # its own day, not UTC's


def test_a_day_does_not_depend_on_the_machines_time_zone(tmp_path):
    """A timestamp with a time zone is cut into days in UTC (or the Parquet file's own zone), as Ibis does,
    whatever zone the machine runs in: 03:00 UTC on 1 February is 1 February, also in Los Angeles."""
    import duckdb

    db = tmp_path / "stamps.db"
    with duckdb.connect(str(db)) as con:
        stamp = "TIMESTAMPTZ '2024-02-01 03:00:00+00'"
        con.execute(f"create table ads as select {stamp} as Date, 'S' as Channel, 5.0 as Cost")
    utc = tmp_path / "utc.parquet"
    pd.DataFrame(
        {
            "Date": pd.to_datetime(["2024-02-01 03:00"]).tz_localize("UTC"),
            "Channel": ["S"],
            "Cost": [5.0],
        }
    ).to_parquet(utc)
    script = (
        "import sys; from kpixl.data.sources import read_data\n"
        "for source in sys.argv[1:]:\n"
        "    table, _ = read_data(source)\n"
        "    print(table['date'].dt.strftime('%Y-%m-%d').tolist())\n"
    )
    env = {**os.environ, "TZ": "America/Los_Angeles"}
    done = subprocess.run(
        [sys.executable, "-c", script, f"duckdb://{db}::ads", str(utc)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["['2024-02-01']", "['2024-02-01']"]
