"""Realistic official forms and summaries built in code, for the layout and quirk tests.

The sheets come from ``tools/make_layout_samples.py`` (the same builders that write the samples in
``sample_data/``); this module adds what tests need around them: an assessment of the catalog's
``ntm-2021`` with chosen unmet indicators, quick loading, and text typed the way legacy fonts
store it (``to_tcvn3``, ``to_vni``) to test the conversion back.
"""

from __future__ import annotations

import importlib.util
import sys
import unicodedata

import pandas as pd

from ntm.catalog import Catalog
from ntm.loaders import load_workbook
from ntm.statuses import MET, NOT_MET
from tests.conftest import ROOT
from tests.helpers_workbooks import sources


def _tool():
    name = "make_layout_samples"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "make_layout_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


TOOL = _tool()
SheetSpec = TOOL.SheetSpec
form_sheet = TOOL.form_sheet
summary_sheet = TOOL.summary_sheet
write_xlsx = TOOL.write_xlsx


def assessment(catalog: Catalog, set_id: str = "ntm-2021", unmet: tuple[str, ...] = (),
               statuses: dict[str, str] | None = None, values: dict[str, str] | None = None,
               structure: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """One assessment's tidy rows: every indicator of the set met except ``unmet`` (not met).

    Args:
        statuses: code → status, overriding.
        values, structure: code → result text; criterion → codes (default: the catalog's list).
    """
    criteria_set = catalog.get(set_id)
    codes = ([c for codes in structure.values() for c in codes] if structure
             else list(criteria_set.indicators["indicator"]))
    known = criteria_set.indicators.set_index("indicator")
    rows = []
    for code in codes:
        status = (statuses or {}).get(code, NOT_MET if code in unmet else MET)
        target = str(known.loc[code, "target"]) if code in known.index else None
        rows.append({"indicator": code, "status": status, "value": (values or {}).get(code),
                     "target": target or None, "note": None})
    return pd.DataFrame(rows)


def load(data: bytes, catalog: Catalog, **options):
    """``load_workbook`` on bytes named "f.xlsx"."""
    return load_workbook(data, catalog, file_name="f.xlsx", **options)


def codes(result) -> list[str]:
    """The problem codes of a load, in table order."""
    return list(result.problems["code"])


def used_rows(result, sheet: str) -> set[int]:
    parts = [s.rsplit(":", 2) for s in sources(result.results)]
    return {int(p[2]) for p in parts if p[1] == sheet}


def assert_balanced(result) -> None:
    """The accounting adds up: used + rejected = read; skipped rows are listed; no row twice."""
    stats = result.stats
    assert stats.rows_read == stats.rows_used + stats.rows_rejected
    unused = result.unused
    rejected = unused[unused["reason"] == "rejected"]
    assert len(rejected) == stats.rows_rejected
    assert len(unused) - len(rejected) == stats.rows_skipped
    parts = [s.rsplit(":", 2) for s in sources(result.results)]
    used = {(p[1], int(p[2])) for p in parts}
    assert len(used) == stats.rows_used
    listed = list(zip(unused["sheet"], unused["row"].astype(int)))
    assert len(listed) == len(set(listed)), "a row is listed twice"
    assert not used & set(listed), "a used row is also listed as unused"


# --- legacy encodings, the other way round (to build test files) ------------------------------------

def _tcvn3_inverse() -> dict[str, str]:
    from ntm.legacy_text import _TCVN3_TABLE

    return {letter: byte for byte, letter in _TCVN3_TABLE.items()}


def to_tcvn3(text: str) -> str:
    """``text`` as typed with a TCVN3 keyboard: what Excel stores in a .VnTime cell.

    Upper-case tone-marked letters have no TCVN3 code; like a typist using a ".VnTimeH" font, they
    are typed as the lower-case letter.
    """
    inverse = _tcvn3_inverse()
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in inverse:
            out.append(inverse[char])
        elif char.lower() in inverse and char.isupper():
            out.append(inverse[char.lower()])
        else:
            out.append(char)
    return "".join(out)


_VNI_TONES = {"\u0300": "ø", "\u0301": "ù", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT_TONES = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE_TONES = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"\u0300": "ì", "\u0301": "í", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_vni(text: str) -> str:
    """``text`` as typed with a VNI keyboard (VNI-Times): a base letter followed by mark bytes."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in "đĐ":
            out.append("ñ" if char == "đ" else "Ñ")
            continue
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        upper = base.isupper()
        tone = next((m for m in marks if m in _VNI_TONES), "")
        if "\u031b" in marks:  # horn: ơ ư
            letter = {"o": "ô", "u": "ö"}[base.lower()]
            out.append((letter.upper() if upper else letter) + _case(_VNI_TONES.get(tone, ""), upper))
        elif "\u0302" in marks:  # circumflex: â ê ô
            out.append(base + _case(_VNI_HAT_TONES[tone], upper))
        elif "\u0306" in marks:  # breve: ă
            out.append(base + _case(_VNI_BREVE_TONES[tone], upper))
        elif base.lower() == "i" and tone:
            out.append(_case(_VNI_I[tone], upper))
        elif base.lower() == "y" and tone == "\u0323":
            out.append("Î" if upper else "î")
        elif tone:
            out.append(base + _case(_VNI_TONES[tone], upper))
        else:
            out.append(char)
    return "".join(out)


def _case(mark: str, upper: bool) -> str:
    return mark.upper() if upper else mark


def encode_sheet(spec, encode) -> None:
    """Every text cell of ``spec`` passed through ``encode`` (in place)."""
    spec.rows = [[encode(v) if isinstance(v, str) else v for v in row] for row in spec.rows]
