"""Benchmark: complete complaint lifecycles through ``advance`` against python-statemachine, in the same run.

Each lifecycle receives a complaint and takes it to closed and archived through the standard flow:
11 workflow steps (register, accept, triage, investigate, extend the deadline, approve liability, plan the
resolution, notify the decision, await feedback, close, archive) plus the 4 liability operations the
guards need (evidence, finding, liability, feedback): 15 actions, about 30 events, 4 clock operations.

Runs, on the same lifecycles:

* ``advance``: the compiled transition table (:func:`bankcomplaints.workflow.engine.advance`);
* ``python-statemachine``: a machine instance created per complaint on the cached class of the same
  workflow (:func:`bankcomplaints.workflow.machine.machine_for`), driven with ``send()``; it performs the
  same checks, events and clocks, so the difference is the dispatch;
* the recorded work alone (the engine's ``perform`` on the known branch: actions, events, clocks), so the
  dispatch overhead of each engine shows as its time above it;
* the dispatch alone: ``advance``'s table lookup and checks against a bare python-statemachine instance
  (no callbacks) per lifecycle, and the floor, a bare dict-lookup walk of the same table.

The runs are interleaved in batches of 100 lifecycles, so that load from other processes hits them alike,
after one untimed lifecycle each (the first lifecycle in a process builds the JSON converters).

    .venv/bin/python benchmarks/bench_workflow.py [--quick]
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pendulum
from statemachine.io import create_machine_class_from_definition

import bankcomplaints as bc
from bankcomplaints import liability as lb
from bankcomplaints.workflow import engine, machine
from bankcomplaints.workflow.definition import Step
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW

START = pendulum.datetime(2026, 10, 9, 9, tz="Asia/Shanghai")
FRONT = bc.Actor(id="F-1", role="front_line")
SPECIALIST = bc.Actor(id="S-1", role="specialist")
MANAGER = bc.Actor(id="M-1", role="manager")
SYSTEM = bc.Actor.system()
HANDLER = bc.StaffRef(id="S-1", role="specialist")
DIGEST = hashlib.sha256(b"atm log").hexdigest()


def _investigate(complaint: bc.Complaint, now: pendulum.DateTime) -> None:
    lb.collect_evidence(complaint, actor=SPECIALIST, now=now, id="E1", kind="transaction_record", source="core",
                        description="ATM log", collected_by=HANDLER, sha256=DIGEST)
    lb.record_finding(complaint, actor=SPECIALIST, now=now, id="F1", statement="card retained", established=True,
                      evidence_ids=["E1"])
    lb.determine_liability(complaint, actor=SPECIALIST, now=now, root_cause="system", reasons="ATM fault",
                           parties=[lb.ResponsibleParty(kind="branch", ref="BJ", share=Decimal(100),
                                                        finding_ids=("F1",))])


def _feedback(complaint: bc.Complaint, now: pendulum.DateTime) -> None:
    lb.record_feedback(complaint, actor=FRONT, now=now, satisfaction="satisfied", channel="phone")


def _notice(now: pendulum.DateTime) -> dict[str, Any]:
    return {"notice": lb.DecisionNotice(findings=("F1",), basis="contract", reasons="ATM fault", outcome="upheld",
                                        channel="sms", delivered_at=now, proof="SMS-1")}


#: (trigger, actor, inputs at time t, liability operation before the step)
LIFECYCLE: tuple[tuple[str, bc.Actor, Callable[[pendulum.DateTime], dict[str, Any]],
                       Callable[[bc.Complaint, pendulum.DateTime], None] | None], ...] = (
    ("register", FRONT, lambda now: {"handler": HANDLER, "no_conflict_declared": True}, None),
    ("accept", SPECIALIST, lambda now: {}, None),
    ("triage", SPECIALIST, lambda now: {"kind": bc.Kind.COMPLAINT}, None),
    ("investigate", SPECIALIST, lambda now: {}, None),
    ("extend_deadline", SPECIALIST, lambda now: {"reason": "complex"}, None),
    ("approve_liability", MANAGER, lambda now: {}, _investigate),
    ("plan_resolution", SPECIALIST, lambda now: {"summary": "return the card"}, None),
    ("notify_decision", SPECIALIST, _notice, None),
    ("await_feedback", FRONT, lambda now: {}, None),
    ("close", SPECIALIST, lambda now: {}, _feedback),
    ("archive", SYSTEM, lambda now: {}, None),
)
ARCHIVE_DELAY_DAYS = 40


def _received(index: int) -> bc.Complaint:
    return bc.Complaint.receive(id=f"C-{index}", actor=FRONT, now=START,
                                complainant=bc.CustomerRef(id=f"K-{index}", name="王芳"), salt="s")


def _script() -> list[tuple[str, bc.Actor, pendulum.DateTime, dict[str, Any],
                            Callable[[bc.Complaint, pendulum.DateTime], None] | None]]:
    """One lifecycle's steps with their instants and inputs, built before the timing: a host reads ``now`` from
    its clock and builds its inputs whichever engine it uses, so neither contender is timed doing the harness's
    work. Each lifecycle gets its own datetime objects, as a host's calls would (caches keyed by identity miss)."""
    script = []
    for hour, (trigger, actor, inputs, prepare) in enumerate(LIFECYCLE, start=1):
        now = START.add(hours=hour, days=ARCHIVE_DELAY_DAYS if trigger == "archive" else 0)
        script.append((trigger, actor, now, inputs(now), prepare))
    return script


def _run(count: int, fire: Callable[[Any, bc.Complaint, str, bc.Actor, pendulum.DateTime, dict[str, Any]], None],
         make: Callable[[bc.Complaint], Any]) -> tuple[float, int]:
    scripts = [_script() for _ in range(count)]
    events = 0
    began = time.perf_counter()
    for index, script in enumerate(scripts):
        complaint = _received(index)
        handle = make(complaint)
        for trigger, actor, now, inputs, prepare in script:
            if prepare is not None:
                prepare(complaint, now)
            fire(handle, complaint, trigger, actor, now, inputs)
        assert complaint.status == "archived"
        events += len(complaint.collect_events())
    return time.perf_counter() - began, events


def _advance(_: Any, complaint: bc.Complaint, trigger: str, actor: bc.Actor, now: pendulum.DateTime,
             inputs: dict[str, Any]) -> None:
    engine.advance(complaint, trigger, actor=actor, now=now, **inputs)


def _send(chart: Any, _: bc.Complaint, trigger: str, actor: bc.Actor, now: pendulum.DateTime,
          inputs: dict[str, Any]) -> None:
    machine.send(chart, trigger, actor=actor, now=now, **inputs)


def _perform_only(_: Any, complaint: bc.Complaint, trigger: str, actor: bc.Actor, now: pendulum.DateTime,
                  inputs: dict[str, Any]) -> None:
    """The same recorded work without dispatch: the branch is taken as known, no permission or guard runs."""
    step = Step(trigger=trigger, actor=actor, now=now, inputs=inputs, workflow=STANDARD_WORKFLOW)
    branches = engine.compile_workflow(STANDARD_WORKFLOW).table[(complaint.status, trigger)]
    engine.perform(complaint, branches[0], step)


def _dispatch(count: int) -> dict[str, float]:
    """The dispatch alone on the lifecycle's triggers: table and checks, bare python-statemachine, dict floor."""
    compiled = engine.compile_workflow(STANDARD_WORKFLOW)
    states: dict[str, Any] = {state: {"initial": state == STANDARD_WORKFLOW.initial,
                                      "final": state in STANDARD_WORKFLOW.final} for state in STANDARD_WORKFLOW.states}
    for (source, trigger), branches in compiled.table.items():
        states[source].setdefault("on", {})[trigger] = [{"target": b.transition.target} for b in branches[:1]]
    bare = create_machine_class_from_definition("Bare", states=states, allow_event_without_transition=False)
    floor = {key: branches[0].transition.target for key, branches in compiled.table.items()}
    complaint = _received(0)
    steps = [Step(trigger=trigger, actor=actor, now=START, inputs=inputs(START), workflow=STANDARD_WORKFLOW)
             for trigger, actor, inputs, _ in LIFECYCLE]
    results: dict[str, float] = {}

    began = time.perf_counter()
    for _ in range(count):
        status = "received"
        for step in steps:  # what advance does before recording: lookup, permission, branch selection
            branches = compiled.table[(status, step.trigger)]
            engine.permit(complaint, step)
            branch = next(b for b in branches if b.cond is None or b.cond(complaint, step) is None)
            status = branch.transition.target
    results["table"] = time.perf_counter() - began

    began = time.perf_counter()
    for _ in range(count):
        chart = bare()
        for step in steps:
            chart.send(step.trigger)
    results["bare python-statemachine"] = time.perf_counter() - began

    began = time.perf_counter()
    for _ in range(count):
        status = "received"
        for step in steps:
            status = floor[(status, step.trigger)]
    results["dict floor"] = time.perf_counter() - began
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 lifecycles instead of 2,000")
    count = 200 if parser.parse_args().quick else 2000
    machine.machine_class(STANDARD_WORKFLOW)  # build the cached class outside the timing, like the table
    engine.compile_workflow(STANDARD_WORKFLOW)
    runs: dict[str, tuple[Any, Any]] = {
        "advance": (_advance, lambda complaint: None),
        "python-statemachine": (_send, lambda complaint: machine.machine_for(complaint, STANDARD_WORKFLOW)),
        "recorded work only": (_perform_only, lambda complaint: None),
    }
    for fire, make in runs.values():  # one untimed lifecycle each: the first builds the JSON converters (~60 ms)
        _run(1, fire, make)
    seconds = dict.fromkeys(runs, 0.0)
    events = dict.fromkeys(runs, 0)
    batch = 100
    for _ in range(count // batch):  # interleaved batches, so that load from other processes hits all alike
        for name, (fire, make) in runs.items():
            spent, recorded = _run(batch, fire, make)
            seconds[name] += spent
            events[name] += recorded
    assert len(set(events.values())) == 1
    fast, slow, floor = seconds["advance"], seconds["python-statemachine"], seconds["recorded work only"]
    print(f"{count} lifecycles, {len(LIFECYCLE)} workflow steps + 4 liability operations each, "
          f"{events['advance']} events ({events['advance'] / count:.0f} per lifecycle)")
    for name, spent in seconds.items():
        print(f"  {name:22s} {spent:8.3f} s  {spent / count * 1e3:7.3f} ms/lifecycle")
    print(f"  ratio python-statemachine / advance: {slow / fast:.2f}x")
    print(f"  time over the recorded work alone: advance {fast / floor:.3f}x "
          f"({(fast - floor) / count * 1e6:+.0f} us/lifecycle), python-statemachine {slow / floor:.2f}x "
          f"({(slow - floor) / count * 1e6:+.0f} us/lifecycle)")
    dispatch = _dispatch(count)
    table = dispatch["table"]
    print("dispatch alone (no events, clocks or liability operations):")
    for name, spent in dispatch.items():
        print(f"  {name:26s} {spent * 1e3:8.2f} ms  {spent / count * 1e6:8.2f} us/lifecycle  "
              f"{spent / table:7.2f}x the table")


if __name__ == "__main__":
    main()
