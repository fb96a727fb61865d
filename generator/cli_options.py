"""Options that several `clientgen` commands share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.formatting import FORMATTERS

if TYPE_CHECKING:
    from generator import loader


def overlay_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--overlay",
        "overlays",
        multiple=True,
        type=click.Path(path_type=Path, dir_okay=False),
        help="An OpenAPI Overlay 1.0 file to apply to SPEC first (repeatable, applied in order).",
    )(command)


def formatter_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--formatter",
        type=click.Choice(FORMATTERS),
        help="Lay out the code with ruff or black (default: the target's `formatter`, else ruff).",
    )(command)


def templates_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--templates",
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        help=(
            "A folder of templates that replace clientgen's of the same relative name"
            " (README: Custom templates)."
        ),
    )(command)


def ref_options(command: Callable[..., None]) -> Callable[..., None]:
    command = click.option(
        "--allow-outside-refs", is_flag=True, help="Follow $refs to files outside the spec's folder."
    )(command)
    return click.option("--allow-remote-refs", is_flag=True, help="Fetch $refs that are URLs.")(command)


def load_options(allow_outside_refs: bool, allow_remote_refs: bool) -> loader.LoadOptions:
    """What `ref_options` asked for."""
    from generator import loader

    return loader.LoadOptions(allow_outside_refs=allow_outside_refs, allow_remote_refs=allow_remote_refs)
