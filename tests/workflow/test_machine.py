"""The python-statemachine class, the diagrams, persistence without replay, and the ``flow`` command."""

from __future__ import annotations

import argparse
import asyncio
import re
from pathlib import Path

import pytest
import yaml

import bankcomplaints as bc
from bankcomplaints.commands import flow
from bankcomplaints.workflow import engine, machine
from bankcomplaints.workflow.definition import workflow_to_dict
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW
from tests.workflow.helpers import ACTORS, at, decision_notice, give_feedback, received, walk

DOCS = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"


def test_the_class_is_built_once_and_knows_every_state() -> None:
    cls = machine.machine_class(STANDARD_WORKFLOW)
    assert cls is machine.machine_class(STANDARD_WORKFLOW)
    assert {state.id for state in cls.states} == set(STANDARD_WORKFLOW.states)
    assert {state.id for state in cls.final_states} == set(STANDARD_WORKFLOW.final)


def _edges(text: str) -> set[tuple[str, str, str]]:
    found = re.findall(r"^\s+(\w+) --> (\w+) : (.+)$", text, flags=re.MULTILINE)
    return {(source, target, label.split(" [")[0].lower().replace(" ", "_")) for source, target, label in found}


def test_our_mermaid_keeps_every_edge_python_statemachine_draws() -> None:
    theirs = _edges(f"{machine.machine_class(STANDARD_WORKFLOW):mermaid}")
    ours = _edges(machine.mermaid(STANDARD_WORKFLOW))
    assert theirs <= ours
    assert ours == {(t.source, t.target, t.trigger) for t in STANDARD_WORKFLOW.transitions}


def test_dot_has_one_edge_per_transition_and_needs_no_graphviz() -> None:
    text = machine.dot(STANDARD_WORKFLOW)
    assert text.startswith('digraph "cn-branch-standard" {') and text.rstrip().endswith("}")
    assert text.count(" -> ") == len(STANDARD_WORKFLOW.transitions) + 1
    assert '"in_mediation" [label="in mediation"];' in text
    assert "pause CN-CBIRC-2020 handling_decision (mediation)" in text


def test_the_docs_show_the_generated_diagram() -> None:
    blocks = re.findall(r"```mermaid\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert blocks and blocks[0] == machine.mermaid(STANDARD_WORKFLOW)


def test_a_stored_complaint_continues_without_replay() -> None:
    complaint = received()
    hour = walk(complaint, "resolving")
    trail = complaint.collect_events()
    loaded = bc.from_json(bc.to_json(complaint), bc.Complaint)
    assert loaded == complaint and loaded.status == "resolving" and loaded.pending_events == ()
    assert machine.machine_for(loaded, STANDARD_WORKFLOW).current_state_value == "resolving"
    engine.advance(loaded, "notify_decision", actor=ACTORS["specialist"], now=at(hour),
                   notice=decision_notice(at(hour)))
    engine.advance(loaded, "await_feedback", actor=ACTORS["front_line"], now=at(hour + 1))
    give_feedback(loaded, at(hour + 2))
    engine.advance(loaded, "close", actor=ACTORS["specialist"], now=at(hour + 2))
    assert loaded.status == "closed"
    assert bc.verify_chain([*trail, *loaded.collect_events()]).ok


def test_a_stored_complaint_continues_on_the_machine_too() -> None:
    complaint = received()
    hour = walk(complaint, "decision_notified")
    loaded = bc.from_json(bc.to_json(complaint), bc.Complaint)
    chart = machine.machine_for(loaded, STANDARD_WORKFLOW)
    machine.send(chart, "await_feedback", actor=ACTORS["front_line"], now=at(hour))
    assert loaded.status == chart.current_state_value == "awaiting_feedback"


def test_send_translates_refusals_like_advance() -> None:
    complaint = received()
    chart = machine.machine_for(complaint, STANDARD_WORKFLOW)
    with pytest.raises(bc.InvalidTransitionError):
        machine.send(chart, "close", actor=ACTORS["specialist"], now=at(1))
    with pytest.raises(bc.PermissionDeniedError):
        machine.send(chart, "register", actor=ACTORS["auditor"], now=at(1))
    with pytest.raises(bc.GuardRejectedError) as error:
        machine.send(chart, "register", actor=ACTORS["front_line"], now=at(1))
    assert error.value.rule == "no_conflict_of_interest"


def run_flow(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    parser = argparse.ArgumentParser()
    flow.add_arguments(parser)
    assert flow.run(parser.parse_args(list(argv))) == 0
    return capsys.readouterr().out


def test_the_flow_command_prints_both_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run_flow(capsys, "--format", "mermaid") == machine.mermaid(STANDARD_WORKFLOW)
    assert run_flow(capsys, "--format", "dot") == machine.dot(STANDARD_WORKFLOW)
    document = tmp_path / "flow.yaml"
    document.write_text(yaml.safe_dump(workflow_to_dict(STANDARD_WORKFLOW), allow_unicode=True), encoding="utf-8")
    assert run_flow(capsys, "--workflow", str(document)) == machine.mermaid(STANDARD_WORKFLOW)
    document.write_text("name: broken\n", encoding="utf-8")
    with pytest.raises(bc.WorkflowDefinitionError):
        run_flow(capsys, "--workflow", str(document))


def test_the_docs_show_the_policy_table() -> None:
    from bankcomplaints.workflow.standard import STANDARD_POLICY

    rows = re.findall(r"^\| `(\w+)` \| ([\w, ]+) \|$", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert [(trigger, tuple(roles.split(", "))) for trigger, roles in rows] == STANDARD_POLICY.table()


def test_python_statemachine_listeners_see_each_transition() -> None:
    seen: list[tuple[str, str, str]] = []

    class Audit:
        def after_transition(self, event: str, source: object, target: object) -> None:
            seen.append((event, source.id, target.id))  # type: ignore[attr-defined]

    complaint = received()
    chart = machine.machine_for(complaint, STANDARD_WORKFLOW, listeners=[Audit()])
    machine.send(chart, "withdraw", actor=ACTORS["front_line"], now=at(1), reason="changed my mind")
    assert seen == [("withdraw", "received", "closed")]


def test_async_listeners_run_on_python_statemachines_async_engine() -> None:
    seen: list[str] = []

    class AsyncAudit:
        async def after_transition(self, event: str, source: object, target: object) -> None:
            seen.append(str(target.id))  # type: ignore[attr-defined]

    async def scenario() -> tuple[bc.StatusChanged, type[Exception]]:
        complaint = received()
        chart = machine.machine_for(complaint, STANDARD_WORKFLOW, listeners=[AsyncAudit()])
        event = await machine.send_async(chart, "withdraw", actor=ACTORS["front_line"], now=at(1), reason="x")
        try:
            await machine.send_async(chart, "accept", actor=ACTORS["front_line"], now=at(2))
        except bc.ComplaintError as error:
            return event, type(error)
        raise AssertionError("accept after withdrawal must be refused")

    event, refusal = asyncio.run(scenario())
    assert (event.trigger, event.target) == ("withdraw", "closed") and seen == ["closed"]
    assert refusal is bc.InvalidTransitionError
