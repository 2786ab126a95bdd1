"""The handling flow as data: :class:`Workflow` and :class:`Transition` values, loadable from YAML or JSON.

A workflow lists its states, the initial state, the final states, and its transitions.
Each transition names its trigger, source and target, an optional branch condition (``cond``),
the guards that must pass (``guards``, by name), an optional named action that records the stage's
data in the same atomic step (``action``), the clock operations it performs (``clocks``) and the
outcome it closes with (``outcome``).
The :class:`~bankcomplaints.workflow.roles.PermissionPolicy` says who may fire each trigger.

Every ``Workflow`` is validated when it is built, from Python or from a document: unknown states,
unreachable states, dead ends (non-final states with no way out), final states with a way out,
triggers without roles and unknown guard or action names raise
:class:`~bankcomplaints.errors.WorkflowDefinitionError` naming the element.

Size limits (a workflow document may come from a semi-trusted editor):
:data:`MAX_DOCUMENT_CHARS` characters of text, :data:`MAX_STATES` states,
:data:`MAX_TRANSITIONS` transitions, names of at most 64 characters (lower-case letters, digits, ``_``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pendulum
import yaml
from statemachine import StateChart

from bankcomplaints.errors import WorkflowDefinitionError
from bankcomplaints.limits import safe_yaml
from bankcomplaints.values import Actor, Money, Outcome
from bankcomplaints.workflow.roles import STANDARD_TIERS, FourEyesRule, PermissionPolicy, Tier

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "ALL_CLOCKS",
    "CLOCK_OPERATIONS",
    "MAX_DOCUMENT_CHARS",
    "MAX_STATES",
    "MAX_TRANSITIONS",
    "Action",
    "ClockAction",
    "ClockRunner",
    "Guard",
    "Hooks",
    "Step",
    "Transition",
    "Workflow",
    "load_workflow",
    "workflow_from_dict",
    "workflow_to_dict",
]

MAX_DOCUMENT_CHARS = 1_000_000
MAX_STATES = 200
MAX_TRANSITIONS = 2_000
#: The clock operations a transition may perform.
CLOCK_OPERATIONS = ("start", "stop", "pause", "resume", "extend")
#: ``stop`` with this regime and clock stops every running clock (withdrawal, referral).
ALL_CLOCKS = "*"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
#: Names python-statemachine's StateChart already uses, so neither states nor triggers may take them.
_RESERVED = frozenset(
    {name for name in dir(StateChart) if not name.startswith("__")}
    | {"model", "state_field", "current_state_value", "start_configuration_values"}
)


@attrs.frozen(kw_only=True)
class Step:
    """What a guard or an action sees: the trigger, who fires it, when, its inputs and the workflow."""

    trigger: str
    actor: Actor
    now: pendulum.DateTime
    inputs: Mapping[str, Any]
    workflow: Workflow


#: A guard returns None when it passes, or the reason it refuses. It must not change the complaint.
Guard = Callable[["Complaint", Step], "str | None"]
#: An action records the stage's data through the complaint's operations; it raises to refuse.
Action = Callable[["Complaint", Step], None]


#: Performs one clock action (start, stop, pause, resume, extend) through the deadline operations.
ClockRunner = Callable[["Complaint", "ClockAction", Step], None]


@attrs.frozen(kw_only=True, eq=False)
class Hooks:
    """The guards and actions a workflow may name, by name, and the clock runner (compared by identity).

    Attributes:
        guards: guard functions by name.
        actions: action functions by name.
        clock_runner: performs a transition's clock actions inside its atomic step; when None the
            clock actions stay data (shown in diagrams and documents) and the host runs the clocks.
    """

    guards: Mapping[str, Guard]
    actions: Mapping[str, Action]
    clock_runner: ClockRunner | None = None

    def extended(
        self,
        *,
        guards: Mapping[str, Guard] | None = None,
        actions: Mapping[str, Action] | None = None,
        clock_runner: ClockRunner | None = None,
    ) -> Hooks:
        """These hooks plus a bank's own (a bank's name replaces a standard one).

        Args:
            guards: extra guards by name.
            actions: extra actions by name.
            clock_runner: a replacement clock runner (default: keep this one).
        Returns:
            New hooks.
        """
        return Hooks(guards={**self.guards, **(guards or {})}, actions={**self.actions, **(actions or {})},
                     clock_runner=clock_runner or self.clock_runner)


def standard_hooks() -> Hooks:
    """The library's guards and actions (modules ``guards`` and ``actions`` of this package)."""
    return _STANDARD_HOOKS


def _plain_strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(item) for item in value)


def _plain_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(str(item) for item in value)


@attrs.frozen(kw_only=True)
class ClockAction:
    """A clock operation a transition performs, e.g. ``start CN-CBIRC-2020 handling_decision``.

    Attributes:
        operation: one of :data:`CLOCK_OPERATIONS`.
        regime: the regime's code, or ``"*"`` (with ``stop``) for every running clock.
        clock: the clock's name within the regime, or ``"*"``.
        detail: for ``extend`` the extension's name in the regime (e.g. ``especially_complex``), for
            ``pause`` the pause reason (e.g. ``mediation``), for ``stop`` the stop reason (e.g. ``withdrawn``),
            for ``start`` the complaint attribute the clock starts from (e.g. ``received_at``; default now).
    """

    operation: str
    regime: str
    clock: str
    detail: str | None = None

    def __str__(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.operation} {self.regime} {self.clock}{extra}"


def _clock_tuple(value: Iterable[ClockAction]) -> tuple[ClockAction, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Transition:
    """One transition of a workflow.

    Attributes:
        trigger: the trigger's name (what ``advance`` is asked to do).
        source: the state it leaves.
        target: the state it enters.
        cond: a guard name that selects this branch when several transitions share trigger and source;
            when no branch's condition holds the step is refused naming the conditions.
        guards: guard names that must all pass once the branch is selected (refusal names the guard).
        action: the named action that records the stage's data, in the same atomic step.
        clocks: the clock operations performed after the status changes.
        outcome: the outcome the complaint closes with, if this transition closes it.
        description: what the transition means, for people.
    """

    trigger: str = attrs.field(converter=str)
    source: str = attrs.field(converter=str)
    target: str = attrs.field(converter=str)
    cond: str | None = None
    guards: tuple[str, ...] = attrs.field(default=(), converter=_plain_strings)
    action: str | None = None
    clocks: tuple[ClockAction, ...] = attrs.field(default=(), converter=_clock_tuple)
    outcome: Outcome | None = None
    description: str = ""

    @property
    def label(self) -> str:
        """``trigger (source → target)``, how errors name the transition."""
        return f"{self.trigger} ({self.source} → {self.target})"


def _transition_tuple(value: Iterable[Transition]) -> tuple[Transition, ...]:
    return tuple(value)


SettingValue = int | str | bool | tuple[str, ...]


def _freeze_settings(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, SettingValue], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    frozen: list[tuple[str, SettingValue]] = []
    for name, item in items:
        if isinstance(item, list | tuple):
            frozen.append((str(name), tuple(str(part) for part in item)))
        elif isinstance(item, int | str | bool):
            frozen.append((str(name), item))
        else:
            raise WorkflowDefinitionError(f"settings.{name}", "must be a number, text, true/false or a list of text")
    return tuple(sorted(frozen))


@attrs.frozen(kw_only=True, cache_hash=True)
class Workflow:
    """A complete handling flow, validated when built.

    Attributes:
        name: the workflow's name; complaints carry it (``Complaint.workflow``).
        version: the bank's version label of this definition.
        initial: the state a new complaint is in.
        states: every state, in display order.
        final: states with no way out.
        transitions: the transitions, in priority order (the first branch whose condition holds wins).
        policy: who may fire each trigger.
        settings: named values the guards read (e.g. ``review_window_days``), configurable by the bank.
        hooks: the guards and actions the names refer to.
    Raises:
        WorkflowDefinitionError: the definition is invalid (the error names the element).
    """

    name: str
    initial: str = attrs.field(converter=str)
    states: tuple[str, ...] = attrs.field(converter=_plain_strings)
    final: frozenset[str] = attrs.field(converter=_plain_set)
    transitions: tuple[Transition, ...] = attrs.field(converter=_transition_tuple)
    policy: PermissionPolicy
    version: str = "1"
    settings: tuple[tuple[str, SettingValue], ...] = attrs.field(default=(), converter=_freeze_settings)
    hooks: Hooks = attrs.field(factory=standard_hooks, repr=False)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _validate(self)

    @property
    def triggers(self) -> tuple[str, ...]:
        """Every trigger, in order of first appearance."""
        return tuple(dict.fromkeys(t.trigger for t in self.transitions))

    def setting(self, name: str, default: SettingValue) -> SettingValue:
        """The value of setting ``name``, or ``default``."""
        for key, value in self.settings:
            if key == name:
                return value
        return default


def _check_name(element: str, name: object) -> None:
    if not isinstance(name, str) or not _NAME.match(name):
        raise WorkflowDefinitionError(element, f"{name!r} is not a name (lower-case letters, digits, _; ≤ 64)")
    if name in _RESERVED:
        raise WorkflowDefinitionError(element, f"{name!r} is reserved by python-statemachine")


def _validate(workflow: Workflow) -> None:
    if not isinstance(workflow.name, str) or not workflow.name.strip() or len(workflow.name) > 100:
        raise WorkflowDefinitionError("name", "must be non-empty text of at most 100 characters")
    if len(workflow.states) > MAX_STATES:
        raise WorkflowDefinitionError("states", f"{len(workflow.states)} states; the limit is {MAX_STATES}")
    if len(workflow.transitions) > MAX_TRANSITIONS:
        raise WorkflowDefinitionError("transitions", f"{len(workflow.transitions)}; the limit is {MAX_TRANSITIONS}")
    states = set()
    for state in workflow.states:
        _check_name(f"state {state!r}", state)
        if state in states:
            raise WorkflowDefinitionError(f"state {state!r}", "listed twice")
        states.add(state)
    if workflow.initial not in states:
        raise WorkflowDefinitionError(f"initial {workflow.initial!r}", "unknown state")
    for state in sorted(workflow.final - states):
        raise WorkflowDefinitionError(f"final {state!r}", "unknown state")
    hooks = workflow.hooks
    seen: set[tuple[str, str, str | None]] = set()
    for transition in workflow.transitions:
        element = f"transition {transition.label}"
        _check_name(element, transition.trigger)
        if transition.trigger in states:
            raise WorkflowDefinitionError(element, f"trigger {transition.trigger!r} is also a state's name")
        for end in (transition.source, transition.target):
            if end not in states:
                raise WorkflowDefinitionError(element, f"unknown state {end!r}")
        if transition.source in workflow.final:
            raise WorkflowDefinitionError(element, f"final state {transition.source!r} can have no way out")
        key = (transition.trigger, transition.source, transition.cond)
        if key in seen:
            raise WorkflowDefinitionError(element, "duplicates an earlier transition (same trigger, source, cond)")
        seen.add(key)
        for name in (*((transition.cond,) if transition.cond else ()), *transition.guards):
            if name not in hooks.guards:
                raise WorkflowDefinitionError(element, f"unknown guard {name!r}")
        if transition.action is not None and transition.action not in hooks.actions:
            raise WorkflowDefinitionError(element, f"unknown action {transition.action!r}")
        for clock in transition.clocks:
            if clock.operation not in CLOCK_OPERATIONS:
                raise WorkflowDefinitionError(element, f"unknown clock operation {clock.operation!r}")
            if clock.operation in ("extend", "pause") and not clock.detail:
                raise WorkflowDefinitionError(element, f"clock action {clock} needs a detail (extension or reason)")
            if ALL_CLOCKS in (clock.regime, clock.clock) and clock.operation != "stop":
                raise WorkflowDefinitionError(element, f"only 'stop' may apply to every clock ({clock})")
        if transition.outcome is not None and not isinstance(transition.outcome, Outcome):
            raise WorkflowDefinitionError(element, f"outcome {transition.outcome!r} is not an Outcome")
    _check_branches(workflow)
    _check_graph(workflow)
    for trigger in workflow.triggers:
        if not workflow.policy.roles_for(trigger):
            raise WorkflowDefinitionError(f"trigger {trigger!r}", "no role may fire it (add it to the policy)")
    for trigger, _ in workflow.policy.roles:
        if trigger not in workflow.triggers:
            raise WorkflowDefinitionError(f"roles[{trigger}]", "no transition has this trigger")


def _check_branches(workflow: Workflow) -> None:
    groups: dict[tuple[str, str], list[Transition]] = {}
    for transition in workflow.transitions:
        groups.setdefault((transition.source, transition.trigger), []).append(transition)
    for (source, trigger), group in groups.items():
        unconditional = [t for t in group if t.cond is None]
        if len(group) > 1 and unconditional:
            raise WorkflowDefinitionError(
                f"transition {unconditional[0].label}",
                f"{len(group)} transitions leave {source!r} on {trigger!r}; each needs a cond to tell them apart",
            )


def _check_graph(workflow: Workflow) -> None:
    outgoing: dict[str, set[str]] = {state: set() for state in workflow.states}
    incoming: dict[str, set[str]] = {state: set() for state in workflow.states}
    for transition in workflow.transitions:
        outgoing[transition.source].add(transition.target)
        incoming[transition.target].add(transition.source)
    reached = _closure(workflow.initial, outgoing)
    for state in workflow.states:
        if state not in reached:
            raise WorkflowDefinitionError(f"state {state!r}", f"unreachable from {workflow.initial!r}")
    for state in workflow.states:
        if state not in workflow.final and not outgoing[state] - {state}:
            raise WorkflowDefinitionError(f"state {state!r}", "dead end: not final and no way out")
    if workflow.final:
        can_finish: set[str] = set()
        for final in workflow.final:
            can_finish |= _closure(final, incoming)
        for state in workflow.states:
            if state not in can_finish:
                raise WorkflowDefinitionError(f"state {state!r}", "trap: no final state can be reached from it")


def _closure(start: str, edges: Mapping[str, set[str]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for following in edges[todo.pop()]:
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen


# --- documents -----------------------------------------------------------------------------------


def _strings(element: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise WorkflowDefinitionError(element, "must be a name or a list of names")


def _clock(element: str, value: object) -> ClockAction:
    if isinstance(value, list | tuple) and len(value) in (3, 4) and all(isinstance(v, str) for v in value):
        return ClockAction(operation=value[0], regime=value[1], clock=value[2],
                           detail=value[3] if len(value) == 4 else None)
    if isinstance(value, Mapping):
        unknown = set(value) - {"operation", "regime", "clock", "detail"}
        if unknown or not {"operation", "regime", "clock"} <= set(value):
            raise WorkflowDefinitionError(element, "needs operation, regime, clock (and optionally detail)")
        return ClockAction(**{key: str(item) for key, item in value.items()})
    raise WorkflowDefinitionError(element, "must be [operation, regime, clock(, detail)] or a mapping")


_TRANSITION_KEYS = frozenset({"trigger", "source", "target", "cond", "guards", "action", "clocks", "outcome",
                              "description"})


def _transitions(index: int, data: object) -> list[Transition]:
    element = f"transitions[{index}]"
    if not isinstance(data, Mapping):
        raise WorkflowDefinitionError(element, "must be a mapping")
    unknown = sorted(set(data) - _TRANSITION_KEYS)
    if unknown:
        raise WorkflowDefinitionError(element, f"unknown keys {', '.join(map(str, unknown))}")
    for key in ("trigger", "source", "target"):
        if key not in data:
            raise WorkflowDefinitionError(element, f"missing {key!r}")
    outcome = data.get("outcome")
    if outcome is not None:
        try:
            outcome = Outcome(outcome)  # type: ignore[call-arg]  # lookup by slug
        except ValueError:
            raise WorkflowDefinitionError(f"{element}.outcome", f"unknown outcome {outcome!r}") from None
    clocks = data.get("clocks") or []
    if not isinstance(clocks, list):
        raise WorkflowDefinitionError(f"{element}.clocks", "must be a list")
    return [
        Transition(
            trigger=str(data["trigger"]), source=source, target=str(data["target"]),
            cond=None if data.get("cond") is None else str(data["cond"]),
            guards=_strings(f"{element}.guards", data.get("guards") or []),
            action=None if data.get("action") is None else str(data["action"]),
            clocks=tuple(_clock(f"{element}.clocks[{i}]", c) for i, c in enumerate(clocks)),
            outcome=outcome, description=str(data.get("description", "")),
        )
        for source in _strings(f"{element}.source", data["source"])
    ]


def _policy(data: Mapping[str, Any]) -> PermissionPolicy:
    roles = data.get("roles")
    if not isinstance(roles, Mapping):
        raise WorkflowDefinitionError("roles", "must map each trigger to the roles that may fire it")
    extra = data.get("policy") or {}
    if not isinstance(extra, Mapping):
        raise WorkflowDefinitionError("policy", "must be a mapping")
    tiers = STANDARD_TIERS
    if "tiers" in extra:
        try:
            tiers = tuple(Tier(**tier) for tier in extra["tiers"])
        except TypeError as exc:
            raise WorkflowDefinitionError("policy.tiers", str(exc)) from None
    four_eyes = []
    rules = extra.get("four_eyes") or []
    if not isinstance(rules, list):
        raise WorkflowDefinitionError("policy.four_eyes", "must be a list of rules")
    for index, rule in enumerate(rules):
        try:
            threshold = Money(**rule["threshold"])
            four_eyes.append(FourEyesRule(**{**rule, "threshold": threshold}))
        except (TypeError, KeyError, ValueError) as exc:
            raise WorkflowDefinitionError(f"policy.four_eyes[{index}]", str(exc)) from None
    return PermissionPolicy(
        roles={str(trigger): _strings(f"roles[{trigger}]", names) for trigger, names in roles.items()},
        tiers=tiers, four_eyes=tuple(four_eyes),
        training_required=frozenset(_strings("policy.training_required", extra.get("training_required") or [])),
    )


_TOP_KEYS = frozenset({"name", "version", "description", "initial", "states", "final", "transitions", "roles",
                       "policy", "settings"})


def workflow_from_dict(data: Mapping[str, Any], *, hooks: Hooks | None = None) -> Workflow:
    """Build and validate a workflow from a parsed document.

    Args:
        data: the document (see ``docs/workflow.md`` for the format).
        hooks: the guards and actions the document may name (default: the library's).
    Returns:
        The workflow.
    Raises:
        WorkflowDefinitionError: the document is malformed or the workflow invalid; ``element`` names the part.
    """
    if not isinstance(data, Mapping):
        raise WorkflowDefinitionError("document", "must be a mapping")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise WorkflowDefinitionError("document", f"unknown keys {', '.join(map(str, unknown))}")
    for key in ("name", "initial", "states", "transitions", "roles"):
        if key not in data:
            raise WorkflowDefinitionError(key, "missing")
    transitions_data = data["transitions"]
    if not isinstance(transitions_data, list):
        raise WorkflowDefinitionError("transitions", "must be a list")
    if len(transitions_data) > MAX_TRANSITIONS:
        raise WorkflowDefinitionError("transitions", f"{len(transitions_data)}; the limit is {MAX_TRANSITIONS}")
    transitions = [t for index, item in enumerate(transitions_data) for t in _transitions(index, item)]
    settings = data.get("settings") or {}
    if not isinstance(settings, Mapping):
        raise WorkflowDefinitionError("settings", "must be a mapping")
    return Workflow(
        name=str(data["name"]), version=str(data.get("version", "1")), description=str(data.get("description", "")),
        initial=str(data["initial"]), states=_strings("states", data["states"]),
        final=_strings("final", data.get("final") or []), transitions=transitions,
        policy=_policy(data), settings=settings, hooks=hooks or standard_hooks(),
    )


def load_workflow(text: str, *, format: str = "yaml", hooks: Hooks | None = None) -> Workflow:
    """Parse and validate a workflow document (YAML with ``yaml.safe_load``, or JSON).

    Args:
        text: the document, at most :data:`MAX_DOCUMENT_CHARS` characters.
        format: ``"yaml"`` or ``"json"``.
        hooks: the guards and actions the document may name (default: the library's).
    Returns:
        The workflow.
    Raises:
        WorkflowDefinitionError: the text is too long or unparsable, or the workflow is invalid.
    """
    if not isinstance(text, str) or len(text) > MAX_DOCUMENT_CHARS:
        raise WorkflowDefinitionError("document", f"must be text of at most {MAX_DOCUMENT_CHARS} characters")
    try:
        if format == "json":
            data = json.loads(text)
        elif format == "yaml":
            data = safe_yaml(text)  # plain data only, no aliases (bankcomplaints.limits)
        else:
            raise WorkflowDefinitionError("format", f"{format!r} is not yaml or json")
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # ValueError: JSON errors, over-long integers
        if isinstance(exc, WorkflowDefinitionError):
            raise
        raise WorkflowDefinitionError("document", f"cannot parse {format}: {exc}") from None
    return workflow_from_dict(data, hooks=hooks)


def workflow_to_dict(workflow: Workflow) -> dict[str, Any]:
    """The document form of ``workflow`` (one entry per transition), for YAML or JSON, diffing and review.

    Args:
        workflow: the workflow.
    Returns:
        A plain dict that :func:`workflow_from_dict` turns back into an equal workflow.
    """

    def transition(t: Transition) -> dict[str, Any]:
        out: dict[str, Any] = {"trigger": t.trigger, "source": t.source, "target": t.target}
        if t.cond:
            out["cond"] = t.cond
        if t.guards:
            out["guards"] = list(t.guards)
        if t.action:
            out["action"] = t.action
        if t.clocks:
            out["clocks"] = [[c.operation, c.regime, c.clock, *([c.detail] if c.detail else [])]
                             for c in t.clocks]
        if t.outcome is not None:
            out["outcome"] = t.outcome.value
        if t.description:
            out["description"] = t.description
        return out

    policy = workflow.policy
    extra: dict[str, Any] = {}
    if policy.tiers != STANDARD_TIERS:
        extra["tiers"] = [attrs.asdict(t) for t in policy.tiers]
    if policy.four_eyes:
        extra["four_eyes"] = [
            {"trigger": r.trigger, "recorded_by": r.recorded_by, "amount_input": r.amount_input,
             "threshold": {"amount": str(r.threshold.amount), "currency": r.threshold.currency}}
            for r in policy.four_eyes
        ]
    if policy.training_required:
        extra["training_required"] = sorted(policy.training_required)
    document: dict[str, Any] = {
        "name": workflow.name, "version": workflow.version, "initial": workflow.initial,
        "states": list(workflow.states), "final": sorted(workflow.final),
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in workflow.settings},
        "roles": {trigger: sorted(roles) for trigger, roles in policy.roles},
        "transitions": [transition(t) for t in workflow.transitions],
    }
    if workflow.description:
        document["description"] = workflow.description
    if extra:
        document["policy"] = extra
    return document


def _build_standard_hooks() -> Hooks:
    from bankcomplaints.workflow.actions import STANDARD_ACTIONS, run_clock_action
    from bankcomplaints.workflow.guards import STANDARD_GUARDS

    return Hooks(guards=STANDARD_GUARDS, actions=STANDARD_ACTIONS, clock_runner=run_clock_action)


_STANDARD_HOOKS = _build_standard_hooks()
