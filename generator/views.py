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


@dataclass(frozen=True)
class PackageViews:
    header: str
    package_init: package_views.PackageInitView
    readme: package_views.ReadmeView
    client: client_views.ClientView
    resources: tuple[resource_views.ResourceModuleView, ...]
    models: tuple[model_views.ModelModuleView, ...]
    models_index: exports.LazyIndexView
    models_docstring: str
    resources_docstring: str
    operations_index: exports.LazyIndexView
    webhooks: webhook_views.WebhooksModuleView | None
    tests: test_views.TestModuleView
    api_markdown: str  # API.md: the public surface, for reviewers
    api_json: str  # api.json: the same, for `clientgen diff`
    package_version: str
    description_toml: str


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
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
    with _cycle_collection_paused():
        return _package_views(api, exceptions, clientgen, spec_sha256)


def _package_views(
    api: ir.ApiModel, exceptions: tuple[str, ...], clientgen: str, spec_sha256: str
) -> PackageViews:
    # By identity: operations of different groups may be equal, and share a name.
    operations = {id(op): operation_views.operation_view(op) for op in api.all_operations()}
    resources = tuple(resource_views.resource_view(group, operations) for group in api.groups)
    client = client_views.client_view(api, operations, resources)
    tests = test_views.test_views(api, operations)
    modules = model_modules.model_modules(api)
    header = docstrings.header_comment(api)
    api_surface = surface.from_api(api, exceptions)
    notice = header.removeprefix("# ")
    return PackageViews(
        header=header,
        package_init=package_views.package_init_view(api, exceptions, clientgen, spec_sha256),
        readme=package_views.readme_view(api, tests),
        client=client,
        resources=resources,
        models=tuple(model_views.module_view(module, api) for module in modules),
        models_index=exports.lazy_index(model_modules.models_index(modules)),
        resources_docstring=docstrings.docstring(
            "The client's resources, one module per tag: `client.<tag>` imports its module on first use."
        ),
        models_docstring=docstrings.docstring(
            f"Models of the {api.title}, each imported from its module on first use.",
            "A schema of its own lives in the module named after it (`Pet` in `pet.py`), with the\n"
            "schemas declared inside it and those it refers to in a cycle, if any.",
        ),
        operations_index=exports.lazy_index(resource_views.operations_index(api)),
        webhooks=webhook_views.webhooks_view(api) if api.webhooks else None,
        tests=test_views.test_module_view(api, tests),
        api_markdown=api_report.render(api_surface, notice),
        api_json=api_surface.to_json(notice),
        package_version=readme_text.package_version(api),
        description_toml=readme_text.toml_string(f"Python client of the {api.title}"),
    )
