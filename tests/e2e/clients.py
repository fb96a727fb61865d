"""Any generated client, driven from the intermediate model of its spec.

The model says which operations exist, where each one lives on the client
(`client.<group>.<name>` or `client.<name>`), which example arguments are valid
for it and what type it returns; the generated package supplies the code to call.
"""

from __future__ import annotations

import datetime
import decimal
import importlib
import json
import sys
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from generator import ir, pipeline, value_spelling
from generator.ir import Scalar

_PYTHON_TYPES: dict[Scalar, type | tuple[type, ...]] = {
    Scalar.STR: str,
    Scalar.INT: int,
    Scalar.FLOAT: (int, float),
    Scalar.BOOL: bool,
    Scalar.DATETIME: datetime.datetime,
    Scalar.DATE: datetime.date,
    Scalar.TIME: datetime.time,
    Scalar.UUID: uuid.UUID,
    Scalar.DECIMAL: decimal.Decimal,
    Scalar.BYTES: bytes,
    Scalar.NONE: type(None),
}


@dataclass(frozen=True)
class OperationCall:
    """One operation and the attribute of the client that holds it (None: the client itself)."""

    group: str | None
    operation: ir.Operation

    @property
    def label(self) -> str:
        return f"{self.group}.{self.operation.name}" if self.group else self.operation.name

    def method(self, client: Any) -> Callable[..., Any]:
        owner = getattr(client, self.group) if self.group else client
        method: Callable[..., Any] = getattr(owner, self.operation.name)
        return method


def operation_calls(api: ir.ApiModel) -> list[OperationCall]:
    calls = [OperationCall(None, operation) for operation in api.operations]
    for group in api.groups:
        calls.extend(OperationCall(group.attribute, operation) for operation in group.operations)
    return calls


@dataclass(frozen=True)
class GeneratedClient:
    """A spec, the package generated from it, and the folder that holds the package."""

    name: str
    spec: Path
    package: str
    package_dir: Path  # the distribution folder: `package_dir / package / __init__.py`
    overlays: tuple[Path, ...] = ()

    @cached_property
    def api(self) -> ir.ApiModel:
        api, _ = pipeline.load_api(self.spec, self.package, overlays=self.overlays)
        return api

    @cached_property
    def served_spec(self) -> Path:
        """The spec as the client was generated from it (overlays applied), for the mock server."""
        if not self.overlays:
            return self.spec
        folder = Path(tempfile.mkdtemp(prefix="clientgen-e2e-"))
        path = folder / (self.spec.stem + ".json")
        path.write_text(
            json.dumps(pipeline.bundled_document(self.spec, overlays=self.overlays)), encoding="utf-8"
        )
        return path

    def connect(self, base_url: str, asynchronous: bool = False) -> Any:
        """A generated client on `base_url`, with a stand-in bearer token for every security scheme.

        The mock server checks that credentials are present, not what they are; the
        token fetch itself is covered by the runtime tests against a local token server.
        """
        client_class = self.module.AsyncClient if asynchronous else self.module.Client
        api_client = client_class(base_url=base_url)
        bearer = self.module._auth.BearerAuth
        api_client.auth = {scheme.key: bearer("e2e-token") for scheme in self.api.security_schemes}
        return api_client

    @cached_property
    def module(self) -> ModuleType:
        if str(self.package_dir) not in sys.path:
            sys.path.insert(0, str(self.package_dir))
        module = importlib.import_module(self.package)
        origin = Path(module.__file__ or "").resolve().parent.parent
        if origin != self.package_dir.resolve():
            raise ImportError(f"{self.package} was imported from {origin}, not {self.package_dir}")
        return module

    @cached_property
    def namespace(self) -> dict[str, Any]:
        """The names example literals use."""
        return {
            "models": self.module.models,
            "datetime": datetime,
            "uuid": uuid,
            "decimal": decimal,
        }

    def arguments(self, operation: ir.Operation) -> dict[str, Any]:
        """The operation's example arguments as Python values."""
        return {
            argument.name: eval(
                value_spelling.argument_source(argument), dict(self.namespace)
            )  # our own generator's output
            for argument in operation.example.arguments
        }

    def conforms(self, value: Any, type_ref: ir.TypeRef) -> bool:
        """Whether `value` is an instance of the type (models must be model objects, not dicts)."""
        if isinstance(type_ref, (ir.ModelRef, ir.EnumRef)):
            return isinstance(value, getattr(self.module.models, type_ref.name))
        if isinstance(type_ref, ir.ListOf):
            return isinstance(value, list) and all(self.conforms(item, type_ref.item) for item in value)
        if isinstance(type_ref, ir.DictOf):
            return isinstance(value, dict) and all(
                self.conforms(item, type_ref.value) for item in value.values()
            )
        if isinstance(type_ref, (ir.UnionOf, ir.Tagged)):
            return any(self.conforms(value, member) for member in type_ref.members)
        if isinstance(type_ref, ir.LiteralOf):
            return type(value) is type(type_ref.value) and value == type_ref.value
        if not isinstance(type_ref, ir.Primitive) or type_ref.kind is Scalar.ANY:
            return True
        kind = type_ref.kind
        if isinstance(value, bool) and kind is not Scalar.BOOL:
            return False  # bool is an int subclass, but never a valid int or float here
        return isinstance(value, _PYTHON_TYPES[kind])

    def prepared_request(self, operation: ir.Operation) -> Any:
        """The example call as an unsent `APIRequest`, from the generated `operations` module."""
        build: Callable[..., Any] = getattr(self.module.operations, operation.name)
        return build(**self.arguments(operation))


def call_sync(client: GeneratedClient, call: OperationCall, base_url: str) -> Any:
    with client.connect(base_url) as api_client:
        return call.method(api_client)(**client.arguments(call.operation))


async def call_async(client: GeneratedClient, call: OperationCall, base_url: str) -> Any:
    async with client.connect(base_url, asynchronous=True) as api_client:
        pending: Awaitable[Any] = call.method(api_client)(**client.arguments(call.operation))
        return await pending
