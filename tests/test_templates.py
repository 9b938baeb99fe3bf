"""The prebuilt workbooks of workbooks/ are exactly what `kpixl templates` makes today."""

import zipfile
from pathlib import Path

import pytest

from kpixl.build import template_names, write_templates

SHIPPED = Path(__file__).parents[1] / "workbooks"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    write_templates(folder)
    return folder


@pytest.mark.parametrize("name", template_names())
def test_shipped_workbook_is_up_to_date(rebuilt, name):
    shipped, fresh = parts(SHIPPED / name), parts(rebuilt / name)
    assert sorted(shipped) == sorted(fresh)
    stale = [p for p in fresh if shipped[p] != fresh[p]]
    assert stale == [], f"workbooks/{name} is out of date: run `kpixl templates workbooks --force`"


def test_no_stray_files_in_workbooks():
    assert sorted(p.name for p in SHIPPED.glob("*.xlsx")) == sorted(template_names())
