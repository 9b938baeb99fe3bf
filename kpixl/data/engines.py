"""Data beyond a sheet: tables summed inside a query engine, only the aggregate read into Python.

A Parquet file (or a folder or glob of them), a table of a DuckDB file (``duckdb://file.db::table``, read only),
a table of any database Ibis connects to (``postgres://user@host/db::table``...), or an Ibis table
given from Python (DuckDB, Spark, BigQuery...) is summed by day, channel and campaign, kpixl's
grain, inside its engine: embedded DuckDB by default, no server. The rows never come into memory;
the result is a table of at most days x channels x campaigns rows, read like any other data.

Files DuckDB reads itself (Parquet, DuckDB files) go through DuckDB's own Python API: the same three
queries as through Ibis, without Ibis' import (0.45 s, more than DuckDB's sum of 20 million rows).
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
NUMBER, TIMESTAMP, OTHER = "number", "timestamp", "other"  # what a column holds, as the sums need to know


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
    table = _table(source)
    try:
        return _read(table, options, progress)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - the engine's own error (a bad cast, a lost connection), one line
        raise DataError(f"{table.name}: the engine could not sum the table ({masked(_first_line(exc))})") from None


class _Ibis:
    """A table of any engine Ibis reaches, and the three queries kpixl asks of it."""

    def __init__(self, table: Any, name: str):
        self.table, self.name = table, name
        self.columns = list(table.columns)
        schema = table.schema()
        self.types = {c: str(schema[c]) for c in self.columns}
        self.kinds = {c: _ibis_kind(schema[c]) for c in self.columns}
        try:
            self.engine = str(table.get_backend().name)
        except Exception:  # noqa: BLE001 - a backend that does not say its name
            self.engine = "its engine"

    def lowest(self, columns: list[str]) -> dict[str, Any]:
        t = self.table
        return dict(t.aggregate(**{c: t[c].min() for c in columns}).to_pandas().iloc[0]) if columns else {}

    def count(self) -> int:
        return int(self.table.count().to_pyarrow().as_py())

    def sums(self, keys: list[str], days: set[str], sums: list[str]) -> pd.DataFrame:
        t = self.table
        by = {k: t[k].cast("date") if k in days else t[k] for k in keys}  # the day, in the session's time zone
        return t.group_by(**by).aggregate(**{c: t[c].sum() for c in sums}).to_pandas()


def _ibis_kind(dtype: Any) -> str:
    return TIMESTAMP if dtype.is_timestamp() else NUMBER if dtype.is_numeric() else OTHER


_DUCKDB_NUMBER = re.compile(r"U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)")


class _DuckDB:
    """A relation of DuckDB's own Python API (a Parquet file, a DuckDB table), with the same three queries."""

    def __init__(self, relation: Any, name: str):
        self.relation, self.name, self.engine = relation, name, "duckdb"
        self.columns = list(relation.columns)
        self.types = {c: str(t) for c, t in zip(self.columns, relation.types)}
        self.kinds = {c: _duckdb_kind(t) for c, t in self.types.items()}

    def _query(self, select: list[str], group: bool = False) -> pd.DataFrame:
        sql = f"SELECT {', '.join(select)} FROM kpixl_table" + (" GROUP BY ALL" if group else "")
        return self.relation.query("kpixl_table", sql).df()

    def lowest(self, columns: list[str]) -> dict[str, Any]:
        return dict(self._query([f"min({_quoted(c)}) AS {_quoted(c)}" for c in columns]).iloc[0]) if columns else {}

    def count(self) -> int:
        return int(self._query(["count(*)"]).iloc[0, 0])

    def sums(self, keys: list[str], days: set[str], sums: list[str]) -> pd.DataFrame:
        select = [f"CAST({_quoted(k)} AS DATE) AS {_quoted(k)}" if k in days else _quoted(k) for k in keys]
        return self._query(select + [f"sum({_quoted(c)}) AS {_quoted(c)}" for c in sums], group=True)


def _duckdb_kind(name: str) -> str:
    return TIMESTAMP if name.startswith("TIMESTAMP") else NUMBER if _DUCKDB_NUMBER.fullmatch(name) else OTHER


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _read(table: _Ibis | _DuckDB, options: Options, progress: Any) -> tuple[pd.DataFrame, Reading]:
    name, columns = table.name, table.columns
    platform = by_name(options.platform) if options.platform else detect(columns)
    if platform is not None and (platform.ones or platform.keep):
        raise DataError(
            f"{name}: {platform.label} exports count rows (one deal, one contact); read the export file itself"
        )
    kinds = table.kinds
    shape = pd.DataFrame({c: pd.Series(dtype=float if kinds[c] == NUMBER else object) for c in columns})
    mapping = map_headers(shape, platform, {}).used
    if not set(TIME) & set(mapping.values()):
        found = ", ".join(columns[:12])
        raise DataError(f"{name}: no date column (Date, Day, Jour...) among its columns; found: {found}")
    keys, days, sums = [], set(), []
    for header, key in mapping.items():
        if key in METRICS:
            if kinds[header] != NUMBER:
                kind = table.types[header]
                raise DataError(f"{name}: column {header!r} holds {kind}, not numbers; cast it in the database")
            sums.append(header)
        else:
            keys.append(header)
            if key in TIME and kinds[header] == TIMESTAMP:
                days.add(header)
    lowest = table.lowest(sums)
    for header in sums:
        if pd.notna(lowest[header]) and lowest[header] < 0:
            raise DataError(f"{name}: column {header!r} holds negative values ({lowest[header]:g}); fix the data")
    if progress:
        progress(f"{name}: summing {table.count():,} rows by day, channel and campaign")
    frame = table.sums(keys, days, sums)
    if progress:
        progress(f"{name}: {len(frame):,} sums read")
    frame = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    out, reading = from_frame(frame, options, source=name)
    reading.notes.append(f"summed by day, channel and campaign in {table.engine}")
    return out, reading


_PASSWORD = re.compile(r"(?<=://)([^:/@]*):([^@/]*)@")


def masked(text: str) -> str:
    """A database address as messages show it: its password as ``***`` (``postgres://ana:***@host/db``)."""
    return _PASSWORD.sub(lambda m: f"{m.group(1)}:***@", text)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _needs(what: str, source: Any) -> DataError:
    return DataError(f"{source}: reading Parquet and databases needs {what}: pip install 'kpixl[engines]'")


def _table(source: Any) -> _Ibis | _DuckDB:
    """``source`` as a table its engine sums, named for messages (its password masked)."""
    if not isinstance(source, (str, Path)):
        try:
            return _Ibis(source, "table")
        except Exception as exc:  # noqa: BLE001 - the engine's own words, one line
            raise DataError(f"table: the engine could not read its columns ({masked(_first_line(exc))})") from None
    text = str(source)
    if text.startswith(ENGINE_PREFIXES):
        return _database(text)
    if "*" in text:
        import glob

        if not glob.glob(text):
            raise DataError(f"{text}: no file matches")
    elif not Path(text).exists():
        raise DataError(f"{text}: no such file")
    try:
        con = _connect(text)
        zone = _zone(text)
        if zone:  # a day is the day where the timestamps were written, as when pandas reads the file
            con.execute(f"SET TimeZone = '{zone}'")
        return _DuckDB(con.read_parquet(text), text)
    except Exception as exc:  # noqa: BLE001 - pyarrow's or DuckDB's own words, one line
        raise DataError(f"{text}: not a Parquet file kpixl can read ({_first_line(exc)})") from None


def _database(text: str) -> _Ibis | _DuckDB:
    """A table of a database named by its address and ``::table``; a file is opened read only."""
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
                    return _DuckDB(_connect(shown, path, read_only=True).table(name), shown)
                import sqlite3

                read_only = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
                return _Ibis(_ibis(shown).sqlite.from_connection(read_only).table(name), shown)
        return _Ibis(_ibis(shown).connect(url).table(name), shown)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - the driver's own error, said in one line
        raise DataError(f"{shown}: cannot read the table ({masked(_first_line(exc))})") from None


def _connect(source: str, database: str = ":memory:", read_only: bool = False) -> Any:
    """A DuckDB connection whose session is in UTC, as Ibis opens its own: a timestamp with a time zone is
    cut into days in UTC (or in the file's own zone, set after), never in the zone of the machine."""
    try:
        import duckdb
    except ImportError:
        raise _needs("DuckDB", source) from None
    con = duckdb.connect(database, read_only=read_only)
    con.execute("SET TimeZone = 'UTC'")
    return con


def _ibis(source: str) -> Any:
    try:
        import ibis
    except ImportError:
        raise _needs("Ibis", source) from None
    return ibis


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
