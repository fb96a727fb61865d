"""`resources/<tag>.py`: a tag's request builders and its sync and async resource classes,
built once per tag as a `ResourceModuleView`; and the `operations` index over every builder."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator import docstrings, exports, ir, naming
from generator.imports import Import, Imports
from generator.operation_views import OperationView


@dataclass(frozen=True)
class ResourceModuleView:
    """A resource's module: its sync and async classes."""

    name: str  # the module, and the clients' attribute
    class_name: str  # the sync class; the async one is "Async" + this
    docstring: str  # the module's
    class_docstring: str
    accessor_docstring: str  # of `client.<name>`
    import_lines: tuple[str, ...]
    all_declaration: str
    operations: tuple[OperationView, ...]
    children: tuple[tuple[str, str], ...]  # (attribute, class) of the resources nested under this one

    @property
    def classes(self) -> tuple[str, str]:
        return self.class_name, "Async" + self.class_name


def tag_title(group: ir.Group) -> str:
    """The tag as the docstrings name it, however its class name was made unique."""
    return naming.class_name(group.tag)


def resource_view(group: ir.Group, operations: Mapping[int, OperationView]) -> ResourceModuleView:
    views = tuple(operations[id(op)] for op in group.operations)
    title = f"Operations tagged {tag_title(group)}"
    class_doc = group.description or f"{title}."
    imports = Imports([Import("__future__", "annotations"), Import("", "httpx")])
    imports.update(rebased(operation_imports(views), ".."))
    imports.update(Import(".._base_client", name) for name in ("AsyncAPIClient", "SyncAPIClient"))
    lines = imports.lines()
    if group.children:
        imports.add(Import("typing", "TYPE_CHECKING"), Import("functools", "cached_property"))
        lines = imports.lines() + ["", "if TYPE_CHECKING:"]
        lines += [f"    from .{attribute} import Async{name}, {name}" for attribute, name in group.children]
    return ResourceModuleView(
        name=group.attribute,
        class_name=group.class_name,
        docstring=docstrings.docstring(
            f"{title}: their request builders, and `client.{group.attribute}` of both clients."
        ),
        class_docstring=docstrings.docstring(class_doc, indent="    "),
        accessor_docstring=docstrings.docstring(class_doc, indent="        "),
        import_lines=tuple(lines),
        all_declaration=exports.all_declaration(
            [group.class_name, "Async" + group.class_name, *(op.name for op in group.operations)]
        ),
        operations=views,
        children=group.children,
    )


def operation_imports(views: Iterable[OperationView]) -> set[Import]:
    return set().union(*(view.imports for view in views))


def rebased(imports: Iterable[Import], parent: str) -> set[Import]:
    """Imports relative to the package root (`.models`), as a module at `parent` writes them."""
    return {
        Import(parent + found.from_[1:], found.import_, found.alias) if found.from_.startswith(".") else found
        for found in imports
    }


def operations_index(api: ir.ApiModel) -> list[tuple[str, str]]:
    """(builder, module) for every operation, by name: what the lazy `operations` module maps.

    Untagged operations' builders live in `client.py` beside the client's own methods.
    """
    index = {op.name: "client" for op in api.operations}
    for group in api.groups:
        for op in group.operations:
            index.setdefault(op.name, f"resources.{group.attribute}")
    return sorted(index.items())
