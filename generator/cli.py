"""The `clientgen` command: generate, check, validate.

Exit codes: 0 ok, 1 drift found, 2 bad input (spec, config, usage).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from generator import config, drift, loader, naming, pipeline, writer
from generator.diagnostics import Diagnostic, Location, SpecError, format_grouped
from generator.formatting import FORMATTERS, Formatter

EXIT_OK, EXIT_DRIFT, EXIT_BAD_INPUT = 0, 1, 2
_MAX_WARNINGS_SHOWN = 20


class _Settings:
    def __init__(self, debug: bool, quiet: bool):
        self.debug = debug
        self.quiet = quiet


def _echo_err(line: str) -> None:
    click.echo(line, err=True)


def _show_warnings(diagnostics: list[Diagnostic], settings: _Settings) -> None:
    if settings.quiet:
        return
    lines = format_grouped(diagnostics)
    for line in lines[:_MAX_WARNINGS_SHOWN]:
        _echo_err(line)
    if len(lines) > _MAX_WARNINGS_SHOWN:
        _echo_err(f"... and {len(lines) - _MAX_WARNINGS_SHOWN} more warnings (clientgen validate lists all)")


@contextmanager
def _reporting(settings: _Settings) -> Iterator[None]:
    """Bad input ends in a few clear lines and exit 2, never a traceback (unless --debug)."""
    try:
        yield
    except SpecError as exc:
        if settings.debug:
            traceback.print_exc()
        for line in format_grouped(exc.diagnostics):
            _echo_err(line)
        sys.exit(EXIT_BAD_INPUT)
    except (RecursionError, MemoryError) as exc:
        if settings.debug:
            traceback.print_exc()
        _echo_err(f"error: the spec is too deeply nested or too large to process ({type(exc).__name__})")
        sys.exit(EXIT_BAD_INPUT)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user's terminal
        if settings.debug:
            traceback.print_exc()
        _echo_err(f"error: clientgen failed unexpectedly ({type(exc).__name__}: {exc}); rerun with --debug and report it")
        sys.exit(EXIT_BAD_INPUT)


def _load_options(allow_outside_refs: bool, allow_remote_refs: bool) -> loader.LoadOptions:
    return loader.LoadOptions(allow_outside_refs=allow_outside_refs, allow_remote_refs=allow_remote_refs)


def _overlay_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--overlay", "overlays", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
        help="An OpenAPI Overlay 1.0 file to apply to SPEC first (repeatable, applied in order).",
    )(command)


def _formatter_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--formatter",
        type=click.Choice(FORMATTERS),
        help="Lay out the code with ruff or black (default: the target's `formatter`, else ruff).",
    )(command)


def _ref_options(command: Callable[..., None]) -> Callable[..., None]:
    command = click.option("--allow-outside-refs", is_flag=True, help="Follow $refs to files outside the spec's folder.")(command)
    return click.option("--allow-remote-refs", is_flag=True, help="Fetch $refs that are URLs.")(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print no warnings.")
@click.pass_context
def main(context: click.Context, debug: bool, quiet: bool) -> None:
    """clientgen: typed Python API clients from OpenAPI 3.0 and 3.1 documents."""
    context.obj = _Settings(debug, quiet)


def _targets(pyproject: Path) -> list[config.Target]:
    return config.load_targets(pyproject)


@main.command()
@click.argument("spec", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Folder to write the client distribution into.")
@click.option("-p", "--package", help="Python package name (default: from the spec's file name).")
@click.option("--config", "pyproject", type=click.Path(path_type=Path), default="pyproject.toml", show_default=True, help="Where [tool.clientgen] is, when no SPEC is given.")
@_formatter_option
@_overlay_option
@_ref_options
@click.pass_obj
def generate(settings: _Settings, spec: Path | None, output: Path | None, package: str | None, pyproject: Path, formatter: Formatter | None, overlays: tuple[Path, ...], allow_outside_refs: bool, allow_remote_refs: bool) -> None:
    """Generate clients: every configured target, or SPEC into -o DIR."""
    options = _load_options(allow_outside_refs, allow_remote_refs)
    with _reporting(settings):
        for target in _chosen_targets(spec, output, package, pyproject, overlays):
            result = pipeline.generate(
                target.spec, target.package, options, target.overlays, formatter or target.formatter
            )
            _show_warnings(result.diagnostics.warnings, settings)
            report = writer.write(result.files, target.output)
            for relative in report.kept:
                _echo_err(f"{target.output / relative}: warning: no longer generated but edited by hand; left in place")
            for relative in writer.unmanaged_files(target.output, result.files):
                _echo_err(f"{target.output / relative}: note: not generated by clientgen; left untouched")
            click.echo(
                f"{target.name}: {len(report.written)} written, {len(report.unchanged)} unchanged, "
                f"{len(report.removed)} removed -> {target.output}"
            )


def _chosen_targets(
    spec: Path | None, output: Path | None, package: str | None, pyproject: Path, overlays: tuple[Path, ...]
) -> list[config.Target]:
    if spec is None:
        if output is not None or package is not None or overlays:
            raise SpecError("-o, -p and --overlay go with a SPEC argument", Location("command line"))
        return _targets(pyproject)
    if output is None:
        raise SpecError("generating from a SPEC needs -o DIR", Location("command line"))
    name = package or _package_from(spec)
    config.check_package_name(name, Location("command line"))
    return [config.Target(name=name, spec=spec, package=name, output=output, overlays=overlays)]


def _package_from(spec: Path) -> str:
    return naming.snake_case(spec.stem) or "client"


@main.command()
@click.option("--config", "pyproject", type=click.Path(path_type=Path), default="pyproject.toml", show_default=True)
@_formatter_option
@click.pass_obj
def check(settings: _Settings, pyproject: Path, formatter: Formatter | None) -> None:
    """Regenerate every target in memory and compare with disk; exit 1 with a diff on drift."""
    found_drift = False
    with _reporting(settings):
        for target in _targets(pyproject):
            result = pipeline.generate(
                target.spec, target.package, overlays=target.overlays, formatter=formatter or target.formatter
            )
            label = str(target.output)
            result_drift = drift.compare(result.files, target.output, label)
            if result_drift.clean:
                click.echo(f"{target.name}: up to date")
                continue
            found_drift = True
            click.echo("".join(result_drift.diff), nl=False)
            click.echo(
                f"{target.name}: stale ({len(result_drift.changed)} changed, {len(result_drift.missing)} missing, "
                f"{len(result_drift.extra)} no longer generated); run `clientgen generate`"
            )
    sys.exit(EXIT_DRIFT if found_drift else EXIT_OK)


@main.command()
@click.argument("spec", type=click.Path(path_type=Path, dir_okay=False))
@_overlay_option
@_ref_options
@click.pass_obj
def validate(settings: _Settings, spec: Path, overlays: tuple[Path, ...], allow_outside_refs: bool, allow_remote_refs: bool) -> None:
    """Report every problem in SPEC; exit 2 if any is an error."""
    with _reporting(settings):
        options = _load_options(allow_outside_refs, allow_remote_refs)
        api, diagnostics = pipeline.load_api(spec, "client", options, overlays)
        for line in format_grouped(diagnostics):
            _echo_err(line)
        click.echo(
            f"{spec}: OpenAPI document is usable: {len(api.all_operations())} operations, "
            f"{len(api.models)} models, {len(diagnostics.warnings)} warnings"
        )
