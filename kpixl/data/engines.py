"""Data beyond a sheet: tables summed inside a query engine, only the aggregate read into Python.

A Parquet file (or a folder or glob of them), a table of a DuckDB file (``duckdb://file.db::table``, read only),
a table of any database Ibis connects to (``postgres://user@host/db::table``...), or an Ibis table
given from Python (DuckDB, Spark, BigQuery...) is summed by day, channel and campaign, kpixl's
grain, inside its engine: embedded DuckDB by default, no server. The rows never come into memory;
the result is a table of at most days x channels x campaigns rows, read like any other data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .columns import METRICS, DataError
from .understand import Options, Reading, from_frame, map_columns

ENGINE_PREFIXES = ("duckdb://", "postgres://", "postgresql://", "mysql://", "sqlite://", "snowflake://", "bigquery://")


def is_engine_source(source: Any) -> bool:
    """True for what is read through a query engine rather than as a file kpixl parses itself."""
    if isinstance(source, (str, Path)):
        text = str(source)
        return text.lower().endswith(".parquet") or text.startswith(ENGINE_PREFIXES) or "*" in text
    return type(source).__module__.startswith("ibis")


def read_engine(source: Any, options: Options | None = None, progress: Any = None) -> tuple[pd.DataFrame, Reading]:
    """Sum ``source`` to the day x channel x campaign grain in its engine; the canonical table of the sums."""
    options = options or Options()
    table, name = _table(source)
    mapping, _ = map_columns(list(table.columns), None)
    picked = {key: header for header, key in mapping.items()}
    if "date" not in picked:
        found = ", ".join(table.columns[:12])
        raise DataError(f"{name}: no date column (Date, Day, Jour...) among its columns; found: {found}")
    if "channel" not in picked and not options.channel:
        raise DataError(f"{name}: no channel column; give --channel-name (for example --channel-name Search)")
    import ibis

    keys = {"date": table[picked["date"]].cast("date")}
    keys["channel"] = table[picked["channel"]].cast("string") if "channel" in picked else ibis.literal(options.channel)
    keys["campaign"] = table[picked["campaign"]].cast("string") if "campaign" in picked else ibis.literal("")
    sums = {m: table[picked[m]].cast("float64").sum() for m in METRICS if m in picked}
    if progress:
        progress(f"{name}: summing {table.count().to_pyarrow().as_py():,} rows by day, channel and campaign")
    grouped = table.group_by(**keys).aggregate(**sums).order_by(["date", "channel", "campaign"])
    frame = grouped.to_pandas()
    if progress:
        progress(f"{name}: {len(frame):,} sums read")
    table_out, reading = from_frame(frame, options, source=name)
    reading.notes.append(f"summed by day, channel and campaign in {_backend(table)}")
    return table_out, reading


def _backend(table: Any) -> str:
    try:
        return str(table.get_backend().name)
    except Exception:  # noqa: BLE001 - a backend that does not say its name
        return "its engine"


def _table(source: Any) -> tuple[Any, str]:
    """The Ibis table of ``source``, and a name for messages."""
    try:
        import ibis
    except ImportError:
        raise DataError(
            f"{source}: reading Parquet and databases needs Ibis and DuckDB: pip install 'kpixl[engines]'"
        ) from None
    if not isinstance(source, (str, Path)):
        return source, "table"
    text = str(source)
    if text.startswith(ENGINE_PREFIXES):
        url, sep, name = text.rpartition("::")
        if not sep or not name:
            raise DataError(f"{text}: name the table after '::', for example duckdb:///campaigns.db::ads")
        try:
            if url.startswith("duckdb://"):  # duckdb://file.db is relative, duckdb:///data/file.db absolute
                path = url.removeprefix("duckdb://")
                if not Path(path).is_file():
                    raise DataError(f"{text}: no such DuckDB file {path!r}")
                return ibis.duckdb.connect(path, read_only=True).table(name), text
            return ibis.connect(url).table(name), text
        except DataError:
            raise
        except Exception as exc:  # noqa: BLE001 - the driver's own error, said in one line
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DataError(f"{text}: cannot read the table ({first})") from None
    if "*" not in text and not Path(text).exists():
        raise DataError(f"{text}: no such file")
    return ibis.duckdb.connect().read_parquet(text), text
