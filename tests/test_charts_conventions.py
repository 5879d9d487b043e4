"""Conventions of the chart, palette and export modules, enforced: documented, no file I/O, one
signature shape for every builder (frame first, then keyword-only ``lang`` and ``title``)."""

from __future__ import annotations

import ast
import inspect

import pytest

import ntm.charts
from tests.conftest import ROOT

MODULES = sorted([*(ROOT / "ntm" / "charts").glob("*.py"), *(ROOT / "ntm" / "export").glob("*.py"),
                  ROOT / "ntm" / "palette.py"])
FILE_IO = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "to_excel", "read_csv", "read_excel",
           "mkdir", "unlink"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_modules_are_documented_and_write_no_files(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} needs a module docstring"
    top = [*tree.body, *(m for c in tree.body if isinstance(c, ast.ClassDef) for m in c.body)]
    public = [n for n in top if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")]
    assert [n.name for n in public if not ast.get_docstring(n)] == []
    called = {node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
              for node in ast.walk(tree) if isinstance(node, ast.Call)}
    assert not called & FILE_IO  # bytes and figures out; the pages and the CLI write files


BUILDERS = [getattr(ntm.charts, name) for name in ntm.charts.__all__ if name.startswith("build_")]


def test_the_issue_names_every_builder():
    names = {b.__name__ for b in BUILDERS}
    assert {"build_band_chart", "build_status_heatmap", "build_unmet_chart", "build_history_chart",
            "build_compare_bars", "build_radar", "build_progress_lines", "build_slope_chart", "build_band_stack",
            "build_criterion_share_chart"} <= names


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__)
def test_builders_take_a_frame_then_keyword_only_lang_and_title(build):
    parameters = list(inspect.signature(build).parameters.values())
    assert parameters[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    keyword_only = {p.name: p for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert keyword_only["lang"].default == "vi" and keyword_only["title"].default is None
    assert "ntm.scoring" in inspect.getdoc(build)  # says which frame it takes
