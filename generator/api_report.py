"""`API.md`: the surface of a generated client as a reviewer reads it in a pull request.

One item per line, every list sorted, so regenerating a client after a spec
change shows its effect on callers in a few changed lines (API Extractor's
`.api.md` does this for TypeScript packages).
"""

from __future__ import annotations

from generator import readme_text
from generator.surface import Method, Model, ModelField, Parameter, Surface


def _code(text: str) -> str:
    return f"`{readme_text.markdown_code(text)}`"


def _parameter(parameter: Parameter) -> str:
    default = "" if parameter.default is None else f" = {parameter.default}"
    return f"{parameter.name}: {parameter.annotation}{default}"


def method_signature(method: Method) -> str:
    """`client.resource.name(*, a: int, b: str | None = None) -> T`."""
    owner = f"client.{method.resource}" if method.resource else "client"
    arguments = ", ".join(
        ["*", *(_parameter(p) for p in sorted(method.parameters, key=lambda p: (not p.required, p.name)))]
    )
    arguments = "" if arguments == "*" else arguments
    return f"{owner}.{method.name}({arguments}) -> {method.returns}"


def _constraints(constraints: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{keyword}={value}" for keyword, value in constraints)


def field_line(model_field: ModelField) -> str:
    default = "" if model_field.default is None else f" = {model_field.default}"
    notes = ["required" if model_field.required else "optional"]
    if model_field.wire_name != model_field.name:
        notes.append(f"wire {_code(model_field.wire_name)}")
    if model_field.constraints:
        notes.append(_code(_constraints(model_field.constraints)))
    return f"- {_code(f'{model_field.name}: {model_field.annotation}{default}')} ({', '.join(notes)})"


def _model_lines(model: Model) -> list[str]:
    base = f"({model.base})" if model.base else ""
    used = f" (in {' and '.join(model.used_in)})" if model.used_in else ""
    lines = ["", f"### {_code(f'models.{model.name}{base}')}{used}", ""]
    lines += [field_line(f) for f in model.fields] or ["- no fields"]
    return lines


def render(surface: Surface, header: str = "") -> str:
    """`header`: the generated-file notice, put first as an HTML comment."""
    lines = [f"<!-- {header} -->"] if header else []
    lines += [
        f"# API of {_code(surface.package)} {readme_text.markdown_code(surface.version)}",
        "",
        "The public surface of this client, one item per line, sorted: regenerating it after a spec",
        "change shows what changed for callers.",
        "",
        "## Client",
        "",
    ]
    lines += [f"- credential {_code(name)}" for name in surface.credentials]
    lines += [f"- environment {_code(name)}: {_code(url)}" for name, url in surface.environments]
    lines += [f"- server {_code(url)}" for url in surface.servers]
    lines += [f"- header {_code(name)} ({_code(wire)})" for name, wire in surface.headers]
    if lines[-1] == "":
        lines.append("- no credentials, servers or shared headers")
    lines += ["", "## Methods", ""]
    lines += [f"- {_code(method_signature(m))} ({_code(m.http)})" for m in surface.methods] or ["- none"]
    lines += ["", "## Models"]
    for model in surface.models:
        lines += _model_lines(model)
    lines += ["", "## Enums", ""]
    lines += [
        f"- {_code(f'models.{e.name}')}: {', '.join(_code(v) for v in e.values)}" for e in surface.enums
    ] or ["- none"]
    lines += ["", "## Aliases", ""]
    lines += [f"- {_code(f'models.{a.name} = {a.annotation}')}" for a in surface.aliases] or ["- none"]
    lines += ["", "## Exceptions", ""]
    lines += [f"- {_code(name)}" for name in surface.exceptions]
    return "\n".join(lines) + "\n"
