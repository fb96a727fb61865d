"""Which operations page, and how: decided from parameter names and the response's shape.

An operation pages when it returns a list (bare, or as the one list field of a
model) and takes a page number, an offset or a cursor in its query, or
declares a `Link` response header. The client then gets an `iter_<name>`
method that walks every page lazily.
"""

from __future__ import annotations

import dataclasses

from generator import ir, naming
from generator.ir import (
    ListOf,
    ModelRef,
    Pagination,
    ParamLocation,
    Scalar,
    TypeRef,
    UnionOf,
    primitive,
    scalar,
)

_PAGE_NAMES = frozenset({"page", "page_number", "pagenumber", "page_no"})
_SIZE_NAMES = frozenset({"page_size", "pagesize", "per_page", "limit", "size", "page_limit"})
_OFFSET_NAMES = frozenset({"offset", "skip", "start", "start_index"})
_CURSOR_NAMES = frozenset(
    {"cursor", "after", "starting_after", "page_token", "next_token", "continuation_token", "next_page_token"}
)
_NEXT_CURSOR_FIELDS = ("next_cursor", "next_page_token", "next_token", "continuation_token", "cursor", "next")
# A page's count of all items, so a walk stops when it has them all (a bare "count" is often the page's own).
_TOTAL_FIELDS = ("total_count", "total", "total_results", "total_items", "total_records", "records_found")


def _simple(name: str) -> str:
    return naming.snake_case(name)


def _items(operation: ir.Operation, models: dict[str, ir.ModelDef]) -> tuple[str, TypeRef] | None:
    returned = operation.return_type
    if isinstance(returned, ListOf):
        return "", returned.item
    if not isinstance(returned, ModelRef) or returned.name not in models:
        return None
    lists = [
        (field.name, listed)
        for field in models[returned.name].fields
        if isinstance(listed := _without_none(field.type), ListOf)
    ]
    if len(lists) != 1:
        return None
    return lists[0][0], lists[0][1].item


def _without_none(type_ref: TypeRef) -> TypeRef:
    if isinstance(type_ref, UnionOf):
        rest = [member for member in type_ref.members if scalar(member) is not Scalar.NONE]
        return ir.union(*rest) if rest else type_ref
    return type_ref


def _total_field(operation: ir.Operation, models: dict[str, ir.ModelDef]) -> str:
    returned = operation.return_type
    if not isinstance(returned, ModelRef) or returned.name not in models:
        return ""
    integers = {
        field.name
        for field in models[returned.name].fields
        if scalar(_without_none(field.type)) is Scalar.INT
    }
    return next((name for name in _TOTAL_FIELDS if name in integers), "")


def pagination_of(
    operation: ir.Operation, models: dict[str, ir.ModelDef], has_link_header: bool
) -> Pagination | None:
    items = _items(operation, models)
    if items is None or operation.method != "GET":
        return None
    items_field, item_type = items
    total = _total_field(operation, models)
    query = {_simple(p.wire_name): p for p in operation.params_in(ParamLocation.QUERY)}
    size = next((query[name].name for name in query if name in _SIZE_NAMES), "")
    for names, kind in ((_PAGE_NAMES, "page"), (_OFFSET_NAMES, "offset")):
        position = next((query[name].name for name in query if name in names), "")
        if position:
            return Pagination(kind, items_field, item_type, position, size, total_field=total)
    cursor = next((query[name].name for name in query if name in _CURSOR_NAMES), "")
    if cursor and isinstance(operation.return_type, ModelRef):
        fields = {field.name for field in models[operation.return_type.name].fields}
        cursor_field = next((name for name in _NEXT_CURSOR_FIELDS if name in fields), "")
        if cursor_field:
            return Pagination("cursor", items_field, item_type, cursor, size, cursor_field, total)
    if has_link_header:
        return Pagination("link", items_field, item_type, "", size, total_field=total)
    return None


def counted_params(operation: ir.Operation, paging: Pagination) -> tuple[ir.Operation, list[str]]:
    """The operation with its page number, offset and page size typed `int`; the wire names retyped.

    Pages are counted (the next page is this one plus one, a short page is the
    last), so these must be integers, whatever the spec declares: documents
    write `pageSize: {type: string}`, and a query sends the same text either way.
    A cursor is passed on as the server gave it and keeps its type.
    """
    counted = {paging.size_param} | ({paging.position_param} if paging.kind in ("page", "offset") else set())
    retyped: list[str] = []
    params = []
    for param in operation.params:
        declared = _without_none(param.type)
        if param.name in counted - {""} and scalar(declared) is not Scalar.INT:
            integer = primitive(
                Scalar.INT,
                constraints=ir.constraints_of(declared)
                if scalar(declared) is Scalar.FLOAT
                else ir.NO_CONSTRAINTS,
            )
            param = dataclasses.replace(
                param, type=ir.optional(integer) if ir.is_optional(param.type) else integer
            )
            retyped.append(param.wire_name)
        params.append(param)
    example = _counted_example(operation.example, {p.name: p for p in params if p.wire_name in retyped})
    return dataclasses.replace(operation, params=tuple(params), example=example), retyped


def _counted_example(example: ir.OperationExample, retyped: dict[str, ir.Param]) -> ir.OperationExample:
    """The example call with whole numbers for the retyped parameters, on the wire too."""
    numbers: dict[str, int] = {}
    arguments = []
    for argument in example.arguments:
        param = retyped.get(argument.name)
        if param is not None:
            text = str(argument.value)
            numbers[param.wire_name] = int(text) if text.isdigit() else 1
            argument = ir.ExampleArgument(argument.name, param.type, numbers[param.wire_name])
        arguments.append(argument)
    query = tuple((name, str(numbers[name]) if name in numbers else value) for name, value in example.query)
    return dataclasses.replace(example, arguments=tuple(arguments), query=query)
