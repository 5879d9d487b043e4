"""Conventions of the dashboard shell, enforced: router, ASCII URLs, short narrated pages, one key module."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

PAGE_DIR = ROOT / "pages"
SCRIPTS = sorted(p for p in PAGE_DIR.glob("*.py") if p.name != "__init__.py")


def _router() -> tuple[list[tuple], list[ast.Call]]:
    """dashboard.py's page table (``PAGES``, a literal) and its ``st.Page`` calls."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    table = next(ast.literal_eval(n.value) for n in tree.body
                 if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "PAGES")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "Page"]
    return table, calls


def test_every_page_script_is_routed_with_an_ascii_url_path():
    table, calls = _router()
    names = [row[0] for row in table]
    assert {f"pages/{name}.py" for name in names} == {f"pages/{p.name}" for p in SCRIPTS}
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", name) for name in names), names
    # Each url_path is its script's name: a deep link still finds its page in the first session after a
    # restart, when Streamlit reads pages/ as an old-style page folder (see pages/ui/router.py).
    [call] = calls
    url_path = next(k.value for k in call.keywords if k.arg == "url_path")
    assert ast.unparse(call.args[0]) == "f'pages/{name}.py'" and ast.unparse(url_path) == "name"


def test_page_scripts_are_short_narrated_scripts():
    for script in SCRIPTS:
        source = script.read_text(encoding="utf-8")
        tree = ast.parse(source)
        assert ast.get_docstring(tree), f"{script.name} needs a docstring saying what the page is for"
        assert len(source.splitlines()) <= 80, f"{script.name} is long: move drawing to pages/ui/render_*.py"
        assert not [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))], script.name
        sections = re.findall(r"^\s*# (\d+)\. ", source, flags=re.M)
        assert sections and sections == [str(i) for i in range(1, len(sections) + 1)], script.name


def test_widget_and_state_keys_are_constants_from_one_module():
    literal_key = re.compile(r"""\bkey\s*=\s*f?["']|session_state\[\s*f?["']|session_state\.get\(\s*f?["']""")
    for path in sorted(PAGE_DIR.rglob("*.py")):
        if path.name == "state.py":
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        offenders = [line for line in lines if literal_key.search(line)]
        assert offenders == [], f"{path.relative_to(ROOT)} spells keys as literals: {offenders}"


def test_pages_catch_only_the_projects_errors():
    for path in sorted(PAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for handler in (n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)):
            caught = ast.unparse(handler.type) if handler.type is not None else "everything"
            assert caught == "NtmError", f"{path.relative_to(ROOT)} catches {caught}"
