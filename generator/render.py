"""Stage 4: the intermediate model to `{relative path: text}`, in memory.

Templates lay out what `views` decided; the hand-written runtime in
`templates/runtime/` is copied into every package under the same header.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

import jinja2

from generator import client_views, example_views, formatting, ir, model_views, stream_views, views

_VARIANTS = (
    SimpleNamespace(
        kind="synchronous", prefix="", client="Client", base="SyncAPIClient", def_="def",
        await_="", transport="httpx.BaseTransport", http_client="httpx.Client",
        iterator="Iterator", paginate="paginate",
    ),
    SimpleNamespace(
        kind="asynchronous", prefix="Async", client="AsyncClient", base="AsyncAPIClient",
        def_="async def", await_="await ", transport="httpx.AsyncBaseTransport",
        http_client="httpx.AsyncClient", iterator="AsyncIterator", paginate="apaginate",
    ),
)


def templates_dir() -> Path:
    """Beside the package when installed, at the top of the checkout otherwise."""
    installed = Path(__file__).parent / "templates"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "templates"


@cache
def runtime_files() -> tuple[str, ...]:
    """The hand-written runtime modules, copied into every package as they are."""
    return tuple(sorted(path.name for path in (templates_dir() / "runtime").glob("*.py")))


@cache
def runtime_exports(name: str) -> tuple[str, ...]:
    """The `__all__` of a runtime module, read from its source: the package re-exports them as written."""
    tree = ast.parse((templates_dir() / "runtime" / name).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise RuntimeError(f"templates/runtime/{name} declares no __all__")


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.globals["zip"] = zip
    return environment


@dataclass(frozen=True)
class TestEntry:
    operation: ir.Operation
    group: ir.Group | None
    suffix: str = ""


def render(api: ir.ApiModel) -> dict[str, str]:
    """Every file of the distribution folder, by path relative to it."""
    header = views.header_comment(api)
    entries = [TestEntry(op, None) for op in api.operations]
    entries += [TestEntry(op, group) for group in api.groups for op in group.operations]
    entries = _unique_test_names(entries)
    exceptions = runtime_exports("_exceptions.py")
    context = {
        "api": api,
        "v": views,
        "header": header,
        "variants": _VARIANTS,
        "operations": sorted(api.all_operations(), key=lambda op: op.name),
        "tests": entries,
        "exceptions": exceptions,
        "exports": views.package_exports(
            api, ("AsyncClient", "Client", "models", "operations", "NOT_GIVEN", "APIResponse", "ApiRequest", "NotGiven") + exceptions
        ),
        "mv": model_views,
        "cv": client_views,
        "ev": example_views,
        "sv": stream_views,
        "resources": views.resource_modules(api),
        "test_base_url": example_views.TEST_BASE_URL,
        # The settings the code is laid out with, declared for the user's black and ruff.
        "line_length": formatting.LINE_LENGTH,
        "target_version": formatting.TARGET_VERSION,
    }
    package = PurePosixPath(api.package)
    environment = _environment()
    files = {
        "pyproject.toml": "package/pyproject.toml.jinja",
        "README.md": "package/README.md.jinja",
        str(package / "__init__.py"): "package/__init__.py.jinja",
        str(package / "client.py"): "package/client.py.jinja",
        "tests/test_operations.py": "tests/test_operations.py.jinja",
    }
    if api.webhooks:
        files[str(package / "webhooks.py")] = "package/webhooks.py.jinja"
    if api.groups:
        files[str(package / "resources" / "__init__.py")] = "package/resources/__init__.py.jinja"
    rendered = {path: environment.get_template(name).render(context) for path, name in files.items()}
    rendered.update(_split_modules(api, package, context))
    examples = [(entry.operation.name + entry.suffix, entry.operation) for entry in entries]
    rendered["tests/examples.json"] = example_views.examples_json(api, examples)
    for name in runtime_files():
        source = (templates_dir() / "runtime" / name).read_text(encoding="utf-8")
        rendered[str(package / name)] = f"{header}\n{source}"
    rendered[str(package / "py.typed")] = f"{header}\n"
    return dict(sorted(rendered.items()))


def _split_modules(api: ir.ApiModel, package: PurePosixPath, context: dict[str, object]) -> dict[str, str]:
    """The packages imported piece by piece: `models/` (a module per schema), `resources/`
    (a module per tag) and the `operations` index over the builders."""
    environment = _environment()
    modules = model_views.model_modules(api)
    model_module = environment.get_template("package/models/module.py.jinja")
    rendered = {
        str(package / "models" / f"{module.name}.py"): model_module.render(context, module=module) for module in modules
    }
    index = model_views.models_index(modules)
    rendered[str(package / "models" / "__init__.py")] = environment.get_template(
        "package/models/__init__.py.jinja"
    ).render(context, index=index)
    resource_module = environment.get_template("package/resources/module.py.jinja")
    for resource in views.resource_modules(api):
        path = str(package / "resources" / f"{resource.name}.py")
        rendered[path] = resource_module.render(context, resource=resource)
    rendered[str(package / "operations.py")] = environment.get_template("package/operations.py.jinja").render(
        context, index=views.operations_index(api)
    )
    return rendered


def _unique_test_names(entries: list[TestEntry]) -> list[TestEntry]:
    """Operations of different groups may share a method name; their tests may not."""
    seen: dict[str, int] = {}
    unique = []
    for entry in entries:
        count = seen.get(entry.operation.name, 0) + 1
        seen[entry.operation.name] = count
        suffix = "" if count == 1 else f"_{entry.group.attribute if entry.group else count}"
        unique.append(TestEntry(entry.operation, entry.group, suffix))
    return unique
