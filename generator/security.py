"""What a client's constructor takes: credentials per security scheme, environments, shared headers.

Each security scheme becomes constructor arguments (also read from
environment variables named after the package); each server an environment
name; each header that every operation takes, an argument set once on the
client. Names are decided here, unique among the constructor's keywords.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from typing import Any

from generator import ir, naming
from generator.diagnostics import Diagnostics
from generator.ir import AuthKind
from generator.resolver import Resolver

# The constructor's own keywords; a scheme or header argument must not take one.
CONSTRUCTOR_KEYWORDS = frozenset(
    {
        "self",
        "base_url",
        "environment",
        "timeout",
        "headers",
        "transport",
        "http_client",
        "max_retries",
        "auth",
        "max_response_size",
        "follow_cross_origin_redirects",
    }
)
_CORRELATION_HEADER = re.compile(r"(correlation|request)[-_]?id$", re.IGNORECASE)


def _arguments_for(kind: AuthKind, key: str) -> tuple[str, ...]:
    if kind is AuthKind.OAUTH2_CLIENT_CREDENTIALS:
        return ("client_id", "client_secret")
    if kind is AuthKind.BASIC:
        return ("username", "password")
    if kind is AuthKind.BEARER:
        return ("token",)
    stem = re.sub(r"_?(auth|scheme|security)$", "", naming.snake_case(key)) or "api_key"
    return (stem if stem.endswith(("key", "token")) else stem + "_key",)


def security_schemes(
    resolver: Resolver, package: str, scope: naming.NameScope, diagnostics: Diagnostics
) -> tuple[ir.SecurityScheme, ...]:
    components = resolver.document.components
    declared = (components.securitySchemes if components else None) or {}
    built = []
    for key in sorted(declared):
        pointer = f"/components/securitySchemes/{key}"
        scheme, _ = resolver.deref(declared[key], pointer)
        shape = _shape(scheme)
        if shape is None:
            diagnostics.warn(
                f"security scheme {key!r} ({scheme.type}) is not supported; "
                "pass credentials through `headers` or your own `http_client`",
                resolver.source.location(pointer),
            )
            continue
        kind, extra = shape
        arguments = tuple(
            scope.claim(name if name not in scope else f"{naming.snake_case(key)}_{name}", "_")
            for name in _arguments_for(kind, key)
        )
        env_vars = tuple(f"{package.upper()}_{argument.upper()}" for argument in arguments)
        if kind is AuthKind.OAUTH2_CLIENT_CREDENTIALS:
            # Sandboxes and tests need another token endpoint than the spec's.
            token_url = scope.claim(
                "token_url" if "token_url" not in scope else f"{naming.snake_case(key)}_token_url", "_"
            )
            extra.update(
                token_url_argument=token_url, token_url_env_var=f"{package.upper()}_{token_url.upper()}"
            )
        built.append(
            ir.SecurityScheme(key, kind, arguments, env_vars, description=scheme.description or "", **extra)
        )
    return tuple(built)


def _shape(scheme: Any) -> tuple[AuthKind, dict[str, Any]] | None:
    scheme_type = scheme.type
    if scheme_type == "apiKey":
        location = str(scheme.security_scheme_in)
        if not isinstance(scheme.name, str) or location not in ("header", "query", "cookie"):
            return None  # a key without a name or a place to send it in
        return AuthKind.API_KEY, {"location": location, "parameter": scheme.name}
    if scheme_type == "http":
        http_scheme = (scheme.scheme or "").lower()
        if http_scheme == "basic":
            return AuthKind.BASIC, {}
        if http_scheme == "bearer":
            return AuthKind.BEARER, {}
        return None
    if scheme_type == "oauth2":
        flow = scheme.flows.clientCredentials if scheme.flows else None
        if flow is not None and flow.tokenUrl:
            return AuthKind.OAUTH2_CLIENT_CREDENTIALS, {
                "token_url": flow.tokenUrl,
                "scopes": tuple(sorted(flow.scopes or {})),
            }
        # Other flows need a user in a browser; the caller brings the access token.
        return AuthKind.BEARER, {}
    if scheme_type == "openIdConnect":
        return AuthKind.BEARER, {}
    return None


def operation_security(
    requirements: Sequence[dict[str, list[str]]] | None, known: Container[str]
) -> tuple[tuple[str, ...], ...]:
    """The alternatives whose schemes are all supported; an empty requirement means "none needed"."""
    if not requirements:
        return ()
    alternatives = []
    for requirement in requirements:
        if all(name in known for name in requirement):
            alternatives.append(tuple(sorted(requirement)))
    return tuple(alternatives)


def environments(servers: Sequence[Any]) -> tuple[ir.Server, ...]:
    """Servers with their variables filled in, each named for `Client(environment=...)`."""
    scope = naming.NameScope()
    built = []
    for index, server in enumerate(servers):
        url = server.url
        for name, variable in (server.variables or {}).items():
            url = url.replace("{" + name + "}", str(variable.default))
        # 3.2 gives a server a `name`; before it, the description is the best name there is.
        given = (server.model_extra or {}).get("name")
        label = given if isinstance(given, str) and given.strip() else server.description or ""
        name = naming.snake_case(label) or ("production" if index == 0 else f"server_{index + 1}")
        built.append(ir.Server(url, server.description or "", scope.claim(name, "_")))
    return tuple(built)


def client_headers(
    operations: Sequence[ir.Operation], scope: naming.NameScope
) -> tuple[ir.ClientHeader, ...]:
    """Header parameters that every operation takes, by wire name (case-insensitive)."""
    if not operations:
        return ()
    shared: dict[str, ir.Param] | None = None
    required_everywhere: set[str] = set()
    for operation in operations:
        headers = {p.wire_name.lower(): p for p in operation.params_in(ir.ParamLocation.HEADER)}
        required = {name for name, p in headers.items() if p.required}
        if shared is None:
            shared, required_everywhere = headers, required
        else:
            shared = {k: v for k, v in shared.items() if k in headers}
            required_everywhere &= required
    built = []
    for key, param in sorted((shared or {}).items()):
        if param.name in scope:
            continue
        scope.claim(param.name)
        # Only an API that requires a correlation ID gets one made up for it.
        generated = key in required_everywhere and bool(_CORRELATION_HEADER.search(param.wire_name))
        built.append(ir.ClientHeader(param.name, param.wire_name, param.description, generated))
    return tuple(built)
