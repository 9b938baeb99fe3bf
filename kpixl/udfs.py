"""Every catalog KPI as an Excel function: ``=KPI_CTR(B2,C2)``.

The module users name: UDF Modules = ``kpixl.udfs`` in classic xlwings, and
``from kpixl.udfs import *`` in an xlwings Lite ``main.py``. The functions are built
in :mod:`kpixl.excel.udfs`.
"""

from .excel.udfs import *  # noqa: F403
from .excel.udfs import __all__  # noqa: F401
