"""The intermediate model: plain, frozen, sorted; every name and type decided.

Templates only lay these values out. Names here are already safe Python
identifiers; every text that came from the spec is carried either as a value
that the `literals` module converts at render time, or already converted.
Values are values (a default is the JSON value, not its Python source), and
every node is frozen and hashable; `ir_json` writes and reads the whole model.
A node's `pointer` is where the spec declares it: plain data, for messages
(file and line in diff and check annotations), as the node's identity, and for
the build to tell which named type declares another inside it (`enclosing`); no
stage reads the document again through it.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any, TypeAlias

from generator.ir_types import (
    NAMED_TYPES,
    NO_CONSTRAINTS,
    AliasRef,
    Constraints,
    DictOf,
    EnumRef,
    ListOf,
    LiteralOf,
    ModelRef,
    Number,
    Primitive,
    Scalar,
    Tagged,
    TypeRef,
    UnionOf,
    constraints_of,
    is_constrained,
    is_optional,
    member_for_tag,
    member_for_value,
    names_in,
    optional,
    parse_temporal,
    parts,
    primitive,
    scalar,
    union,
    walk,
)

# The types are part of the model: `ir.ModelRef` as much as `ir.Operation`.
__all__ = [
    "NAMED_TYPES",
    "NO_CONSTRAINTS",
    "AliasDef",
    "AliasRef",
    "ApiModel",
    "AuthKind",
    "Body",
    "BodyKind",
    "ClientHeader",
    "Constraints",
    "DictOf",
    "EnumDef",
    "EnumMember",
    "EnumRef",
    "ExampleArgument",
    "Field",
    "Group",
    "JsonObject",
    "ListOf",
    "LiteralOf",
    "MemberOf",
    "ModelDef",
    "ModelRef",
    "Number",
    "Operation",
    "OperationExample",
    "Pagination",
    "Param",
    "ParamLocation",
    "Primitive",
    "Response",
    "ResponseKind",
    "Scalar",
    "SecurityScheme",
    "Server",
    "StreamFormat",
    "StreamVariant",
    "Tagged",
    "TypeRef",
    "UnionOf",
    "Value",
    "Webhook",
    "constraints_of",
    "freeze",
    "is_constrained",
    "is_optional",
    "member_for_tag",
    "member_for_value",
    "names_in",
    "optional",
    "parse_temporal",
    "parts",
    "primitive",
    "scalar",
    "thaw",
    "union",
    "walk",
]


@dataclass(frozen=True)
class JsonObject:
    """A JSON object, frozen: its members in document order."""

    members: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class MemberOf:
    """A listed member of an enum, as a default names it."""

    enum: str  # the EnumDef's name
    member: str  # the EnumMember's name


# A JSON value, frozen (arrays as tuples, objects as JsonObject); a default may name an enum member.
Value: TypeAlias = "None | bool | int | float | str | tuple[Value, ...] | JsonObject | MemberOf"


def freeze(value: Any) -> Value:
    """A JSON value (as json.loads or a YAML loader gives it) as an immutable, hashable Value."""
    if isinstance(value, dict):
        return JsonObject(tuple((str(key), freeze(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)  # anything else a YAML loader produced (a date) travels as its text


def thaw(value: Value) -> Any:
    """The plain JSON value again: lists and dicts (an enum member stays a MemberOf)."""
    if isinstance(value, JsonObject):
        return {key: thaw(item) for key, item in value.members}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


@dataclass(frozen=True)
class Field:
    """A model's field."""

    name: str  # Python attribute
    alias: str  # name on the wire
    type: TypeRef
    required: bool
    default: Value = None  # the value an omitted optional field takes; a required field has none
    description: str = ""
    read_only: bool = False
    write_only: bool = False


@dataclass(frozen=True)
class ModelDef:
    """An object schema: a pydantic model."""

    name: str
    description: str
    fields: tuple[Field, ...]
    base: str | None = None
    extra_type: TypeRef | None = None  # the type of additionalProperties values, when declared
    forbid_extra: bool = False
    pointer: str = ""  # where the spec declares it (see above)
    # The named type whose schema declares this one inline (a property's object, an array's items),
    # "" for a schema of its own: the models package keeps the two in one module.
    enclosing: str = ""

    @functools.cached_property
    def field_types(self) -> tuple[TypeRef, ...]:
        """Its fields' types, and that of its extra values when declared."""
        return tuple(f.type for f in self.fields) + ((self.extra_type,) if self.extra_type else ())

    @functools.cached_property
    def named_in_fields(self) -> frozenset[str]:
        """The named types its field types refer to, at any depth: what its declaration needs (asked
        by the build's ordering, the models' modules and the surface, so found once)."""
        return names_in(*self.field_types)


@dataclass(frozen=True)
class EnumMember:
    """One value of an enum, with its Python name."""

    name: str
    value: str | int


@dataclass(frozen=True)
class EnumDef:
    """A schema of a fixed set of values: an enum."""

    name: str
    description: str
    base: str  # "str", "int" or "float"
    members: tuple[EnumMember, ...]
    pointer: str = ""  # where the spec declares it (see above)
    # The named type whose schema declares this one inline (a property's object, an array's items),
    # "" for a schema of its own: the models package keeps the two in one module.
    enclosing: str = ""


@dataclass(frozen=True)
class AliasDef:
    """A named schema that is not an object: a primitive, an array, a union."""

    name: str
    description: str
    target: TypeRef
    pointer: str = ""  # where the spec declares it (see above)
    # Referred to by name (it is recursive) or refers to such an alias: defined lazily,
    # so it may name itself and aliases defined after it.
    lazy: bool = False
    # The named type whose schema declares this one inline (a property's object, an array's items),
    # "" for a schema of its own: the models package keeps the two in one module.
    enclosing: str = ""


class ParamLocation(enum.Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


@dataclass(frozen=True)
class Param:
    """An operation's parameter in the path, query, headers or cookies."""

    name: str  # Python keyword argument
    wire_name: str
    location: ParamLocation
    type: TypeRef
    required: bool
    description: str = ""
    style: str = ""
    explode: bool = True


class BodyKind(enum.Enum):
    JSON = "json"
    FORM = "form"
    MULTIPART = "multipart"
    BINARY = "binary"
    TEXT = "text"


@dataclass(frozen=True)
class Body:
    """An operation's request body."""

    type: TypeRef
    media_type: str
    kind: BodyKind
    required: bool
    description: str = ""


class ResponseKind(enum.Enum):
    JSON = "json"
    TEXT = "text"
    BINARY = "binary"
    EMPTY = "empty"


@dataclass(frozen=True)
class Response:
    """One of an operation's responses, by status."""

    status: str  # "200", "2XX" or "default"
    type: TypeRef
    kind: ResponseKind
    description: str = ""
    link_header: bool = False  # declares a `Link` header: the next page's URL, for pagination
    headers: tuple[tuple[str, TypeRef], ...] = ()  # (wire name, type) of the headers it declares


class StreamFormat(enum.Enum):
    """How a streamed body is cut into items (the runtime's `StreamSpec.format`)."""

    SSE = "sse"  # text/event-stream: each event's data
    JSON_LINES = "jsonl"  # application/jsonl, application/x-ndjson
    JSON_SEQ = "json-seq"  # application/json-seq (RFC 7464)
    BYTES = "bytes"  # a file, read in chunks


@dataclass(frozen=True)
class StreamVariant:
    """How a streaming method reads its response: items as they arrive, or a file in chunks."""

    format: StreamFormat
    media_type: str  # what the method asks for in Accept
    item_type: TypeRef  # each item's type; NONE for untyped events (a ServerSentEvent each)
    # A boolean request-body property the API needs set to stream (OpenAI's `stream`), by wire name.
    body_flag: str = ""
    # SSE: the data's type per event name, where the spec tells them apart (3.2 `itemSchema`).
    event_types: tuple[tuple[str, TypeRef], ...] = ()


@dataclass(frozen=True)
class ExampleArgument:
    """An argument of an operation's example call."""

    name: str  # the keyword argument
    type: TypeRef  # the argument's declared type, which says how the value is written in a call
    value: Value  # the JSON value sent


@dataclass(frozen=True)
class OperationExample:
    """A call that is valid for the spec, and what should go on the wire for it."""

    arguments: tuple[ExampleArgument, ...]
    path: str  # the path after the base URL, percent-encoded
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body_json: str  # JSON text of the request body; "" when none is sent as JSON
    response_status: int
    response_json: str  # JSON text of a response the client must parse; "" when empty


@dataclass(frozen=True)
class Pagination:
    """How an operation pages, for its `iter_<name>` method."""

    kind: str  # "page", "offset", "cursor" or "link"
    items_field: str  # attribute of the page model holding the items; "" when the body is the list
    item_type: TypeRef
    position_param: str = ""  # the keyword argument that moves through pages
    size_param: str = ""  # the keyword argument for the page size, when there is one
    cursor_field: str = ""  # cursor: the page model's attribute holding the next cursor
    total_field: str = ""  # the page model's attribute holding the total number of items, when it has one


@dataclass(frozen=True)
class Operation:
    """One HTTP operation: a client method."""

    name: str  # Python method name
    operation_id: str
    method: str  # upper case
    path: str  # template as in the spec, less any `?query` or `#fragment` it carries
    summary: str
    description: str
    deprecated: bool
    params: tuple[Param, ...]
    body: Body | None
    responses: tuple[Response, ...]
    return_type: TypeRef
    example: OperationExample
    pointer: str = ""  # where the spec declares it (see above)
    # Query pairs written into the spec's path (`/responses?beta=true`), always sent.
    fixed_query: tuple[tuple[str, str], ...] = ()
    # Alternatives of security scheme keys (any one alternative suffices); () for none.
    security: tuple[tuple[str, ...], ...] = ()
    pagination: Pagination | None = None
    # The Accept header, when the operation's success bodies are not JSON.
    accept: str = ""
    # A method that streams: it returns items (or a file) as they arrive, not a parsed body.
    stream: StreamVariant | None = None
    # For `<name>_stream`, the method it streams; it is named after that one once names are final.
    streams: str = ""

    @property
    def path_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location is ParamLocation.PATH)

    def params_in(self, location: ParamLocation) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location is location)


@dataclass(frozen=True)
class Webhook:
    """A request the API sends to its users' servers: a webhook, or an operation's callback.

    No client method sends it; the generated `webhooks` module parses its body.
    """

    name: str  # the parse function's name
    kind: str  # "webhook" or "callback"
    key: str  # the webhook's name, or the callback's name
    method: str  # upper case
    body: Body  # always JSON
    responses: tuple[Response, ...]
    summary: str
    description: str
    # Callback: the runtime expression of the URL it is sent to, and the operation it belongs to.
    expression: str = ""
    owner: str = ""  # "POST /streams"
    pointer: str = ""  # where the spec declares it (see above)
    example_json: str = ""  # JSON text of a body that fits, for the generated tests


@dataclass(frozen=True)
class Group:
    """Operations sharing a tag, reached as `client.<attribute>`."""

    attribute: str
    class_name: str
    description: str
    operations: tuple[Operation, ...]
    # Groups whose 3.2 tag names this one as `parent`, reached as `client.<this>.<child>` too:
    # (attribute, class).
    children: tuple[tuple[str, str], ...] = ()
    tag: str = ""  # the tag as the spec names it


@dataclass(frozen=True)
class Server:
    """A server the client may send requests to."""

    url: str  # server variables already replaced by their defaults
    description: str
    environment: str = ""  # the name callers pick it by: Client(environment="sandbox")


class AuthKind(enum.Enum):
    OAUTH2_CLIENT_CREDENTIALS = "oauth2_client_credentials"
    BEARER = "bearer"
    BASIC = "basic"
    API_KEY = "api_key"


@dataclass(frozen=True)
class SecurityScheme:
    """A scheme from components/securitySchemes, with the constructor arguments that configure it."""

    key: str  # its name in the spec
    kind: AuthKind
    arguments: tuple[str, ...]  # client constructor keywords, in the order the runtime class takes them
    env_vars: tuple[str, ...]  # the environment variable read for each argument left out
    description: str = ""
    location: str = ""  # API key: "header", "query" or "cookie"
    parameter: str = ""  # API key: the header, query or cookie name
    token_url: str = ""  # OAuth 2.0 client credentials
    scopes: tuple[str, ...] = ()
    # OAuth 2.0 client credentials: the keyword (and environment variable) overriding token_url.
    token_url_argument: str = ""
    token_url_env_var: str = ""

    @property
    def all_arguments(self) -> tuple[tuple[str, str], ...]:
        """(keyword, environment variable) of every argument, the optional token URL last."""
        pairs = tuple(zip(self.arguments, self.env_vars))
        return (
            pairs + ((self.token_url_argument, self.token_url_env_var),) if self.token_url_argument else pairs
        )


@dataclass(frozen=True)
class ClientHeader:
    """A header every operation takes: settable once on the client, overridable per call."""

    argument: str  # client constructor keyword (also the operations' keyword)
    wire_name: str
    description: str = ""
    generated: bool = False  # a correlation ID: a fresh one per call when none is given


@dataclass(frozen=True)
class ApiModel:
    """The whole API, as the views read it."""

    title: str
    version: str
    description: str
    package: str
    distribution: str
    spec_name: str
    servers: tuple[Server, ...]
    models: tuple[ModelDef, ...]  # bases before subclasses, otherwise by name
    enums: tuple[EnumDef, ...]
    aliases: tuple[AliasDef, ...]
    groups: tuple[Group, ...]
    operations: tuple[Operation, ...]  # untagged: methods of the client itself
    security_schemes: tuple[SecurityScheme, ...] = ()
    client_headers: tuple[ClientHeader, ...] = ()
    webhooks: tuple[Webhook, ...] = ()  # webhooks by name, then callbacks by operation

    def all_operations(self) -> list[Operation]:
        found = list(self.operations)
        for group in self.groups:
            found.extend(group.operations)
        return found
