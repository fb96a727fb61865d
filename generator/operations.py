"""Paths to operations: methods, parameters, bodies, responses and a worked example."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pydantic

from generator import ir, literals, naming, pointers, security, streams
from generator.diagnostics import Diagnostics
from generator.examples import RawSchemas, build_example
from generator.ir import BodyKind, ParamLocation, Scalar, TypeRef, primitive
from generator.media import media_kind, preferred_media
from generator.openapi32 import QUERY_METHOD
from generator.openapi_models import v3_1
from generator.resolver import Resolver
from generator.responses import ResponseReader
from generator.samples import SampleMaker
from generator.schemas import SchemaConverter

# Headers the client sets itself; the spec is told to leave them out, and some don't.
_MANAGED_HEADERS = frozenset({"accept", "content-type", "authorization"})


class OperationBuilder:
    def __init__(
        self,
        resolver: Resolver,
        converter: SchemaConverter,
        diagnostics: Diagnostics,
        scheme_keys: frozenset[str] = frozenset(),
    ):
        self.resolver = resolver
        self.converter = converter
        self.diagnostics = diagnostics
        self.scheme_keys = scheme_keys  # the security schemes the client supports
        self.samples = SampleMaker(resolver)
        self.operation_ids: dict[str, str] = {}
        # An operation's raw callbacks, by its pointer, for the webhooks built after the operations.
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.response_reader = ResponseReader(resolver, converter)

    def build_all(self) -> list[tuple[str | None, ir.Operation]]:
        """Every operation with the tag that groups it, in path then method order."""
        found: list[tuple[str | None, ir.Operation]] = []
        paths = self.resolver.document.paths or {}
        for path in sorted(paths):
            path_pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1")
            item, _ = self.resolver.deref(paths[path], path_pointer)
            for method, operation, pointer in self._operations_of(item, path_pointer):
                built, raw_responses = self._operation(path, method, item, operation, pointer)
                self.callbacks[pointer] = operation.callbacks or {}
                tag = operation.tags[0] if operation.tags else None
                found += [(tag, variant) for variant in self._with_streaming(built, raw_responses)]
        return found

    def _operations_of(self, item: v3_1.PathItem, path_pointer: str) -> list[tuple[str, v3_1.Operation, str]]:
        """(method, operation, pointer) of a path item: 3.1's eight methods, then 3.2's `query` and
        `additionalOperations` (which the 3.1 models keep as raw extras)."""
        found = [(m, operation, f"{path_pointer}/{m}") for m, operation in methods_of(item)]
        extra = item.model_extra or {}
        raw = [(QUERY_METHOD, extra.get(QUERY_METHOD), f"{path_pointer}/{QUERY_METHOD}")]
        additional = extra.get("additionalOperations")
        if isinstance(additional, dict):
            raw += [
                (
                    str(m),
                    additional[m],
                    f"{path_pointer}/additionalOperations/{pointers.escape_token(str(m))}",
                )
                for m in sorted(additional, key=str)
            ]
        for method, operation, pointer in raw:
            if not isinstance(operation, dict):
                continue
            try:
                found.append((method.lower(), v3_1.Operation.model_validate(operation), pointer))
            except pydantic.ValidationError as exc:
                problem = exc.errors()[0]
                where = pointers.append(pointer, *problem["loc"])
                self.diagnostics.warn(
                    f"operation skipped: {problem['msg']}", self.resolver.source.location(where)
                )
        return found

    def _operation(
        self, path: str, method: str, item: Any, operation: Any, pointer: str
    ) -> tuple[ir.Operation, dict[str, Any]]:
        """The operation, and its responses by status as the document gives them (dereferenced)."""
        operation_id = operation.operationId or ""
        if operation_id:
            if operation_id in self.operation_ids:
                # The method names are made unique where operations are grouped, as for any collision.
                self.diagnostics.warn(
                    f"operationId {operation_id!r} is used twice"
                    f" (also at {self.operation_ids[operation_id]}); "
                    "this method gets a numbered name",
                    self.resolver.source.location(pointer + "/operationId"),
                )
            else:
                self.operation_ids[operation_id] = pointer
        name_source = operation_id or f"{method} {path.replace('{', ' by ').replace('}', ' ')}"
        name = naming.method_name(name_source)
        hint = naming.pascal_case(name_source) or "Operation"
        raw = RawSchemas()
        params = self._params(item, operation, pointer, hint, raw)
        body = self.request_body(operation, pointer, hint, raw)
        responses, raw_responses = self.response_reader.read(operation, pointer, hint)
        for status, response in raw_responses.items():
            media = preferred_media(response.content or {})
            raw.responses[status] = response.content[media].media_type_schema if media else None
        return_type = _return_type(responses)
        request_path, fixed_query = split_path(path)
        example = build_example(self.samples, request_path, fixed_query, params, body, responses, raw)
        built = ir.Operation(
            name=name,
            operation_id=operation_id,
            method=method.upper(),
            path=request_path,
            summary=literals.one_line(operation.summary or ""),
            description=operation.description or "",
            deprecated=bool(operation.deprecated),
            params=params,
            body=body,
            responses=responses,
            return_type=return_type,
            example=example,
            pointer=pointer,
            fixed_query=fixed_query,
            security=security.operation_security(
                operation.security if operation.security is not None else self.resolver.document.security,
                self.scheme_keys,
            ),
        )
        return built, raw_responses

    # Parameters

    def raw_params(self, item: Any, operation: Any, pointer: str) -> list[tuple[Any, str]]:
        """Path-level parameters overridden by the operation's own, dereferenced."""
        merged: dict[tuple[str, str], tuple[Any, str]] = {}
        for owner, owner_pointer in ((item, pointer.rsplit("/", 1)[0]), (operation, pointer)):
            for index, raw in enumerate(owner.parameters or []):
                at = f"{owner_pointer}/parameters/{index}"
                param, _ = self.resolver.deref(raw, at)
                location = param.param_in.value
                if location == "header" and param.name.lower() in _MANAGED_HEADERS:
                    continue
                merged[(param.name, location)] = (param, at)
        return list(merged.values())

    def _params(
        self, item: Any, operation: Any, pointer: str, hint: str, raw_schemas: RawSchemas
    ) -> tuple[ir.Param, ...]:
        scope = naming.NameScope(naming.PARAM_RESERVED)
        built = []
        # Path parameters claim their names first: they are the ones callers always pass.
        raw = sorted(self.raw_params(item, operation, pointer), key=lambda p: _param_rank(p[0]))
        for param, at in raw:
            location = ParamLocation(param.param_in.value)
            schema = param_schema(param)
            raw_schemas.params[(param.name, location.value)] = schema
            param_type = self.converter.type_for(
                schema, hint + naming.pascal_case(param.name), at + "/schema"
            )
            required = bool(param.required) or location is ParamLocation.PATH
            default_style = "form" if location in (ParamLocation.QUERY, ParamLocation.COOKIE) else "simple"
            style = param.style or default_style
            explode = param.explode if param.explode is not None else style == "form"
            built.append(
                ir.Param(
                    name=scope.claim(naming.param_name(_name_hint(param)), "_"),
                    wire_name=param.name,
                    location=location,
                    type=param_type if required else ir.optional(param_type),
                    required=required,
                    description=param.description or "",
                    style=style,
                    explode=bool(explode),
                )
            )
        return tuple(sorted(built, key=lambda p: not p.required))

    # Bodies

    def request_body(
        self, operation: Any, pointer: str, hint: str, raw_schemas: RawSchemas | None = None
    ) -> ir.Body | None:
        if operation.requestBody is None:
            return None
        at = pointer + "/requestBody"
        body, _ = self.resolver.deref(operation.requestBody, at)
        media = preferred_media(body.content or {})
        if media is None:
            return None
        kind = BodyKind(media_kind(media))
        schema = body.content[media].media_type_schema
        if raw_schemas is not None:
            raw_schemas.body = schema
        if kind is BodyKind.BINARY:
            body_type: TypeRef = primitive(Scalar.BYTES)
        elif kind is BodyKind.TEXT:
            body_type = primitive(Scalar.STR)
        else:
            body_type = self.converter.type_for(
                schema, hint + "Request", f"{at}/content/{pointers.escape_token(media)}/schema"
            )
        return ir.Body(body_type, media, kind, bool(body.required), body.description or "")

    def _with_streaming(self, built: ir.Operation, raw_responses: dict[str, Any]) -> list[ir.Operation]:
        hint = naming.pascal_case(built.operation_id or built.name) or "Operation"
        return streams.streaming(built, raw_responses, self.converter, self.samples, hint)


def param_schema(param: v3_1.Parameter) -> v3_1.Schema | v3_1.Reference | None:
    """A parameter's schema, from `schema` or the one media type of `content`."""
    if param.param_schema is not None:
        return param.param_schema
    return next((media.media_type_schema for media in (param.content or {}).values()), None)


def methods_of(item: v3_1.PathItem) -> list[tuple[str, v3_1.Operation]]:
    """A path item's operations among 3.1's eight methods, by method name, in the order 3.1 lists them."""
    listed = (
        ("get", item.get),
        ("put", item.put),
        ("post", item.post),
        ("delete", item.delete),
        ("options", item.options),
        ("head", item.head),
        ("patch", item.patch),
        ("trace", item.trace),
    )
    return [(method, operation) for method, operation in listed if operation is not None]


def _return_type(responses: tuple[ir.Response, ...]) -> TypeRef:
    success = [r for r in responses if r.status.startswith("2")] or [
        r for r in responses if r.status == "default"
    ]
    if not success:
        return primitive(Scalar.NONE)
    return ir.union(*(r.type for r in success))


def split_path(path: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A spec path without its `#fragment` (some specs tell operations apart by one) and
    without its `?query`, whose pairs are returned to send with every request."""
    path = path.partition("#")[0]
    path, _, query = path.partition("?")
    return path, tuple(parse_qsl(query, keep_blank_values=True))


def _param_rank(param: Any) -> int:
    return ["path", "query", "header", "cookie"].index(param.param_in.value)


def _name_hint(param: Any) -> str:
    """The spec's name, or the one an overlay chose for Python (`x-clientgen-name`)."""
    chosen = (param.model_extra or {}).get("x-clientgen-name")
    return chosen if isinstance(chosen, str) and chosen.strip() else str(param.name)
