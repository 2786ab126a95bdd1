"""Scenario files: a test team scripts a complaint's life in YAML or JSON and checks what the library does.

A scenario names its regimes, its workflow and the instant its clock starts, then lists steps.
Each step happens ``at`` an instant (absolute, or ``+2h``/``+3d`` after the step before), by an
``actor``, doing an ``action`` with ``inputs``, and may state what must follow::

    name: counter complaint, registered and triaged
    regime: CN-CBIRC-2020
    start: 2026-09-30T09:00:00+08:00
    actors:
      clerk: {id: S-1, role: front_line}
    steps:
      - action: receive
        actor: clerk
        inputs: {id: C-1, complainant: {id: K-1, name: 王芳}, narrative: ATM吞卡}
        expect_status: received
      - at: +1h
        actor: clerk
        action: register
        inputs: {handler: {id: H-1, role: specialist}, no_conflict_declared: true}
        expect_status: registered

Expectations: ``expect_status`` (the complaint's status), ``expect_priority`` (``P1``…``P4`` or ``null``),
``expect_due`` (``{clock: instant-or-date}``), ``expect_error`` (the name of the ComplaintError class
the step must raise, or of a base class) and ``expect_flags`` (flags that must hold; ``"!flag"`` must not).
A refused step must also leave the complaint (its clocks included) and its pending events exactly as before;
the runner checks that on every refusal.

The document is validated strictly before anything runs: unknown keys, wrong types, times going
backwards, unknown actions, regimes or clocks are a :class:`~bankcomplaints.errors.ScenarioError`
naming the step index and field. Limits: :data:`MAX_SCENARIO_BYTES` per file, :data:`MAX_STEPS` steps.
YAML is read with ``yaml.safe_load`` rules (no object construction) and anchors and aliases are refused.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pendulum
import yaml

from bankcomplaints.complaint import Complaint
from bankcomplaints.errors import ComplaintError, InvalidComplaintDataError, ScenarioError
from bankcomplaints.serialization import structure, unstructure
from bankcomplaints.testing.scenario_actions import CLOCK_ACTIONS, ScenarioState, instant, operation
from bankcomplaints.values import Actor

__all__ = [
    "MAX_SCENARIO_BYTES",
    "MAX_STEPS",
    "Scenario",
    "ScenarioResult",
    "ScenarioStep",
    "StepResult",
    "complaint_flags",
    "load_scenario",
    "read_scenario",
    "run_files",
    "run_scenario",
]

#: The largest scenario file read, in bytes.
MAX_SCENARIO_BYTES = 1_000_000
#: The most steps one scenario may have.
MAX_STEPS = 1_000

_TOP_KEYS = frozenset({"name", "description", "regime", "regimes", "workflow", "start", "timezone", "actors", "steps"})
_STEP_KEYS = frozenset({"at", "actor", "action", "inputs", "note", "expect_status", "expect_due", "expect_error",
                        "expect_flags", "expect_priority"})
_RELATIVE = re.compile(r"^\+(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


@attrs.frozen(kw_only=True)
class ScenarioStep:
    """One validated step: when, who, what, with which inputs, and what must follow."""

    index: int
    at: pendulum.DateTime
    actor: Actor | None
    action: str
    inputs: Mapping[str, Any] = attrs.field(factory=dict)
    note: str = ""
    expect_status: str | None = None
    expect_due: Mapping[str, Any] | None = None
    expect_error: str | None = None
    expect_flags: tuple[str, ...] | None = None
    expect_priority: str | None = None
    checks_priority: bool = False


@attrs.frozen(kw_only=True)
class Scenario:
    """A validated scenario, ready to run."""

    name: str
    source: str
    description: str
    regimes: tuple[str, ...]
    workflow: Any
    start: pendulum.DateTime
    timezone: str
    steps: tuple[ScenarioStep, ...]


@attrs.frozen(kw_only=True)
class StepResult:
    """What one step did: passed, or the failures (each says what was expected and what happened)."""

    index: int
    action: str
    failures: tuple[str, ...] = ()
    error: str | None = None

    @property
    def passed(self) -> bool:
        """No expectation failed."""
        return not self.failures


@attrs.frozen(kw_only=True)
class ScenarioResult:
    """The outcome of :func:`run_scenario`: every step's result, and the complaint as it ended."""

    name: str
    source: str
    steps: tuple[StepResult, ...]
    complaint: Complaint | None = attrs.field(eq=False, repr=False)

    @property
    def passed(self) -> bool:
        """Every step passed."""
        return all(step.passed for step in self.steps)

    @property
    def failures(self) -> tuple[str, ...]:
        """Every failure, as ``step N (action): message``."""
        return tuple(f"step {step.index} ({step.action}): {failure}" for step in self.steps
                     for failure in step.failures)


# --- reading and validating ------------------------------------------------------------------------


class _NoAliasLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses anchors and aliases (no exponential documents)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise ScenarioError(f"line {mark.line + 1}", "YAML aliases are not allowed in scenarios")
        return super().compose_node(parent, index)


def read_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate the scenario file at ``path`` (``.json`` as JSON, anything else as YAML).

    Raises:
        ScenarioError: the file is larger than :data:`MAX_SCENARIO_BYTES` or invalid.
        OSError: the file cannot be read.
    """
    file = Path(path)
    size = file.stat().st_size
    if size > MAX_SCENARIO_BYTES:
        raise ScenarioError(str(file), f"is {size} bytes; the limit is {MAX_SCENARIO_BYTES}")
    return load_scenario(file.read_bytes(), source=str(file), format="json" if file.suffix == ".json" else "yaml")


def load_scenario(text: str | bytes, *, source: str = "<scenario>", format: str = "yaml") -> Scenario:
    """Parse and validate a scenario document.

    Args:
        text: the document.
        source: where it came from (shown in results).
        format: ``"yaml"`` or ``"json"``.
    Returns:
        The validated scenario.
    Raises:
        ScenarioError: the document is too large, unparsable or invalid; ``where`` names the step and field.
    """
    if len(text) > MAX_SCENARIO_BYTES:
        raise ScenarioError(source, f"is {len(text)} bytes; the limit is {MAX_SCENARIO_BYTES}")
    try:
        document = json.loads(text) if format == "json" else yaml.load(text, Loader=_NoAliasLoader)
    except ScenarioError:
        raise
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise ScenarioError(source, f"not valid {format.upper()}: {exc}") from None
    return _validate(document, source)


def _need(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise ScenarioError(where, message)


def _text(value: object, where: str) -> str:
    _need(isinstance(value, str) and bool(value.strip()), where, f"must be non-empty text, not {value!r}")
    return str(value)


def _workflow(value: object) -> Any:
    from bankcomplaints.workflow.definition import workflow_from_dict
    from bankcomplaints.workflow.standard import STANDARD_WORKFLOW

    if value is None or value == STANDARD_WORKFLOW.name:
        return STANDARD_WORKFLOW
    if isinstance(value, Mapping):
        try:
            return workflow_from_dict(value)
        except ComplaintError as exc:
            raise ScenarioError("workflow", str(exc)) from None
    raise ScenarioError("workflow", f"{value!r} is neither {STANDARD_WORKFLOW.name!r} nor a workflow document")


def _regimes(document: Mapping[str, Any]) -> tuple[str, ...]:
    from bankcomplaints.workflow import regimes

    _need(("regime" in document) != ("regimes" in document), "regime", "give exactly one of regime or regimes")
    raw = document.get("regime", document.get("regimes"))
    codes = (raw,) if isinstance(raw, str) else raw
    _need(isinstance(codes, list | tuple) and bool(codes), "regime", "must be a regime code or a list of them")
    for index, code in enumerate(codes):
        try:
            regimes.get(_text(code, f"regimes[{index}]"))
        except ComplaintError as exc:
            raise ScenarioError(f"regimes[{index}]", str(exc)) from None
    return tuple(codes)


def _actor(value: object, actors: Mapping[str, Actor], where: str) -> Actor:
    if isinstance(value, str):
        _need(value in actors, where, f"unknown actor {value!r}; declared: {', '.join(actors) or 'none'}")
        return actors[value]
    try:
        return structure(value, Actor)
    except InvalidComplaintDataError as exc:
        raise ScenarioError(where, str(exc)) from None


def _at(value: object, previous: pendulum.DateTime, zone: str, where: str) -> pendulum.DateTime:
    if value is None:
        return previous
    if isinstance(value, str) and value.startswith("+"):
        match = _RELATIVE.match(value.replace(" ", ""))
        _need(match is not None and value.strip() != "+", where, f"{value!r} is not a duration such as +2h or +1d30m")
        assert match is not None
        weeks, days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
        return previous.add(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    moment = instant(value, zone, where)
    _need(moment >= previous, where, f"{moment.isoformat()} is earlier than the step before ({previous.isoformat()})")
    return moment


def _validate(document: object, source: str) -> Scenario:
    _need(isinstance(document, Mapping), "document", "must be a mapping with name, regime, start and steps")
    assert isinstance(document, Mapping)
    unknown = sorted(set(map(str, document)) - _TOP_KEYS)
    _need(not unknown, str(unknown[0]) if unknown else "", f"unknown field; allowed: {', '.join(sorted(_TOP_KEYS))}")
    zone = document.get("timezone", "Asia/Shanghai")
    try:
        pendulum.timezone(_text(zone, "timezone"))
    except ScenarioError:
        raise
    except Exception:
        raise ScenarioError("timezone", f"unknown time zone {zone!r}") from None
    _need("start" in document, "start", "required: the instant the scenario's clock starts")
    start = instant(document["start"], zone, "start")
    codes = _regimes(document)
    workflow = _workflow(document.get("workflow"))
    raw_actors = document.get("actors", {})
    _need(isinstance(raw_actors, Mapping), "actors", "must map names to {id, role}")
    actors = {str(name): _actor(value, {}, f"actors.{name}") for name, value in raw_actors.items()}
    raw_steps = document.get("steps")
    _need(isinstance(raw_steps, list) and bool(raw_steps), "steps", "required: a non-empty list of steps")
    assert isinstance(raw_steps, list)
    _need(len(raw_steps) <= MAX_STEPS, "steps", f"{len(raw_steps)} steps; the limit is {MAX_STEPS}")
    steps: list[ScenarioStep] = []
    now = start
    for index, raw in enumerate(raw_steps):
        step = _step(raw, index, previous=now, zone=zone, actors=actors, workflow=workflow)
        now = step.at
        steps.append(step)
    _need(steps[0].action == "receive", "steps[0].action", "the first step must be receive")
    name = document.get("name", Path(source).stem)
    description = document.get("description", "")
    _need(isinstance(description, str), "description", "must be text")
    return Scenario(name=_text(name, "name"), source=source, description=description, regimes=codes,
                    workflow=workflow, start=start, timezone=zone, steps=tuple(steps))


def _step(raw: object, index: int, *, previous: pendulum.DateTime, zone: str, actors: Mapping[str, Actor],
          workflow: Any) -> ScenarioStep:
    where = f"steps[{index}]"
    _need(isinstance(raw, Mapping), where, "must be a mapping with action, actor and inputs")
    assert isinstance(raw, Mapping)
    unknown = sorted(set(map(str, raw)) - _STEP_KEYS)
    _need(not unknown, f"{where}.{unknown[0] if unknown else ''}",
          f"unknown field; allowed: {', '.join(sorted(_STEP_KEYS))}")
    action = _text(raw.get("action"), f"{where}.action")
    _need(operation(action, workflow) is not None, f"{where}.action",
          f"unknown action {action!r}: not an operation nor a trigger of workflow {workflow.name!r}")
    _need(action != "receive" or index == 0, f"{where}.action", "receive may only be the first step")
    actor = None
    if "actor" in raw:
        actor = _actor(raw["actor"], actors, f"{where}.actor")
    else:
        _need(action in CLOCK_ACTIONS, f"{where}.actor", "required for this action (a name from actors, or {id, role})")
    inputs = raw.get("inputs", {})
    _need(isinstance(inputs, Mapping), f"{where}.inputs", "must be a mapping of input names to values")
    flags = raw.get("expect_flags")
    _need(flags is None or (isinstance(flags, list) and all(isinstance(flag, str) for flag in flags)),
          f"{where}.expect_flags", "must be a list of flag names")
    due = raw.get("expect_due")
    _need(due is None or (isinstance(due, Mapping) and bool(due)), f"{where}.expect_due",
          "must map clock names to the expected due instant or date")
    for key in ("expect_status", "expect_error", "note"):
        _need(raw.get(key) is None or isinstance(raw.get(key), str), f"{where}.{key}", "must be text")
    priority = raw.get("expect_priority")
    _need(priority is None or isinstance(priority, str), f"{where}.expect_priority", "must be P1..P4 or null")
    return ScenarioStep(
        index=index, at=_at(raw.get("at"), previous, zone, f"{where}.at"), actor=actor, action=action,
        inputs=dict(inputs), note=str(raw.get("note") or ""), expect_status=raw.get("expect_status"),
        expect_due=None if due is None else {str(k): v for k, v in due.items()},
        expect_error=raw.get("expect_error"), expect_flags=None if flags is None else tuple(flags),
        expect_priority=priority, checks_priority="expect_priority" in raw,
    )


# --- running -------------------------------------------------------------------------------------------


def complaint_flags(complaint: Complaint | None, now: pendulum.DateTime) -> set[str]:
    """The flags ``expect_flags`` checks, as they stand at ``now``.

    ``received`` (a complaint exists), ``assigned``, ``closed``, ``major``, ``erased``, ``repeat``,
    ``risk:<factor>`` for each risk factor, ``outcome:<outcome>``, and for each clock
    ``clock:<name>:<status>`` (running, paused, met, breached, stopped) and ``warning:<name>``
    while it is in its warning window (``<name>`` is the clock's name, and also ``REGIME:name``).
    """
    if complaint is None:
        return set()
    flags = {"received"}
    flags |= {name for name, on in (("assigned", complaint.assignee is not None), ("closed", complaint.is_closed),
                                    ("major", complaint.major), ("erased", complaint.erased),
                                    ("repeat", complaint.repeat_of is not None)) if on}
    flags |= {f"risk:{factor.slug}" for factor in complaint.risk_factors}
    if complaint.outcome is not None:
        flags.add(f"outcome:{complaint.outcome.slug}")
    for clock in complaint.clocks:
        status = clock.status(now).value
        for name in (clock.id, clock.rule.clock):
            flags.add(f"clock:{name}:{status}")
            if status == "running" and clock.in_warning(now):
                flags.add(f"warning:{name}")
    return flags


def _state_of(state: ScenarioState) -> tuple[Any, ...]:
    complaint = state.complaint
    if complaint is None:
        return (None,)
    return (unstructure(complaint), complaint.pending_events)


def _expected_error(step: ScenarioStep, error: ComplaintError | None) -> list[str]:
    if step.expect_error is None:
        return [] if error is None else [f"unexpected {type(error).__name__}: {error}"]
    if error is None:
        return [f"expect_error: expected {step.expect_error}, but the step succeeded"]
    names = {cls.__name__ for cls in type(error).__mro__}
    if step.expect_error not in names:
        return [f"expect_error: expected {step.expect_error}, got {type(error).__name__}: {error}"]
    return []


def _is_date(value: object) -> bool:
    if isinstance(value, str):
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _check_due(step: ScenarioStep, state: ScenarioState) -> list[str]:
    failures: list[str] = []
    for name, expected in (step.expect_due or {}).items():
        try:
            clock = state.clock(name, f"steps[{step.index}].expect_due.{name}")
        except ScenarioError as exc:
            failures.append(f"expect_due: {exc.message}")
            continue
        explanation = clock.explain(step.at)
        if _is_date(expected):
            actual: Any = explanation.due_day.isoformat()
            wanted: Any = str(expected)
        else:
            try:
                wanted = instant(expected, state.zone, "expect_due")
            except ScenarioError as exc:
                failures.append(f"expect_due.{name}: {exc.message}")
                continue
            actual = explanation.due
        if actual != wanted:
            shown = wanted.isoformat() if hasattr(wanted, "isoformat") else wanted
            got = actual.isoformat() if hasattr(actual, "isoformat") else actual
            failures.append(f"expect_due.{name}: expected {shown}, got {got}")
    return failures


def _check(step: ScenarioStep, state: ScenarioState) -> list[str]:
    complaint = state.complaint
    failures: list[str] = []
    if step.expect_status is not None:
        actual = None if complaint is None else complaint.status
        if actual != step.expect_status:
            failures.append(f"expect_status: expected {step.expect_status!r}, got {actual!r}")
    if step.checks_priority:
        priority = None if complaint is None or complaint.priority is None else complaint.priority.slug
        if priority != step.expect_priority:
            failures.append(f"expect_priority: expected {step.expect_priority!r}, got {priority!r}")
    if step.expect_flags is not None:
        flags = complaint_flags(complaint, step.at)
        for flag in step.expect_flags:
            wanted = not flag.startswith("!")
            if (flag.lstrip("!") in flags) != wanted:
                failures.append(f"expect_flags: expected {flag!r} to {'hold' if wanted else 'not hold'}; "
                                f"flags are {', '.join(sorted(flags)) or 'none'}")
    return failures + _check_due(step, state)


def run_scenario(scenario: Scenario) -> ScenarioResult:
    """Run every step and check its expectations; a failed step does not stop the run.

    Returns:
        The result of each step; ``passed`` says whether all passed.
    Raises:
        ScenarioError: a step's inputs do not fit its action (wrong names or types), or a clock it names
            does not exist (the file is wrong, not the library).
    """
    state = ScenarioState(workflow=scenario.workflow, regimes=scenario.regimes, zone=scenario.timezone)
    results: list[StepResult] = []
    for step in scenario.steps:
        handler = operation(step.action, scenario.workflow)
        assert handler is not None  # validated
        before = _state_of(state)
        error: ComplaintError | None = None
        try:
            handler(state, step.inputs, step.actor, step.at, f"steps[{step.index}]")
        except ScenarioError:
            raise
        except ComplaintError as exc:
            error = exc
        failures = _expected_error(step, error)
        if error is not None and _state_of(state) != before:
            failures.append(f"the refused step changed the complaint or its pending events ({type(error).__name__})")
        failures += _check(step, state)
        results.append(StepResult(index=step.index, action=step.action, failures=tuple(failures),
                                  error=None if error is None else f"{type(error).__name__}: {error}"))
    return ScenarioResult(name=scenario.name, source=scenario.source, steps=tuple(results),
                          complaint=state.complaint)


def run_files(paths: Sequence[str | os.PathLike[str]]) -> list[ScenarioResult | ScenarioError]:
    """Read and run each file; an invalid file gives its ScenarioError in its place."""
    outcomes: list[ScenarioResult | ScenarioError] = []
    for path in paths:
        try:
            outcomes.append(run_scenario(read_scenario(path)))
        except ScenarioError as exc:
            outcomes.append(ScenarioError(f"{os.fspath(path)}: {exc.where}", exc.message))
    return outcomes
