"""Every view of one package, each built once per node of the intermediate model.

A view is a frozen dataclass per template (client, resource module, model module, test module,
README, ...) holding the finished source fragments its template lays out. Where each decision
is made, by module:

- `operation_views`: a request builder and its client methods (arguments, keywords, docstrings);
- `client_views`, `resource_views`, `model_views`, `webhook_views`, `package_views`: one per module;
- `model_modules`: which schema goes to which module of `models/`;
- `test_views` and `test_assertions`: the generated tests and the checks they make;
- `imports` and `exports`: import blocks and `__all__`, from `Import` values;
- `spelling`: how a type is written; `docstrings` and `layout`: how text and long lines are laid out.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from generator import (
    api_report,
    client_views,
    docstrings,
    exports,
    ir,
    model_modules,
    model_views,
    operation_views,
    package_views,
    readme_text,
    resource_views,
    surface,
    test_views,
    webhook_views,
)


@dataclass(frozen=True, eq=False)
class PackageViews:
    """The models' views are built at once; every other view once, on first use (`render` pauses the
    cycle collector around it), so the models can be formatted while the rest is worked out."""

    api: ir.ApiModel
    exceptions: tuple[str, ...]
    clientgen: str
    spec_sha256: str
    header: str
    models: tuple[model_views.ModelModuleView, ...]
    models_index: exports.LazyIndexView
    models_docstring: str
    resources_docstring: str
    package_version: str
    description_toml: str

    @cached_property
    def _operations(self) -> dict[int, operation_views.OperationView]:
        # By identity: operations of different groups may be equal, and share a name.
        return {id(op): operation_views.operation_view(op) for op in self.api.all_operations()}

    @cached_property
    def resources(self) -> tuple[resource_views.ResourceModuleView, ...]:
        return tuple(resource_views.resource_view(group, self._operations) for group in self.api.groups)

    @cached_property
    def client(self) -> client_views.ClientView:
        return client_views.client_view(self.api, self._operations, self.resources)

    @cached_property
    def _tests(self) -> tuple[test_views.TestView, ...]:
        return test_views.test_views(self.api, self._operations)

    @cached_property
    def tests(self) -> test_views.TestModuleView:
        return test_views.test_module_view(self.api, self._tests)

    @cached_property
    def readme(self) -> package_views.ReadmeView:
        return package_views.readme_view(self.api, self._tests)

    @cached_property
    def package_init(self) -> package_views.PackageInitView:
        return package_views.package_init_view(self.api, self.exceptions, self.clientgen, self.spec_sha256)

    @cached_property
    def operations_index(self) -> exports.LazyIndexView:
        return exports.lazy_index(resource_views.operations_index(self.api))

    @cached_property
    def webhooks(self) -> webhook_views.WebhooksModuleView | None:
        return webhook_views.webhooks_view(self.api) if self.api.webhooks else None

    @cached_property
    def _surface(self) -> surface.Surface:
        return surface.from_api(self.api, self.exceptions)

    @cached_property
    def api_markdown(self) -> str:
        """API.md: the public surface, for reviewers."""
        return api_report.render(self._surface, self.header.removeprefix("# "))

    @cached_property
    def api_json(self) -> str:
        """api.json: the same, for `clientgen diff`."""
        return self._surface.to_json(self.header.removeprefix("# "))


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Views are acyclic frozen values made by the ten thousand: the cyclic collector would scan the
    whole intermediate model again and again while they are made (a third of the render stage on
    GitHub's document), and would find nothing to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def package_views_of(
    api: ir.ApiModel, exceptions: tuple[str, ...], clientgen: str, spec_sha256: str
) -> PackageViews:
    with cycle_collection_paused():
        modules = model_modules.model_modules(api)
        return PackageViews(
            api=api,
            exceptions=exceptions,
            clientgen=clientgen,
            spec_sha256=spec_sha256,
            header=docstrings.header_comment(api),
            models=tuple(model_views.module_view(module, api) for module in modules),
            models_index=exports.lazy_index(model_modules.models_index(modules)),
            models_docstring=docstrings.docstring(
                f"Models of the {api.title}, each imported from its module on first use.",
                "A schema of its own lives in the module named after it (`Pet` in `pet.py`), with the\n"
                "schemas declared inside it and those it refers to in a cycle, if any.",
            ),
            resources_docstring=docstrings.docstring(
                "The client's resources, one module per tag: `client.<tag>` imports its module on first use."
            ),
            package_version=readme_text.package_version(api),
            description_toml=readme_text.toml_string(f"Python client of the {api.title}"),
        )
