"""JSON Schema 2020-12 identifiers (OpenAPI 3.1): `$id`, `$anchor`, `$dynamicAnchor`, `$dynamicRef`.

Every `$ref` that names a schema by one of those is rewritten into a plain JSON
pointer of the document, so the later stages follow only pointers:

- `$ref: '#item'` names the schema whose `$anchor` (or `$dynamicAnchor`) is `item`
  within the same schema resource;
- a schema with `$id` starts a resource: a `$ref` to that URI (resolved against
  the enclosing `$id`s, as a relative URI is) names it, and a `$ref: '#/...'`
  inside it is a pointer from the resource, not from the document;
- `$dynamicRef` is resolved statically, to the `$dynamicAnchor` of that name in
  the same resource, else to the only one of that name in the document (with a
  warning: which schema is meant can depend on where evaluation started).

A `$ref` none of these explain is left as it was, for the bundler or the
resolver to report.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from generator import pointers, ref_sites

# The document itself, as a base URI a relative `$id` resolves against.
_DOCUMENT = "https://document.invalid/"
# Starting with the literal `$`, not an optional quote, lets the regex engine skip ahead: 10 ms,
# not 200, over GitHub's 10 MB (whether it matches is the same).
_KEYWORDS = re.compile(r"""\$(?:id|anchor|dynamicAnchor|dynamicRef)["']?\s*:""")


def used_in(text: str) -> bool:
    """Whether a document's text uses any identifier keyword at all (most do not; they skip the walk)."""
    return bool(_KEYWORDS.search(text))


@dataclass
class Identifiers:
    """Where each schema resource and anchor of one document is, as JSON pointers."""

    resources: dict[str, str] = field(default_factory=lambda: {_DOCUMENT: ""})  # absolute URI -> pointer
    anchors: dict[tuple[str, str], str] = field(default_factory=dict)  # (resource URI, name) -> pointer
    dynamic: dict[str, list[str]] = field(default_factory=dict)  # $dynamicAnchor name -> pointers
    document: Any = None

    def anchor(self, name: str) -> str | None:
        """The pointer of a plain-name fragment (`other.yaml#item`) of the document's own resource."""
        return self.anchors.get((_DOCUMENT, name))


def localize(document: Any) -> tuple[Identifiers, list[tuple[str, str]]]:
    """Rewrite `document`'s identifier-based references in place; (index, warnings as (message, pointer))."""
    index = Identifiers(document=document)
    _collect(document, [], _DOCUMENT, index)
    warnings: list[tuple[str, str]] = []
    _rewrite(document, [], _DOCUMENT, index, warnings)
    return index, warnings


def _children(node: Any, site: list[str]) -> list[tuple[str, Any]]:
    if isinstance(node, list):
        return [(str(i), value) for i, value in enumerate(node)]
    if not isinstance(node, dict):
        return []
    named_map = bool(site) and site[-1] in ref_sites.NAMED_MAPS
    return [(str(k), v) for k, v in node.items() if named_map or k not in ref_sites.LITERAL_KEYS]


def _base_of(node: Any, base: str) -> str:
    own = node.get("$id") if isinstance(node, dict) else None
    if not isinstance(own, str):
        return base
    return urllib.parse.urldefrag(urllib.parse.urljoin(base, own))[0]


def _collect(node: Any, site: list[str], base: str, index: Identifiers) -> None:
    base = _base_of(node, base)
    if isinstance(node, dict):
        pointer = pointers.join(*site)
        own = node.get("$id")
        if isinstance(own, str):
            if own.partition("#")[0]:
                index.resources.setdefault(base, pointer)
            fragment = own.partition("#")[2]
            if fragment and not fragment.startswith("/"):  # draft-07's anchor: `$id: '#name'`
                index.anchors.setdefault((base, fragment), pointer)
        for key in ("$anchor", "$dynamicAnchor"):
            if isinstance(node.get(key), str):
                index.anchors.setdefault((base, node[key]), pointer)
        if isinstance(node.get("$dynamicAnchor"), str):
            index.dynamic.setdefault(node["$dynamicAnchor"], []).append(pointer)
    for key, child in _children(node, site):
        site.append(key)
        _collect(child, site, base, index)
        site.pop()


def _rewrite(
    node: Any, site: list[str], base: str, index: Identifiers, warnings: list[tuple[str, str]]
) -> None:
    base = _base_of(node, base)
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not (base == _DOCUMENT and ref.startswith("#/")):
            target = _target(ref, base, index)
            if target is not None and _exists(index.document, target):
                node["$ref"] = target
        dynamic = node.get("$dynamicRef")
        if isinstance(dynamic, str) and "$ref" not in node:
            target = _dynamic_target(dynamic, base, index)
            if target is not None and _exists(index.document, target):
                del node["$dynamicRef"]
                node["$ref"] = target
                warnings.append(
                    (f"$dynamicRef {dynamic!r} resolved statically to {target}", pointers.join(*site))
                )
    for key, child in _children(node, site):
        site.append(key)
        _rewrite(child, site, base, index, warnings)
        site.pop()


def _target(ref: str, base: str, index: Identifiers) -> str | None:
    """The `#/pointer` a reference names through identifiers; None when it names no known resource."""
    try:
        uri, fragment = urllib.parse.urldefrag(urllib.parse.urljoin(base, ref))
    except ValueError:
        return None
    resource = index.resources.get(uri)
    if resource is None:
        return None
    if fragment == "" or fragment.startswith("/"):
        return "#" + resource + fragment
    anchored = index.anchors.get((uri, urllib.parse.unquote(fragment)))
    return None if anchored is None else "#" + anchored


def _dynamic_target(ref: str, base: str, index: Identifiers) -> str | None:
    found = _target(ref, base, index)
    if found is not None:
        return found
    name = urllib.parse.urldefrag(ref)[1]
    candidates = index.dynamic.get(name, [])
    return "#" + candidates[0] if len(candidates) == 1 else None


def _exists(document: Any, ref: str) -> bool:
    """Whether a pointer names something: many documents give components an `$id` yet mean
    their `#/components/...` references from the document's root, which is then kept."""
    try:
        pointers.follow(document, pointers.split(ref))
    except (KeyError, ValueError):
        return False
    return True
