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

from generator import formatting, ir, views

RUNTIME_FILES = ("_auth.py", "_base_client.py", "_exceptions.py", "_models.py", "_pagination.py", "_retry.py")
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
        "test_base_url": views.TEST_BASE_URL,
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
        str(package / "models.py"): "package/models.py.jinja",
        str(package / "operations.py"): "package/operations.py.jinja",
        str(package / "client.py"): "package/client.py.jinja",
        "tests/test_operations.py": "tests/test_operations.py.jinja",
    }
    if api.webhooks:
        files[str(package / "webhooks.py")] = "package/webhooks.py.jinja"
    rendered = {path: environment.get_template(name).render(context) for path, name in files.items()}
    examples = [(entry.operation.name + entry.suffix, entry.operation) for entry in entries]
    rendered["tests/examples.json"] = views.examples_json(api, examples)
    for name in RUNTIME_FILES:
        source = (templates_dir() / "runtime" / name).read_text(encoding="utf-8")
        rendered[str(package / name)] = f"{header}\n{source}"
    rendered[str(package / "py.typed")] = f"{header}\n"
    return dict(sorted(rendered.items()))


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
