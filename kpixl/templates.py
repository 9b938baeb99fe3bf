"""The prebuilt workbooks of ``workbooks/``, made from the demo data, reproducibly."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .campaigns import SAMPLE_TARGETS, sample_data
from .dashboard import build_dashboard

CREATED = "1767225600"  # 2026-01-01T00:00:00Z: a fixed date, so that rebuilt files are identical


def template_names() -> list[str]:
    return [f"dashboard-{lang}-{mode}.xlsx" for lang in ("en", "fr") for mode in ("udf", "native")]


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
            _, lang, mode = name.removesuffix(".xlsx").split("-")
            paths.append(build_dashboard(data, folder / name, lang=lang, formulas=mode, targets=SAMPLE_TARGETS,
                                         force=force))
    return paths
