"""The prebuilt workbooks of ``workbooks/``, made from the demo data, reproducibly."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

from .campaigns import SAMPLE_TARGETS, sample_data
from .dashboard import build_dashboard
from .goalsheet import build_goals

CREATED = "1767225600"  # 2026-01-01T00:00:00Z: a fixed date, so that rebuilt files are identical
AS_OF = dt.date(2026, 5, 15)  # the goals' review day: inside the demo data, fixed for the same reason


def template_names() -> list[str]:
    return [f"{kind}-{lang}-{mode}.xlsx" for kind in ("dashboard", "goals") for lang in ("en", "fr")
            for mode in ("udf", "native")]


@contextlib.contextmanager
def fixed_creation_date() -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = CREATED
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def write_templates(directory: str | Path, *, force: bool = False) -> list[Path]:
    """Build every prebuilt workbook into ``directory``."""
    folder = Path(directory)
    data = sample_data()
    paths = []
    with fixed_creation_date():
        for name in template_names():
            kind, lang, mode = name.removesuffix(".xlsx").split("-")
            if kind == "dashboard":
                paths.append(build_dashboard(data, folder / name, lang=lang, formulas=mode, targets=SAMPLE_TARGETS,
                                             as_of=AS_OF, force=force))
            else:
                paths.append(build_goals(folder / name, lang=lang, formulas=mode, as_of=AS_OF, force=force))
    return paths
