"""The structure DESIGN §4 asks for, proved on the import graph that grimp builds from the code.

- No import cycles between modules: every import, including those made inside a function
  ("read on demand") and those under `if TYPE_CHECKING:`, counts, because each one is a
  dependency someone has to understand (a lazy import hides a cycle from Python, not from a reader).
- Inside core, features depend downwards only:
  importing | purchasing | shelf | backups -> catalog -> stock -> accounts
  (the four at the top know nothing of each other).

import-linter (pyproject.toml) checks the layers between packages in CI; this test keeps the two
rules above inside the test suite, where a failure names the modules and lines to change.
"""

from __future__ import annotations

import grimp
import pytest

PACKAGE = "inventory_app"

CORE_FEATURES = (
    grimp.Layer("importing", "purchasing", "shelf", "backups", independent=True),
    grimp.Layer("catalog"),
    grimp.Layer("stock"),
    grimp.Layer("accounts"),
)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, cache_dir=None)


def strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Groups of two or more modules that import each other in a loop (Tarjan, iterative)."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def describe(graph: grimp.ImportGraph, group: list[str]) -> str:
    members = set(group)
    lines = [f"cycle of {len(group)} modules:"]
    for importer in group:
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & members):
            for detail in graph.get_import_details(importer=importer, imported=imported):
                lines.append(
                    f"  {importer} -> {imported}  (line {detail['line_number']}: {detail['line_contents']})"
                )
    return "\n".join(lines)


def route_text(route: grimp.Route) -> str:
    parts = [", ".join(sorted(route.heads)), *route.middle, ", ".join(sorted(route.tails))]
    return " -> ".join(parts)


def test_no_import_cycles_between_modules(graph: grimp.ImportGraph) -> None:
    groups = strongly_connected(graph)
    assert not groups, "\n".join(describe(graph, g) for g in groups)


def test_core_features_depend_downwards_only(graph: grimp.ImportGraph) -> None:
    illegal = graph.find_illegal_dependencies_for_layers(layers=CORE_FEATURES, containers={f"{PACKAGE}.core"})
    found = [
        f"{dep.importer} -> {dep.imported}: " + "; ".join(route_text(route) for route in dep.routes)
        for dep in sorted(illegal, key=lambda d: (d.importer, d.imported))
    ]
    assert not found, "core features importing upwards or sideways:\n" + "\n".join(found)
