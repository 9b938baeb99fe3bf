"""The sheets of kpixl's workbooks, one module each, on a thin XlsxWriter layer (``writer``)."""
