"""The apps depend on each other one way only, and say so at the top of their modules.

An app talks to another through its actions, signals or a registered interface (nurture's content
providers, the CMS's demo, sitemap and related-words registries); an import cycle between apps, or
an import hidden inside a function to dodge one, is what this catches. The project's wiring (the
settings, the URLconf, the API root, Celery) composes every app and is left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cms", "search", "nurture", "shop_wizard", "security", "community", "rewards", "listening", "insights")
WIRING = {"cms/urls.py", "cms/api/__init__.py", "cms/celery.py", "cms/wsgi.py", "cms/asgi.py"}


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative or relative.startswith("cms/settings/") or relative in WIRING:
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _imported_app(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        names = [node.module]
    else:
        return []
    return [name.split(".")[0] for name in names if name.split(".")[0] in APPS]


def _cross_app_imports():
    """(module, its app, the other app, whether the import sits inside a function)."""
    for app in APPS:
        for relative, tree in _modules(app):
            functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
            nested = {id(inner) for f in functions for inner in ast.walk(f) if inner is not f}
            for node in ast.walk(tree):
                for other in _imported_app(node):
                    if other != app:
                        yield relative, app, other, id(node) in nested


def test_no_import_cycle_between_apps():
    graph: dict[str, set[str]] = {app: set() for app in APPS}
    where: dict[tuple[str, str], str] = {}
    for relative, app, other, _inside in _cross_app_imports():
        graph[app].add(other)
        where.setdefault((app, other), relative)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})) for nxt in graph[start])

    cycles = sorted(f"{a} → {b} ({where[a, b]}) and back" for a in APPS for b in graph[a] if reaches(b, a, {b}))
    assert not cycles, cycles
    assert "shop_wizard" not in graph["nurture"], "nurture knows the wizard only through its registered providers"


def test_other_apps_are_imported_at_the_top_of_a_module():
    """Only ``AppConfig.ready()`` (and management commands run after start-up) import inside a function."""
    hidden = sorted(f"{relative} imports {other}" for relative, _app, other, inside in _cross_app_imports()
                    if inside and not relative.endswith("/apps.py"))
    assert not hidden, hidden
