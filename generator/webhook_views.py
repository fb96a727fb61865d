"""`webhooks.py`: a parser per webhook and callback the API sends, and their README lines."""

from __future__ import annotations

from dataclasses import dataclass

from generator import docstrings, exports, ir, readme_text, spelling
from generator.imports import Import, Imports
from generator.spelling import MODELS


@dataclass(frozen=True)
class WebhookView:
    """A webhook's payload type, as `webhooks.py` declares it."""

    name: str
    annotation: str
    docstring: str
    readme_line: str


@dataclass(frozen=True)
class WebhooksModuleView:
    """`webhooks.py`."""

    docstring: str
    import_lines: tuple[str, ...]
    all_declaration: str
    webhooks: tuple[WebhookView, ...]


def webhooks_view(api: ir.ApiModel) -> WebhooksModuleView:
    imports = Imports([Import("__future__", "annotations"), Import("typing", "cast")])
    imports.add(Import("._base_client", "_adapter"))
    for webhook in api.webhooks:
        imports.update(spelling.standard_imports(webhook.body.type))
        if spelling.uses_models(webhook.body.type):
            imports.add(Import(".", "models"))
    return WebhooksModuleView(
        docstring=docstrings.docstring(
            f"Parsers for the requests the {api.title} sends to your server.",
            "Its webhooks and callbacks: each function takes a request body as received (JSON,\n"
            "as bytes or text) and returns it typed. No client method sends these requests.",
        ),
        import_lines=tuple(imports.lines()),
        all_declaration=exports.all_declaration(sorted(webhook.name for webhook in api.webhooks)),
        webhooks=tuple(_webhook_view(webhook) for webhook in api.webhooks),
    )


def _webhook_view(webhook: ir.Webhook) -> WebhookView:
    return WebhookView(
        name=webhook.name,
        annotation=spelling.annotation(webhook.body.type, MODELS),
        docstring=_docstring(webhook),
        readme_line=_readme_line(webhook),
    )


def _origin(webhook: ir.Webhook) -> str:
    """What sends it, in words: `webhook newPet, POST`, or the callback and its operation."""
    if webhook.kind == "webhook":
        return f"webhook {webhook.key}, {webhook.method}"
    return f"callback {webhook.key} of {webhook.owner}, {webhook.method} {webhook.expression}"


def _docstring(webhook: ir.Webhook) -> str:
    summary = webhook.summary or f"The JSON body of the {webhook.kind} {webhook.key}."
    description = webhook.description if webhook.description.strip() != summary else ""
    replies = [
        f"    {r.status}: {_reply_type(r)}" + (f", {r.description}" if r.description else "")
        for r in webhook.responses
    ]
    sent = f"Sent as: {_origin(webhook)}.\nRaises pydantic.ValidationError when the payload does not fit."
    parts = [
        summary,
        description,
        webhook.body.description,
        sent,
        "Replies:\n" + "\n".join(replies) if replies else "",
    ]
    return docstrings.docstring(*parts, indent="    ")


def _reply_type(response: ir.Response) -> str:
    if response.kind is ir.ResponseKind.JSON:
        return spelling.annotation(response.type, MODELS)
    return "no body" if response.kind is ir.ResponseKind.EMPTY else response.kind.value


def _readme_line(webhook: ir.Webhook) -> str:
    kind = "Webhook" if webhook.kind == "webhook" else "Callback"
    text = f"{kind} `{readme_text.markdown_code(webhook.key)}`"
    if webhook.kind == "callback":
        owner, expression = (
            readme_text.markdown_code(webhook.owner),
            readme_text.markdown_code(webhook.expression),
        )
        text += f" of `{owner}`, {webhook.method} `{expression}`"
    else:
        text += f", {webhook.method}"
    return text + (f": {readme_text.markdown(webhook.summary)}" if webhook.summary else "")
