"""The committed clients of every pyproject target, talking real HTTP to Prism.

Prism validates each request against the target's own spec and answers 4xx when
it does not match, so a call that returns at all was accepted; its result must
then be an instance of the operation's declared return type. The last tests send
requests that are broken on purpose, to show that Prism is not accepting anything.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from generator import ir
from generator.config import load_targets
from generator.ir import BodyKind, ParamLocation, Scalar
from generator.type_spelling import spell

from .clients import GeneratedClient, OperationCall, call_async, call_sync, operation_calls
from .conftest import REPO_ROOT, MockServers

pytestmark = pytest.mark.e2e

GENERATED_CLIENTS = [
    GeneratedClient(target.name, target.spec, target.package, target.output, target.overlays)
    for target in load_targets(REPO_ROOT / "pyproject.toml")
]
CALLS = [
    pytest.param(client, call, id=f"{client.name}:{call.label}")
    for client in GENERATED_CLIENTS
    for call in operation_calls(client.api)
]


def accepted(client: GeneratedClient, call: OperationCall, send: Callable[[], Any]) -> Any:
    """The result of `send()`, or a failure that shows the request and Prism's answer."""
    try:
        return send()
    except client.module.APIStatusError as exc:
        refused = exc  # failed outside the handler, so the report is not a chained traceback
    request = refused.request
    pytest.fail(
        f"Prism refused {call.label}: {request.method} {request.url}\n"
        f"request body: {request.content.decode(errors='replace') or '(none)'}\n"
        f"answer: {refused.status_code} {refused.body}",
        pytrace=False,
    )


def assert_returns_declared_type(client: GeneratedClient, operation: ir.Operation, result: Any) -> None:
    declared = operation.return_type
    if not client.conforms(result, declared):
        pytest.fail(f"{operation.name} returned {result!r}, not {spell(declared)}", pytrace=False)


@pytest.mark.parametrize(("client", "call"), CALLS)
def test_sync_client_call_is_accepted_and_parsed(
    client: GeneratedClient, call: OperationCall, mock_servers: MockServers
) -> None:
    url = mock_servers(client.served_spec).url
    result = accepted(client, call, lambda: call_sync(client, call, url))
    assert_returns_declared_type(client, call.operation, result)


@pytest.mark.parametrize(("client", "call"), CALLS)
def test_async_client_call_is_accepted_and_parsed(
    client: GeneratedClient, call: OperationCall, mock_servers: MockServers
) -> None:
    url = mock_servers(client.served_spec).url
    result = accepted(client, call, lambda: asyncio.run(call_async(client, call, url)))
    assert_returns_declared_type(client, call.operation, result)


# Requests broken on purpose: each is the operation's valid example request with one thing wrong.

BreakRequest = Callable[[Any], Any]

_WRONG_JSON: dict[object, Any] = {
    ir.ModelRef: ["an array where an object belongs"],
    ir.DictOf: ["an array where an object belongs"],
    ir.ListOf: {"an object": "where an array belongs"},
    Scalar.STR: 12345,
    Scalar.INT: "not a number",
    Scalar.FLOAT: "not a number",
    Scalar.BOOL: "not a boolean",
}
_NOT_TEXT: dict[object, str] = {
    Scalar.INT: "not-a-number",
    Scalar.FLOAT: "not-a-number",
    Scalar.BOOL: "not-a-boolean",
}


def _kind(type_ref: ir.TypeRef) -> object:
    """The type's primitive kind, or its class for any other type, less a `| None`."""
    if isinstance(type_ref, ir.UnionOf) and ir.is_optional(type_ref):
        type_ref = ir.union(*(m for m in type_ref.members if ir.scalar(m) is not Scalar.NONE))
    return type_ref.kind if isinstance(type_ref, ir.Primitive) else type(type_ref)


def _replaced(**changes: Any) -> BreakRequest:
    return functools.partial(dataclasses.replace, **changes)


def _query_replaced(wire_name: str, value: str | None) -> BreakRequest:
    def replace(request: Any) -> Any:
        params = [(name, text) for name, text in request.params if name != wire_name]
        return dataclasses.replace(
            request, params=params + ([(wire_name, value)] if value is not None else [])
        )

    return replace


def broken_requests(
    operation: ir.Operation, declared_methods: set[str]
) -> Iterator[tuple[str, BreakRequest]]:
    """(what is wrong, how to break the valid request) for every break this operation allows."""
    body = operation.body
    if body is not None and body.kind is BodyKind.JSON:
        wrong = _WRONG_JSON.get(_kind(body.type))
        if wrong is not None:
            yield "body-of-wrong-type", _replaced(json=wrong)
        if body.required:
            yield "body-missing", _replaced(json=None)
    for param in operation.params_in(ParamLocation.QUERY):
        not_text = _NOT_TEXT.get(_kind(param.type))
        if not_text is not None:
            yield f"query-{param.wire_name}-of-wrong-type", _query_replaced(param.wire_name, not_text)
        if param.required:
            yield f"query-{param.wire_name}-missing", _query_replaced(param.wire_name, None)
    undeclared = next(m for m in ("DELETE", "PATCH", "PUT", "POST", "GET") if m not in declared_methods)
    yield f"method-{undeclared}-not-declared", _replaced(method=undeclared)


def _broken_cases() -> Iterator[Any]:
    for client in GENERATED_CLIENTS:
        methods_by_path: dict[str, set[str]] = {}
        for operation in client.api.all_operations():
            methods_by_path.setdefault(operation.path, set()).add(operation.method)
        for call in operation_calls(client.api):
            for what, break_request in broken_requests(call.operation, methods_by_path[call.operation.path]):
                yield pytest.param(client, call, break_request, id=f"{client.name}:{call.label}:{what}")


@pytest.mark.parametrize(("client", "call", "break_request"), list(_broken_cases()))
def test_prism_refuses_a_request_that_breaks_the_spec(
    client: GeneratedClient, call: OperationCall, break_request: BreakRequest, mock_servers: MockServers
) -> None:
    request = break_request(client.prepared_request(call.operation))
    url = mock_servers(client.served_spec).url
    with (
        client.connect(url) as api_client,
        pytest.raises(client.module.APIStatusError) as raised,
    ):
        api_client.send(request)
    assert 400 <= raised.value.status_code < 500, raised.value.body


SECURED_CALLS = [
    pytest.param(client, call, id=f"{client.name}:{call.label}")
    for client in GENERATED_CLIENTS
    for call in operation_calls(client.api)[:1]
    if call.operation.security
]


@pytest.mark.parametrize(("client", "call"), SECURED_CALLS)
def test_a_call_without_credentials_is_refused(
    client: GeneratedClient, call: OperationCall, mock_servers: MockServers
) -> None:
    """The overlays' security reaches the mock server: no token, 401."""
    url = mock_servers(client.served_spec).url
    with client.module.Client(base_url=url) as api_client, pytest.raises(client.module.AuthenticationError):
        call.method(api_client)(**client.arguments(call.operation))
