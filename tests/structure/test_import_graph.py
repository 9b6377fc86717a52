"""The modules of `cases` import each other without a loop.

A loop (a service importing the task that runs the sweep that calls the
service) works only while one of its imports hides inside a function; the
graph here counts those too, so hiding an import does not hide the loop.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = "cases"


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, pathlib.Path]:
    return {_module_name(path): path for path in (ROOT / PACKAGE).rglob("*.py") if "migrations" not in path.parts}


def _imports(name: str, path: pathlib.Path, modules) -> set[str]:
    """The modules of the package that `name` imports anywhere in its text, functions included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from . import notify` imports the package, then its module `notify`;
            # `from .models import Case` the module (or package) `models`.
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    # The importing module's own packages are already being imported: not an edge.
    return {m for m in found if m in modules and m != name and not name.startswith(m + ".")}


def _graph():
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycle(graph) -> list[str] | None:
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_modules_of_cases_import_each_other_without_a_loop():
    cycle = _cycle(_graph())
    assert cycle is None, "import loop: " + " → ".join(cycle)


def test_the_graph_sees_an_import_hidden_inside_a_function():
    graph = _graph()
    graph["cases.services.notify"] = graph["cases.services.notify"] | {"cases.tasks"}  # as it once was
    assert _cycle(graph) is not None


@pytest.mark.parametrize("module", ["cases.tasks", "cases.sweep", "cases.services.notify", "cases.services.escalation"])
def test_the_sweep_and_its_services_are_in_the_graph(module):
    assert module in _graph()
