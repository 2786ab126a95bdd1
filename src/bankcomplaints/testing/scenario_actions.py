"""The actions a scenario step may name, mapped to the library's public operations.

* ``receive``: :meth:`Complaint.receive` (the first step, and only there);
* ``assign``, ``record_triage``, ``set_priority``, ``link``: the complaint's own operations;
* ``clock.start``, ``clock.pause``, ``clock.resume``, ``clock.extend``, ``clock.stop``: the deadline
  clocks of :mod:`bankcomplaints.workflow.deadlines`, run by the scenario as a host would;
* ``liability.<function>`` and ``classification.<function>``: every public operation of those packages
  that takes the complaint first (``liability.record_finding``, ``classification.triage``…);
* any other name: a trigger of the scenario's workflow, fired with :func:`bankcomplaints.workflow.engine.advance`
  (the workflow's clock runner performs the transition's clock actions on the complaint).

Inputs are structured into the types each operation declares (through :func:`bankcomplaints.make_converter`),
so a scenario writes ``handler: {id: H-1, role: specialist}`` or ``priority: P1``.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import inspect
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pendulum
from cattrs.preconf.json import JsonConverter

from bankcomplaints.complaint import Complaint
from bankcomplaints.errors import InvalidComplaintDataError, ScenarioError
from bankcomplaints.serialization import make_converter, structure
from bankcomplaints.values import Actor

__all__ = [
    "CLOCK_ACTIONS",
    "COMPLAINT_ACTIONS",
    "OPERATION_PACKAGES",
    "ScenarioState",
    "instant",
    "operation",
    "operations",
]

#: The complaint's own operations a step may name (besides ``receive``).
COMPLAINT_ACTIONS = ("assign", "record_triage", "set_priority", "link")
#: The clock operations a step may name.
CLOCK_ACTIONS = ("clock.start", "clock.pause", "clock.resume", "clock.extend", "clock.stop", "clock.restart")
#: Packages whose public complaint operations are actions ``<package>.<function>``.
OPERATION_PACKAGES = ("liability", "classification")


def instant(value: object, zone: str, where: str) -> pendulum.DateTime:
    """An aware instant from scenario text or a YAML timestamp; local times are read in ``zone``.

    Raises:
        ScenarioError: not a datetime.
    """
    if isinstance(value, datetime.datetime):
        result = pendulum.instance(value) if value.tzinfo is not None else pendulum.instance(value, tz=zone)
        return result if value.tzinfo is not None else result.in_timezone(zone)
    if isinstance(value, str):
        try:
            parsed = pendulum.parse(value, tz=zone)
        except Exception:
            parsed = None
        if isinstance(parsed, pendulum.DateTime) and "T" in value.upper():
            return parsed
    raise ScenarioError(where, f"{value!r} is not a date and time (e.g. 2026-09-30T09:00:00+08:00)")


@functools.cache
def _converter(zone: str) -> JsonConverter:
    conv = make_converter()

    def structure_instant(value: Any, _: Any) -> pendulum.DateTime:
        try:
            return instant(value, zone, "")
        except ScenarioError as exc:
            raise ValueError(exc.message) from None

    conv.register_structure_hook(pendulum.DateTime, structure_instant)
    return conv


def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    """The parameter types of a library operation (``Complaint`` resolves even where it is imported for typing)."""
    try:
        return typing.get_type_hints(function, localns={"Complaint": Complaint})
    except Exception:  # an annotation that cannot be resolved at run time: inputs pass through unstructured
        return {}


def _structured(value: Any, hint: Any, zone: str, where: str) -> Any:
    if hint is Any:
        return value
    try:
        return structure(value, hint, _converter(zone))
    except InvalidComplaintDataError as exc:
        problems = "; ".join(f"{path}: {message}" if path else message for path, message in exc.errors)
        raise ScenarioError(where, problems) from None


@attrs.define
class ScenarioState:
    """What a running scenario holds: the complaint, the workflow and the regimes that apply."""

    workflow: Any
    regimes: tuple[str, ...]
    zone: str
    complaint: Complaint | None = None

    def clock_key(self, name: str, where: str) -> tuple[str, str]:
        """The (regime, clock) called ``REGIME:clock``, or ``clock`` when one clock or regime has that name.

        Raises:
            ScenarioError: no such clock on the complaint, or the short name is ambiguous.
        """
        clocks = () if self.complaint is None else self.complaint.clocks
        code, _, clock = name.rpartition(":")
        found = [(c.regime, c.rule.clock) for c in clocks if c.rule.clock == clock and code in ("", c.regime)]
        if len(set(found)) == 1:
            return found[0]
        if not found and code:
            return code, clock
        if not found and len(self.regimes) == 1:
            return self.regimes[0], clock
        known = ", ".join(c.id for c in clocks) or "none started"
        why = "is ambiguous; name the regime" if found else "does not exist"
        raise ScenarioError(where, f"clock {name!r} {why} (clocks: {known})")

    def clock(self, name: str, where: str) -> Any:
        """The clock called ``name`` on the complaint (see :meth:`clock_key`).

        Raises:
            ScenarioError: no such clock.
        """
        regime, clock = self.clock_key(name, where)
        for candidate in () if self.complaint is None else self.complaint.clocks:
            if candidate.regime == regime and candidate.rule.clock == clock:
                return candidate
        raise ScenarioError(where, f"clock {regime}:{clock} was not started")


Handler = Callable[[ScenarioState, Mapping[str, Any], Actor | None, pendulum.DateTime, str], None]


def _call(function: Callable[..., Any], arguments: dict[str, Any], inputs: Mapping[str, Any], zone: str,
          where: str) -> Any:
    """Call ``function`` with ``arguments`` and the step's ``inputs`` structured to its parameter types."""
    parameters = inspect.signature(function).parameters
    hints = _hints(function)
    allowed = [name for name in parameters if name not in arguments and name not in ("self", "cls", "complaint")]
    for name, value in inputs.items():
        if name not in allowed:
            raise ScenarioError(f"{where}.inputs.{name}",
                                f"not an input of this action; it takes: {', '.join(allowed)}")
        arguments[name] = _structured(value, hints.get(name, Any), zone, f"{where}.inputs.{name}")
    missing = [name for name, parameter in parameters.items() if name not in arguments
               and parameter.default is parameter.empty and parameter.kind is not parameter.VAR_KEYWORD
               and name not in ("self", "cls")]
    if missing:
        raise ScenarioError(f"{where}.inputs", f"missing required input: {', '.join(missing)}")
    return function(**arguments)


def _receive(state: ScenarioState, inputs: Mapping[str, Any], actor: Actor | None, now: pendulum.DateTime,
             where: str) -> None:
    defaults = {"id": "C-1", "salt": "scenario", "workflow": state.workflow.name}
    complaint = _call(Complaint.receive, {"actor": actor, "now": now},
                      {**defaults, **inputs}, state.zone, where)
    state.complaint = complaint


def _method(name: str) -> Handler:
    def run(state: ScenarioState, inputs: Mapping[str, Any], actor: Actor | None, now: pendulum.DateTime,
            where: str) -> None:
        _call(getattr(state.complaint, name), {"actor": actor, "now": now}, inputs, state.zone, where)

    return run


def _function(function: Callable[..., Any]) -> Handler:
    def run(state: ScenarioState, inputs: Mapping[str, Any], actor: Actor | None, now: pendulum.DateTime,
            where: str) -> None:
        arguments: dict[str, Any] = {"complaint": state.complaint, "now": now}
        if "actor" in inspect.signature(function).parameters:
            arguments["actor"] = actor
        _call(function, arguments, inputs, state.zone, where)

    return run


def _clock_start(state: ScenarioState, inputs: Mapping[str, Any], actor: Actor | None, now: pendulum.DateTime,
                 where: str) -> None:
    from bankcomplaints.workflow.clocks import start_clock

    complaint, who = _ready(state, actor or Actor.system(), where)
    rest = dict(inputs)
    if "clock" not in rest:
        raise ScenarioError(f"{where}.inputs.clock", "required: the clock to start (REGIME:clock or clock)")
    regime, clock = state.clock_key(str(rest.pop("clock")), f"{where}.inputs.clock")
    begin = rest.pop("from", "now")
    rest["start"] = complaint.received_at if begin == "received" else now if begin == "now" else begin
    _call(start_clock, {"complaint": complaint, "regime": regime, "clock": clock, "actor": who, "now": now},
          rest, state.zone, where)


def _clock_change(operation: str) -> Handler:
    def run(state: ScenarioState, inputs: Mapping[str, Any], actor: Actor | None, now: pendulum.DateTime,
            where: str) -> None:
        from bankcomplaints.workflow import clocks

        complaint, who = _ready(state, actor or Actor.system(), where)
        rest = dict(inputs)
        if "clock" not in rest:
            raise ScenarioError(f"{where}.inputs.clock", "required: the clock to change")
        regime, clock = state.clock_key(str(rest.pop("clock")), f"{where}.inputs.clock")
        for name in ("approvals", "notices"):
            if name in rest:
                rest[name] = _stamped_all(name, rest[name], now)
        function = getattr(clocks, f"{operation}_clock")
        _call(function, {"complaint": complaint, "regime": regime, "clock": clock, "actor": who, "now": now},
              rest, state.zone, where)

    return run


def _trigger(trigger: str) -> Handler:
    def run(state: ScenarioState, inputs: Mapping[str, Any], actor: Actor | None, now: pendulum.DateTime,
            where: str) -> None:
        from bankcomplaints.workflow.deadlines import Approval, ClockNotice
        from bankcomplaints.workflow.engine import advance

        types: dict[str, Any] = {**_hints(Complaint.record_triage), **_hints(Complaint.assign),
                                 "approvals": tuple[Approval, ...], "notices": tuple[ClockNotice, ...]}
        typed = {name: _structured(_stamped_all(name, value, now), types.get(name, Any), state.zone,
                                   f"{where}.inputs.{name}")
                 for name, value in inputs.items()}
        complaint, who = _ready(state, actor, where)
        advance(complaint, trigger, actor=who, now=now, workflow=state.workflow, **typed)

    return run


def _ready(state: ScenarioState, actor: Actor | None, where: str) -> tuple[Complaint, Actor]:
    if state.complaint is None:
        raise ScenarioError(where, "no complaint yet: the first step must be receive")
    if actor is None:
        raise ScenarioError(f"{where}.actor", "this action needs an actor (id and role)")
    return state.complaint, actor


def _stamped(item: object, field: str, now: pendulum.DateTime) -> object:
    """An approval or notice mapping, dated ``now`` unless it says when."""
    if isinstance(item, Mapping) and field not in item:
        return {**item, field: now.isoformat()}
    return item


def _stamped_all(name: str, value: object, now: pendulum.DateTime) -> object:
    field = {"approvals": "approved_at", "notices": "sent_at"}.get(name)
    if field is None or not isinstance(value, list | tuple):
        return value
    return [_stamped(item, field, now) for item in value]


@functools.cache
def _package_operations() -> dict[str, Handler]:
    found: dict[str, Handler] = {}
    for package in OPERATION_PACKAGES:
        try:
            module = importlib.import_module(f"bankcomplaints.{package}")
        except ImportError:  # pragma: no cover - a stage not installed in this build
            continue
        for name in getattr(module, "__all__", ()):
            function = getattr(module, name)
            if not inspect.isfunction(function):
                continue
            parameters = list(inspect.signature(function).parameters)
            if parameters[:1] == ["complaint"] and "now" in parameters:
                found[f"{package}.{name}"] = _function(function)
    return found


def operations() -> dict[str, Handler]:
    """Every named action except workflow triggers: ``receive``, the complaint's operations, clocks, stages."""
    table: dict[str, Handler] = {"receive": _receive}
    table.update({name: _method(name) for name in COMPLAINT_ACTIONS})
    table["clock.start"] = _clock_start
    table.update({f"clock.{name}": _clock_change(name) for name in ("pause", "resume", "extend", "stop",
                                                                     "restart")})
    table.update(_package_operations())
    return table


def operation(name: str, workflow: Any) -> Handler | None:
    """The handler of action ``name``: a named operation, or a trigger of ``workflow``; ``None`` if neither."""
    table = operations()
    if name in table:
        return table[name]
    if name in workflow.triggers:
        return _trigger(name)
    return None
