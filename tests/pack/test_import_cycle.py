"""The pack format and the world import each other one way: the world reads the pack, never round in a circle.

`cyberdrill.world` generates a run's world from the pack's model, so it imports `cyberdrill.pack`. The pack's
validator needs two facts about Faker (the provider allow-list, the locales): it asks the world's leaf
modules, which import nothing of cyberdrill. A path pack -> world -> pack (check_text -> world/shape ->
pack/model, before) is an import cycle between the two packages: importing one module alone could then find
the other half-initialised.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "cyberdrill"
PACKAGES = ("cyberdrill.pack", "cyberdrill.world")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        folder = ROOT.parent.joinpath(*package.split("."))
        found.update({_module_name(p): p for p in folder.glob("*.py")})
    return found


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of `tree` except those under `if TYPE_CHECKING:` (imports for the type checker only)."""
    found: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        found.append(node)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return found


def _imports(path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that `path` imports anywhere (at the top or inside a function), including the
    package whose __init__ runs on the way to a module of another package."""
    own_package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    names: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    found = {name for name in names if name in known}
    for name in list(found):
        package = name.rpartition(".")[0]
        if package in known and package != own_package:
            found.add(package)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, known) - {name} for name, path in modules.items()}


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_no_path_leads_from_the_pack_through_the_world_back_to_the_pack() -> None:
    graph = _graph()
    for module, targets in graph.items():
        if not module.startswith("cyberdrill.pack"):
            continue
        for world in (t for t in targets if t.startswith("cyberdrill.world")):
            back = sorted(m for m in _reachable(graph, world) if m.startswith("cyberdrill.pack"))
            assert not back, f"{module} -> {world} -> {back[0]}: an import cycle between pack and world"


def test_no_module_of_pack_or_world_imports_itself_round_a_circle() -> None:
    graph = _graph()
    for module in graph:
        assert module not in _reachable(graph, module), f"{module} imports itself through a cycle"


def test_each_module_imports_alone_in_a_fresh_interpreter() -> None:
    # One interpreter, but every module imported first, with no cyberdrill module loaded before it.
    code = (
        "import importlib, sys\n"
        f"names = {sorted(_modules())!r}\n"
        "for name in names:\n"
        "    for loaded in [m for m in sys.modules if m == 'cyberdrill' or m.startswith('cyberdrill.')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
        "print('ok', len(names))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok ")
