"""Test settings: xlwings' Office.js dispatch needs these before xlwings is imported.

``noncommercial`` is xlwings' free licence key for non-commercial use; it is set here,
in the tests only, so that the real ``xlwings.server`` code can be exercised.
"""

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("XLWINGS_ON_SERVER", "true")
