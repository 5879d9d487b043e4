"""How statuses and bands look, everywhere: the traffic-light colours and the words beside them.

One module so that a chart, an exported workbook and a page never disagree about what green
means. Colours are hex strings ("#2E7D32"); ``xlsx_fill`` gives the same colours for a cell.

The statuses are the six a criterion can have (``ntm.scoring.CRITERION_STATUSES``); an indicator
result uses the five of them without "incomplete" (``ntm.statuses.STATUSES``). The rules the
colours keep:

* **no data never looks like "not met"**: missing data is a light neutral grey, and charts hatch it
  (``NO_DATA_PATTERN``) and draw a "?" on it; not applicable is a blue-grey; "incomplete" (nothing
  unmet, some data missing: not met, flagged) is a salmon that sits between the two, never the
  red of "not met";
* **colour-blind safe**: met is a blue-leaning green and not met a vermilion, far apart in
  lightness and hue for protan, deutan and tritan vision (every pair of statuses stays at least
  20 CIELAB units apart under each simulation, checked by a test); a mark on every cell
  (``STATUS_MARKS``) means colour is never the only cue;
* the text drawn on a status colour (``STATUS_TEXT_COLORS``) reads on it (contrast at least 4.5:1).
"""

from __future__ import annotations

from ntm.statuses import BASICALLY_MET, MET, MISSING, NOT_APPLICABLE, NOT_MET
from ntm.statuses import status_label as _result_status_label

INCOMPLETE = "incomplete"

# Order of legends and of tables: best first, no data last.
STATUS_ORDER = (MET, BASICALLY_MET, NOT_MET, INCOMPLETE, NOT_APPLICABLE, MISSING)

STATUS_COLORS = {
    MET: "#1E6F5C",             # blue-leaning green
    BASICALLY_MET: "#FFD54F",   # amber
    NOT_MET: "#C43E12",         # vermilion
    INCOMPLETE: "#EFA58F",      # salmon: not met, because data is missing
    NOT_APPLICABLE: "#90A4AE",  # blue-grey
    MISSING: "#E0E0E0",         # light neutral grey (hatched, with a "?")
}
# Text drawn on a cell of that colour (readable on it).
STATUS_TEXT_COLORS = {
    MET: "#FFFFFF",
    BASICALLY_MET: "#212121",
    NOT_MET: "#FFFFFF",
    INCOMPLETE: "#212121",
    NOT_APPLICABLE: "#212121",
    MISSING: "#424242",
}
# The mark drawn on a status cell of a heat map, so that colour is not the only cue.
STATUS_MARKS = {MET: "✓", BASICALLY_MET: "~", NOT_MET: "✗", INCOMPLETE: "✗?", NOT_APPLICABLE: "–",
                MISSING: "?"}

# How charts hatch "no data" (Plotly's ``marker.pattern`` of a bar): grey stripes on the grey.
NO_DATA_PATTERN = {"shape": "/", "fgcolor": "#9E9E9E", "solidity": 0.3}
NO_DATA_EDGE = "#9E9E9E"

_INCOMPLETE_LABELS = {"vi": "Chưa đạt (thiếu dữ liệu)", "en": "Not met (incomplete data)"}

# Bands, top band first (band_rank 0 = every criterion satisfied).
BAND_COLORS = ("#1B5E20", "#66BB6A", "#FDD835", "#FB8C00", "#C62828")

# Changes: a rise, a fall, no change (slope charts).
UP_COLOR = STATUS_COLORS[MET]
DOWN_COLOR = STATUS_COLORS[NOT_MET]
FLAT_COLOR = "#757575"

# Share of communes meeting a criterion, 0 → 100 %: white to green (never red: 0 % is a result,
# not a warning colour, and must stay apart from the grey of "no data").
SHARE_COLORSCALE = ((0.0, "#F7FCF5"), (0.5, "#74C476"), (1.0, "#00441B"))

# One colour per commune in line and bar charts (Okabe–Ito, colour-blind safe, then Tableau).
SERIES_COLORS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#9C755F", "#76B7B2", "#EDC948", "#BAB0AC",
)
GRID_COLOR = "#EEEEEE"
BREAK_COLOR = "#616161"


def status_color(status: str) -> str:
    """The colour of ``status`` (any of ``STATUS_ORDER``); unknown statuses get the no-data grey."""
    return STATUS_COLORS.get(str(status), STATUS_COLORS[MISSING])


def status_label(status: str, lang: str = "vi") -> str:
    """The word shown for ``status``, criterion statuses included ("incomplete")."""
    if status == INCOMPLETE:
        return _INCOMPLETE_LABELS["en" if lang == "en" else "vi"]
    return _result_status_label(status, "en" if lang == "en" else "vi")


def band_color(band_rank: int) -> str:
    """The colour of a band by rank (0 = top band); ranks past the last reuse the last colour."""
    return BAND_COLORS[min(max(int(band_rank), 0), len(BAND_COLORS) - 1)]


def series_color(index: int) -> str:
    """The ``index``-th series colour, cycling."""
    return SERIES_COLORS[int(index) % len(SERIES_COLORS)]


def xlsx_fill(status: str) -> tuple[str, str]:
    """(background, font) colours of a spreadsheet cell showing ``status``, as "#RRGGBB"."""
    key = str(status) if str(status) in STATUS_COLORS else MISSING
    return STATUS_COLORS[key], STATUS_TEXT_COLORS[key]
