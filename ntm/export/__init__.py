"""Exports: exactly what the user filtered, as .csv or .xlsx bytes, and a commune's report.

* ``tables``: readable versions of the scoring frames (Vietnamese headers, status words, lists
  joined "1; 15; 17") — ``results_table``, ``scores_table``, ``criteria_table``, ``gaps_table``;
  beside the reported names, the official unit (``UNIT_HEADERS``, ``with_unit_columns``).
* ``writers``: ``export_table`` (a table as "xlsx" or "csv" bytes: what the downloads and the
  ``export`` and ``audit`` commands call), ``export_kind`` (the kind a file name asks for),
  ``export_csv`` (UTF-8 with BOM, formula-like text neutralised),
  ``export_xlsx`` (numbers as numbers, frozen header, autofilter, status colours, metadata sheet),
  ``export_metadata`` (the metadata sheet's rows), ``neutralise``.
* ``report``: ``commune_report_xlsx`` for the commune profile page.

Everything returns bytes (pages hand them to ``st.download_button``); nothing here writes a file.
"""

from ntm.export.report import commune_report_xlsx
from ntm.export.tables import (
    CRITERION_HEADERS,
    GAP_HEADERS,
    RESULT_HEADERS,
    SCORE_HEADERS,
    UNIT_HEADERS,
    criteria_table,
    gaps_table,
    results_table,
    scores_table,
    status_words,
    with_unit_columns,
)
from ntm.export.writers import (
    CSV_MIME,
    EXPORT_KINDS,
    XLSX_MIME,
    ExportError,
    export_csv,
    export_kind,
    export_metadata,
    export_table,
    export_xlsx,
    neutralise,
)

__all__ = [
    "CRITERION_HEADERS", "CSV_MIME", "EXPORT_KINDS", "ExportError", "GAP_HEADERS", "RESULT_HEADERS",
    "SCORE_HEADERS", "UNIT_HEADERS", "XLSX_MIME",
    "commune_report_xlsx", "criteria_table", "export_csv", "export_kind", "export_metadata", "export_table",
    "export_xlsx", "gaps_table", "neutralise", "results_table", "scores_table", "status_words",
    "with_unit_columns",
]
