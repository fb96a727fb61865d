"""Stage 4: the intermediate model to `{relative path: text}`, in memory.

Templates lay out what `views` decided; the hand-written runtime in
`templates/runtime/` is copied into every package under the same header.
"""

from __future__ import annotations

import ast
import importlib.metadata
from collections.abc import Iterator
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


def file_count(api: ir.ApiModel) -> int:
    """About how many files `render` makes of `api`, rather more than fewer: a module per schema of
    its own (fewer where cycles share one) and per resource, and a few dozen others."""
    own = [not schema.enclosing for kind in (api.models, api.enums, api.aliases) for schema in kind]
    return own.count(True) + len(api.groups) + 48


def render(
    api: ir.ApiModel, overrides: Path | None = None, provenance: Provenance | None = None
) -> dict[str, str]:
    """Every file of the distribution folder, by path relative to it; templates named in the
    `overrides` folder replace clientgen's own. Without `provenance`, the spec's hash is empty."""
    rendered: dict[str, str] = {}
    for part in render_parts(api, overrides, provenance):
        rendered.update(part)
    return dict(sorted(rendered.items()))


def render_parts(
    api: ir.ApiModel, overrides: Path | None = None, provenance: Provenance | None = None
) -> Iterator[dict[str, str]]:
    """`render`'s files in three parts, the `models` package first (most of a large client's code),
    then the other modules, then the documents: a caller can format each part while the next is
    rendered."""
    with template_overrides.reporting_template_errors(templates_dir(), overrides):
        renderer = _Renderer(api, overrides, provenance or Provenance(clientgen_version(), ""))
        yield renderer.models()
        yield renderer.modules()
        yield renderer.documents()


class _Renderer:
    def __init__(self, api: ir.ApiModel, overrides: Path | None, provenance: Provenance):
        self.api = api
        self.overrides = overrides
        exceptions = runtime_exports("_exceptions.py", overrides)
        self.views = views.package_views_of(api, exceptions, provenance.clientgen, provenance.spec_sha256)
        self.context = {
            "api": api,
            "views": self.views,
            "header": self.views.header,
            "variants": _VARIANTS,
            "operations": sorted(api.all_operations(), key=lambda op: op.name),
            "exceptions": exceptions,
            "test_base_url": test_views.TEST_BASE_URL,
            # The settings the code is laid out with, declared for the user's black and ruff.
            "line_length": formatting.LINE_LENGTH,
            "target_version": formatting.TARGET_VERSION,
        }
        self.package = PurePosixPath(api.package)
        self.environment = _environment(overrides)

    def _template(self, name: str) -> jinja2.Template:
        return self.environment.get_template(name)

    def models(self) -> dict[str, str]:
        """The `models` package: a module per schema of its own, and the index over them."""
        folder = self.package / "models"
        with views.cycle_collection_paused():
            module = self._template("package/models/module.py.jinja")
            rendered = {
                str(folder / f"{view.name}.py"): module.render(self.context, module=view)
                for view in self.views.models
            }
            rendered[str(folder / "__init__.py")] = self._template("package/models/__init__.py.jinja").render(
                self.context, index=self.views.models_index
            )
        return rendered

    def modules(self) -> dict[str, str]:
        """The other modules: the client, the resources (a module per tag) and the `operations`
        index, the runtime and the tests."""
        package, api = self.package, self.api
        files = {
            str(package / "__init__.py"): "package/__init__.py.jinja",
            str(package / "client.py"): "package/client.py.jinja",
            "tests/test_operations.py": "tests/test_operations.py.jinja",
        }
        if api.webhooks:
            files[str(package / "webhooks.py")] = "package/webhooks.py.jinja"
        if api.groups:
            files[str(package / "resources" / "__init__.py")] = "package/resources/__init__.py.jinja"
        with views.cycle_collection_paused():
            rendered = {path: self._template(name).render(self.context) for path, name in files.items()}
            resource_module = self._template("package/resources/module.py.jinja")
            for resource in self.views.resources:
                path = str(package / "resources" / f"{resource.name}.py")
                rendered[path] = resource_module.render(self.context, resource=resource)
            rendered[str(package / "operations.py")] = self._template("package/operations.py.jinja").render(
                self.context, index=self.views.operations_index
            )
        header = self.views.header
        for name in runtime_files(self.overrides):
            rendered[str(package / name)] = f"{header}\n{runtime_source(name, self.overrides)}"
        rendered[str(package / "py.typed")] = f"{header}\n"
        return rendered

    def documents(self) -> dict[str, str]:
        """pyproject.toml, README, the tests' example responses, and the public surface for
        reviewers (API.md) and for `clientgen diff` (api.json)."""
        with views.cycle_collection_paused():
            return {
                "pyproject.toml": self._template("package/pyproject.toml.jinja").render(self.context),
                "README.md": self._template("package/README.md.jinja").render(self.context),
                "tests/examples.json": test_views.examples_json(self.api, self.views.tests.tests),
                "API.md": self.views.api_markdown,
                "api.json": self.views.api_json,
            }
