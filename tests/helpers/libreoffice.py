"""LibreOffice as an independent calculator: recalculate workbooks headless, fully.

LibreOffice recalculates only cells without a cached value unless told otherwise; the
profile written here sets OOXMLRecalcMode to 0 (always recalculate) before the first run.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(files: list[Path], out_dir: Path, timeout: float = 300, always: bool = True) -> list[Path]:
    """Open each file in LibreOffice, recalculate every formula, save as xlsx into ``out_dir``.

    ``always=False`` opens them as a viewer does by default: cached values kept where LibreOffice
    keeps them (it still recalculates array formulas, volatile functions and cached errors).
    """
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kpixl-lo-profile-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        settings = RECALC_ALWAYS if always else RECALC_ALWAYS.replace("<value>0</value>", "<value>1</value>")
        (user / "registrymodifications.xcu").write_text(settings, encoding="utf-8")
        subprocess.run(
            [
                exe,
                "--headless",
                "--norestore",
                "--nolockcheck",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out_dir),
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    outputs = [out_dir / Path(f).name for f in files]
    missing = [str(p) for p in outputs if not p.exists()]
    if missing:  # soffice exits 0 even when a file fails to load
        raise RuntimeError(f"LibreOffice wrote no output for {missing}")
    return outputs
