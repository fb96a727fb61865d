"""The committed Ingram Micro clients are exactly what the generator makes of their specs.

Refresh them after an intended change with `.venv/bin/clientgen generate`.
"""

from __future__ import annotations

import pytest
from conftest import (
    REPO_ROOT,
    Distribution,
    GeneratedCodeReport,
    assert_generated_code_works,
    ingram_distributions,
)

from generator import api_changes, config, drift, pipeline

TARGETS = config.load_targets(REPO_ROOT / "pyproject.toml")


def test_both_ingram_clients_are_configured() -> None:
    assert [target.package for target in TARGETS] == ["ingram_micro_reseller", "ingram_micro_vendor"]


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
def test_committed_client_matches_a_fresh_generation(target: config.Target) -> None:
    generated = pipeline.generate(
        target.spec, target.package, overlays=target.overlays, version=target.version
    )
    # As `generate` writes it: with the changelog, kept as it is when the surface did not change.
    regenerated = api_changes.with_changelog(generated.files, generated.api, target.output)
    assert not regenerated.changes
    label = target.output.relative_to(REPO_ROOT).as_posix()
    result = drift.compare(regenerated.files, target.output, label)
    assert result.clean, "run `.venv/bin/clientgen generate` if the change is intended\n" + "".join(
        result.diff
    )


@pytest.mark.parametrize("distribution", ingram_distributions(), ids=lambda d: d.label)
def test_committed_client_type_checks_imports_and_passes_its_tests(
    distribution: Distribution, generated_code_report: GeneratedCodeReport
) -> None:
    assert_generated_code_works(generated_code_report, distribution)
