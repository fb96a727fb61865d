"""An operation's responses: each status's type and kind of body, and the headers it declares."""

from __future__ import annotations

from typing import Any

from generator import ir, literals, naming, pointers
from generator.ir import ResponseKind, Scalar, TypeRef, primitive
from generator.media import media_kind, preferred_media
from generator.openapi_models import v3_1
from generator.resolver import Resolver
from generator.schemas import SchemaConverter


class ResponseReader:
    def __init__(self, resolver: Resolver, converter: SchemaConverter):
        self.resolver = resolver
        self.converter = converter

    def _headers(self, declared: dict[str, Any], pointer: str, hint: str) -> tuple[tuple[str, TypeRef], ...]:
        """The declared headers a caller may read typed; Content-Type is httpx's to parse."""
        typed = []
        for name in sorted(declared):
            if name.lower() in ("content-type", "content-length"):
                continue
            header, _ = self.resolver.deref(declared[name], f"{pointer}/{pointers.escape_token(name)}")
            schema = _header_schema(header)
            if schema is None:
                continue
            header_hint = hint + naming.pascal_case(name) + "Header"
            typed.append(
                (
                    name,
                    self.converter.type_for(
                        schema, header_hint, f"{pointer}/{pointers.escape_token(name)}/schema"
                    ),
                )
            )
        return tuple(typed)

    def read(self, operation: Any, pointer: str, hint: str) -> tuple[tuple[ir.Response, ...], dict[str, Any]]:
        """The responses, and the same as the document gives them (dereferenced), by status."""
        raw_responses: dict[str, Any] = {}
        if not operation.responses:
            # Nothing declared (the loader warned): the body as it came, for any status.
            return (ir.Response("default", primitive(Scalar.BYTES), ResponseKind.BINARY),), raw_responses
        built = []
        statuses = sorted(str(status) for status in operation.responses)
        success = [s for s in statuses if s.startswith("2")]
        for status in statuses:
            raw = (
                operation.responses[status]
                if status in operation.responses
                else operation.responses[int(status)]
            )
            at = f"{pointer}/responses/{status}"
            response, _ = self.resolver.deref(raw, at)
            raw_responses[status] = response
            content = response.content or {}
            media = preferred_media(content)
            suffix = "Response" if success[:1] == [status] else f"{naming.pascal_case(status)}Response"
            if media is None or status in ("204", "205", "304"):
                response_type: TypeRef = primitive(Scalar.NONE)
                kind = ResponseKind.EMPTY
            else:
                kind = {"json": ResponseKind.JSON, "text": ResponseKind.TEXT}.get(
                    media_kind(media), ResponseKind.BINARY
                )
                schema = content[media].media_type_schema
                if kind is ResponseKind.JSON:
                    response_type = self.converter.type_for(
                        schema, hint + suffix, f"{at}/content/{pointers.escape_token(media)}/schema"
                    )
                else:
                    response_type = primitive(Scalar.STR if kind is ResponseKind.TEXT else Scalar.BYTES)
            headers = response.headers or {}
            link_header = any(name.lower() == "link" for name in headers)
            description = literals.one_line(response.description or "")
            typed = self._headers(headers, f"{at}/headers", hint + suffix)
            built.append(ir.Response(status, response_type, kind, description, link_header, typed))
        return tuple(built), raw_responses


def _header_schema(header: v3_1.Header) -> v3_1.Schema | v3_1.Reference | None:
    """A header's schema, from `schema` or (as in 3.x) the one media type of `content`."""
    if header.param_schema is not None:
        return header.param_schema
    return next((media.media_type_schema for media in (header.content or {}).values()), None)
