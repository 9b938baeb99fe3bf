"""Data beyond a sheet: tables summed inside a query engine, only the aggregate read into Python.

A Parquet file (or a folder or glob of them), a table of a DuckDB file (``duckdb://file.db::table``, read only),
a table of any database Ibis connects to (``postgres://user@host/db::table``...), or an Ibis table
given from Python (DuckDB, Spark, BigQuery...) is summed by day, channel and campaign, kpixl's
grain, inside its engine: embedded DuckDB by default, no server. The rows never come into memory;
the result is a table of at most days x channels x campaigns rows, read like any other data.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from .columns import METRICS, TIME, DataError
from .headers import map_headers
from .platforms import by_name, detect
from .understand import Options, Reading, from_frame

ENGINE_PREFIXES = ("duckdb://", "postgres://", "postgresql://", "mysql://", "sqlite://", "snowflake://", "bigquery://")


def is_engine_source(source: Any) -> bool:
    """True for what is read through a query engine rather than as a file kpixl parses itself."""
    if isinstance(source, (str, Path)):
        text = str(source)
        return text.lower().endswith(".parquet") or text.startswith(ENGINE_PREFIXES) or "*" in text
    return type(source).__module__.startswith("ibis")


def read_engine(source: Any, options: Options | None = None, progress: Any = None) -> tuple[pd.DataFrame, Reading]:
    """Sum ``source`` in its engine by its date, channel, campaign and currency columns; then read the
    sums as any other table (platform, duplicate columns, currencies, dates: ``understand``)."""
    options = options or Options()
    table, name = _table(source)
    try:
        return _read(table, name, options, progress)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - the engine's own error (a bad cast, a lost connection), one line
        raise DataError(f"{name}: the engine could not sum the table ({masked(_first_line(exc))})") from None


def _read(table: Any, name: str, options: Options, progress: Any) -> tuple[pd.DataFrame, Reading]:
    columns = list(table.columns)
    platform = by_name(options.platform) if options.platform else detect(columns)
    if platform is not None and (platform.ones or platform.keep):
        raise DataError(
            f"{name}: {platform.label} exports count rows (one deal, one contact); read the export file itself"
        )
    schema = table.schema()
    shape = pd.DataFrame({c: pd.Series(dtype=float if schema[c].is_numeric() else object) for c in columns})
    mapping = map_headers(shape, platform, {}).used
    if not set(TIME) & set(mapping.values()):
        found = ", ".join(columns[:12])
        raise DataError(f"{name}: no date column (Date, Day, Jour...) among its columns; found: {found}")
    keys, sums = {}, []
    for header, key in mapping.items():
        kind = schema[header]
        if key in METRICS:
            if not kind.is_numeric():
                raise DataError(f"{name}: column {header!r} holds {kind}, not numbers; cast it in the database")
            sums.append(header)
        elif key in TIME and kind.is_timestamp():
            keys[header] = table[header].cast("date")  # the day, in the session's (the file's) time zone
        else:
            keys[header] = table[header]
    lowest = table.aggregate(**{h: table[h].min() for h in sums}).to_pandas().iloc[0] if sums else {}
    for header in sums:
        if pd.notna(lowest[header]) and lowest[header] < 0:
            raise DataError(f"{name}: column {header!r} holds negative values ({lowest[header]:g}); fix the data")
    if progress:
        progress(f"{name}: summing {table.count().to_pyarrow().as_py():,} rows by day, channel and campaign")
    frame = table.group_by(**keys).aggregate(**{h: table[h].sum() for h in sums}).to_pandas()
    if progress:
        progress(f"{name}: {len(frame):,} sums read")
    frame = frame.sort_values(list(keys), kind="stable").reset_index(drop=True)
    out, reading = from_frame(frame, options, source=name)
    reading.notes.append(f"summed by day, channel and campaign in {_backend(table)}")
    return out, reading


def _backend(table: Any) -> str:
    try:
        return str(table.get_backend().name)
    except Exception:  # noqa: BLE001 - a backend that does not say its name
        return "its engine"


_PASSWORD = re.compile(r"(?<=://)([^:/@]*):([^@/]*)@")


def masked(text: str) -> str:
    """A database address as messages show it: its password as ``***`` (``postgres://ana:***@host/db``)."""
    return _PASSWORD.sub(lambda m: f"{m.group(1)}:***@", text)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _table(source: Any) -> tuple[Any, str]:
    """The Ibis table of ``source``, and a name for messages (its password masked)."""
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
        shown = masked(text)
        url, sep, name = text.rpartition("::")
        if not sep or not name:
            raise DataError(f"{shown}: name the table after '::', for example duckdb:///campaigns.db::ads")
        try:
            for prefix in ("duckdb://", "sqlite://"):  # a file: read only, never created by a typo
                if url.startswith(prefix):
                    path = url.removeprefix(prefix)  # duckdb://file.db is relative, duckdb:///data/file.db absolute
                    if not Path(path).is_file():
                        raise DataError(f"{shown}: no such file {path!r}")
                    if prefix == "duckdb://":
                        return ibis.duckdb.connect(path, read_only=True).table(name), shown
                    import sqlite3

                    read_only = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
                    return ibis.sqlite.from_connection(read_only).table(name), shown
            return ibis.connect(url).table(name), shown
        except DataError:
            raise
        except Exception as exc:  # noqa: BLE001 - the driver's own error, said in one line
            raise DataError(f"{shown}: cannot read the table ({masked(_first_line(exc))})") from None
    if "*" in text:
        import glob

        if not glob.glob(text):
            raise DataError(f"{text}: no file matches")
    elif not Path(text).exists():
        raise DataError(f"{text}: no such file")
    try:
        con = ibis.duckdb.connect()
        zone = _zone(text)
        if zone:  # a day is the day where the timestamps were written, as when pandas reads the file
            con.raw_sql(f"SET TimeZone = '{zone}'")
        return con.read_parquet(text), text
    except Exception as exc:  # noqa: BLE001 - pyarrow's or DuckDB's own words, one line
        raise DataError(f"{text}: not a Parquet file kpixl can read ({_first_line(exc)})") from None


def _zone(path: str) -> str | None:
    """The one time zone of a Parquet file's timestamp columns, if they have one."""
    import glob

    import pyarrow as pa
    import pyarrow.parquet as pq

    files = sorted(glob.glob(path)) if "*" in path else [path]
    if not files:
        return None
    zones = {f.type.tz for f in pq.read_schema(files[0]) if pa.types.is_timestamp(f.type) and f.type.tz}
    zone = zones.pop() if len(zones) == 1 else None
    return zone if zone and all(c.isalnum() or c in "/_+-" for c in zone) else None
