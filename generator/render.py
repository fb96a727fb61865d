"""Stage 4: the intermediate model to `{relative path: text}`, in memory.

Templates lay out what `views` decided; the hand-written runtime in
`templates/runtime/` is copied into every package under the same header.
"""

from __future__ import annotations

import ast
import importlib.metadata
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

import jinja2

from generator import (
    api_report,
    client_views,
    example_views,
    forked,
    formatting,
    ir,
    model_views,
    response_views,
    stream_views,
    surface,
    template_cache,
    template_overrides,
    views,
)
from generator.diagnostics import Location, SpecError

_VARIANTS = (
    SimpleNamespace(
        kind="synchronous",
        prefix="",
        client="Client",
        base="SyncAPIClient",
        def_="def",
        await_="",
        transport="httpx.BaseTransport",
        http_client="httpx.Client",
        iterator="Iterator",
        paginate="paginate",
    ),
    SimpleNamespace(
        kind="asynchronous",
        prefix="Async",
        client="AsyncClient",
        base="AsyncAPIClient",
        def_="async def",
        await_="await ",
        transport="httpx.AsyncBaseTransport",
        http_client="httpx.AsyncClient",
        iterator="AsyncIterator",
        paginate="apaginate",
    ),
)


def templates_dir() -> Path:
    """Beside the package when installed, at the top of the checkout otherwise."""
    installed = Path(__file__).parent / "templates"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "templates"


@cache
def runtime_files(overrides: Path | None = None) -> tuple[str, ...]:
    """The hand-written runtime modules, copied into every package as they are (with a user's
    `--templates` folder, its `runtime/*.py` too: a replacement or a module of its own)."""
    folders = [templates_dir(), *([overrides] if overrides else [])]
    return tuple(sorted({path.name for folder in folders for path in (folder / "runtime").glob("*.py")}))


def runtime_source(name: str, overrides: Path | None = None) -> str:
    """A runtime module's text: the user's override when there is one, else clientgen's."""
    return template_overrides.template_file(f"runtime/{name}", templates_dir(), overrides).read_text(
        encoding="utf-8"
    )


@cache
def runtime_exports(name: str, overrides: Path | None = None) -> tuple[str, ...]:
    """The `__all__` of a runtime module, read from its source: the package re-exports them as written."""
    file = template_overrides.template_file(f"runtime/{name}", templates_dir(), overrides)
    try:
        tree = ast.parse(runtime_source(name, overrides))
    except SyntaxError as exc:
        raise SpecError(f"not valid Python: {exc.msg}", Location(str(file), line=exc.lineno)) from None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise SpecError("a runtime module the package re-exports must declare __all__", Location(str(file)))


@cache
def _environment(overrides: Path | None = None) -> jinja2.Environment:
    """Templates from `overrides` first (a user's `--templates` folder), the rest from clientgen."""
    environment = jinja2.Environment(
        loader=template_overrides.loader(templates_dir(), overrides),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        bytecode_cache=template_cache.bytecode_cache(),
    )
    environment.globals["zip"] = zip
    return environment


@dataclass(frozen=True)
class Provenance:
    """What made a package, readable at run time as `package.__generator__`."""

    clientgen: str
    spec_sha256: str  # of the spec file as read, before overlays and bundled `$ref`s


def clientgen_version() -> str:
    try:
        return importlib.metadata.version("clientgen")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


@dataclass(frozen=True)
class TestEntry:
    operation: ir.Operation
    group: ir.Group | None
    suffix: str = ""


def render(
    api: ir.ApiModel, overrides: Path | None = None, provenance: Provenance | None = None
) -> dict[str, str]:
    """Every file of the distribution folder, by path relative to it; templates named in the
    `overrides` folder replace clientgen's own. Without `provenance`, the spec's hash is empty."""
    with template_overrides.reporting_template_errors(templates_dir(), overrides):
        return _render(api, overrides, provenance or Provenance(clientgen_version(), ""))


def _render(api: ir.ApiModel, overrides: Path | None, provenance: Provenance) -> dict[str, str]:
    header = views.header_comment(api)
    entries = [TestEntry(op, None) for op in api.operations]
    entries += [TestEntry(op, group) for group in api.groups for op in group.operations]
    entries = _unique_test_names(entries)
    exceptions = runtime_exports("_exceptions.py", overrides)
    context = {
        "api": api,
        "v": views,
        "header": header,
        "variants": _VARIANTS,
        "operations": sorted(api.all_operations(), key=lambda op: op.name),
        "tests": entries,
        "exceptions": exceptions,
        "provenance": provenance,
        "exports": views.package_exports(
            api,
            (
                "AsyncClient",
                "Client",
                "models",
                "operations",
                "NOT_GIVEN",
                "APIResponse",
                "ApiRequest",
                "NotGiven",
            )
            + exceptions,
        ),
        "mv": model_views,
        "cv": client_views,
        "ev": example_views,
        "sv": stream_views,
        "rv": response_views,
        "resources": views.resource_modules(api),
        "test_base_url": example_views.TEST_BASE_URL,
        # The settings the code is laid out with, declared for the user's black and ruff.
        "line_length": formatting.LINE_LENGTH,
        "target_version": formatting.TARGET_VERSION,
    }
    notice = header.removeprefix("# ")
    # The public surface takes as long as the templates on a large API: a forked child works it out
    # while a core is idle.
    with forked.ForkedCall(
        lambda: _surface_files(api, exceptions, notice), parallel=_is_large(api) and forked.idle_core()
    ) as surface_call:
        rendered = _render_templates(api, overrides, context, header, entries)
        api_surface, surface_files = surface_call.result()
    surface.remember(api, exceptions, api_surface)  # `clientgen generate` compares it with the last one
    rendered.update(surface_files)
    return dict(sorted(rendered.items()))


# The surface costs about 0.1 ms per operation and model (GitHub's 4,977: 2 s; OpenAI's 1,988: 0.22 s);
# below this many, the worker would save under a tenth of a second for its fork and its memory.
_LARGE_API = 1000


def _is_large(api: ir.ApiModel) -> bool:
    return len(api.all_operations()) + len(api.models) >= _LARGE_API


def _surface_files(
    api: ir.ApiModel, exceptions: tuple[str, ...], notice: str
) -> tuple[surface.Surface, dict[str, str]]:
    """The public surface, for reviewers (API.md) and for `clientgen diff` (api.json)."""
    api_surface = surface.from_api(api, exceptions)
    return api_surface, {
        "API.md": api_report.render(api_surface, notice),
        "api.json": api_surface.to_json(notice),
    }


def _render_templates(
    api: ir.ApiModel,
    overrides: Path | None,
    context: dict[str, object],
    header: str,
    entries: list[TestEntry],
) -> dict[str, str]:
    package = PurePosixPath(api.package)
    environment = _environment(overrides)
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
    rendered.update(_split_modules(api, package, context, environment))
    examples = [(entry.operation.name + entry.suffix, entry.operation) for entry in entries]
    rendered["tests/examples.json"] = example_views.examples_json(api, examples)
    for name in runtime_files(overrides):
        rendered[str(package / name)] = f"{header}\n{runtime_source(name, overrides)}"
    rendered[str(package / "py.typed")] = f"{header}\n"
    return rendered


def _split_modules(
    api: ir.ApiModel, package: PurePosixPath, context: dict[str, object], environment: jinja2.Environment
) -> dict[str, str]:
    """The packages imported piece by piece: `models/` (a module per schema), `resources/`
    (a module per tag) and the `operations` index over the builders."""
    modules = model_views.model_modules(api)
    model_module = environment.get_template("package/models/module.py.jinja")
    rendered = {
        str(package / "models" / f"{module.name}.py"): model_module.render(context, module=module)
        for module in modules
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
