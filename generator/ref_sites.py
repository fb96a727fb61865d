"""Where in a document `$ref`s are, and what the value they name is."""

from __future__ import annotations

# Keys whose values are data, never to be searched for `$ref`s ...
LITERAL_KEYS = frozenset({"example", "default", "enum", "const"})
# ... except as names in a map of named things (a response called "default").
NAMED_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "responses",
        "$defs",
        "definitions",
        "schemas",
        "headers",
        "examples",
        "links",
        "callbacks",
        "content",
        "encoding",
        "variables",
        "webhooks",
        "dependentSchemas",
    }
)
# Maps of names to text, where a key "$ref" is a name (an OAuth scope called "$ref"), never a reference.
NAMED_TEXTS = frozenset({"scopes", "mapping"})
# Where a referenced value is a schema, by the key that holds it ...
SCHEMA_SLOTS = frozenset(
    {
        "schema",
        "items",
        "additionalProperties",
        "not",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "if",
        "then",
        "else",
        "contentSchema",
    }
)
# ... or by the key of the map or list it sits in.
SCHEMA_CONTAINERS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "allOf",
        "oneOf",
        "anyOf",
        "prefixItems",
    }
)
