"""Conventions of the dashboard shell, enforced: router, ASCII URLs, short narrated pages, one key module."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

PAGE_DIR = ROOT / "pages"
SCRIPTS = sorted(p for p in PAGE_DIR.glob("*.py") if p.name != "__init__.py")


def _page_calls() -> list[ast.Call]:
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "Page"]


def test_every_page_script_is_routed_with_an_ascii_url_path():
    calls = _page_calls()
    routed = {ast.literal_eval(call.args[0]) for call in calls}
    assert routed == {f"pages/{p.name}" for p in SCRIPTS}
    paths = [ast.literal_eval(k.value) for call in calls for k in call.keywords if k.arg == "url_path"]
    assert len(paths) == len(calls) == len(set(paths))
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", path) for path in paths), paths
    # Each url_path is its script's name: a deep link still finds its page in the first session after a
    # restart, when Streamlit reads pages/ as an old-style page folder (see pages/ui/router.py).
    for call in calls:
        url_path = next(ast.literal_eval(k.value) for k in call.keywords if k.arg == "url_path")
        assert ast.literal_eval(call.args[0]) == f"pages/{url_path}.py"


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
