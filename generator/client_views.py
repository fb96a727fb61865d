"""`client.py`: the client classes (constructor, credentials, servers, resource accessors) and the
untagged operations, built once as a `ClientView`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator import docstrings, ir, literals
from generator.imports import Import, Imports
from generator.operation_views import OperationView
from generator.resource_views import ResourceModuleView, operation_imports

_AUTH_CLASSES = {
    ir.AuthKind.OAUTH2_CLIENT_CREDENTIALS: "OAuth2ClientCredentials",
    ir.AuthKind.BASIC: "BasicAuth",
    ir.AuthKind.BEARER: "BearerAuth",
    ir.AuthKind.API_KEY: "ApiKeyAuth",
}
CLIENT_EXPORTS = (Import(".client", "AsyncClient"), Import(".client", "Client"))


@dataclass(frozen=True)
class CredentialView:
    """One security scheme: the test for its credentials, and its runtime object."""

    key: str  # a string literal
    present: str
    construction: str


@dataclass(frozen=True)
class ClientView:
    """`client.py`: the synchronous and asynchronous clients."""

    docstring: str
    class_docstrings: dict[str, str]  # by the client's kind: "synchronous" or "asynchronous"
    import_lines: tuple[str, ...]
    all_declaration: str
    default_base_url: str
    environments: str
    environment_annotation: str
    credential_arguments: tuple[str, ...]
    credential_sources: tuple[tuple[str, str], ...]  # (argument, environment variable literal)
    credentials: tuple[CredentialView, ...]
    credential_call: str
    constructor_arguments: tuple[str, ...]
    constructor_docstring: str
    default_headers: str
    generated_headers: str
    operations: tuple[OperationView, ...]
    resources: tuple[ResourceModuleView, ...]


def client_view(
    api: ir.ApiModel, operations: Mapping[int, OperationView], resources: tuple[ResourceModuleView, ...]
) -> ClientView:
    views = tuple(operations[id(op)] for op in api.operations)
    credential_arguments = [argument for s in api.security_schemes for argument, _ in s.all_arguments]
    return ClientView(
        docstring=docstrings.docstring(
            f"Clients of the {api.title}: `Client` for blocking code, `AsyncClient` for asyncio."
        ),
        class_docstrings={
            kind: docstrings.docstring(f"{api.title} {kind} client.", indent="    ")
            for kind in ("synchronous", "asynchronous")
        },
        import_lines=tuple(_import_lines(api, views, resources)),
        all_declaration=f"__all__ = [{', '.join(literals.string_literal(i.bound) for i in CLIENT_EXPORTS)}]",
        default_base_url=literals.string_literal(api.servers[0].url if api.servers else "http://localhost"),
        environments=literals.python_literal({server.environment: server.url for server in api.servers}),
        environment_annotation=_environment_annotation(api),
        credential_arguments=tuple(credential_arguments),
        credential_sources=tuple(
            (argument, literals.string_literal(variable))
            for scheme in api.security_schemes
            for argument, variable in scheme.all_arguments
        ),
        credentials=tuple(
            CredentialView(
                literals.string_literal(scheme.key),
                " and ".join(f"{argument} is not None" for argument in scheme.arguments),
                _auth_construction(scheme),
            )
            for scheme in api.security_schemes
        ),
        credential_call=", ".join(f"{argument}={argument}" for argument in credential_arguments),
        constructor_arguments=tuple(credential_arguments + [h.argument for h in api.client_headers]),
        constructor_docstring=_constructor_docstring(api),
        default_headers=_default_headers_expression(api),
        generated_headers=_generated_headers(api),
        operations=views,
        resources=resources,
    )


def _import_lines(
    api: ir.ApiModel, views: tuple[OperationView, ...], resources: tuple[ResourceModuleView, ...]
) -> list[str]:
    """`client.py`'s imports: the constructor's, the untagged operations', and its resources' classes."""
    imports = Imports([Import("__future__", "annotations"), Import("", "httpx")])
    imports.add(Import("collections.abc", "Mapping"), Import("._base_client", "resolve_base_url"))
    imports.update(Import("._base_client", name) for name in ("AsyncAPIClient", "SyncAPIClient"))
    imports.update(operation_imports(views))
    if api.servers:
        imports.add(Import("typing", "Literal"))
    if api.security_schemes:
        imports.add(Import("._base_client", "from_environment"), Import("._auth", "Auth"))
        imports.update(Import("._auth", _AUTH_CLASSES[scheme.kind]) for scheme in api.security_schemes)
    if api.client_headers:
        imports.add(Import("._base_client", "header_map"))
    if not resources:
        return imports.lines()
    imports.add(Import("typing", "TYPE_CHECKING"), Import("functools", "cached_property"))
    lines = imports.lines() + ["", "if TYPE_CHECKING:"]
    for resource in resources:
        names = ", ".join(sorted(resource.classes))
        lines.append(f"    from .resources.{resource.name} import {names}")
    return lines


def _environment_annotation(api: ir.ApiModel) -> str:
    names = [literals.string_literal(server.environment) for server in api.servers]
    return f"Literal[{', '.join(names)}]" if names else "str"


def _auth_construction(scheme: ir.SecurityScheme) -> str:
    """The runtime object for a scheme, from the constructor's (already checked) arguments."""
    arguments = scheme.arguments
    if scheme.kind is ir.AuthKind.OAUTH2_CLIENT_CREDENTIALS:
        scopes = "".join(f"{literals.string_literal(scope)}, " for scope in scheme.scopes).rstrip(" ")
        token_url = f"{scheme.token_url_argument} or {literals.string_literal(scheme.token_url)}"
        return (
            f"OAuth2ClientCredentials(token_url={token_url}, "
            f"client_id={arguments[0]}, client_secret={arguments[1]}, scopes=({scopes}))"
        )
    if scheme.kind is ir.AuthKind.BASIC:
        return f"BasicAuth({arguments[0]}, {arguments[1]})"
    if scheme.kind is ir.AuthKind.BEARER:
        return f"BearerAuth({arguments[0]})"
    return (
        f"ApiKeyAuth({literals.string_literal(scheme.parameter)}, "
        f"{literals.string_literal(scheme.location)}, {arguments[0]})"
    )


def _default_headers_expression(api: ir.ApiModel) -> str:
    if not api.client_headers:
        return "headers"
    items = ", ".join(f"{literals.string_literal(h.wire_name)}: {h.argument}" for h in api.client_headers)
    return f"{{**header_map({{{items}}}), **(headers or {{}})}}"


def _generated_headers(api: ir.ApiModel) -> str:
    names = [literals.string_literal(h.wire_name) for h in api.client_headers if h.generated]
    return "(" + ", ".join(names) + ",)" if names else ""


def _constructor_docstring(api: ir.ApiModel) -> str:
    lines = ["Args:"]
    lines.append(
        "    base_url: the server to call; by default the `environment`'s, else "
        + (api.servers[0].url if api.servers else "http://localhost")
        + "."
    )
    if api.servers:
        choices = ", ".join(f"{s.environment} ({s.url})" for s in api.servers)
        lines.append(f"    environment: one of the spec's servers: {choices}.")
    for scheme in api.security_schemes:
        for argument, variable in zip(scheme.arguments, scheme.env_vars):
            lines.append(f"    {argument}: for the {scheme.key} security scheme; default: ${variable}.")
        if scheme.token_url_argument:
            lines.append(
                f"    {scheme.token_url_argument}: the token endpoint of the {scheme.key} scheme; "
                f"default: ${scheme.token_url_env_var}, else {scheme.token_url}."
            )
    for header in api.client_headers:
        what = (
            "a fresh one per call when not given"
            if header.generated
            else "sent with every call unless a call gives its own"
        )
        lines.append(f"    {header.argument}: the {header.wire_name} header, {what}.")
    lines.append("    timeout: seconds (or an httpx.Timeout) each attempt of a call may take, body included.")
    lines.append("    headers: sent with every request.")
    lines.append("    max_retries: retries of a failed call that is safe to repeat.")
    lines.append("    max_response_size: the largest response body accepted, in bytes, after decompression.")
    lines.append(
        "    follow_cross_origin_redirects: follow GET/HEAD redirects to other origins, without credentials."
    )
    return docstrings.docstring("Create a client.", "\n".join(lines), indent="        ")


def readme_constructor_example(api: ir.ApiModel) -> str:
    """Constructor arguments for the README's first example: environment, credentials, shared headers."""
    parts = []
    if len(api.servers) > 1:
        parts.append(f"environment={literals.string_literal(api.servers[-1].environment)}")
    parts += [f'{argument}="..."' for scheme in api.security_schemes for argument in scheme.arguments]
    parts += [f'{header.argument}="..."' for header in api.client_headers if not header.generated]
    return ", ".join(parts)
