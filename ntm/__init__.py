"""NTM Dashboard's domain package: criteria catalog, workbook loaders, scoring, export.

Pure Python and pandas; never imports Streamlit (a test enforces it). Nothing happens on import.
"""

__version__ = "0.1.0"
