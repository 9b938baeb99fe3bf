"""xlwings Lite: the ``main.py`` and ``requirements.txt`` that give a workbook every ``KPI_*`` function,
and the document settings that carry them inside the workbook itself.

Lite runs the code a workbook carries (Office.js document settings, saved by Excel in
``xl/webextensions/webextension1.xml``), installs its ``requirements.txt`` with micropip, and
registers the functions bound in ``main.py``. kpixl is not on a package index Lite can reach,
so ``main.py`` carries kpixl itself, pinned to the version that wrote it: a zip of the package,
base64-encoded, that ``main.py`` puts on ``sys.path`` (zipimport), then ``from kpixl.udfs import *``.
"""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from .. import __version__
from ..errors import FileExistsNoForce
from ..files import write_text

LITE_STORE_ID = "WA200008175"  # xlwings Lite in Microsoft's add-in store
PYODIDE_VERSION = "0.27.7"  # the Pyodide the tests run the workbook's code in
SETTINGS_LIMIT = 2 * 2**20  # Office.js document settings; kpixl keeps well under 1 MB
PACKAGE = Path(__file__).resolve().parents[1]  # the kpixl folder
LEFT_OUT = (
    "cli.py",
    "__main__.py",
    "build.py",
    "docs.py",
    "pdf.py",
    "refresh.py",
    "queries.py",
    "doctor.py",
)  # what the functions never import

WE_NS = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
WETP_NS = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
REL_WEBEXT = "http://schemas.microsoft.com/office/2011/relationships/webextension"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


@cache
def package_zip() -> bytes:
    """kpixl's code the Excel functions need, as a zip (reproducible: fixed dates, sorted names)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(PACKAGE.rglob("*.py")):
            rel = path.relative_to(PACKAGE.parent)
            if path.name in LEFT_OUT and path.parent == PACKAGE or rel.parts[1] in ("data", "sheets"):
                continue
            info = zipfile.ZipInfo(rel.as_posix(), date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, path.read_bytes())
    return buffer.getvalue()


@cache
def main_py() -> str:
    """The ``main.py`` of a Lite workbook: kpixl embedded, then every KPI_* function."""
    data = base64.b64encode(package_zip()).decode("ascii")
    lines = [data[i : i + 100] for i in range(0, len(data), 100)]
    return f'''"""kpixl {__version__}: marketing KPIs as Excel functions: =KPI_CTR(B2,C2), =KPI_LTV(B2,B3,B4) ...

Each function takes single cells or whole ranges (results spill); =KPI_LIST() shows them all.
kpixl's code travels inside this workbook (below, zipped), so nothing needs to be installed.
"""

import base64
import os
import sys
import tempfile

_KPIXL = (
{chr(10).join(f'    "{line}"' for line in lines)}
)
_ZIP = os.path.join(tempfile.gettempdir(), "kpixl-{__version__}.zip")
if not os.path.exists(_ZIP):
    with open(_ZIP, "wb") as f:
        f.write(base64.b64decode(_KPIXL))
if _ZIP not in sys.path:
    sys.path.insert(0, _ZIP)

from kpixl.udfs import *  # noqa: E402, F403 - every KPI_* function of the catalog
'''


def requirements() -> str:
    """What Lite installs: xlwings as Lite requires it, and numpy (Pyodide serves both)."""
    import xlwings  # here, not at import: only a Lite workbook needs it (25 ms)

    return f"xlwings=={xlwings.__version__}  # required\nnumpy\n"


def write_lite(directory: str | Path, *, force: bool = False) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` for the xlwings Lite editor into ``directory``."""
    folder = Path(directory)
    files = {folder / "main.py": main_py(), folder / "requirements.txt": requirements()}
    existing = [p for p in files if p.exists()]
    if existing and not force:
        raise FileExistsNoForce(existing[0])
    return [write_text(p, text, force=force) for p, text in files.items()]


def setting(value: str) -> str:
    """A document-settings value as Office writes it: JSON text (``/`` as ``\\/``), XML-escaped."""
    return escape(json.dumps(value, ensure_ascii=False).replace("/", "\\/"), {'"': "&quot;"})


def webextension_xml(properties: dict[str, str], function_ids: list[str]) -> str:
    props = "".join(f'<we:property name="{escape(k)}" value="{setting(v)}"/>' for k, v in properties.items())
    ids = "".join(f"<we:customFunctionIds>{escape(i)}</we:customFunctionIds>" for i in function_ids)
    return (
        f'{DECLARATION}<we:webextension xmlns:we="{WE_NS}" id="{{6F8A2B1C-4D3E-4F5A-9B7C-8D6E5F4A3B2C}}">'
        f'<we:reference id="{LITE_STORE_ID.lower()}" version="1.0.0.0" store="en-US" storeType="OMEX"/>'
        f'<we:alternateReferences><we:reference id="{LITE_STORE_ID}" version="1.0.0.0" store="{LITE_STORE_ID}" '
        f'storeType="OMEX"/></we:alternateReferences><we:properties>{props}</we:properties><we:bindings/>'
        f'<we:snapshot xmlns:r="{R_NS}"/><we:extLst>'
        f'<a:ext xmlns:a="{A_NS}" uri="{{D87F86FE-615C-45B5-9D79-34F1136793EB}}"><we:containsCustomFunctions/>'
        f'</a:ext><a:ext xmlns:a="{A_NS}" uri="{{7C84B067-C214-45C3-A712-C9D94CD141B2}}">'
        f"<we:customFunctionIdList>{ids}</we:customFunctionIdList></a:ext></we:extLst></we:webextension>"
    )


TASKPANES = (
    f'{DECLARATION}<wetp:taskpanes xmlns:wetp="{WETP_NS}"><wetp:taskpane dockstate="right" visibility="0" '
    f'width="350" row="0"><wetp:webextensionref xmlns:r="{R_NS}" r:id="rId1"/></wetp:taskpane>'
    "</wetp:taskpanes>"
)
TASKPANES_RELS = (
    f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL_WEBEXT}" Target="webextension1.xml"/></Relationships>'
)


def lite_parts(function_ids: list[str]) -> dict[str, bytes]:
    """The parts a workbook needs for Lite: its task pane, and its document settings (the code)."""
    properties = {"main.py": main_py(), "requirements.txt": requirements(), "pyodideVersion": PYODIDE_VERSION}
    xml = webextension_xml(properties, sorted(function_ids))
    if len(xml.encode("utf-8")) > SETTINGS_LIMIT // 2:
        raise RuntimeError(f"the Lite settings take {len(xml) / 2**20:.1f} MB, over the 1 MB kpixl allows")
    return {
        "xl/webextensions/taskpanes.xml": TASKPANES.encode("utf-8"),
        "xl/webextensions/_rels/taskpanes.xml.rels": TASKPANES_RELS.encode("utf-8"),
        "xl/webextensions/webextension1.xml": xml.encode("utf-8"),
    }


def with_lite(name: str, data: bytes) -> bytes:
    """A package part XlsxWriter wrote, with Lite's parts declared: the content types and the root relations."""
    if name == "[Content_Types].xml":
        return data.replace(
            b"</Types>",
            (
                b'<Override PartName="/xl/webextensions/taskpanes.xml" '
                b'ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>'
                b'<Override PartName="/xl/webextensions/webextension1.xml" '
                b'ContentType="application/vnd.ms-office.webextension+xml"/></Types>'
            ),
        )
    if name == "_rels/.rels":
        used = {int(n) for n in re.findall(rb'Id="rId(\d+)"', data)}
        rel = (
            f'<Relationship Id="rId{max(used | {0}) + 1}" Type="{REL_TASKPANES}" '
            'Target="xl/webextensions/taskpanes.xml"/></Relationships>'
        )
        return data.replace(b"</Relationships>", rel.encode())
    return data
