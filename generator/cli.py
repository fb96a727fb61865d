"""The `clientgen` command: generate, check, diff, validate, init, update.

Exit codes: 0 ok, 1 drift found (`diff`: a breaking change), 2 bad input (spec, config, usage).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import cli_options, short_command
from generator.check_report import REPORT_FORMATS
from generator.diagnostics import Diagnostic, Location, SpecError, format_grouped
from generator.diff_report import DIFF_FORMATS
from generator.init import DEFAULT_REQUIREMENT

# Each command imports the stages it runs, so `--help`, `init` and `update` do not pay for the
# whole pipeline (openapi-pydantic, pydantic, jinja2) at start-up.
if TYPE_CHECKING:
    from generator import config, file_staging, loader, pipeline
    from generator.check_report import ReportFormat
    from generator.diff_report import DiffFormat
    from generator.formatting import Formatter

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
def _reporting(settings: _Settings, report_format: ReportFormat = "text") -> Iterator[None]:
    """Bad input ends in a few clear lines and exit 2, never a traceback (unless --debug); for
    `check --format github|json`, also as annotations on the lines at fault or a JSON document."""
    try:
        yield
    except SpecError as exc:
        if settings.debug:
            traceback.print_exc()
        for line in format_grouped(exc.diagnostics):
            _echo_err(line)
        if report_format != "text":
            from generator import check_report

            click.echo(check_report.error_report(exc.diagnostics.errors, report_format), nl=False)
        sys.exit(EXIT_BAD_INPUT)
    except (RecursionError, MemoryError) as exc:
        if settings.debug:
            traceback.print_exc()
        _echo_err(f"error: the spec is too deeply nested or too large to process ({type(exc).__name__})")
        sys.exit(EXIT_BAD_INPUT)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user's terminal
        if settings.debug:
            traceback.print_exc()
        _echo_err(
            f"error: clientgen failed unexpectedly ({type(exc).__name__}: {exc});"
            " rerun with --debug and report it"
        )
        sys.exit(EXIT_BAD_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print no warnings.")
@click.option("--no-cache", is_flag=True, help="Compile the templates afresh; keep no compiled copy.")
@click.pass_context
def main(context: click.Context, debug: bool, quiet: bool, no_cache: bool) -> None:
    """clientgen: typed Python API clients from OpenAPI 3.0 and 3.1 documents."""
    if no_cache:
        from generator import template_cache

        template_cache.disable()
    context.obj = _Settings(debug, quiet)


def _targets(pyproject: Path) -> list[config.Target]:
    from generator import config

    return config.load_targets(pyproject)


def _resolved(target: config.Target, templates: Path | None, may_fetch: bool) -> config.Target:
    """The target as generation reads it: a remote spec replaced by its pinned copy (fetched
    first only when `may_fetch`), the command line's templates before the config's."""
    spec = target.spec
    if target.spec_url is not None and target.lock is not None:
        from generator import pins

        default_copy = pins.default_copy_path(target.name, target.spec_url)
        before = pins.read_lock(target.lock).get(target.name)
        spec = pins.local_copy(target.name, target.spec_url, target.lock, default_copy, may_fetch)
        pin = pins.read_lock(target.lock).get(target.name)
        if pin is not None and pin != before:
            click.echo(
                f"{target.name}: fetched {pin.url}, pinned {pin.path} in {target.lock.name}"
                f" (sha256 {pin.sha256})"
            )
    return dataclasses.replace(target, spec=spec, templates=templates or target.templates)


def _start_target(
    target: config.Target,
    templates: Path | None,
    may_fetch: bool,
    options: loader.LoadOptions | None,
    formatter: Formatter | None,
    writes: bool = False,
) -> tuple[config.Target, pipeline.Generation, file_staging.StagedFiles | None]:
    """The target resolved (`_resolved`) and its generation started; for a command that `writes`,
    files made ahead for the writer meanwhile (`writer.prepare`)."""
    from generator import pipeline, writer

    target = _resolved(target, templates, may_fetch)
    staged = writer.prepare(target.output, target.spec) if writes else None
    try:
        generation = pipeline.start(
            target.spec,
            target.package,
            options,
            target.overlays,
            formatter or target.formatter,
            target.templates,
            target.version,
            staged.expect if staged is not None else lambda count: None,
        )
    except BaseException:
        if staged is not None:
            staged.close(written=False)
        raise
    return target, generation, staged


def _finish_target(
    target: config.Target,
    generation: pipeline.Generation,
    staged: file_staging.StagedFiles | None,
    settings: _Settings,
) -> None:
    from generator import api_changes, diff_report, writer

    regenerated = api_changes.of_generation(generation, target.output, target.templates)
    _show_warnings(generation.diagnostics.warnings, settings)
    if regenerated.changes:
        click.echo(f"{target.name}: what this generation changes for callers of the client:")
        click.echo(diff_report.render_text(regenerated.changes), nl=False)
    if regenerated.version_hides_a_break() and not settings.quiet:
        _echo_err(
            f"{target.spec}: warning: the client's surface breaks callers"
            f" but its version {regenerated.current.version} "
            f"keeps the major version of {regenerated.previous.version if regenerated.previous else ''}; "
            "raise info.version's major, or set the target's `version`"
        )
    report = writer.write(regenerated.files, target.output, staged)
    for relative in report.kept:
        _echo_err(
            f"{target.output / relative}: warning: no longer generated but edited by hand; left in place"
        )
    for relative in writer.unmanaged_files(target.output, regenerated.files):
        _echo_err(f"{target.output / relative}: note: not generated by clientgen; left untouched")
    click.echo(
        f"{target.name}: {len(report.written)} written, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed -> {target.output}"
    )


@main.command()
@click.argument("spec", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Folder to write the client distribution into."
)
@click.option("-p", "--package", help="Python package name (default: from the spec's file name).")
@click.option(
    "--config",
    "pyproject",
    type=click.Path(path_type=Path),
    default="pyproject.toml",
    show_default=True,
    help="Where [tool.clientgen] is, when no SPEC is given.",
)
@cli_options.formatter_option
@cli_options.templates_option
@cli_options.overlay_option
@cli_options.ref_options
@click.pass_obj
def generate(
    settings: _Settings,
    spec: Path | None,
    output: Path | None,
    package: str | None,
    pyproject: Path,
    formatter: Formatter | None,
    templates: Path | None,
    overlays: tuple[Path, ...],
    allow_outside_refs: bool,
    allow_remote_refs: bool,
) -> None:
    """Generate clients: every configured target, or SPEC into -o DIR.

    A target whose spec is an https:// URL not fetched yet is fetched and pinned in clientgen.lock;
    once pinned, its kept copy is used, offline."""
    options = cli_options.load_options(allow_outside_refs, allow_remote_refs)
    with _reporting(settings):
        from generator import pipeline

        targets = _chosen_targets(spec, output, package, pyproject, overlays)
        # A remote spec may be fetched when started, which prints: in turn, then.
        for target, generation, staged in pipeline.one_ahead(
            targets,
            lambda target: _start_target(target, templates, True, options, formatter, writes=True),
            lambda target: target.spec_url is None,
        ):
            _finish_target(target, generation, staged, settings)


def _chosen_targets(
    spec: Path | None, output: Path | None, package: str | None, pyproject: Path, overlays: tuple[Path, ...]
) -> list[config.Target]:
    if spec is None:
        if output is not None or package is not None or overlays:
            raise SpecError("-o, -p and --overlay go with a SPEC argument", Location("command line"))
        return _targets(pyproject)
    if output is None:
        raise SpecError("generating from a SPEC needs -o DIR", Location("command line"))
    from generator import config

    name = package or config.package_from_spec(spec)
    config.check_package_name(name, Location("command line"))
    return [config.Target(name=name, spec=spec, package=name, output=output, overlays=overlays)]


@main.command()
@click.option(
    "--config", "pyproject", type=click.Path(path_type=Path), default="pyproject.toml", show_default=True
)
@click.option(
    "--format",
    "report_format",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="text: unified diff and a summary line; json: one JSON document; github: GitHub Actions annotations "
    "(and a Markdown summary to $GITHUB_STEP_SUMMARY when set).",
)
@cli_options.formatter_option
@cli_options.templates_option
@click.pass_obj
def check(
    settings: _Settings,
    pyproject: Path,
    report_format: ReportFormat,
    formatter: Formatter | None,
    templates: Path | None,
) -> None:
    """Regenerate every target in memory and compare with disk; exit 1 on drift. Never uses the network."""
    from generator import api_changes, check_report, drift, loader, pipeline

    results: list[check_report.TargetDrift] = []
    with _reporting(settings, report_format):
        for target, generation, _ in pipeline.one_ahead(
            _targets(pyproject), lambda target: _start_target(target, templates, False, None, formatter)
        ):
            regenerated = api_changes.of_generation(generation, target.output, target.templates)
            _show_warnings(generation.diagnostics.warnings, settings)
            found = drift.compare(regenerated.files, target.output, str(target.output))
            changes = regenerated.changes if regenerated.previous is not None else None
            summary = None if found.clean else check_report.api_change_summary(changes)
            notes = (
                ()
                if found.clean or not changes
                else check_report.spec_notes(changes, loader.load(target.spec).location)
            )
            results.append(check_report.TargetDrift(target.name, target.output, found, summary, notes))
        click.echo(check_report.render_report(results, report_format), nl=False)
        if report_format == "github":
            check_report.append_step_summary(results)
    sys.exit(EXIT_OK if all(result.drift.clean for result in results) else EXIT_DRIFT)


@main.command(name="init")
@click.argument("spec")
@click.option(
    "-p", "--package", required=True, help="Python package name of the client (lower case, digits, _)."
)
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=".",
    show_default=True,
    help="The repository or folder to set up.",
)
@click.option(
    "--requirement",
    default=DEFAULT_REQUIREMENT,
    show_default=True,
    help="What the CI workflow installs clientgen from (a pip requirement: a version, a URL, a wheel).",
)
@click.pass_obj
def init_command(settings: _Settings, spec: str, package: str, directory: Path, requirement: str) -> None:
    """Set up a folder: SPEC (a file, or an https:// URL to pin) under specs/, a target in
    pyproject.toml, the generated client and a GitHub Actions drift check. Safe to run again."""
    from generator import config

    with _reporting(settings):
        config.check_package_name(package, Location("command line"))
        from generator import init

        report = init.InitReport(init.target_name_for(package))
        pyproject = init.set_up(spec, package, directory, report)
        for line in report.lines:
            click.echo(line)
        report.lines.clear()
        configured = [t for t in _targets(pyproject) if report.target_name == t.name or t.package == package]
        if not configured:
            raise SpecError(f"no target for package {package!r} in the config", Location(str(pyproject)))
        target = configured[0]  # the config's own entry: the user's, where init left one alone
        _finish_target(*_start_target(target, None, True, None, None, writes=True), settings)
        init.write_workflow(directory, requirement, report)
        for line in report.lines:
            click.echo(line)
        click.echo("next: commit these files; `clientgen check` (in CI: the workflow) finds a stale client")


@main.command()
@click.argument("target_name", required=False, metavar="[TARGET]")
@click.option(
    "--config", "pyproject", type=click.Path(path_type=Path), default="pyproject.toml", show_default=True
)
@cli_options.templates_option
@click.pass_obj
def update(settings: _Settings, target_name: str | None, pyproject: Path, templates: Path | None) -> None:
    """Fetch each remote spec again (or TARGET's), show what changed, and rewrite its pin.

    The client is not regenerated: run `clientgen generate` next."""
    from generator import remote_update

    with _reporting(settings):
        chosen = remote_update.chosen_targets(_targets(pyproject), target_name, pyproject)
        if not chosen:
            click.echo("no target has a remote spec: nothing to update")
        for target in chosen:
            for line in remote_update.update_target(
                dataclasses.replace(target, templates=templates or target.templates)
            ):
                click.echo(line)


@main.command()
@click.argument("spec", type=click.Path(path_type=Path, dir_okay=False))
@cli_options.overlay_option
@cli_options.ref_options
@click.pass_obj
def validate(
    settings: _Settings,
    spec: Path,
    overlays: tuple[Path, ...],
    allow_outside_refs: bool,
    allow_remote_refs: bool,
) -> None:
    """Report every problem in SPEC; exit 2 if any is an error."""
    from generator import pipeline

    with _reporting(settings):
        options = cli_options.load_options(allow_outside_refs, allow_remote_refs)
        api, diagnostics = pipeline.load_api(spec, "client", options, overlays)
        for line in format_grouped(diagnostics):
            _echo_err(line)
        click.echo(
            f"{spec}: OpenAPI document is usable: {len(api.all_operations())} operations, "
            f"{len(api.models)} models, {len(diagnostics.warnings)} warnings"
        )


@main.command(name="diff")
@click.argument("old_spec", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new_spec", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--target", "target_name", help="Only this configured target (default: every one).")
@click.option(
    "--config", "pyproject", type=click.Path(path_type=Path), default="pyproject.toml", show_default=True
)
@click.option("--format", "diff_format", type=click.Choice(DIFF_FORMATS), default="text", show_default=True)
@cli_options.overlay_option
@cli_options.ref_options
@click.pass_obj
def diff_command(
    settings: _Settings,
    old_spec: Path | None,
    new_spec: Path | None,
    target_name: str | None,
    pyproject: Path,
    diff_format: DiffFormat,
    overlays: tuple[Path, ...],
    allow_outside_refs: bool,
    allow_remote_refs: bool,
) -> None:
    """What a spec change does to callers of the client: OLD_SPEC against NEW_SPEC, or (without
    specs) each configured target's committed api.json against its current spec.

    Exit 1 when a change breaks callers, 0 otherwise, 2 on bad input."""
    from generator import api_changes, api_diff, config, diff_report

    breaking = False
    with _reporting(settings):
        if old_spec is not None:
            if new_spec is None or target_name is not None:
                raise SpecError(
                    "diff takes OLD_SPEC and NEW_SPEC, or neither (with --target)", Location("command line")
                )
            options = cli_options.load_options(allow_outside_refs, allow_remote_refs)
            old = api_changes.from_spec(old_spec, config.package_from_spec(old_spec), options, overlays)
            new = api_changes.from_spec(new_spec, config.package_from_spec(new_spec), options, overlays)
            changes = api_diff.compare(old.surface, new.surface)
            click.echo(
                diff_report.render(changes, diff_format, api_changes.Locator(old.loaded, new.loaded)),
                nl=False,
            )
            breaking = any(c.breaking for c in changes)
        else:
            if overlays:
                raise SpecError(
                    "--overlay goes with OLD_SPEC and NEW_SPEC (a target has its own)",
                    Location("command line"),
                )
            breaking = _diff_targets(pyproject, target_name, diff_format)
    sys.exit(EXIT_DRIFT if breaking else EXIT_OK)


def _diff_targets(pyproject: Path, target_name: str | None, diff_format: DiffFormat) -> bool:
    """Each chosen target's committed surface against its current spec's; whether any breaks."""
    from generator import api_changes, api_diff, diff_report

    targets = [t for t in _targets(pyproject) if target_name in (None, t.name)]
    if not targets:
        raise SpecError(f"no target named {target_name!r} in the config", Location(str(pyproject)))
    documents: dict[str, object] = {}
    breaking = False
    for target in targets:
        target = _resolved(target, None, may_fetch=False)
        previous = api_changes.committed(target.output)
        if previous is None:
            raise SpecError(
                f"target {target.name!r} has no {api_changes.API_JSON} to compare with;"
                " run clientgen generate first",
                Location(str(target.output)),
            )
        new = api_changes.from_spec(
            target.spec, target.package, None, target.overlays, target.templates, target.version
        )
        changes = api_diff.compare(previous, new.surface)
        breaking = breaking or any(c.breaking for c in changes)
        report = diff_report.render(changes, diff_format, api_changes.Locator(None, new.loaded))
        if diff_format == "json":
            documents[target.name] = json.loads(report)
        else:
            click.echo(f"## {target.name}\n" if diff_format == "markdown" else f"{target.name}:")
            click.echo(report)
    if diff_format == "json":
        click.echo(json.dumps({"targets": documents}, indent=2, sort_keys=True))
    return breaking


def run() -> None:
    """The `clientgen` command as a process of its own (tests invoke `main` in theirs)."""
    short_command.begin()
    try:
        main(prog_name="clientgen")  # ends in sys.exit, as a click command run on its own does
    except SystemExit as ending:
        if ending.code is None or isinstance(ending.code, int):
            short_command.end_at_once(ending.code or 0)
        raise
