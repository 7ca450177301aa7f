"""perflint's modules form layers: no import cycle, and the low layers import nothing above them.

The graph is built from the source with `ast` (nothing is imported), one node per module under
`perflint/` (a package is its `__init__`). Every import statement counts, wherever it stands: at
module level, under `if TYPE_CHECKING:`, inside a function (a lazy import is still a dependency,
only a later one), and a call `importlib.import_module("perflint.…")` with a literal name. Names
looked up at run time from a table or a hook (output formats, rule modules found by walking
`perflint.rules`, plugins) are plugin registration, not edges.

How an import becomes an edge:

- `import perflint.a.b` and `from perflint.a import b` where `perflint/a/b` is a module: an edge
  to `perflint.a.b`;
- `from perflint.a import name` where `name` is not a submodule: an edge to `perflint.a`, the
  module (or package `__init__`) the name is taken from;
- the parent packages Python runs before a submodule are not edges of their own: a package that
  imports its submodules (to re-export them) would otherwise be in a cycle with each of them;
- a package's `__init__` is an ordinary module, so its own imports are its edges, including
  the lazy re-export in a module `__getattr__` (`perflint.profiles` → `perflint.profiles.registry`):
  reading `perflint.profiles.Profile` runs that import, so whoever imports the name from the
  package depends on `registry` and whatever `registry` imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import perflint

ROOT = Path(perflint.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _targets(node: ast.AST) -> list[str]:
    """The perflint modules one AST node imports."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                for alias in node.names]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return [node.args[0].value]
    return []


def _resolve(name: str) -> str | None:
    """`name`, or the nearest enclosing perflint module (`import perflint.a.b` names `perflint.a.b`)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            for target in _targets(node):
                if target.split(".")[0] == "perflint" and (module := _resolve(target)) not in (None, name):
                    edges.add(module)
        graph[name] = edges
    return graph


GRAPH = import_graph()


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components with more than one module, i.e. the import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def cycle_in(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One concrete cycle through the component's first module, for the failure message."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & members):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    return component


def closure(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return seen


def within(module: str, *packages: str) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def test_the_graph_sees_every_kind_of_import():
    assert "perflint.profiles.registry" in GRAPH["perflint.profiles"]  # lazy, in module __getattr__
    assert "perflint.host" in GRAPH["perflint.cli"]  # under TYPE_CHECKING and inside functions
    assert "perflint.loaders.pdf_loader" in GRAPH["perflint.builtin"]  # importlib.import_module("…")
    assert "perflint.intervals" in GRAPH["perflint.rules.arithmetic.common"]  # from perflint import intervals


def test_no_import_cycle():
    components = strongly_connected(GRAPH)
    cycles = [" → ".join(cycle_in(GRAPH, component)) + f"  (all of: {', '.join(component)})"
              for component in components]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


#: Modules every layer may use, which themselves import nothing above them.
LOW = ("perflint.reading", "perflint.limits", "perflint.numbers", "perflint.intervals", "perflint.model")
#: What the low modules must never reach, directly or through another module.
HIGH = ("perflint.runner", "perflint.cli", "perflint.rules", "perflint.loaders", "perflint.extract",
        "perflint.output", "perflint.cache", "perflint.host", "perflint.config")


def test_low_modules_import_nothing_above_them():
    wrong = [f"{module} reaches {target}" for module in GRAPH if within(module, *LOW)
             for target in sorted(closure(GRAPH, module)) if within(target, *HIGH)]
    assert not wrong, "\n".join(wrong)


def test_extraction_and_output_read_files_without_the_loaders():
    """Reading helpers (`read_text`, `InputError`, …) live in `perflint.reading`, below all three."""
    wrong = [f"{module} imports {target}" for module, targets in GRAPH.items()
             if within(module, "perflint.extract", "perflint.output")
             for target in sorted(targets) if within(target, "perflint.loaders")]
    assert not wrong, "\n".join(wrong)
    assert GRAPH["perflint.reading"] <= {"perflint.limits"}, \
        "perflint.reading imports no perflint module but the limits it enforces"
    assert not GRAPH["perflint.limits"], "perflint.limits imports no perflint module"
