"""What the templates print for streaming methods: their return types, request specs and tests."""

from __future__ import annotations

import textwrap
from types import SimpleNamespace

from generator import ir, literals, views
from generator.ir import StreamFormat, TypeKind

_DESCRIBED = {
    StreamFormat.SSE: "server-sent events",
    StreamFormat.JSON_LINES: "JSON lines",
    StreamFormat.JSON_SEQ: "a JSON text sequence",
}


def _variant(operation: ir.Operation) -> ir.StreamVariant:
    assert operation.stream is not None
    return operation.stream


def is_download(operation: ir.Operation) -> bool:
    return _variant(operation).format is StreamFormat.BYTES


def item_annotation(operation: ir.Operation) -> str:
    """The type of each item; what the request builder's `APIRequest[...]` carries."""
    return views.return_annotation(operation)


def method_return(operation: ir.Operation, client: SimpleNamespace) -> str:
    """`Stream[T]`, `AsyncStream[T]`, `BinaryStream` or `AsyncBinaryStream`, for the sync or async client."""
    if is_download(operation):
        return f"{client.prefix}BinaryStream"
    return f"{client.prefix}Stream[{item_annotation(operation)}]"


def client_call(operation: ir.Operation) -> str:
    return "download" if is_download(operation) else "stream"


def stream_spec(operation: ir.Operation) -> str:
    variant = _variant(operation)
    arguments = [literals.string_literal(variant.format.value)]
    if variant.format is not StreamFormat.BYTES and variant.item_type.kind is not TypeKind.NONE:
        arguments.append(variant.item_type.annotation(views.MODELS))
    if variant.event_types:
        events = ", ".join(
            f"{literals.string_literal(name)}: {type_ref.annotation(views.MODELS)}"
            for name, type_ref in variant.event_types
        )
        arguments.append(f"event_types={{{events}}}")
    return f"StreamSpec({', '.join(arguments)})"


def body_keywords(operation: ir.Operation) -> list[str]:
    """The body's APIRequest keywords; a streaming call sets the body flag its API needs."""
    assert operation.body is not None
    keywords = views.body_keywords(operation.body)
    flag = operation.stream.body_flag if operation.stream else ""
    if flag and keywords == ["json=json_body(body)"]:
        return [f"json={{**json_body(body), {literals.string_literal(flag)}: True}}"]
    return keywords


def method_docstring(operation: ir.Operation, indent: str) -> str:
    variant = _variant(operation)
    like = f"Like `{operation.streams}`, but streams" if operation.streams else "Streams"
    if variant.format is StreamFormat.BYTES:
        note = (
            f"{like} the {variant.media_type} body in chunks, never holding it whole: "
            "`with client...(...) as body: body.write_to(path)`, or `body.iter_bytes()`."
        )
    else:
        note = (
            f"{like} the response ({_DESCRIBED[variant.format]}): each item, a "
            f"`{item_annotation(operation)}`, as it arrives. Use it in a `with` block, or iterate "
            "it to the end, so that the connection is closed."
        )
        if variant.body_flag:
            note += f" Sets `{variant.body_flag}: true` in the body, which the API needs to stream."
    summary = operation.summary or f"{operation.method} {operation.path}"
    return views.docstring(summary, textwrap.fill(note, 88), indent=indent)


def runtime_names(operations: list[ir.Operation]) -> set[str]:
    """What modules holding these operations' builders and methods take from `_base_client` for streaming."""
    names: set[str] = set()
    for operation in operations:
        if operation.stream is None:
            continue
        names.add("StreamSpec")
        if is_download(operation):
            names |= {"BinaryStream", "AsyncBinaryStream"}
        else:
            names |= {"Stream", "AsyncStream"}
        if item_annotation(operation) == "ServerSentEvent":
            names.add("ServerSentEvent")
    return names


# Generated tests

_BODY_HELPERS = {
    StreamFormat.SSE: "sse_body",
    StreamFormat.JSON_LINES: "json_lines_body",
    StreamFormat.JSON_SEQ: "json_seq_body",
}


def test_response(operation: ir.Operation, key: str) -> str:
    """The mock response a streaming method's test answers with."""
    variant = _variant(operation)
    status = operation.example.response_status
    media = literals.string_literal(variant.media_type or "application/octet-stream")
    if variant.format is StreamFormat.BYTES:
        return f'httpx.Response({status}, headers={{"Content-Type": {media}}}, content=b"\\x00file\\xff")'
    item = (
        f'EXAMPLES[{literals.string_literal(key)}]["response"]' if operation.example.response_json else "{}"
    )
    # Events told apart by name carry the name of the one the example is.
    event = f", event={literals.string_literal(variant.event_types[0][0])}" if variant.event_types else ""
    body = f"{_BODY_HELPERS[variant.format]}({item}{event})"
    return f'httpx.Response({status}, headers={{"Content-Type": {media}}}, content={body})'


def test_reader(operation: ir.Operation) -> str:
    """The helper a test reads a streaming method's result with (from either client)."""
    return "read_all" if is_download(operation) else "collect"


def test_result_check(operation: ir.Operation) -> str:
    if is_download(operation):
        return 'assert result == b"\\x00file\\xff"'
    annotation = item_annotation(operation)
    variant = _variant(operation)
    check = "assert isinstance(result, list) and len(result) == 1"
    kind = variant.item_type.kind
    if kind is TypeKind.MODEL:
        return f"{check} and isinstance(result[0], {annotation})"
    if annotation == "ServerSentEvent":
        return f"{check} and isinstance(result[0], ServerSentEvent)"
    return check


def request_body_check(operation: ir.Operation, key: str) -> str:
    """The expected JSON body: the example's, with the streaming flag set where the method sets it."""
    expected = f'EXAMPLES[{literals.string_literal(key)}]["request"]'
    flag = operation.stream.body_flag if operation.stream else ""
    return f"{{**{expected}, {literals.string_literal(flag)}: True}}" if flag else expected


def uses_streams(api: ir.ApiModel) -> bool:
    return any(op.stream is not None for op in api.all_operations())
