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
    formatting,
    ir,
    readme_text,
    template_cache,
    template_overrides,
    test_views,
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


@cache
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
    # Spec text for prose, for templates of a user's own that print the model directly.
    environment.filters["markdown"] = readme_text.markdown
    environment.filters["markdown_code"] = readme_text.markdown_code
    return environment


@dataclass(frozen=True)
class Provenance:
    """What made a package, readable at run time as `package.__generator__`."""

    clientgen: str
    spec_sha256: str  # of the spec file as read, before overlays and bundled `$ref`s


@cache
def clientgen_version() -> str:
    """Read from the installed package's metadata once a process (it scans sys.path)."""
    try:
        return importlib.metadata.version("clientgen")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


def render(
    api: ir.ApiModel, overrides: Path | None = None, provenance: Provenance | None = None
) -> dict[str, str]:
    """Every file of the distribution folder, by path relative to it; templates named in the
    `overrides` folder replace clientgen's own. Without `provenance`, the spec's hash is empty."""
    with template_overrides.reporting_template_errors(templates_dir(), overrides):
        return _render(api, overrides, provenance or Provenance(clientgen_version(), ""))


def _render(api: ir.ApiModel, overrides: Path | None, provenance: Provenance) -> dict[str, str]:
    exceptions = runtime_exports("_exceptions.py", overrides)
    package_views = views.package_views_of(api, exceptions, provenance.clientgen, provenance.spec_sha256)
    header = package_views.header
    context = {
        "api": api,
        "views": package_views,
        "header": header,
        "variants": _VARIANTS,
        "operations": sorted(api.all_operations(), key=lambda op: op.name),
        "exceptions": exceptions,
        "test_base_url": test_views.TEST_BASE_URL,
        # The settings the code is laid out with, declared for the user's black and ruff.
        "line_length": formatting.LINE_LENGTH,
        "target_version": formatting.TARGET_VERSION,
    }
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
    rendered.update(_split_modules(package_views, package, context, environment))
    rendered["tests/examples.json"] = test_views.examples_json(api, package_views.tests.tests)
    for name in runtime_files(overrides):
        rendered[str(package / name)] = f"{header}\n{runtime_source(name, overrides)}"
    rendered[str(package / "py.typed")] = f"{header}\n"
    # The public surface, for reviewers (API.md) and for `clientgen diff` (api.json).
    rendered["API.md"] = package_views.api_markdown
    rendered["api.json"] = package_views.api_json
    return dict(sorted(rendered.items()))


def _split_modules(
    package_views: views.PackageViews,
    package: PurePosixPath,
    context: dict[str, object],
    environment: jinja2.Environment,
) -> dict[str, str]:
    """The packages imported piece by piece: `models/` (a module per schema), `resources/`
    (a module per tag) and the `operations` index over the builders."""
    model_module = environment.get_template("package/models/module.py.jinja")
    rendered = {
        str(package / "models" / f"{module.name}.py"): model_module.render(context, module=module)
        for module in package_views.models
    }
    rendered[str(package / "models" / "__init__.py")] = environment.get_template(
        "package/models/__init__.py.jinja"
    ).render(context, index=package_views.models_index)
    resource_module = environment.get_template("package/resources/module.py.jinja")
    for resource in package_views.resources:
        path = str(package / "resources" / f"{resource.name}.py")
        rendered[path] = resource_module.render(context, resource=resource)
    rendered[str(package / "operations.py")] = environment.get_template("package/operations.py.jinja").render(
        context, index=package_views.operations_index
    )
    return rendered
