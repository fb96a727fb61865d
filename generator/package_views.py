"""The package's `__init__.py`, `README.md` and `pyproject.toml`, built once as views."""

from __future__ import annotations

from dataclasses import dataclass

from generator import client_views, docstrings, exports, ir, literals, readme_text
from generator.imports import Import
from generator.test_views import TestView

# What the package re-exports besides the runtime's exceptions: one list for its imports and `__all__`.
_PACKAGE_EXPORTS = (
    Import(".", "models"),
    Import(".", "operations"),
    Import("._base_client", "NOT_GIVEN"),
    Import("._base_client", "APIResponse"),
    Import("._base_client", "APIRequest"),
    Import("._base_client", "NotGiven"),
    *client_views.CLIENT_EXPORTS,
)


@dataclass(frozen=True)
class PackageInitView:
    """The package's `__init__`: its lazy index of names."""

    docstring: str
    index: exports.LazyIndexView
    version: str
    clientgen: str
    spec_sha256: str


def package_init_view(
    api: ir.ApiModel, exceptions: tuple[str, ...], clientgen: str, spec_sha256: str
) -> PackageInitView:
    found = [*_PACKAGE_EXPORTS, *(Import("._exceptions", name) for name in exceptions)]
    found += [Import(".", "webhooks")] if api.webhooks else []
    return PackageInitView(
        docstring=docstrings.docstring(f"Python client of the {api.title} (API version {api.version})."),
        index=exports.lazy_package_index(found),
        version=literals.string_literal(api.version),
        clientgen=literals.string_literal(clientgen),
        spec_sha256=literals.string_literal(spec_sha256),
    )


@dataclass(frozen=True)
class ReadmeOperation:
    """An operation's line in the README."""

    accessor: str
    iter_accessor: str  # of the paging method; "" when the operation does not page
    http: str  # `GET `/pets``: the method and the path in code
    summary: str
    call: str


@dataclass(frozen=True)
class ReadmeView:
    """The generated README."""

    spec_name: str
    title: str
    description: str
    version: str
    constructor_example: str
    servers: tuple[tuple[str, str], ...]  # (environment, URL in code)
    credentials: tuple[tuple[str, str, str], ...]  # (argument, environment variable, scheme in words)
    fetches_tokens: bool  # an OAuth 2.0 scheme whose tokens the client fetches
    header_arguments: tuple[tuple[str, str, bool], ...]  # (argument, wire name, generated)
    operations: tuple[ReadmeOperation, ...]


def readme_view(api: ir.ApiModel, tests: tuple[TestView, ...]) -> ReadmeView:
    return ReadmeView(
        spec_name=readme_text.markdown(api.spec_name),
        title=readme_text.markdown(api.title),
        description=readme_text.markdown(api.description) if api.description else "",
        version=readme_text.markdown(api.version),
        constructor_example=client_views.readme_constructor_example(api),
        servers=tuple((s.environment, readme_text.markdown_code(s.url)) for s in api.servers),
        credentials=tuple(
            (argument, variable, _scheme_text(scheme, argument))
            for scheme in api.security_schemes
            for argument, variable in scheme.all_arguments
        ),
        fetches_tokens=any(s.kind is ir.AuthKind.OAUTH2_CLIENT_CREDENTIALS for s in api.security_schemes),
        header_arguments=tuple(
            (h.argument, readme_text.markdown_code(h.wire_name), h.generated) for h in api.client_headers
        ),
        operations=tuple(_readme_operation(test) for test in tests),
    )


def _scheme_text(scheme: ir.SecurityScheme, argument: str) -> str:
    """`key (kind)`: the scheme an argument configures, and how."""
    token = ": its token endpoint, by default the spec's" if argument == scheme.token_url_argument else ""
    return f"{readme_text.markdown(scheme.key)} ({scheme.kind.value}{token})"


def _readme_operation(test: TestView) -> ReadmeOperation:
    operation = test.operation
    owner = f"client.{test.group.attribute}" if test.group else "client"
    return ReadmeOperation(
        accessor=test.accessor,
        iter_accessor=f"{owner}.iter_{operation.name}" if operation.pagination else "",
        http=f"{operation.method} `{readme_text.markdown_code(operation.path)}`",
        summary=readme_text.markdown(operation.summary) if operation.summary else "",
        call=test.example_call,
    )
