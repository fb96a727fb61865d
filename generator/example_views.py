"""What the generated tests and README print: example calls, the checks on what went on the wire,
and `tests/examples.json`."""

from __future__ import annotations

import json
from typing import Any

from generator import ir, literals, type_spelling, value_spelling, views
from generator.ir import DictOf, ListOf, ModelRef, Scalar, Tagged, TypeRef, scalar

TEST_BASE_URL = "https://api.example.test/base"
TEST_BASE_PATH = "/base"


def example_call(operation: ir.Operation) -> str:
    return ", ".join(f"{a.name}={value_spelling.argument_source(a)}" for a in operation.example.arguments)


def path_check(operation: ir.Operation) -> str:
    """An assertion on the request's path as sent, percent-encoding included.

    httpx's `url.path` is decoded, so an encoded path is compared with the raw one.
    """
    expected = TEST_BASE_PATH + operation.example.path
    if "%" not in expected:
        return f"assert request.url.path == {literals.string_literal(expected)}"
    return f'assert request.url.raw_path.partition(b"?")[0] == b{literals.string_literal(expected)}'


def query_pairs(operation: ir.Operation) -> str:
    """The query pairs the example call sends, as a list literal."""
    return f"[{', '.join(literals.python_literal(list(pair)) for pair in operation.example.query)}]"


def test_call(operation: ir.Operation, key: str) -> str:
    """The example call's arguments; a model body comes from the examples file."""
    body = operation.body
    model = body.type.name if body is not None and isinstance(body.type, ModelRef) else ""
    if not operation.example.body_json:
        model = ""
    parts = []
    for argument in operation.example.arguments:
        if argument.name == "body" and model and isinstance(argument.value, ir.JsonObject):
            source = f'models.{model}.model_validate(EXAMPLES[{literals.string_literal(key)}]["request"])'
            parts.append(f"body={source}")
        else:
            parts.append(f"{argument.name}={value_spelling.argument_source(argument)}")
    return ", ".join(parts)


def examples_json(api: ir.ApiModel, keys: list[tuple[str, ir.Operation]]) -> str:
    """`tests/examples.json`: each test's request and response bodies, as JSON."""
    data: dict[str, Any] = {"_comment": views.header_comment(api).lstrip("# ")}
    for key, operation in keys:
        entry: dict[str, Any] = {}
        if operation.example.body_json:
            entry["request"] = json.loads(operation.example.body_json)
        if operation.example.response_json:
            entry["response"] = json.loads(operation.example.response_json)
        data[key] = entry
    for webhook in api.webhooks:
        # A dot keeps these keys apart from the operations', which are identifiers.
        data[f"webhooks.{webhook.name}"] = json.loads(webhook.example_json)
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"


def result_check(operation: ir.Operation) -> str:
    """An assertion on the parsed result's type, as precise as the declared type allows."""
    return_type = operation.return_type
    answered = next(
        (r.type for r in operation.responses if r.status == str(operation.example.response_status)),
        return_type,
    )
    if operation.example.response_json == "" and scalar(answered) in (Scalar.BYTES, Scalar.STR):
        return f"assert result == {type_spelling.spell(answered)}()"  # an empty body is an empty file or text
    if operation.example.response_json == "" or scalar(return_type) is Scalar.NONE:
        return "assert result is None"
    return type_check(return_type, json.loads(operation.example.response_json))


def webhook_check(webhook: ir.Webhook) -> str:
    return type_check(webhook.body.type, json.loads(webhook.example_json))


def type_check(declared: TypeRef, value: Any) -> str:
    """`assert isinstance(result, ...)` for `value` parsed as `declared`, as precisely as the type allows."""
    if isinstance(declared, Tagged):
        tag = value.get(declared.discriminator) if isinstance(value, dict) else None
        declared = ir.member_for_tag(declared, tag) or declared
    if isinstance(declared, ModelRef):
        return f"assert isinstance(result, models.{declared.name})"
    if isinstance(declared, ListOf):
        return "assert isinstance(result, list)"
    if isinstance(declared, DictOf):
        return "assert isinstance(result, dict)"
    if scalar(declared) in (Scalar.STR, Scalar.INT, Scalar.BOOL, Scalar.FLOAT):
        return f"assert isinstance(result, {type_spelling.spell(declared)})"
    return "assert result is not None"


def test_modules(api: ir.ApiModel) -> list[str]:
    modules: set[str] = set()
    for operation in api.all_operations():
        for argument in operation.example.arguments:
            value_spelling.argument_source(argument, modules)
    return sorted(modules)


def test_imports(api: ir.ApiModel) -> str:
    names = ["AsyncClient", "Client"] + (["models"] if uses_models_in_tests(api) else [])
    return ", ".join(names + (["webhooks"] if api.webhooks else []))


def uses_models_in_tests(api: ir.ApiModel) -> bool:
    return any(
        "models." in result_check(op)
        or any("models." in value_spelling.argument_source(a) for a in op.example.arguments)
        for op in api.all_operations()
    ) or any("models." in webhook_check(webhook) for webhook in api.webhooks)


def accessor(operation: ir.Operation, group: ir.Group | None) -> str:
    return f"client.{group.attribute}.{operation.name}" if group else f"client.{operation.name}"
