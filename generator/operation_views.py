"""One operation as its request builder and client methods print it, built once per operation:
arguments, the `APIRequest` keywords, docstrings, streaming and paging, and the imports they need."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from generator import docstrings, ir, literals, spelling
from generator.imports import Import
from generator.ir import (
    BodyKind,
    ModelRef,
    ParamLocation,
    Scalar,
    StreamFormat,
    Tagged,
    TypeRef,
    UnionOf,
    scalar,
)
from generator.layout import Argument, bare_function_header
from generator.spelling import MODELS

_BASE_CLIENT = "_base_client"
_DESCRIBED = {
    StreamFormat.SSE: "server-sent events",
    StreamFormat.JSON_LINES: "JSON lines",
    StreamFormat.JSON_SEQ: "a JSON text sequence",
}


@dataclass(frozen=True)
class StreamView:
    """A streaming method: what it returns, how the client opens it, its request's `stream=`."""

    item: str  # each item's annotation ("" for a download)
    stream_class: str  # "Stream[T]" or "BinaryStream": the sync name; async ones take "Async" before
    client_call: str  # "stream" or "download"
    is_download: bool
    spec: str  # `StreamSpec(...)`


@dataclass(frozen=True)
class PagingView:
    """An `iter_<name>` method: its item type, docstring, and the paging strategy."""

    item: str
    docstring: str
    page_request: str  # `lambda offset: operations.list_orders(offset=offset, ...)`
    strategy: str
    items: str


@dataclass(frozen=True)
class OperationView:
    """Everything the builder and the methods of one operation print, spelled once."""

    operation: ir.Operation
    name: str
    arguments: tuple[Argument, ...]
    builder_arguments: tuple[str, ...]  # declarations at the builder's indent
    method_arguments: tuple[str, ...]  # declarations at a method's indent
    builder_header: str  # `def name() -> ...:` for a builder without arguments; "" otherwise
    returns: str  # the builder's item type: what its `APIRequest[...]` carries
    path_doc: str
    request_keywords: tuple[str, ...]  # `method=...`, `path=...`, ...: the `APIRequest(...)` call's
    docstring: str
    call_arguments: str
    stream: StreamView | None
    paging: PagingView | None
    imports: frozenset[Import]  # relative to the package root: `.models`, `._base_client`, ...


def operation_view(operation: ir.Operation) -> OperationView:
    args = tuple(arguments(operation))
    returns = return_annotation(operation)
    stream = _stream_view(operation, returns) if operation.stream is not None else None
    return OperationView(
        operation=operation,
        name=operation.name,
        arguments=args,
        builder_arguments=tuple(a.declaration(4) for a in args),
        method_arguments=tuple(a.declaration(8) for a in args),
        builder_header="" if args else bare_function_header(operation.name, f"APIRequest[{returns}]"),
        returns=returns,
        path_doc=literals.docstring_body(operation.path),
        request_keywords=tuple(_request_keywords(operation, stream)),
        docstring=_stream_docstring(operation, returns) if stream else _method_docstring(operation, args),
        call_arguments=", ".join(f"{a.name}={a.name}" for a in args),
        stream=stream,
        paging=_paging_view(operation, args),
        imports=frozenset(_imports(operation, args, stream)),
    )


def arguments(operation: ir.Operation) -> list[Argument]:
    found = [
        Argument(p.name, spelling.annotation(p.type, MODELS), None if p.required else "None", p.description)
        for p in operation.params
    ]
    body = operation.body
    if body is not None:
        annotation = body_annotation(body)
        found.append(
            Argument(
                "body",
                annotation if body.required else annotation + " | None",
                None if body.required else "None",
                body.description,
            )
        )
    return sorted(found, key=lambda a: a.default is not None)


def _is_upload(body: ir.Body) -> bool:
    return body.kind is BodyKind.BINARY and scalar(body.type) is Scalar.BYTES


def _takes_dict(body: ir.Body) -> bool:
    """A model body also takes a plain dict, validated on the way out."""
    return not _is_upload(body) and any(isinstance(t, ModelRef) for t in union_members(body.type))


def body_annotation(body: ir.Body) -> str:
    if _is_upload(body):
        return "UploadContent"  # bytes, or a file, a path or an iterable, sent as a stream
    annotation = spelling.annotation(body.type, MODELS)
    return annotation + " | dict[str, Any]" if _takes_dict(body) else annotation


def union_members(type_ref: TypeRef) -> tuple[TypeRef, ...]:
    if isinstance(type_ref, UnionOf):
        return tuple(member for part in type_ref.members for member in union_members(part))
    return type_ref.members if isinstance(type_ref, Tagged) else (type_ref,)


def return_annotation(operation: ir.Operation) -> str:
    """The builder's result type: for a streaming method, each item's (untyped: raw events, or JSON)."""
    if operation.stream is not None and scalar(operation.return_type) is Scalar.NONE:
        return "ServerSentEvent" if operation.stream.format is ir.StreamFormat.SSE else "Any"
    return spelling.annotation(operation.return_type, MODELS)


def _method_docstring(operation: ir.Operation, args: tuple[Argument, ...]) -> str:
    described = [a for a in args if a.description.strip()]
    arg_text = ""
    if described:
        arg_text = "Args:\n" + "\n".join(
            f"    {a.name}: {literals.one_line(a.description)}" for a in described
        )
    deprecated = "Deprecated." if operation.deprecated else ""
    summary = operation.summary or f"{operation.method} {operation.path}"
    description = operation.description if operation.description.strip() != summary else ""
    return docstrings.docstring(summary, deprecated, description, arg_text, indent="        ")


def _stream_docstring(operation: ir.Operation, item: str) -> str:
    variant = operation.stream
    assert variant is not None
    like = f"Like `{operation.streams}`, but streams" if operation.streams else "Streams"
    if variant.format is StreamFormat.BYTES:
        note = (
            f"{like} the {variant.media_type} body in chunks, never holding it whole: "
            "`with client...(...) as body: body.write_to(path)`, or `body.iter_bytes()`."
        )
    else:
        note = (
            f"{like} the response ({_DESCRIBED[variant.format]}): each item, a "
            f"`{item}`, as it arrives. Use it in a `with` block, or iterate "
            "it to the end, so that the connection is closed."
        )
        if variant.body_flag:
            note += f" Sets `{variant.body_flag}: true` in the body, which the API needs to stream."
    summary = operation.summary or f"{operation.method} {operation.path}"
    return docstrings.docstring(summary, textwrap.fill(note, 88), indent="        ")


# The request builder's `APIRequest(...)`


def _request_keywords(operation: ir.Operation, stream: StreamView | None) -> list[str]:
    keywords = [
        f'method="{operation.method}"',
        f"path={path_expression(operation)}",
        f"response_types={_response_types(operation)}",
    ]
    query = query_expression(operation)
    keywords += [f"params={query}"] if query else []
    headers = _map_expression(operation.params_in(ParamLocation.HEADER))
    keywords += [f"headers={headers}"] if headers else []
    cookies = _map_expression(operation.params_in(ParamLocation.COOKIE))
    keywords += [f"cookies={cookies}"] if cookies else []
    if operation.body is not None:
        keywords += _body_keywords(operation)
    if operation.security:
        keywords.append(f"security={security_expression(operation)}")
    if operation.accept:
        keywords.append(f"accept={literals.string_literal(operation.accept)}")
    response_headers = _response_headers(operation)
    keywords += [f"response_headers={response_headers}"] if response_headers else []
    if stream is not None:
        keywords.append(f"stream={stream.spec}")
    return keywords


def _path_parts(operation: ir.Operation) -> list[str]:
    """The request path as literals and encoded parameters to concatenate; spec text never in an f-string."""
    by_wire = {p.wire_name: p for p in operation.path_params}
    parts: list[str] = []
    rest = operation.path
    while rest:
        start = rest.find("{")
        end = rest.find("}", start)
        if start < 0 or end < 0 or rest[start + 1 : end] not in by_wire:
            parts.append(literals.string_literal(rest))
            break
        if start:
            parts.append(literals.string_literal(rest[:start]))
        param = by_wire[rest[start + 1 : end]]
        parts.append(f"path_segment({literals.string_literal(param.wire_name)}, {param.name})")
        rest = rest[end + 1 :]
    return parts or ['""']


def path_expression(operation: ir.Operation) -> str:
    return " + ".join(_path_parts(operation))


def query_expression(operation: ir.Operation) -> str:
    """The `params=[...]` of an `APIRequest(...)`; "" without query parameters."""
    items = [
        f"({literals.string_literal(name)}, {literals.string_literal(value)})"
        for name, value in operation.fixed_query
    ]
    items += [
        f"*encode_query({literals.string_literal(p.wire_name)}, {p.name}{_query_style_arguments(p)})"
        for p in operation.params_in(ParamLocation.QUERY)
    ]
    return f"[{', '.join(items)}]" if items else ""


def _query_style_arguments(param: ir.Param) -> str:
    """`, style="deepObject"` and `, explode=False` where they differ from the defaults (form, exploded)."""
    arguments = "" if param.style == "form" else f", style={literals.string_literal(param.style)}"
    return arguments + ("" if param.explode else ", explode=False")


def _map_expression(params: tuple[ir.Param, ...]) -> str:
    if not params:
        return ""
    items = ", ".join(f"{literals.string_literal(p.wire_name)}: {p.name}" for p in params)
    return f"header_map({{{items}}})"


def _body_keywords(operation: ir.Operation) -> list[str]:
    """The APIRequest keyword arguments that carry the body; a streaming call sets the flag its API needs."""
    body = operation.body
    assert body is not None
    flag = operation.stream.body_flag if operation.stream else ""
    if body.kind is BodyKind.JSON:
        if flag:
            return [f"json={{**json_body(body), {literals.string_literal(flag)}: True}}"]
        return ["json=json_body(body)"]
    if body.kind is BodyKind.FORM:
        return ["data=json_body(body)"]
    if body.kind is BodyKind.MULTIPART:
        return ["multipart=body"]
    return ["content=body", f"content_type={literals.string_literal(body.media_type)}"]


def _tuple_source(items: list[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def security_expression(operation: ir.Operation) -> str:
    """`(SecurityRequirement("oauth2"),)`: the operation's requirements, any one of which suffices."""
    return _tuple_source(
        [
            f"SecurityRequirement({', '.join(literals.string_literal(key) for key in requirement)})"
            for requirement in operation.security
        ]
    )


def _response_types(operation: ir.Operation) -> str:
    items = [
        f"{literals.string_literal(r.status)}: {spelling.annotation(r.type, MODELS)}"
        for r in operation.responses
    ]
    return f"{{{', '.join(items)}}}"


def _declared_headers(operation: ir.Operation) -> dict[str, TypeRef]:
    """The headers the success responses declare, by name."""
    return {
        name: type_ref
        for r in operation.responses
        if r.status.startswith("2")
        for name, type_ref in r.headers
    }


def _response_headers(operation: ir.Operation) -> str:
    """`{"X-Rate-Limit": int}`: the headers the success responses declare, for `declared_headers`."""
    declared = _declared_headers(operation)
    items = [
        f"{literals.string_literal(name)}: {spelling.annotation(declared[name], MODELS)}"
        for name in sorted(declared)
    ]
    return f"{{{', '.join(items)}}}" if items else ""


# Streaming and paging


def _stream_view(operation: ir.Operation, item: str) -> StreamView:
    variant = operation.stream
    assert variant is not None
    download = variant.format is StreamFormat.BYTES
    arguments = [literals.string_literal(variant.format.value)]
    if not download and scalar(variant.item_type) is not Scalar.NONE:
        arguments.append(spelling.annotation(variant.item_type, MODELS))
    if variant.event_types:
        events = ", ".join(
            f"{literals.string_literal(name)}: {spelling.annotation(type_ref, MODELS)}"
            for name, type_ref in variant.event_types
        )
        arguments.append(f"event_types={{{events}}}")
    return StreamView(
        item=item,
        stream_class="BinaryStream" if download else f"Stream[{item}]",
        client_call="download" if download else "stream",
        is_download=download,
        spec=f"StreamSpec({', '.join(arguments)})",
    )


def _paging_view(operation: ir.Operation, args: tuple[Argument, ...]) -> PagingView | None:
    paging = operation.pagination
    if paging is None:
        return None
    parts = [f"kind={literals.string_literal(paging.kind)}"]
    if paging.position_param:
        parts.append(f"start={paging.position_param}")
    if paging.size_param:
        parts.append(f"size={paging.size_param}")
    if paging.cursor_field:
        parts.append(f"cursor_field={literals.string_literal(paging.cursor_field)}")
    if paging.total_field:
        parts.append(f"total_field={literals.string_literal(paging.total_field)}")
    parts.append("max_pages=max_pages")
    # Every argument the caller's, but the position's: the lambda's parameter takes its name, so mypy
    # checks each keyword's type against the builder's.
    call = ", ".join(f"{a.name}={a.name}" for a in args)
    return PagingView(
        item=spelling.annotation(paging.item_type, MODELS),
        docstring=docstrings.docstring(
            f"Every item of `{operation.name}`, fetching pages only as they are needed.",
            "Takes the same arguments; the first page is the one they select. The walk ends at an "
            "empty or short page, at the total the server declares, at a page that repeats one "
            "already seen, or after `max_pages` pages.",
            indent="        ",
        ),
        page_request=f"lambda {paging.position_param or '_'}: operations.{operation.name}({call})",
        strategy=f"PageStrategy({', '.join(parts)})",
        items=f"lambda page: page.{paging.items_field}" if paging.items_field else "lambda page: page",
    )


# Imports


def _types(operation: ir.Operation) -> list[TypeRef]:
    types = [operation.return_type, *(p.type for p in operation.params)]
    types += [r.type for r in operation.responses] + list(_declared_headers(operation).values())
    types += [operation.body.type] if operation.body else []
    return types + ([operation.pagination.item_type] if operation.pagination else [])


def _imports(operation: ir.Operation, args: tuple[Argument, ...], stream: StreamView | None) -> set[Import]:
    """What the builder and the methods of this operation import, relative to the package root."""
    found = {Import("collections.abc", "Mapping"), Import(".", "operations")}
    base = {"APIRequest", "NOT_GIVEN", "NotGiven"}
    for type_ref in _types(operation):
        found |= spelling.standard_imports(type_ref)
        if spelling.uses_models(type_ref):
            found.add(Import(".", "models"))
    body = operation.body
    if body is not None and _takes_dict(body):
        found.add(Import("typing", "Any"))
    if operation.pagination is not None:
        found.add(Import("collections.abc", "AsyncIterator"))
        found |= {Import("collections.abc", "Iterator")}
        found |= {Import("._pagination", name) for name in ("PageStrategy", "apaginate", "paginate")}
    if operation.path_params:
        base.add("path_segment")
    if operation.params_in(ParamLocation.QUERY):
        base.add("encode_query")
    if operation.security:
        base.add("SecurityRequirement")
    if operation.params_in(ParamLocation.HEADER) or operation.params_in(ParamLocation.COOKIE):
        base.add("header_map")
    if body is not None and body.kind in (BodyKind.JSON, BodyKind.FORM):
        base.add("json_body")
    if body is not None and _is_upload(body):
        base.add("UploadContent")
    if stream is not None:
        base |= {"StreamSpec", "BinaryStream", "AsyncBinaryStream"} if stream.is_download else set()
        base |= {"StreamSpec", "Stream", "AsyncStream"} if not stream.is_download else set()
        base |= {"ServerSentEvent"} if stream.item == "ServerSentEvent" else set()
    return found | {Import(f".{_BASE_CLIENT}", name) for name in base}
