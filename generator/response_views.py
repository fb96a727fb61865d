"""What request builders say about the responses: the type of each status, the declared headers."""

from __future__ import annotations

from generator import ir, literals
from generator.type_spelling import spell
from generator.views import MODELS


def response_types_expression(operation: ir.Operation) -> str:
    items = [f"{literals.string_literal(r.status)}: {spell(r.type, MODELS)}" for r in operation.responses]
    return f"{{{', '.join(items)}}}"


def response_headers_expression(operation: ir.Operation) -> str:
    """`{"X-Rate-Limit": int}`: the headers the success responses declare, for `declared_headers`."""
    declared = {
        name: type_ref
        for r in operation.responses
        if r.status.startswith("2")
        for name, type_ref in r.headers
    }
    items = [f"{literals.string_literal(name)}: {spell(declared[name], MODELS)}" for name in sorted(declared)]
    return f"{{{', '.join(items)}}}" if items else ""
