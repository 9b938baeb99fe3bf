"""Excel's faces of the catalog: cell values in and out (``values``), the ``KPI_*`` functions of
each xlwings host (``udfs``), their native-formula twins (``native``) and xlwings Lite's files."""
