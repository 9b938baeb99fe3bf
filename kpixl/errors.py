"""The errors kpixl raises, in one place: each says what is wrong and how to fix it.

A library caller catches ``ValueError`` (``KpiInputError``, ``DataError``, ``OutputError``) or
``FileExistsError`` (``FileExistsNoForce``); the command line turns each into one line and exit code 2.
"""

from __future__ import annotations

from pathlib import Path


class KpiInputError(ValueError):
    """An argument holds something a KPI cannot use; the message names the argument."""

    def __init__(self, arg: str, message: str):
        super().__init__(f"{arg}: {message}")
        self.arg = arg


class UnknownKpiError(KpiInputError):
    """A KPI name that the catalog does not know (``#N/A`` in Excel)."""


class DataError(ValueError):
    """Data kpixl cannot use as it is: the message says where (file, line, column) and how to fix it."""


class DateOrderError(ValueError):
    """A column of slashed dates that shows both orders, or none (and no option says)."""

    def __init__(self, kind: str, example: str):
        super().__init__(kind)
        self.kind, self.example = kind, example


class OutputError(ValueError):
    """A file kpixl was asked to write cannot be written there. ``key`` and ``fields`` say why in any
    language (``messages.say``); ``files.refused`` makes one with its English words as the message."""

    def __init__(self, key: str, message: str, **fields: object):
        super().__init__(message)
        self.key, self.fields = key, fields


class FileExistsNoForce(FileExistsError):
    """The target exists and ``force`` was not given (the command line says it with ``key``: use --force)."""

    def __init__(self, path: Path, key: str = "exists"):
        what = "would be replaced (a backup is kept)" if key == "would_replace" else "exists"
        super().__init__(f"{path} {what}; pass force=True to replace it")
        self.path, self.key = path, key


class PdfError(RuntimeError):
    """The PDF cannot be made; the message says why and what to do."""


class UsageError(Exception):
    """Bad input from the user on the command line: one line, exit code 2, no traceback."""
