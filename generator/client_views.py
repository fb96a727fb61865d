"""What `client.py` prints about the client itself: imports, constructor, credentials, servers."""

from __future__ import annotations

from generator import ir, literals, views


def client_imports(api: ir.ApiModel) -> list[str]:
    """`client.py`'s imports: the constructor's, the untagged operations', and its resources' classes."""
    operations = list(api.operations)
    typing_names = ({"TYPE_CHECKING"} if api.groups else set()) | ({"Literal"} if api.servers else set())
    lines = views.imports(
        operations, ".", typing_names, {"functools": {"cached_property"}} if api.groups else {}
    )
    if api.security_schemes:
        lines.append(f"from ._auth import {', '.join(auth_classes(api))}")
    runtime = {"resolve_base_url"} | ({"from_environment"} if api.security_schemes else set())
    runtime |= {"header_map"} if api.client_headers else set()
    client_imports = views.isort_order([*views.client_names(operations), *runtime])
    lines.append(f"from ._base_client import {', '.join(client_imports)}")
    lines += views.pagination_import(operations, ".")
    if api.groups:
        lines += ["", "if TYPE_CHECKING:"]
        lines += [
            f"    from .resources.{module.name} import {', '.join(sorted(module.classes))}"
            for module in views.resource_modules(api)
        ]
    return lines


def environments_literal(api: ir.ApiModel) -> str:
    return literals.python_literal({server.environment: server.url for server in api.servers})


def environment_annotation(api: ir.ApiModel) -> str:
    names = [literals.string_literal(server.environment) for server in api.servers]
    return f"Literal[{', '.join(names)}]" if names else "str"


def credential_arguments(api: ir.ApiModel) -> list[str]:
    return [argument for scheme in api.security_schemes for argument, _ in scheme.all_arguments]


def credential_sources(api: ir.ApiModel) -> list[tuple[str, str]]:
    return [
        (argument, literals.string_literal(variable))
        for scheme in api.security_schemes
        for argument, variable in scheme.all_arguments
    ]


def credentials_present(scheme: ir.SecurityScheme) -> str:
    return " and ".join(f"{argument} is not None" for argument in scheme.arguments)


def auth_construction(scheme: ir.SecurityScheme) -> str:
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


def auth_classes(api: ir.ApiModel) -> list[str]:
    names = {
        ir.AuthKind.OAUTH2_CLIENT_CREDENTIALS: "OAuth2ClientCredentials",
        ir.AuthKind.BASIC: "BasicAuth",
        ir.AuthKind.BEARER: "BearerAuth",
        ir.AuthKind.API_KEY: "ApiKeyAuth",
    }
    return sorted(
        {names[scheme.kind] for scheme in api.security_schemes}
        | ({"Auth"} if api.security_schemes else set())
    )


def constructor_arguments(api: ir.ApiModel) -> list[str]:
    return credential_arguments(api) + [header.argument for header in api.client_headers]


def credential_call(api: ir.ApiModel) -> str:
    return ", ".join(f"{argument}={argument}" for argument in credential_arguments(api))


def default_headers_expression(api: ir.ApiModel) -> str:
    if not api.client_headers:
        return "headers"
    items = ", ".join(f"{literals.string_literal(h.wire_name)}: {h.argument}" for h in api.client_headers)
    return f"{{**header_map({{{items}}}), **(headers or {{}})}}"


def generated_headers(api: ir.ApiModel) -> str:
    names = [literals.string_literal(h.wire_name) for h in api.client_headers if h.generated]
    return "(" + ", ".join(names) + ",)" if names else ""


def constructor_docstring(api: ir.ApiModel, indent: str) -> str:
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
    return views.docstring("Create a client.", "\n".join(lines), indent=indent)


def readme_constructor_example(api: ir.ApiModel) -> str:
    """Constructor arguments for the README's first example: environment, credentials, shared headers."""
    parts = []
    if len(api.servers) > 1:
        parts.append(f"environment={literals.string_literal(api.servers[-1].environment)}")
    parts += [f'{argument}="..."' for scheme in api.security_schemes for argument in scheme.arguments]
    parts += [f'{header.argument}="..."' for header in api.client_headers if not header.generated]
    return ", ".join(parts)


def default_base_url(api: ir.ApiModel) -> str:
    return literals.string_literal(api.servers[0].url if api.servers else "http://localhost")


def resource_imports(resource: views.ResourceModule) -> list[str]:
    """A resource module's imports; with child resources (3.2 tag parents), their lazy accessors'."""
    children = resource.group.children
    if not children:
        return views.operation_imports(list(resource.group.operations), "..")
    operations = list(resource.group.operations)
    lines = views.imports(operations, "..", {"TYPE_CHECKING"}, {"functools": {"cached_property"}}) + [
        f"from .._base_client import {', '.join(views.isort_order(views.client_names(operations)))}",
        *views.pagination_import(operations, ".."),
        "",
        "if TYPE_CHECKING:",
    ]
    return lines + [f"    from .{attribute} import Async{name}, {name}" for attribute, name in children]
