"""The intermediate model: plain, frozen, sorted; every name and type decided.

Templates only lay these values out. Names here are already safe Python
identifiers; every text that came from the spec is carried either as a value
that the `literals` module converts at render time, or already converted.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Scalar(enum.Enum):
    """A type with no parts, as JSON Schema's types and formats map onto Python."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATETIME = "datetime"
    DATE = "date"
    TIME = "time"
    UUID = "uuid"
    DECIMAL = "decimal"
    BYTES = "bytes"
    FILE = "file"  # an upload: a file name, its content and media type
    ANY = "any"
    NONE = "none"


Number = int | float


@dataclass(frozen=True)
class Constraints:
    """A value's validation bounds, as JSON Schema states them; None where there is none.

    Lengths count characters of a string or items of a list.
    """

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None  # a search, as in JSON Schema
    gt: Number | None = None
    ge: Number | None = None
    lt: Number | None = None
    le: Number | None = None
    multiple_of: Number | None = None

    def __bool__(self) -> bool:
        return self != NO_CONSTRAINTS


NO_CONSTRAINTS = Constraints()


@dataclass(frozen=True)
class Primitive:
    kind: Scalar
    constraints: Constraints = NO_CONSTRAINTS  # strings and numbers only


@dataclass(frozen=True)
class ModelRef:
    name: str  # a ModelDef's name


@dataclass(frozen=True)
class EnumRef:
    name: str  # an EnumDef's name


@dataclass(frozen=True)
class AliasRef:
    """A named alias by its name: how a recursive alias refers to itself."""

    name: str


@dataclass(frozen=True)
class ListOf:
    item: TypeRef
    constraints: Constraints = NO_CONSTRAINTS  # item counts


@dataclass(frozen=True)
class DictOf:
    """An object with arbitrary keys (text) and values of one type."""

    value: TypeRef


@dataclass(frozen=True)
class UnionOf:
    """Two or more members, flattened, without repeats, None last; build with `union()`."""

    members: tuple[TypeRef, ...]


@dataclass(frozen=True)
class Tagged:
    """A union whose members are told apart by a property: named, as its alias."""

    name: str  # the alias that declares it
    discriminator: str  # the wire name of the property that tells members apart
    members: tuple[TypeRef, ...]
    tags: tuple[tuple[str, ...], ...]  # per member, the property's values that pick it


@dataclass(frozen=True)
class LiteralOf:
    """Exactly one value (a schema's `const`)."""

    value: str | int | bool


TypeRef = Primitive | ModelRef | EnumRef | AliasRef | ListOf | DictOf | UnionOf | Tagged | LiteralOf
NAMED_TYPES = (ModelRef, EnumRef, AliasRef, Tagged)


def primitive(kind: Scalar) -> Primitive:
    return Primitive(kind)


def scalar(type_ref: TypeRef) -> Scalar | None:
    """The kind of a primitive; None for every other type."""
    return type_ref.kind if isinstance(type_ref, Primitive) else None


def parts(type_ref: TypeRef) -> tuple[TypeRef, ...]:
    """The types directly inside this one."""
    if isinstance(type_ref, ListOf):
        return (type_ref.item,)
    if isinstance(type_ref, DictOf):
        return (type_ref.value,)
    if isinstance(type_ref, (UnionOf, Tagged)):
        return type_ref.members
    return ()


def walk(type_ref: TypeRef) -> list[TypeRef]:
    """This type and every type inside it."""
    found = [type_ref]
    for part in parts(type_ref):
        found.extend(walk(part))
    return found


def constraints_of(type_ref: TypeRef) -> Constraints:
    return type_ref.constraints if isinstance(type_ref, (Primitive, ListOf)) else NO_CONSTRAINTS


def is_constrained(type_ref: TypeRef) -> bool:
    return any(constraints_of(t) for t in walk(type_ref))


def is_optional(type_ref: TypeRef) -> bool:
    return scalar(type_ref) is Scalar.NONE or (
        isinstance(type_ref, UnionOf) and any(scalar(member) is Scalar.NONE for member in type_ref.members)
    )


def member_for_tag(tagged: Tagged, tag: object) -> TypeRef | None:
    """The member a value of the discriminator property picks.

    Other values pick the fallback: the member without tags.
    """
    members = list(zip(tagged.members, tagged.tags))
    chosen = next((member for member, tags in members if tag in tags), None)
    return chosen or next((member for member, tags in members if not tags), None)


def union(*members: TypeRef) -> TypeRef:
    """A flattened union without repeats; a single member is itself. A tagged union stays whole."""
    flat: list[TypeRef] = []
    for member in members:
        for part in member.members if isinstance(member, UnionOf) else (member,):
            if part not in flat:
                flat.append(part)
    if any(scalar(part) is Scalar.ANY for part in flat):
        nullable = any(scalar(part) is Scalar.NONE for part in flat)
        flat = [Primitive(Scalar.ANY), Primitive(Scalar.NONE)] if nullable else [Primitive(Scalar.ANY)]
    # None last reads naturally: `X | None`.
    flat.sort(key=lambda part: scalar(part) is Scalar.NONE)
    if len(flat) == 1:
        return flat[0]
    return UnionOf(tuple(flat))


def optional(inner: TypeRef) -> TypeRef:
    return union(inner, Primitive(Scalar.NONE))


@dataclass(frozen=True)
class Field:
    name: str  # Python attribute
    alias: str  # name on the wire
    type: TypeRef
    required: bool
    default: str | None  # Python source of the default; None when the field is required
    description: str = ""
    read_only: bool = False
    write_only: bool = False


@dataclass(frozen=True)
class ModelDef:
    name: str
    description: str
    fields: tuple[Field, ...]
    base: str | None = None
    extra_type: TypeRef | None = None  # the type of additionalProperties values, when declared
    forbid_extra: bool = False
    pointer: str = ""


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: str  # Python source of the value


@dataclass(frozen=True)
class EnumDef:
    name: str
    description: str
    base: str  # "str", "int" or "float"
    members: tuple[EnumMember, ...]
    pointer: str = ""


@dataclass(frozen=True)
class AliasDef:
    """A named schema that is not an object: a primitive, an array, a union."""

    name: str
    description: str
    target: TypeRef
    pointer: str = ""
    # Referred to by name (it is recursive) or refers to such an alias: defined lazily,
    # so it may name itself and aliases defined after it.
    lazy: bool = False


class ParamLocation(enum.Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


@dataclass(frozen=True)
class Param:
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
    name: str
    value: object  # JSON value, as sent
    literal: str  # Python source that produces it in a call
    modules: tuple[str, ...] = ()  # standard-library modules the literal uses


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
    response_literal: str  # Python source of the same


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
    pointer: str = ""
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
    pointer: str = ""
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


@dataclass(frozen=True)
class Server:
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
    warnings: tuple[str, ...] = field(default=())
    security_schemes: tuple[SecurityScheme, ...] = ()
    client_headers: tuple[ClientHeader, ...] = ()
    webhooks: tuple[Webhook, ...] = ()  # webhooks by name, then callbacks by operation

    def all_operations(self) -> list[Operation]:
        found = list(self.operations)
        for group in self.groups:
            found.extend(group.operations)
        return found
