"""Webhooks and callbacks: requests the API sends to its users' servers.

Each webhook (top-level `webhooks`, OpenAPI 3.1) and each operation's callback
(a map of runtime expressions to path items) with a JSON request body becomes
an `ir.Webhook`. Its body and responses are converted like an operation's, so
their inline schemas become models; the generated `webhooks` module parses the
body, and no client method sends it. What cannot be expressed is skipped with a
warning naming it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator import ir, literals, naming, pointers
from generator.diagnostics import Diagnostics, SpecError
from generator.media import media_kind, preferred_media
from generator.openapi_models import v3_1
from generator.operations import OperationBuilder, methods_of
from generator.resolver import Resolver


@dataclass(frozen=True)
class _Origin:
    """Where a path item of incoming requests comes from, and the words its names are made of."""

    kind: str  # "webhook" or "callback"
    key: str
    words: tuple[str, ...]
    expression: str = ""
    owner: str = ""

    def label(self, method: str = "") -> str:
        """How a warning names it.

        `webhook 'newPet' POST`, `callback 'onData' of POST /streams, POST '{$url}'`.
        """
        verb = method.upper()
        if self.kind == "webhook":
            return f"webhook {self.key!r} {verb}".rstrip()
        return f"callback {self.key!r} of {self.owner}, {verb} {self.expression!r}".replace(",  ", ", ")


class WebhookBuilder:
    def __init__(self, resolver: Resolver, operations: OperationBuilder, diagnostics: Diagnostics):
        self.resolver = resolver
        self.operations = operations
        self.diagnostics = diagnostics
        self.names = naming.NameScope(naming.METHOD_RESERVED)

    def build_all(self, operations: list[ir.Operation]) -> tuple[ir.Webhook, ...]:
        """Webhooks by name, then the callbacks of `operations` by operation, name and expression."""
        found: list[ir.Webhook] = []
        document = self.resolver.document
        webhooks = document.webhooks or {}
        for key in sorted(webhooks):
            origin = _Origin("webhook", key, (key,))
            found += self._path_item(webhooks[key], pointers.join("webhooks", key), origin)
        for operation in sorted(operations, key=lambda op: (op.name, op.pointer)):
            found += self._callbacks(operation)
        return tuple(found)

    def _callbacks(self, operation: ir.Operation) -> list[ir.Webhook]:
        found: list[ir.Webhook] = []
        callbacks = self.operations.callbacks.get(operation.pointer, {})
        for key in sorted(callbacks):
            at = pointers.append(operation.pointer, "callbacks", key)
            owner = f"{operation.method} {operation.path}"
            try:
                callback, ref = self.resolver.deref(callbacks[key], at)
            except SpecError as exc:
                self._skip(f"callback {key!r} of {owner}", exc, at)
                continue
            base = ref[1:] if ref else at
            for expression in sorted(callback if isinstance(callback, dict) else {}):
                origin = _Origin("callback", key, (operation.name, key), expression, owner)
                found += self._path_item(callback[expression], pointers.append(base, expression), origin)
        return found

    def _path_item(self, node: Any, pointer: str, origin: _Origin) -> list[ir.Webhook]:
        try:
            item, ref = self._deref_path_item(node, pointer)
        except SpecError as exc:
            self._skip(origin.label(), exc, pointer)
            return []
        base = ref[1:] if ref else pointer
        # A path item, or (a `$ref` to something else) nothing to read.
        methods = methods_of(item) if isinstance(item, v3_1.PathItem) else []
        found = []
        for method, operation in methods:
            words = origin.words + ((method,) if len(methods) > 1 else ())
            at = pointers.append(base, method)
            try:
                built = self._webhook(operation, method, at, origin, words)
            except SpecError as exc:
                self._skip(origin.label(method), exc, at)
                continue
            if built is not None:
                found.append(built)
        return found

    def _deref_path_item(self, node: Any, pointer: str) -> tuple[Any, str]:
        """A path item and the last `$ref` followed to it; openapi-pydantic reads a path item's
        `$ref` (`#/components/pathItems/...`) as a field of the path item, not as a reference."""
        item, ref = self.resolver.deref(node, pointer)
        seen: set[str] = set()
        while isinstance(item, v3_1.PathItem) and item.ref is not None:
            if item.ref in seen:
                raise SpecError(
                    f"$ref {item.ref!r} refers back to itself", self.resolver.source.location(pointer)
                )
            seen.add(item.ref)
            ref = item.ref
            item, _ = self.resolver.deref(self.resolver.lookup(item.ref, pointer), pointer)
        return item, ref

    def _webhook(
        self, operation: Any, method: str, pointer: str, origin: _Origin, words: tuple[str, ...]
    ) -> ir.Webhook | None:
        label = origin.label(method)
        location = self.resolver.source.location(pointer)
        if operation.callbacks:
            self.diagnostics.warn(f"{label}: callbacks of a {origin.kind} are not generated", location)
        media = None
        if operation.requestBody is not None:
            body, _ = self.resolver.deref(operation.requestBody, pointer + "/requestBody")
            media = preferred_media(body.content or {})
        if media is None or media_kind(media) != "json":
            what = "no request body" if media is None else f"a {media!r} body, not JSON"
            self.diagnostics.warn(f"{label} has {what}; no parse function generated", location)
            return None
        hint = naming.pascal_case(" ".join(words)) + origin.kind.title()
        body_type = self.operations.request_body(operation, pointer, hint)
        assert body_type is not None  # a JSON media type was found above
        example = self.operations.samples.value(body.content[media].media_type_schema, sending=True)
        return ir.Webhook(
            name=self.names.claim(naming.method_name("parse " + " ".join(words)), "_"),
            kind=origin.kind,
            key=origin.key,
            method=method.upper(),
            body=body_type,
            responses=self.operations.response_reader.read(operation, pointer, hint)[0],
            summary=literals.one_line(operation.summary or ""),
            description=operation.description or "",
            expression=origin.expression,
            owner=origin.owner,
            pointer=pointer,
            example_json=json.dumps(example, sort_keys=True, ensure_ascii=True),
        )

    def _skip(self, label: str, exc: SpecError, pointer: str) -> None:
        reasons = "; ".join(d.message for d in exc.diagnostics.errors) or str(exc)
        self.diagnostics.warn(f"{label} skipped: {reasons}", self.resolver.source.location(pointer))
