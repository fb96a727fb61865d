"""`tests/test_operations.py` and `tests/examples.json`: one `TestView` per operation (a call on
both clients through a mock transport, and its checks), built once; and the README's example calls."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator import docstrings, ir, json_writing, test_assertions, value_spelling
from generator.imports import Import, Imports
from generator.ir import ModelRef
from generator.operation_views import OperationView

TEST_BASE_URL = "https://api.example.test/base"


@dataclass(frozen=True)
class TestView:
    """One operation's generated test."""

    operation: ir.Operation
    group: ir.Group | None
    name: str  # the test function's
    key: str  # its entry in `examples.json`
    accessor: str  # `client.<resource>.<method>`
    call: str  # the method call's arguments
    example_call: str  # the same as the README writes them: every value in the call
    modules: frozenset[str]  # the standard-library modules the call's values need
    response: str  # the mock response
    reader: str  # what reads a streaming result to the end, from either client; "" otherwise
    assertions: tuple[str, ...]  # on each request and result
    uses_models: bool


@dataclass(frozen=True)
class WebhookTestView:
    """One webhook's generated test."""

    name: str
    key: str
    check: str


@dataclass(frozen=True)
class TestModuleView:
    """`tests/test_operations.py`."""

    import_lines: tuple[str, ...]
    uses_streams: bool
    tests: tuple[TestView, ...]
    webhooks: tuple[WebhookTestView, ...]


def test_views(api: ir.ApiModel, operations: Mapping[int, OperationView]) -> tuple[TestView, ...]:
    """A test per method; operations of different groups may share a method name, their tests may not."""
    entries: list[tuple[ir.Operation, ir.Group | None]] = [(op, None) for op in api.operations]
    entries += [(op, group) for group in api.groups for op in group.operations]
    seen: dict[str, int] = {}
    found = []
    for operation, group in entries:
        count = seen.get(operation.name, 0) + 1
        seen[operation.name] = count
        suffix = "" if count == 1 else f"_{group.attribute if group else count}"
        found.append(_test_view(operations[id(operation)], group, operation.name + suffix))
    return tuple(found)


def _test_view(view: OperationView, group: ir.Group | None, key: str) -> TestView:
    operation = view.operation
    example = operation.example
    if view.stream is not None:
        response = test_assertions.stream_response(operation, key)
        reader = "read_all" if view.stream.is_download else "collect"
    elif example.response_json:
        body = test_assertions.examples_entry(key, "response")
        response = f"httpx.Response({example.response_status}, json={body})"
        reader = ""
    else:
        response = f"httpx.Response({example.response_status})"
        reader = ""
    modules: set[str] = set()
    sources = tuple((a, value_spelling.argument_source(a, modules)) for a in example.arguments)
    call = _test_call(operation, key, sources)
    return TestView(
        operation=operation,
        group=group,
        name=f"test_{key}",
        key=key,
        accessor=accessor(operation, group),
        call=call,
        example_call=", ".join(f"{argument.name}={source}" for argument, source in sources),
        modules=frozenset(modules),
        response=response,
        reader=reader,
        assertions=tuple(test_assertions.wire_assertions(view, key)),
        uses_models=bool(test_assertions.checked_model(operation)) or "models." in call,
    )


def accessor(operation: ir.Operation, group: ir.Group | None) -> str:
    return f"client.{group.attribute}.{operation.name}" if group else f"client.{operation.name}"


def _test_call(operation: ir.Operation, key: str, sources: tuple[tuple[ir.ExampleArgument, str], ...]) -> str:
    """The example call's arguments; a model body comes from the examples file."""
    body = operation.body
    from_file = body is not None and isinstance(body.type, ModelRef) and bool(operation.example.body_json)
    model = body.type.name if body is not None and isinstance(body.type, ModelRef) and from_file else ""
    parts = []
    for argument, source in sources:
        if argument.name == "body" and model and isinstance(argument.value, ir.JsonObject):
            body_source = test_assertions.examples_entry(key, "request")
            parts.append(f"body=models.{model}.model_validate({body_source})")
        else:
            parts.append(f"{argument.name}={source}")
    return ", ".join(parts)


def test_module_view(api: ir.ApiModel, tests: tuple[TestView, ...]) -> TestModuleView:
    webhooks = tuple(
        WebhookTestView(hook.name, f"webhooks.{hook.name}", test_assertions.webhook_check(hook))
        for hook in api.webhooks
    )
    uses_streams = any(test.operation.stream is not None for test in tests)
    uses_models = any(test.uses_models for test in tests)
    uses_models |= any(
        test_assertions.checked_type(hook.body.type, json.loads(hook.example_json)) for hook in api.webhooks
    )
    imports = Imports([Import("__future__", "annotations")], first_party=api.package)
    imports.update(Import("", module) for module in ("asyncio", "inspect", "json", "httpx"))
    imports.update(Import("", module) for test in tests for module in test.modules)
    imports.add(Import("collections.abc", "Awaitable"), Import("collections.abc", "Callable"))
    imports.add(Import("pathlib", "Path"), Import("typing", "Any"), Import("typing", "TypeVar"))
    imports.add(Import(api.package, "AsyncClient"), Import(api.package, "Client"))
    imports.add(*([Import(api.package, "models")] if uses_models else []))
    imports.add(*([Import(api.package, "webhooks")] if api.webhooks else []))
    if uses_streams:
        names = ("AsyncBinaryStream", "AsyncStream", "BinaryStream", "ServerSentEvent", "Stream")
        imports.update(Import(f"{api.package}._base_client", name) for name in names)
        imports.add(Import("typing", "overload"))
    return TestModuleView(tuple(imports.lines()), uses_streams, tests, webhooks)


def examples_json(api: ir.ApiModel, tests: tuple[TestView, ...]) -> str:
    """`tests/examples.json`: each test's request and response bodies, as JSON."""
    data: dict[str, Any] = {"_comment": docstrings.header_comment(api).lstrip("# ")}
    texts: list[str] = []
    for test in tests:
        example = test.operation.example
        entry: dict[str, Any] = {}
        if example.body_json:
            entry["request"] = json.loads(example.body_json)
            texts.append(example.body_json)
        if example.response_json:
            entry["response"] = json.loads(example.response_json)
            texts.append(example.response_json)
        data[test.key] = entry
    for webhook in api.webhooks:
        # A dot keeps these keys apart from the operations', which are identifiers.
        data[f"webhooks.{webhook.name}"] = json.loads(webhook.example_json)
        texts.append(webhook.example_json)
    return json_writing.indented(data, exact_floats=all(json_writing.floats_exact(text) for text in texts))
