"""The child side of `compare.py`: one measurement of a generated client, in a fresh process.

    python compare_probe.py import PACKAGE
    python compare_probe.py first-call clientgen|peer PACKAGE RESOURCE OPERATION EXAMPLES_JSON
    python compare_probe.py parse PACKAGE RESOURCE OPERATION EXAMPLES_JSON

Runs in the clients' virtual environment with the generated package's folder on
PYTHONPATH; imports nothing of clientgen's, only the generated package (by its
name), httpx and pydantic. Prints one JSON object. Everything it looks up in the
generated code is looked up by name at run time, with a fallback, and the JSON says
which path it took: the layout of the generated packages is changing.

- `import`: seconds of `import PACKAGE`.
- `first-call`: import, construct the client with an in-memory httpx transport,
  touch one resource (clientgen) or import one endpoint module (the peer), and call
  one operation, whose response is the operation's example from clientgen's
  generated `tests/examples.json`, parsed into the declared type.
- `parse`: the runtime's response path (`APIResponse.parse`, else the runtime's
  cached `_adapter(T).validate_json`) against pydantic's own
  `TypeAdapter(T).validate_json` on the same bytes, for one object and a page of 30.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import pkgutil
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

BASE_URL = "http://bench.invalid"
ROUNDS = 25  # alternating timing batches per parse measurement
Call = tuple[Any, tuple[str, str, str]]  # the result; how it was called, the resource, the operation


def main(argv: list[str]) -> dict[str, Any]:
    mode, rest = argv[0], argv[1:]
    if mode == "import":
        started = time.perf_counter()
        importlib.import_module(rest[0])
        return {"seconds": time.perf_counter() - started}
    if mode == "first-call":
        tool, package, resource, operation, examples = rest
        started = time.perf_counter()
        call = first_call_clientgen if tool == "clientgen" else first_call_peer
        result, (path, resource, operation) = call(package, resource, operation, Examples(Path(examples)))
        seconds = time.perf_counter() - started
        return {
            "seconds": seconds,
            "path": path,
            "resource": resource,
            "operation": operation,
            "result": type(result).__name__,
        }
    if mode == "parse":
        package, resource, operation, examples = rest
        return compare_parse(package, resource, operation, Examples(Path(examples)))
    raise SystemExit(f"unknown mode {mode!r}")


def normalized(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


class Examples:
    """clientgen's generated example responses, by operation, and a transport answering with one."""

    def __init__(self, path: Path) -> None:
        try:
            found = json.loads(path.read_text()) if path.name else {}
        except (OSError, ValueError):
            found = {}
        self.responses = {
            key: json.dumps(entry["response"]).encode()
            for key, entry in found.items()
            if isinstance(entry, dict) and "response" in entry
        }
        self.answer = b"{}"

    def body(self, resource: str, operation: str) -> bytes | None:
        for key in (operation, f"{resource}_{operation}"):
            if key in self.responses:
                return self.responses[key]
        return None

    def choose(self, resource: str, operation: str) -> None:
        """The body every later request is answered with: the operation's example, else `{}`."""
        self.answer = self.body(resource, operation) or b"{}"

    def transport(self) -> Any:
        import httpx

        def answer(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, content=self.answer, headers={"content-type": "application/json"})

        return httpx.MockTransport(answer)


def filled_arguments(function: Callable[..., Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A value for each required parameter, chosen by its annotation: 1 for an int, else "x"."""
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name in skip or parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        annotation = parameter.annotation
        text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", str(annotation))
        arguments[name] = 1 if re.fullmatch(r"int( \| None)?", text) else "x"
    return arguments


def call_or_error(function: Callable[..., Any], arguments: dict[str, Any], **more: Any) -> Any:
    """The call's result; an error it raises (say, the example does not fit) counts as its result,
    the work up to it having been done."""
    try:
        return function(**arguments, **more)
    except Exception as exc:  # noqa: BLE001 - reported by its type, the timing kept
        return exc


def clientgen_client(package: str, examples: Examples) -> tuple[Any, str]:
    """The package's `Client` on an in-memory transport."""
    module = importlib.import_module(package)
    try:
        return module.Client(base_url=BASE_URL, transport=examples.transport()), "Client(transport=mock)"
    except TypeError:
        import httpx

        http_client = httpx.Client(transport=examples.transport())
        return module.Client(base_url=BASE_URL, http_client=http_client), "Client(http_client=mock)"


def resource_of(client: Any, name: str) -> tuple[Any, str]:
    """The named resource, else the first public attribute that looks like one, else the client."""
    if name and hasattr(client, name):
        return getattr(client, name), name
    for attribute in dir(client):
        if attribute.startswith("_"):
            continue
        value = getattr(client, attribute)
        if type(value).__name__.endswith("Resource") or hasattr(value, "_client"):
            return value, attribute
    return client, ""  # an API without tags: its operations are the client's own methods


def operation_of(
    resource: Any, resource_name: str, name: str, examples: Examples
) -> tuple[Callable[..., Any], str]:
    """The named operation (with or without the resource's prefix), else the resource's first
    GET-like operation with an example response, else its first."""
    for candidate in (name, name.removeprefix(f"{resource_name}_")):
        if candidate and callable(getattr(resource, candidate, None)):
            return getattr(resource, candidate), candidate
    operations = [
        attribute
        for attribute in dir(resource)
        if not attribute.startswith(("_", "iter_", "with_")) and callable(getattr(resource, attribute))
    ]
    if not operations:
        raise LookupError("the resource has no operation")
    with_example = [attribute for attribute in operations if examples.body(resource_name, attribute)]
    reading = [attribute for attribute in with_example if re.match(r"(get|list|find|retrieve)_", attribute)]
    chosen = (reading or with_example or operations)[0]
    return getattr(resource, chosen), chosen


def first_call_clientgen(package: str, resource: str, operation: str, examples: Examples) -> Call:
    client, how = clientgen_client(package, examples)
    chosen, resource_name = resource_of(client, resource)
    method, method_name = operation_of(chosen, resource_name, operation, examples)
    examples.choose(resource_name, method_name)
    result = call_or_error(method, filled_arguments(method))
    where = f"{how}.{resource_name}" if resource_name else how
    return result, (f"{where}.{method_name}()", resource_name, method_name)


def first_call_peer(package: str, resource: str, operation: str, examples: Examples) -> Call:
    """openapi-python-client's layout: PACKAGE.api.TAG.OPERATION module with a `sync` function."""
    examples.choose(resource, operation)
    client_module = importlib.import_module(f"{package}.client")
    client = client_module.Client(base_url=BASE_URL, httpx_args={"transport": examples.transport()})
    module = peer_endpoint(package, resource, operation)
    result = call_or_error(module.sync, filled_arguments(module.sync, skip=("client",)), client=client)
    return result, (f"{module.__name__}.sync()", resource, operation)


def peer_endpoint(package: str, resource: str, operation: str) -> ModuleType:
    api = importlib.import_module(f"{package}.api")
    tags = [info.name for info in pkgutil.iter_modules(api.__path__)]
    ordered = [tag for tag in tags if normalized(tag) == normalized(resource)] + tags
    for tag in ordered:
        folder = importlib.import_module(f"{package}.api.{tag}")
        for info in pkgutil.iter_modules(folder.__path__):
            if normalized(info.name) in (normalized(operation), normalized(f"{resource}_{operation}")):
                return importlib.import_module(f"{package}.api.{tag}.{info.name}")
    raise LookupError(f"no endpoint module for {operation!r}")


def compare_parse(package: str, resource: str, operation: str, examples: Examples) -> dict[str, Any]:
    """The runtime's parsing against pydantic's, on the operation's example: one item, and 30."""
    import pydantic

    client, _ = clientgen_client(package, examples)
    chosen, resource_name = resource_of(client, resource)
    method, method_name = operation_of(chosen, resource_name, operation, examples)
    body = examples.body(resource_name, method_name)
    if body is None:
        raise LookupError(f"no example response for {resource_name}.{method_name}")
    examples.choose(resource_name, method_name)
    parsed = method(**filled_arguments(method))
    item = parsed[0] if isinstance(parsed, list) and parsed else parsed
    single_type: Any = type(item)
    single_body = json.dumps(json.loads(body)[0] if isinstance(parsed, list) else json.loads(body)).encode()
    page_body = b"[" + b",".join([single_body] * 30) + b"]"
    runtime, path = runtime_parser(package)
    report: dict[str, Any] = {"type": single_type.__name__, "path": path}
    for label, declared, data in (
        ("one", single_type, single_body),
        ("page of 30", list[single_type], page_body),
    ):
        adapter = pydantic.TypeAdapter(declared)
        runtime_seconds, pydantic_seconds = alternate_timings(
            runtime(declared, data), functools.partial(adapter.validate_json, data)
        )
        report[label] = {"bytes": len(data), "runtime_s": runtime_seconds, "pydantic_s": pydantic_seconds}
    return report


def runtime_parser(package: str) -> tuple[Callable[[Any, bytes], Callable[[], Any]], str]:
    """How the generated runtime turns a response body into its declared type, as found.

    Returns a factory: given the declared type and the body, the call to time. Where
    the runtime wraps the body in a response object, that object is made once, as
    httpx makes it once per response, and only the parsing is timed.
    """
    import httpx

    module = importlib.import_module(package)
    response_class, request_class = getattr(module, "APIResponse", None), getattr(module, "APIRequest", None)
    if response_class is not None and request_class is not None:

        def through_response(declared: Any, data: bytes) -> Callable[[], Any]:
            request = request_class(method="GET", path="/", response_types={"200": declared})
            return response_class(httpx.Response(200, content=data), request).parse  # type: ignore[no-any-return]

        try:
            through_response(dict, b"{}")()
            return through_response, "APIResponse(httpx.Response, APIRequest).parse()"
        except Exception as exc:  # noqa: BLE001 - the runtime changed shape: try the next path
            skipped = f"APIResponse.parse() failed ({type(exc).__name__}); "
    else:
        skipped = "no APIResponse/APIRequest in the package; "
    for name, loaded in sorted(sys.modules.items()):
        factory = getattr(loaded, "_adapter", None) if name.startswith(f"{package}.") else None
        if callable(factory):
            return functools.partial(
                _cached_adapter_call, factory
            ), f"{skipped}{name}._adapter(T).validate_json"
    import pydantic

    return (
        lambda declared, data: lambda: pydantic.TypeAdapter(declared).validate_json(data),
        f"FALLBACK: {skipped}no runtime adapter cache found, a fresh pydantic.TypeAdapter per call",
    )


def _cached_adapter_call(factory: Callable[[Any], Any], declared: Any, data: bytes) -> Callable[[], Any]:
    return lambda: factory(declared).validate_json(data)


def alternate_timings(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[float, float]:
    """Seconds per call of each: the best of `ROUNDS` alternating batches of about 50 ms each.

    On a shared machine the best batch is the one least disturbed; many short rounds give both
    functions the same chances of a quiet one.
    """
    first(), second()  # warm caches (the runtime's adapter cache included)
    started = time.perf_counter()
    first()
    batch = max(1, int(0.05 / max(time.perf_counter() - started, 1e-7)))
    best = [float("inf"), float("inf")]
    for round_index in range(ROUNDS):
        order = (0, 1) if round_index % 2 == 0 else (1, 0)
        for index in order:
            function = (first, second)[index]
            started = time.perf_counter()
            for _ in range(batch):
                function()
            best[index] = min(best[index], (time.perf_counter() - started) / batch)
    return best[0], best[1]


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
