"""Webhook and callback bodies parse into their models; they get no client methods."""

from __future__ import annotations

import datetime
import json

import pydantic
import pytest
from case_webhooks import Client, models, webhooks


def test_a_referenced_body_parses_into_the_component_model() -> None:
    pet = webhooks.parse_new_pet(b'{"id": 7, "name": "Rex", "tag": "dog"}')
    assert isinstance(pet, models.Pet)
    assert (pet.id, pet.name, pet.tag) == (7, "Rex", "dog")
    assert webhooks.parse_pet_updated_put('{"id": 8, "name": "Tom"}') == models.Pet(id=8, name="Tom")


def test_an_inline_body_parses_into_its_own_models() -> None:
    payload = {
        "petId": 7,
        "status": "adopted",
        "changes": {"previous": "available", "changedAt": "2024-05-01T12:00:00Z"},
    }
    event = webhooks.parse_pet_status_changed(json.dumps(payload))
    assert isinstance(event, models.PetStatusChangedWebhookRequest)
    assert event.status is models.PetStatusChangedWebhookRequestStatus.ADOPTED
    assert event.changes is not None
    assert event.changes.changed_at == datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC)
    assert event.model_dump(mode="json", by_alias=True, exclude_none=True) == payload
    # The reply a receiver sends back has a model too.
    assert models.PetStatusChangedWebhookResponse(receipt="r-1").receipt == "r-1"


def test_arrays_and_merge_patch_bodies() -> None:
    counted = webhooks.parse_inventory_counted(b'[{"species": "cat", "count": 3}]')
    assert counted == [models.InventoryCountedWebhookRequestItem(species="cat", count=3)]
    patch = webhooks.parse_pet_updated_patch(b'{"tag": null}')
    assert isinstance(patch, models.PetUpdatedPatchWebhookRequest)
    assert patch.tag is None and "tag" in patch.model_fields_set


def test_callback_bodies_parse_each_union_member_as_itself() -> None:
    pet = webhooks.parse_create_subscription_on_event(b'{"id": 1, "name": "Rex"}')
    beat = webhooks.parse_create_subscription_on_event(b'{"kind": "heartbeat", "at": "2024-05-01T12:00:00Z"}')
    assert isinstance(pet, models.Pet)
    assert isinstance(beat, models.CreateSubscriptionOnEventCallbackRequestOption2)
    cancelled = webhooks.parse_create_subscription_on_cancel(b'{"subscriptionId": "s-1", "reason": "done"}')
    assert (cancelled.subscription_id, cancelled.reason) == ("s-1", "done")


def test_a_body_that_does_not_fit_raises_validation_error() -> None:
    with pytest.raises(pydantic.ValidationError):
        webhooks.parse_new_pet(b'{"id": "not a number"}')
    with pytest.raises(pydantic.ValidationError):
        webhooks.parse_pet_status_changed(b"not json")


def test_only_json_webhooks_get_parse_functions_and_none_get_client_methods() -> None:
    assert sorted(webhooks.__all__) == [
        "parse_create_subscription_on_cancel",
        "parse_create_subscription_on_event",
        "parse_inventory_counted",
        "parse_new_pet",
        "parse_pet_status_changed",
        "parse_pet_updated_patch",
        "parse_pet_updated_put",
    ]
    methods = {name for name in dir(Client) if not name.startswith("_")}
    assert {"create_subscription", "list_pets"} <= methods
    assert not {name for name in methods if "pet_" in name or "webhook" in name or "on_" in name}
