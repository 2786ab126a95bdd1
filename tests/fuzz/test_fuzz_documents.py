"""Fuzz: rule sets, workflows, scenario files and the CFPB importer refuse hostile documents with their own error.

Seeds are real documents (the shipped rule sets, the standard workflow, the example scenarios, the CFPB sample),
mangled as text and mutated as parsed data.
"""

from __future__ import annotations

import json
import tomllib
from importlib import resources

import yaml
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.classification.rules import RuleSet, load_rules, rules_from_mapping
from bankcomplaints.errors import InvalidComplaintDataError, RuleSetError, ScenarioError, WorkflowDefinitionError
from bankcomplaints.stats.cfpb_import import read_cfpb
from bankcomplaints.stats.records import ComplaintRecord
from bankcomplaints.testing.scenario import Scenario, ScenarioResult, load_scenario, run_scenario
from bankcomplaints.workflow.definition import Workflow, load_workflow, workflow_from_dict, workflow_to_dict
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW
from tests.fuzz.hostile import SCENARIOS, mangled_text, mutated, refuses_cleanly
from tests.shared_data import SHARED_DATA

# --- rule sets -------------------------------------------------------------------------------------------

_ZH = tomllib.loads(resources.files("bankcomplaints.classification.rulesets").joinpath("zh.toml").read_text("utf-8"))
_RULE_SEED = {**{k: v for k, v in _ZH.items() if k != "rule"}, "rule": _ZH["rule"][:6]}
_RULE_TEXTS = [
    "\n".join(f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in _RULE_SEED.items() if key != "rule")
    + "".join("\n[[rule]]\n" + "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in rule.items())
              for rule in _RULE_SEED["rule"]),
]
_RULE_YAML = [yaml.safe_dump(_RULE_SEED, allow_unicode=True)]


def _rule_outcome(result: object) -> None:
    assert isinstance(result, RuleSet | RuleSetError), type(result)


@given(mangled_text(_RULE_TEXTS))
def test_rule_sets_as_mangled_toml(text: str) -> None:
    _rule_outcome(refuses_cleanly(load_rules, text, format="toml"))


@given(mangled_text(_RULE_YAML))
def test_rule_sets_as_mangled_yaml(text: str) -> None:
    _rule_outcome(refuses_cleanly(load_rules, text, format="yaml"))


@given(mutated(st.just(_RULE_SEED)))
def test_rule_sets_as_mutated_data(data: object) -> None:
    _rule_outcome(refuses_cleanly(rules_from_mapping, data))


# --- workflows -------------------------------------------------------------------------------------------

_WORKFLOW_DOC = workflow_to_dict(STANDARD_WORKFLOW)
_WORKFLOW_YAML = [yaml.safe_dump(_WORKFLOW_DOC, allow_unicode=True, sort_keys=False)]
_WORKFLOW_JSON = [json.dumps(_WORKFLOW_DOC, ensure_ascii=False, indent=1)]


def _workflow_outcome(result: object) -> None:
    assert isinstance(result, Workflow | WorkflowDefinitionError), type(result)


@given(mangled_text(_WORKFLOW_YAML))
def test_workflows_as_mangled_yaml(text: str) -> None:
    _workflow_outcome(refuses_cleanly(load_workflow, text, format="yaml"))


@given(mangled_text(_WORKFLOW_JSON))
def test_workflows_as_mangled_json(text: str) -> None:
    _workflow_outcome(refuses_cleanly(load_workflow, text, format="json"))


@given(mutated(st.just(_WORKFLOW_DOC)))
def test_workflows_as_mutated_data(data: object) -> None:
    _workflow_outcome(refuses_cleanly(workflow_from_dict, data))  # type: ignore[arg-type]


# --- scenario files --------------------------------------------------------------------------------------

_SCENARIO_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SCENARIOS.glob("*.yaml"))]


@given(mangled_text(_SCENARIO_TEXTS))
def test_scenario_files_mangled_then_run(text: str) -> None:
    scenario = refuses_cleanly(load_scenario, text, source="fuzz.yaml")
    if isinstance(scenario, Scenario):
        result = refuses_cleanly(run_scenario, scenario)
        assert isinstance(result, ScenarioResult | ScenarioError), type(result)
    else:
        assert isinstance(scenario, ScenarioError), type(scenario)


@given(mutated(st.sampled_from(_SCENARIO_TEXTS).map(yaml.safe_load)))
def test_scenario_documents_mutated_then_run(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, default=str)
    scenario = refuses_cleanly(load_scenario, text, source="fuzz.json", format="json")
    if isinstance(scenario, Scenario):
        result = refuses_cleanly(run_scenario, scenario)
        assert isinstance(result, ScenarioResult | ScenarioError), type(result)
    else:
        assert isinstance(scenario, ScenarioError), type(scenario)


# --- the CFPB importer -----------------------------------------------------------------------------------

_CFPB = (SHARED_DATA / "cfpb_complaints_sample.csv").read_text(encoding="utf-8").splitlines(keepends=True)
_CFPB_SEEDS = ["".join(_CFPB[:8]), "".join(_CFPB[:1] + _CFPB[40:44])]


@given(mangled_text(_CFPB_SEEDS), st.none() | st.integers(0, 5))
def test_cfpb_csv_mangled(text: str, max_rows: int | None) -> None:
    def read_all() -> list[ComplaintRecord]:
        return list(read_cfpb(text.splitlines(keepends=True), max_rows=max_rows))

    result = refuses_cleanly(read_all)
    assert isinstance(result, list | InvalidComplaintDataError), type(result)
