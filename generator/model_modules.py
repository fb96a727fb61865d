"""Which schema goes to which module of the `models` package.

Every schema of its own (a component, a request or response body) gets a module
under `models/`, named after it (`Pet` in `models/pet.py`), and the schemas declared
inside it (`PetTagsItem` for the items of its `tags`, an inline enum) live there with
it: one module to read a schema in whole, and a few thousand files fewer to write and
import on a large API. Schemas whose modules would refer to each other in a cycle
share one module (named after the first of them by name): a module imports what its
schemas refer to from the other modules, so the imports between modules must not go
round in a circle. `models/__init__.py` only maps names to modules and imports a
module when one of its names is first used.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable
from dataclasses import dataclass

from generator import ir, naming, spelling
from generator.ir import TypeRef

# Names `models/__init__.py` uses: importing a submodule binds its name there, so none may be one.
_INDEX_GLOBALS = frozenset({"annotations", "getattr", "globals", "dict", "str", "list", "object"})


@dataclass(frozen=True)
class ModelModule:
    """One module of the `models` package and the schemas it declares, in declaration order."""

    name: str
    enums: tuple[ir.EnumDef, ...]
    models: tuple[ir.ModelDef, ...]
    aliases: tuple[ir.AliasDef, ...]
    imports: tuple[tuple[str, tuple[str, ...]], ...]  # (module, names) from the package's other modules
    roots: tuple[str, ...]  # its schemas of their own, by name; the others are declared inside them

    @property
    def names(self) -> list[str]:
        return sorted(
            [e.name for e in self.enums] + [m.name for m in self.models] + [a.name for a in self.aliases]
        )


def model_modules(api: ir.ApiModel) -> list[ModelModule]:
    """The modules of the `models` package, by module name."""
    dependencies = _dependencies(api)
    root_of = _roots(api)
    # Modules before cycles are merged: each schema of its own with those declared inside it.
    held: dict[str, set[str]] = {}
    for name, root in root_of.items():
        held.setdefault(root, set()).add(name)
    root_dependencies = {
        root: {root_of[used] for member in members for used in dependencies[member]} - {root}
        for root, members in held.items()
    }
    root_groups = sorted(_strongly_connected(root_dependencies), key=min)
    module_names = naming.NameScope(_INDEX_GLOBALS)
    module_of: dict[str, str] = {}
    for roots in root_groups:
        name = naming.snake_case(min(roots)) or "model"
        name = module_names.claim(name + "_" if keyword.iskeyword(name) else name, "_")
        module_of.update({member: name for root in roots for member in held[root]})
    # Each module's schemas, in the order of the model (bases before subclasses).
    enums: dict[str, list[ir.EnumDef]] = {}
    models: dict[str, list[ir.ModelDef]] = {}
    aliases: dict[str, list[ir.AliasDef]] = {}
    for enum in api.enums:
        enums.setdefault(module_of[enum.name], []).append(enum)
    for model in api.models:
        models.setdefault(module_of[model.name], []).append(model)
    for alias in api.aliases:
        aliases.setdefault(module_of[alias.name], []).append(alias)
    modules = []
    for roots in root_groups:
        name = module_of[min(roots)]
        imported: dict[str, set[str]] = {}
        for member in (member for root in roots for member in held[root]):
            for dependency in dependencies[member]:
                if module_of[dependency] != name:
                    imported.setdefault(module_of[dependency], set()).add(dependency)
        modules.append(
            ModelModule(
                name=name,
                enums=tuple(enums.get(name, ())),
                models=tuple(models.get(name, ())),
                aliases=tuple(aliases.get(name, ())),
                imports=tuple((module, tuple(sorted(names))) for module, names in sorted(imported.items())),
                roots=tuple(sorted(roots)),
            )
        )
    return sorted(modules, key=lambda module: module.name)


def _dependencies(api: ir.ApiModel) -> dict[str, set[str]]:
    """Each schema's name and the names of the schemas its declaration uses."""
    found: dict[str, set[str]] = {enum.name: set() for enum in api.enums}
    for model in api.models:
        found[model.name] = set(model.named_in_fields) | ({model.base} if model.base else set())
    for alias in api.aliases:
        found[alias.name] = _named([alias.target])
    return {name: {d for d in uses if d in found} for name, uses in found.items()}


def _roots(api: ir.ApiModel) -> dict[str, str]:
    """Each schema's outermost enclosing schema: itself, when it is a schema of its own."""
    enclosing = {
        named.name: named.enclosing for kind in (api.models, api.enums, api.aliases) for named in kind
    }
    roots: dict[str, str] = {}
    for name in enclosing:
        path = [name]
        while (outer := enclosing.get(path[-1], "")) and outer not in roots and outer not in path:
            path.append(outer)
        root = roots.get(outer, path[-1]) if outer else path[-1]
        roots.update(dict.fromkeys(path, root))
    return roots


def _named(types: Iterable[TypeRef]) -> set[str]:
    return set().union(*(spelling.named_types(type_ref) for type_ref in types))


def _strongly_connected(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Tarjan's algorithm without recursion (chains of schemas can be thousands long)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                found.append(frozenset(group))
    return found


def models_index(modules: list[ModelModule]) -> list[tuple[str, str]]:
    """(name, module) for every schema, by name: what `models/__init__.py` maps."""
    return sorted((name, module.name) for module in modules for name in module.names)
