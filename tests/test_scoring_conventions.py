"""Conventions of the scoring package, enforced: pure (no I/O, no Streamlit), documented, re-exported."""

from __future__ import annotations

import ast

import pytest

import ntm.scoring
from tests.conftest import ROOT

MODULES = sorted((ROOT / "ntm" / "scoring").glob("*.py"))
IO_CALLS = {"open", "read_csv", "read_excel", "read_parquet", "read_sql", "to_csv", "to_excel", "to_parquet",
            "read_text", "read_bytes", "write_text", "write_bytes", "load_catalog", "connect"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_scoring_modules_are_pure_and_documented(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} needs a module docstring"
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not {m for m in imported if m.split(".")[0] in {"streamlit", "pathlib", "os", "io", "sqlalchemy"}}
    called = {node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
              for node in ast.walk(tree) if isinstance(node, ast.Call)}
    assert not called & IO_CALLS
    public = [n for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]
    undocumented = [f.name for f in public if not ast.get_docstring(f)]
    assert undocumented == []


def test_public_api_is_re_exported():
    for name in ["criterion_results", "score_assessments", "score_records", "SCORE_KEYS",
                 "CRITERION_STATUS_DTYPE", "band_of", "band_distribution", "rollup_summary",
                 "criterion_share", "most_unmet", "year_over_year", "indicator_gaps"]:
        assert name in ntm.scoring.__all__ and hasattr(ntm.scoring, name)
    assert len(ntm.scoring.SCORE_KEYS) == 18
