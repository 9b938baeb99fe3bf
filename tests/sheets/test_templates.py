"""The prebuilt workbooks of workbooks/ are what `kpixl templates` makes today.

Compared in what matters (parts, cells, formulas, styles, values to a tolerance), so that the
check holds on every supported Python and dependency version; a failure lists the cells.
"""

import re
import zipfile

import pytest
from openpyxl.utils import coordinate_to_tuple

from kpixl.build import template_names, write_templates
from kpixl.printing import _sheet_parts
from kpixl.sheets.writer import cell as xl_cell

from paths import WORKBOOKS
from workbook_diff import differences
from xlsxcheck import values

SHIPPED = WORKBOOKS


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    write_templates(folder)
    return folder


@pytest.mark.parametrize("name", template_names())
def test_shipped_workbook_is_up_to_date(rebuilt, name):
    found = differences(SHIPPED / name, rebuilt / name)
    assert not found, f"workbooks/{name} is out of date: run `kpixl templates workbooks --force`\n" + "\n".join(found)


def test_no_stray_files_in_workbooks():
    assert sorted(p.name for p in SHIPPED.glob("*.xlsx")) == sorted(template_names())


def test_the_comparison_sees_a_changed_cell(tmp_path):
    """The check can fail: one cached number changed beyond the tolerance is reported by cell."""
    import re
    import zipfile

    name = "dashboard-en-native.xlsx"
    changed = tmp_path / name
    calc = values(SHIPPED / name)["Calc"]
    row = max(coordinate_to_tuple(ref)[0] for ref, v in calc.items() if v == "Revenue" and ref[0] == "A")
    month = xl_cell(row - 1, 2, absolute=False)  # the revenue of the second month, in the month-by-month block
    with zipfile.ZipFile(SHIPPED / name) as src, zipfile.ZipFile(changed, "w") as dst:
        part = _sheet_parts(src)["Calc"]
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part:  # Calc: a month's revenue, one cent more
                cell = re.search(rb'<c r="%s".*?<v>([^<]+)</v>' % month.encode(), data, re.S)
                assert cell is not None
                cent = b"%.2f" % (float(cell.group(1)) + 0.01)
                data = data[: cell.start(1)] + cent + data[cell.end(1) :]
            dst.writestr(item, data)
    found = differences(SHIPPED / name, changed)
    assert len(found) == 1 and found[0].startswith("xl/worksheets/sheet9.xml C28: ")
    assert differences(SHIPPED / name, SHIPPED / name) == []


@pytest.mark.parametrize("name", [n for n in template_names() if n.endswith("-lite.xlsx")])
def test_lite_workbook_lists_exactly_the_functions_it_calls(rebuilt, name):
    """Excel loads a Lite workbook's functions from the list in its settings: every _xldudf_ call of
    its sheets must be there (else #NAME?), and nothing it does not call."""
    with zipfile.ZipFile(rebuilt / name) as z:
        called = set()
        for part in z.namelist():
            if part.startswith("xl/worksheets/sheet"):
                called |= set(re.findall(rb"_xldudf_KPI_\w+", z.read(part)))
        listed = re.findall(
            rb"<we:customFunctionIds>(.*?)</we:customFunctionIds>", z.read("xl/webextensions/webextension1.xml")
        )
    assert len(called) >= 6 and sorted(called) == listed
