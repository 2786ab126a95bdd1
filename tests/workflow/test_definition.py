"""Workflow values and documents: round trips, and validation errors that name the offending element."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import yaml

import bankcomplaints as bc
from bankcomplaints.workflow import definition
from bankcomplaints.workflow.definition import load_workflow, workflow_from_dict, workflow_to_dict
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW

SMALL: dict[str, Any] = {
    "name": "tiny",
    "initial": "received",
    "states": ["received", "handled", "closed"],
    "final": ["closed"],
    "roles": {"handle": ["specialist"], "close": ["manager"]},
    "transitions": [
        {"trigger": "handle", "source": "received", "target": "handled"},
        {"trigger": "close", "source": "handled", "target": "closed", "outcome": "resolved"},
    ],
}


def changed(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(SMALL)
    document.update(changes)
    return document


def refused(document: dict[str, Any]) -> bc.WorkflowDefinitionError:
    with pytest.raises(bc.WorkflowDefinitionError) as error:
        workflow_from_dict(document)
    return error.value


def test_the_standard_flow_survives_yaml_and_json() -> None:
    document = workflow_to_dict(STANDARD_WORKFLOW)
    assert load_workflow(yaml.safe_dump(document, allow_unicode=True), format="yaml") == STANDARD_WORKFLOW
    assert load_workflow(json.dumps(document, ensure_ascii=False), format="json") == STANDARD_WORKFLOW


def test_a_small_document_loads() -> None:
    workflow = workflow_from_dict(SMALL)
    assert workflow.triggers == ("handle", "close")
    assert workflow.transitions[1].outcome is bc.Outcome.RESOLVED
    assert workflow.policy.roles_for("close") == frozenset({"manager"})


def test_a_source_list_makes_one_transition_per_source() -> None:
    document = changed(
        transitions=[*SMALL["transitions"], {"trigger": "withdraw", "source": ["received", "handled"],
                                             "target": "closed", "outcome": "withdrawn"}],
        roles={**SMALL["roles"], "withdraw": ["front_line"]},
    )
    withdrawals = [t for t in workflow_from_dict(document).transitions if t.trigger == "withdraw"]
    assert [t.source for t in withdrawals] == ["received", "handled"]


def test_unknown_state_is_named() -> None:
    document = changed(transitions=[*SMALL["transitions"], {"trigger": "close", "source": "limbo",
                                                            "target": "closed"}])
    error = refused(document)
    assert "close" in error.element and "limbo" in error.message


def test_unreachable_state_is_named() -> None:
    document = changed(states=[*SMALL["states"], "orphan"],
                       transitions=[*SMALL["transitions"], {"trigger": "close", "source": "orphan",
                                                            "target": "closed"}])
    assert refused(document).element == "state 'orphan'"


def test_dead_end_is_named() -> None:
    document = changed(states=[*SMALL["states"], "stuck"], roles={**SMALL["roles"], "park": ["specialist"]},
                       transitions=[*SMALL["transitions"], {"trigger": "park", "source": "handled",
                                                            "target": "stuck"}])
    error = refused(document)
    assert error.element == "state 'stuck'" and "dead end" in error.message


def test_a_final_state_with_a_way_out_is_refused() -> None:
    document = changed(roles={**SMALL["roles"], "reopen": ["senior"]},
                       transitions=[*SMALL["transitions"], {"trigger": "reopen", "source": "closed",
                                                            "target": "handled"}])
    assert "reopen" in refused(document).element


def test_trigger_without_roles_is_named() -> None:
    assert refused(changed(roles={"handle": ["specialist"]})).element == "trigger 'close'"
    assert refused(changed(roles={**SMALL["roles"], "close": []})).element == "roles[close]"


def test_unknown_role_and_read_only_role_are_refused() -> None:
    assert "unknown role" in refused(changed(roles={**SMALL["roles"], "close": ["janitor"]})).message
    assert "read-only" in refused(changed(roles={**SMALL["roles"], "close": ["auditor"]})).message


@pytest.mark.parametrize(("key", "value", "word"), [("guards", ["psychic"], "guard"), ("cond", "psychic", "guard"),
                                                    ("action", "teleport", "action")])
def test_unknown_guard_or_action_is_named(key: str, value: Any, word: str) -> None:
    transitions = copy.deepcopy(SMALL["transitions"])
    transitions[0][key] = value
    error = refused(changed(transitions=transitions))
    name = value if isinstance(value, str) else value[0]
    assert error.element.startswith("transition handle")
    assert f"unknown {word} {name!r}" in error.message


def test_branches_need_conditions() -> None:
    transitions = [*SMALL["transitions"], {"trigger": "handle", "source": "received", "target": "closed"}]
    assert "cond" in refused(changed(transitions=transitions)).message


@pytest.mark.parametrize("name", ["send", "model", "Bad-Name", "9lives"])
def test_names_python_statemachine_cannot_take_are_refused(name: str) -> None:
    transitions = copy.deepcopy(SMALL["transitions"])
    transitions[0]["trigger"] = name
    assert name in refused(changed(transitions=transitions, roles={**SMALL["roles"], name: ["specialist"]})).message


def test_clock_actions_are_checked() -> None:
    transitions = copy.deepcopy(SMALL["transitions"])
    transitions[0]["clocks"] = [["pause", "CN-CBIRC-2020", "handling_decision"]]
    assert "detail" in refused(changed(transitions=transitions)).message
    transitions[0]["clocks"] = [["rewind", "CN-CBIRC-2020", "handling_decision"]]
    assert "rewind" in refused(changed(transitions=transitions)).message
    transitions[0]["clocks"] = [["start", "*", "*"]]
    assert "only 'stop'" in refused(changed(transitions=transitions)).message


def test_size_limits() -> None:
    with pytest.raises(bc.WorkflowDefinitionError) as error:
        load_workflow("x" * (definition.MAX_DOCUMENT_CHARS + 1))
    assert error.value.element == "document"
    many = [f"s{i}" for i in range(definition.MAX_STATES + 1)]
    assert refused(changed(states=many)).element == "states"


def test_bad_yaml_and_unknown_keys_are_refused() -> None:
    with pytest.raises(bc.WorkflowDefinitionError):
        load_workflow("name: [unclosed")
    assert "colour" in refused(changed(colour="red")).message
    assert refused(changed(transitions=[{"trigger": "x", "source": "received"}])).element == "transitions[0]"


@pytest.mark.parametrize("policy", [{"four_eyes": 5}, {"four_eyes": [5]}, {"four_eyes": [{"trigger": "close"}]},
                                    {"tiers": 5}, {"training_required": 5}])
def test_malformed_policy_sections_are_named(policy: dict[str, Any]) -> None:
    assert refused(changed(policy=policy)).element.startswith("policy")
