"""Conventions that matter, enforced: the domain package never imports Streamlit."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_ntm_source_never_imports_streamlit():
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "ntm").rglob("*.py"))
        for name in _imports(path)
        if name == "streamlit" or name.startswith("streamlit.")
    ]
    assert offenders == []


def test_importing_every_ntm_module_loads_no_streamlit():
    # Catches indirect imports too (a dependency that pulls Streamlit in).
    code = (
        "import importlib, pkgutil, sys, ntm\n"
        "for m in pkgutil.walk_packages(ntm.__path__, 'ntm.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_entry_file_is_a_router():
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    assert functions == [], "dashboard.py only configures the page and routes"
    assert "st.navigation" in source
