"""Webhooks and callbacks: their bodies' models, their parse functions, and what is skipped."""

from __future__ import annotations

from typing import Any

from conftest import ApiBuilder, json_response, openapi_document

from generator import formatting, ir, render
from generator.type_spelling import spell

PET = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
OK = {"200": {"description": "ok"}}


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _webhook(
    schema: dict[str, Any] | None = None, media: str = "application/json", **extra: Any
) -> dict[str, Any]:
    operation: dict[str, Any] = {"responses": OK, **extra}
    if schema is not None:
        operation["requestBody"] = {"content": {media: {"schema": schema}}}
    return operation


def _with_webhooks(webhooks: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return openapi_document(schemas={"Pet": PET}, version="3.1.0", webhooks=webhooks, **extra)


def _by_name(api: ir.ApiModel) -> dict[str, ir.Webhook]:
    return {webhook.name: webhook for webhook in api.webhooks}


def test_an_inline_webhook_body_becomes_a_model_and_a_referenced_one_stays_the_component(
    build_api: ApiBuilder,
) -> None:
    inline = {
        "type": "object",
        "properties": {"pet": {"$ref": "#/components/schemas/Pet"}, "at": {"type": "string"}},
    }
    api, diagnostics = build_api(
        _with_webhooks(
            {
                "newPet": {"post": _webhook({"$ref": "#/components/schemas/Pet"}, summary="A pet was added")},
                "petMoved": {"post": _webhook(inline)},
            }
        )
    )
    webhooks = _by_name(api)
    assert list(webhooks) == ["parse_new_pet", "parse_pet_moved"]
    new_pet = webhooks["parse_new_pet"]
    assert (new_pet.kind, new_pet.key, new_pet.method, new_pet.summary) == (
        "webhook",
        "newPet",
        "POST",
        "A pet was added",
    )
    assert new_pet.body.type == ir.ModelRef("Pet")
    assert new_pet.pointer == "/webhooks/newPet/post"
    moved = webhooks["parse_pet_moved"]
    assert moved.body.type == ir.ModelRef("PetMovedWebhookRequest")
    model = {m.name: m for m in api.models}["PetMovedWebhookRequest"]
    assert [(f.name, spell(f.type)) for f in model.fields] == [
        ("pet", "Pet | None"),
        ("at", "str | None"),
    ]
    assert api.all_operations() == []  # no client methods
    assert diagnostics.warnings == []


def test_callbacks_of_an_operation_are_named_after_it_and_their_inline_schemas_become_models(
    build_api: ApiBuilder,
) -> None:
    callback = {
        "{$request.query.url}/data": {
            "post": _webhook({"type": "object", "properties": {"n": {"type": "integer"}}})
        }
    }
    paths = {
        "/streams": {
            "post": {
                "operationId": "subscribe",
                "responses": {
                    "201": json_response({"type": "object", "properties": {"id": {"type": "string"}}})
                },
                "callbacks": {"onData": callback},
            }
        }
    }
    api, _ = build_api(openapi_document(paths=paths, version="3.0.3"))
    [webhook] = api.webhooks
    assert (webhook.name, webhook.kind, webhook.key) == ("parse_subscribe_on_data", "callback", "onData")
    assert (webhook.owner, webhook.expression) == ("POST /streams", "{$request.query.url}/data")
    assert webhook.body.type.name == "SubscribeOnDataCallbackRequest"
    assert {m.name for m in api.models} == {"SubscribeOnDataCallbackRequest", "SubscribeResponse"}
    assert [op.name for op in api.all_operations()] == ["subscribe"]


def test_a_referenced_callback_and_several_methods_get_distinct_names(build_api: ApiBuilder) -> None:
    item = {"put": _webhook({"$ref": "#/components/schemas/Pet"}), "patch": _webhook({"type": "object"})}
    document = openapi_document(
        paths={
            "/a": {
                "post": {
                    "operationId": "watch",
                    "responses": OK,
                    "callbacks": {"changed": {"$ref": "#/components/callbacks/Changed"}},
                }
            }
        },
        schemas={"Pet": PET},
        version="3.1.0",
        webhooks={"petChanged": item},
    )
    document["components"]["callbacks"] = {"Changed": {"{$request.body#/url}": {"post": _webhook(PET)}}}
    api, _ = build_api(document)
    assert [(w.name, w.method) for w in api.webhooks] == [
        ("parse_pet_changed_put", "PUT"),
        ("parse_pet_changed_patch", "PATCH"),
        ("parse_watch_changed", "POST"),
    ]
    assert api.webhooks[2].pointer == "/components/callbacks/Changed/{$request.body#~1url}/post"
    assert api.webhooks[2].body.type.name == "WatchChangedCallbackRequest"


def test_names_that_clash_get_suffixes(build_api: ApiBuilder) -> None:
    # Two expressions of one callback make the same function name; a component already has the class name.
    callback = {"{$request.body#/a}": {"post": _webhook(PET)}, "{$request.body#/b}": {"post": _webhook(PET)}}
    document = openapi_document(
        paths={"/a": {"post": {"operationId": "watch", "responses": OK, "callbacks": {"changed": callback}}}},
        schemas={"WatchChangedCallbackRequest": PET},
    )
    api, _ = build_api(document)
    assert [(w.name, w.body.type.name) for w in api.webhooks] == [
        ("parse_watch_changed", "WatchChangedCallbackRequest2"),
        ("parse_watch_changed_2", "WatchChangedCallbackRequest3"),
    ]


def test_what_cannot_be_parsed_is_skipped_with_a_warning_naming_it(build_api: ApiBuilder) -> None:
    webhooks = {
        "ping": {"post": _webhook()},
        "report": {"post": _webhook({"type": "string"}, media="text/csv")},
        "upload": {"post": _webhook({"type": "string"}, media="application/octet-stream")},
        "nested": {"post": _webhook(PET, callbacks={"inner": {"{$url}": {"post": _webhook(PET)}}})},
        "fine": {"post": _webhook(PET)},
    }
    api, diagnostics = build_api(_with_webhooks(webhooks))
    assert [w.name for w in api.webhooks] == ["parse_fine", "parse_nested"]
    messages = [d.message for d in diagnostics.warnings]
    assert messages == [
        "webhook 'nested' POST: callbacks of a webhook are not generated",
        "webhook 'ping' POST has no request body; no parse function generated",
        "webhook 'report' POST has a 'text/csv' body, not JSON; no parse function generated",
        "webhook 'upload' POST has a 'application/octet-stream' body, not JSON; no parse function generated",
    ]
    assert all(
        d.location is not None and d.location.pointer.startswith("/webhooks/") for d in diagnostics.warnings
    )


def test_a_broken_reference_skips_the_webhook_with_a_warning_not_an_error(build_api: ApiBuilder) -> None:
    document = _with_webhooks(
        {
            "broken": {"$ref": "#/components/pathItems/Missing"},
            "fine": {"post": _webhook({"$ref": "#/components/schemas/Pet"})},
        }
    )
    api, diagnostics = build_api(document)
    assert [w.name for w in api.webhooks] == ["parse_fine"]
    [warning] = diagnostics.warnings
    assert warning.message.startswith(
        "webhook 'broken' skipped: $ref '#/components/pathItems/Missing' points to nothing"
    )
    assert diagnostics.errors == []


def test_webhooks_module_is_rendered_only_when_there_are_webhooks(build_api: ApiBuilder) -> None:
    plain, _ = build_api(openapi_document(schemas={"Pet": PET}, version="3.1.0"))
    assert plain.webhooks == ()
    files = render.render(plain)
    assert "pkg/webhooks.py" not in files
    assert "from . import models, operations\n" in files["pkg/__init__.py"]
    assert "Webhooks" not in files["README.md"]

    api, _ = build_api(_with_webhooks({"newPet": {"post": _webhook({"$ref": "#/components/schemas/Pet"})}}))
    files = formatting.format_files(render.render(api))
    source = files["pkg/webhooks.py"]
    compile(source, "webhooks.py", "exec")
    assert "def parse_new_pet(payload: bytes | str) -> models.Pet:" in source
    assert "return cast(models.Pet, _adapter(models.Pet).validate_json(payload))" in source
    assert '__all__ = [\n    "parse_new_pet",\n]' in source
    assert "from . import models, operations, webhooks\n" in files["pkg/__init__.py"]
    assert '"webhooks",' in files["pkg/__init__.py"]
    assert "### `webhooks.parse_new_pet`" in files["README.md"]


def test_a_primitive_body_needs_no_models_import(build_api: ApiBuilder) -> None:
    api, _ = build_api(
        _with_webhooks({"tick": {"post": _webhook({"type": "string", "format": "date-time"})}})
    )
    source = formatting.format_files(render.render(api))["pkg/webhooks.py"]
    assert "from . import models" not in source
    assert "import datetime\n" in source
    assert "def parse_tick(payload: bytes | str) -> datetime.datetime:" in source


def test_a_webhook_may_refer_to_a_path_item_in_components(build_api: ApiBuilder) -> None:
    document = _with_webhooks({"adopted": {"$ref": "#/components/pathItems/Adoption"}})
    document["components"]["pathItems"] = {
        "Adoption": {"post": _webhook({"type": "object", "properties": {"by": {"type": "string"}}})}
    }
    api, diagnostics = build_api(document)
    [webhook] = api.webhooks
    assert (webhook.name, webhook.body.type.name) == ("parse_adopted", "AdoptedWebhookRequest")
    assert webhook.pointer == "/components/pathItems/Adoption/post"
    assert diagnostics.warnings == []


def test_webhooks_in_a_3_0_document_are_ignored_with_a_warning(build_api: ApiBuilder) -> None:
    document = openapi_document(webhooks={"newPet": {"post": _webhook(PET)}}, version="3.0.3")
    api, diagnostics = build_api(document)
    assert api.webhooks == ()
    assert [d.message for d in diagnostics.warnings][-1:] == [
        "webhooks are an OpenAPI 3.1 feature; ignored in this 3.0 document"
    ]


def test_a_path_item_referring_to_itself_is_skipped_with_a_warning(build_api: ApiBuilder) -> None:
    api, diagnostics = build_api(_with_webhooks({"loop": {"$ref": "#/webhooks/loop"}}))
    assert api.webhooks == ()
    assert [d.message for d in diagnostics.warnings] == [
        "webhook 'loop' skipped: $ref '#/webhooks/loop' refers back to itself"
    ]
