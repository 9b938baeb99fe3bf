"""The errors kpixl raises."""


class KpiInputError(ValueError):
    """An argument holds something a KPI cannot use; the message names the argument."""

    def __init__(self, arg: str, message: str):
        super().__init__(f"{arg}: {message}")
        self.arg = arg


class UnknownKpiError(KpiInputError):
    """A KPI name that the catalog does not know (``#N/A`` in Excel)."""


class DataError(ValueError):
    """Data kpixl cannot use as it is: the message says where (file, line, column) and how to fix it."""
