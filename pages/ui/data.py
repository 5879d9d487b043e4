"""Cached calls into ``ntm``: the catalog, the sample workbooks, scores.

Caching lives here, in the shell; ``ntm`` knows nothing of Streamlit. Results are keyed on file
bytes so a changed file is read again.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from ntm.catalog import Catalog, load_catalog
from ntm.loaders import load_workbook
from ntm.schema import results_frame
from ntm.scoring import score_assessments

SAMPLE_DIR = Path(__file__).resolve().parent.parent.parent / "sample_data"


@st.cache_resource
def get_catalog() -> Catalog:
    """The shipped criteria sets (shared by every session; never mutated)."""
    return load_catalog()


@st.cache_data(show_spinner=False)
def load_bytes(content: bytes, file_name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A workbook's tidy results and problems table."""
    loaded = load_workbook(content, get_catalog(), file_name=file_name)
    return loaded.results, loaded.problems


def load_samples() -> pd.DataFrame:
    """The tidy results of every sample workbook, concatenated."""
    frames = [load_bytes(path.read_bytes(), path.name)[0] for path in sorted(SAMPLE_DIR.glob("*.xlsx"))]
    return pd.concat(frames, ignore_index=True) if frames else results_frame()


@st.cache_data(show_spinner=False)
def score(results: pd.DataFrame) -> pd.DataFrame:
    """One row per assessment (see ``ntm.scoring.score_assessments``)."""
    return score_assessments(results, get_catalog())
