"""Generated packages load piece by piece: importing one costs little, touching a resource or
a model loads that one's module (and the models it refers to), nothing else."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    REPO_ROOT,
    ApiBuilder,
    Distribution,
    case_distribution,
    ingram_distributions,
    openapi_document,
)

from generator import formatting, model_modules, pipeline, render, writer

RESELLER = ingram_distributions()[0]
# Prints the package's submodules loaded after each step.
PROBE = """
import json, sys
package = sys.argv[1]
steps = {}
def loaded():
    return sorted(name[len(package) + 1:] for name in sys.modules if name.startswith(package + "."))
module = __import__(package)
steps["import"] = loaded()
steps["libraries at import"] = sorted(name for name in ("httpx", "pydantic") if name in sys.modules)
client = module.Client(base_url="http://localhost", client_id="id", client_secret="secret")
getattr(client, sys.argv[2])
steps["resource"] = loaded()
getattr(module.models, sys.argv[3])
steps["model"] = loaded()
getattr(module.operations, sys.argv[4])
steps["builder"] = loaded()
print(json.dumps(steps))
"""


def run_python(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """`python -c script` in `folder`, where a generated package is importable."""
    return subprocess.run(
        [sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, check=False
    )


def probe(distribution: Distribution, resource: str, model: str, builder: str) -> dict[str, list[str]]:
    command = [sys.executable, "-c", PROBE, distribution.package, resource, model, builder]
    result = subprocess.run(command, cwd=distribution.root, capture_output=True, text=True, check=True)
    return dict(json.loads(result.stdout))


def test_importing_the_package_loads_nothing_until_a_name_is_used() -> None:
    steps = probe(RESELLER, "orders", "Order", "get_catalog")
    assert steps["import"] == [] and steps["libraries at import"] == []
    assert "client" in steps["resource"] and "_base_client" in steps["resource"]
    assert [name for name in steps["resource"] if name.startswith("resources.")] == ["resources.orders"]
    new_models = sorted(
        name for name in set(steps["model"]) - set(steps["resource"]) if name.startswith("models.")
    )
    assert new_models == ["models.order"]  # Order, with OrderLinesItem declared inside it
    # The catalog's module, and the runtime's pagination, which only it (of the three resources) uses.
    assert sorted(set(steps["builder"]) - set(steps["model"])) == ["_pagination", "resources.catalog"]


def test_schemas_in_a_cycle_share_a_module_and_the_imports_between_modules_have_none() -> None:
    api, _ = pipeline.load_api(REPO_ROOT / "tests" / "cases" / "recursive" / "spec.yaml", "pkg")
    modules = {module.name: module for module in model_modules.model_modules(api)}
    assert modules["company"].names == [
        "Company",
        "Person",
    ]  # Person.employer: Company, Company.staff: [Person]
    assert modules["node"].names == ["Node"]  # refers only to itself
    assert all(module.imports == () for module in modules.values())


@pytest.mark.parametrize("spec", ["polymorphism", "discriminators", "recursive", "all_of"])
def test_model_modules_import_each_other_without_a_cycle(spec: str) -> None:
    api, _ = pipeline.load_api(REPO_ROOT / "tests" / "cases" / spec / "spec.yaml", "pkg")
    imports = {
        module.name: {name for name, _ in module.imports} for module in model_modules.model_modules(api)
    }
    done: set[str] = set()
    while len(done) < len(imports):
        ready = {name for name, needs in imports.items() if name not in done and needs <= done}
        assert ready, f"a cycle among {sorted(set(imports) - done)}"
        done |= ready
    assert any(imports.values()) or spec == "recursive"


def test_every_model_is_reachable_through_the_lazy_package() -> None:
    distribution = case_distribution("polymorphism")
    script = (
        "import json, sys; from case_polymorphism import models; "
        "print(json.dumps({n: getattr(v, '__module__', 'alias') if isinstance(v := getattr(models, n), type) "
        "else 'alias' for n in models.__all__}))"
    )
    result = run_python(script, distribution.root)
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout)
    assert modules["AnyPet"] == "alias"
    classes = [module for module in modules.values() if module != "alias"]
    assert len(classes) == 4 and all(module.startswith("case_polymorphism.models.") for module in classes)
    missing = run_python("from case_polymorphism import models; models.NoSuchModel", distribution.root)
    assert (
        "AttributeError: module 'case_polymorphism.models' has no attribute 'NoSuchModel'" in missing.stderr
    )


def test_long_declarations_import_what_they_use(build_api: ApiBuilder, tmp_path: Path) -> None:
    """A form chosen for long lines (`Field(default=...)`, for a long enum default) brings its import."""
    long_default = {"type": "string", "enum": ["enabled", "disabled"], "default": "disabled"}
    schemas = {
        "CodeSecurityCreateConfigurationForEnterpriseRequest": {
            "type": "object",
            "properties": {"code_scanning_delegated_alert_dismissal": long_default},
        },
    }
    api, _ = build_api(openapi_document(schemas=schemas), package="pkg")
    files = formatting.format_files(render.render(api))
    writer.write(files, tmp_path)
    script = (
        "from pkg import models; "
        "print(models.CodeSecurityCreateConfigurationForEnterpriseRequest().code_scanning_delegated_alert_dismissal)"
    )
    result = run_python(script, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "DISABLED" in result.stdout
    module = files["pkg/models/code_security_create_configuration_for_enterprise_request.py"]
    assert "= Field(\n        default=" in module  # the form under test is the one written


def test_model_modules_never_take_a_name_the_lazy_index_uses(build_api: ApiBuilder, tmp_path: Path) -> None:
    """Importing `models/getattr.py` would bind `getattr` in `models/__init__.py`, which calls it."""
    schemas = {name: {"type": "object"} for name in ("getattr", "globals", "dict", "Thing")}
    api, _ = build_api(openapi_document(schemas=schemas), package="pkg")
    modules = {module.name for module in model_modules.model_modules(api)}
    assert modules.isdisjoint({"getattr", "globals", "dict"}), modules
    writer.write(formatting.format_files(render.render(api)), tmp_path)
    script = "from pkg import models; models.Getattr(); models.Globals(); models.Dict(); models.Thing()"
    result = run_python(script, tmp_path)
    assert result.returncode == 0, result.stderr


def test_every_name_the_package_exports_resolves_on_first_use() -> None:
    distribution = case_distribution("webhooks")
    script = (
        "import json, types; import case_webhooks as package; from case_webhooks import *; "
        "print(json.dumps({n: isinstance(getattr(package, n), types.ModuleType) for n in package.__all__}))"
    )
    result = run_python(script, distribution.root)
    assert result.returncode == 0, result.stderr
    is_module = json.loads(result.stdout)
    assert sorted(name for name, module in is_module.items() if module) == [
        "models",
        "operations",
        "webhooks",
    ]
    assert is_module["Client"] is False and is_module["APIError"] is False
    missing = run_python("import case_webhooks; case_webhooks.NoSuchName", distribution.root)
    assert "AttributeError: module 'case_webhooks' has no attribute 'NoSuchName'" in missing.stderr


def test_schemas_declared_inside_another_live_in_its_module(build_api: ApiBuilder, tmp_path: Path) -> None:
    """A schema's inline objects and enums share its module; a reference into one of them from
    another schema imports it from there, and modules that would import each other are merged."""
    schemas = {
        "Order": {
            "type": "object",
            "properties": {
                "status": {"type": "string", "enum": ["open", "shipped"]},
                "lines": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"sku": {"type": "string"}}},
                },
                "customer": {"$ref": "#/components/schemas/Customer"},
                # Refers to Return, which refers into Order's inline items: one module for both.
                "note": {
                    "type": "object",
                    "properties": {"returned": {"$ref": "#/components/schemas/Return"}},
                },
            },
        },
        "Customer": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Return": {
            "type": "object",
            "properties": {"line": {"$ref": "#/components/schemas/Order/properties/lines/items"}},
        },
    }
    api, _ = build_api(openapi_document(schemas=schemas), package="pkg")
    enclosing = {model.name: model.enclosing for model in api.models}
    enclosing.update({enum.name: enum.enclosing for enum in api.enums})
    assert enclosing == {
        "Order": "",
        "OrderLinesItem": "Order",
        "OrderNote": "Order",
        "OrderStatus": "Order",
        "Customer": "",
        "Return": "",
    }
    modules = {module.name: module for module in model_modules.model_modules(api)}
    assert sorted(modules) == ["customer", "order"]
    assert modules["order"].names == ["Order", "OrderLinesItem", "OrderNote", "OrderStatus", "Return"]
    assert modules["order"].roots == ("Order", "Return")
    writer.write(formatting.format_files(render.render(api)), tmp_path)
    script = (
        "from pkg import models; "
        "order = models.Order.model_validate({'status': 'open', 'lines': [{'sku': 'A1'}], "
        "'note': {'returned': {'line': {'sku': 'A1'}}}, 'customer': {'name': 'Ann'}}); "
        "print(order.note.returned.line.sku, order.status.value, order.customer.name)"
    )
    result = run_python(script, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["A1", "open", "Ann"]
