"""Hypothesis strategies for every public structure, and for valid sequences of operations.

A host uses them to test its own code against realistic and hostile values
(``pip install 'bankcomplaints[testing]'`` brings Hypothesis):

    >>> from hypothesis import HealthCheck, given, settings
    >>> from bankcomplaints.testing import strategies as bcst
    >>> import bankcomplaints as bc
    >>> @settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
    ... @given(bcst.event_trails())
    ... def test_trails_verify(events):
    ...     assert bc.verify_chain(events).ok
    ...     assert bc.Complaint.from_events(events).version == len(events)
    >>> test_trails_verify()

Every strategy here builds values through the public constructors and operations,
so what it draws is what a host could legitimately hold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - depends on the environment
    raise ImportError(
        "bankcomplaints.testing.strategies needs Hypothesis: pip install 'bankcomplaints[testing]'"
    ) from None

import attrs
import pendulum
from pendulum.tz.timezone import FixedTimezone

from bankcomplaints.complaint import LINK_RELATIONS, Complaint
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.values import (
    Actor,
    AgentRef,
    BranchRef,
    BusinessCategory,
    Cause,
    Channel,
    Contact,
    CustomerRef,
    Kind,
    Money,
    Outcome,
    Priority,
    RiskFactor,
    Source,
    StaffRef,
    Vulnerability,
)

__all__ = [
    "ZONES",
    "Operation",
    "StageStep",
    "Step",
    "TriggerStep",
    "actors",
    "agents",
    "apply_operations",
    "branches",
    "business_categories",
    "causes",
    "channels",
    "complaints",
    "contacts",
    "customers",
    "event_trails",
    "events",
    "handled_complaints",
    "ids",
    "instants",
    "kinds",
    "money",
    "operation_sequences",
    "operations",
    "outcomes",
    "priorities",
    "received_complaints",
    "risk_factors",
    "sources",
    "staff",
    "texts",
    "vulnerabilities",
    "workflow_walks",
]

#: Time zones instants are drawn in (plus fixed offsets).
ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Europe/London", "America/New_York", "UTC")

ROLES = ("front_line", "handler", "specialist", "manager", "senior", "compliance", "system")


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text as customers type it: Chinese, English, and any other Unicode (no lone surrogates)."""
    chinese = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=max_size)
    anything = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=max_size)
    return st.one_of(chinese, st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=max_size), anything)


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """Host identifiers such as ``C-1042`` (non-empty, at most 24 characters)."""
    return st.from_regex(r"[A-Z]{1,3}-[0-9A-Z]{1,12}", fullmatch=True).map(lambda value: prefix + value)


@st.composite
def instants(draw: st.DrawFn, min_year: int = 2010, max_year: int = 2030) -> pendulum.DateTime:
    """Aware instants between ``min_year`` and ``max_year``, in a named zone or a fixed offset."""
    start = pendulum.datetime(min_year, 1, 1, tz="UTC")
    seconds = draw(st.integers(0, int((pendulum.datetime(max_year, 1, 1, tz="UTC") - start).total_seconds())))
    instant = start.add(seconds=seconds)
    zone = draw(st.sampled_from(ZONES) | st.integers(-12, 14).map(lambda hours: FixedTimezone(hours * 3600)))
    return instant.in_timezone(zone)


kinds = st.sampled_from(list(Kind))
channels = st.sampled_from(list(Channel))
sources = st.sampled_from(list(Source))
business_categories = st.sampled_from(list(BusinessCategory))
causes = st.sampled_from(list(Cause))
risk_factors = st.sampled_from(list(RiskFactor))
priorities = st.sampled_from(list(Priority))
outcomes = st.sampled_from(list(Outcome))
vulnerabilities = st.sampled_from(list(Vulnerability))

money = st.builds(
    Money,
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False,
                places=2),
    st.sampled_from(("CNY", "USD", "GBP", "EUR", "HKD", "JPY")),
)
contacts = st.builds(
    Contact,
    phone=st.none() | st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    email=st.none() | st.emails().map(str),
    address=st.none() | texts(),
)
customers = st.builds(
    CustomerRef,
    id=ids("K"),
    name=texts(),
    contact=contacts,
    id_number=st.none() | st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
    segment=st.sampled_from(("retail", "private_banking", "sme", "corporate")),
    organisation=st.booleans(),
    vulnerabilities=st.lists(vulnerabilities, unique=True, max_size=3).map(tuple),
    key_customer=st.booleans(),
)
agents = st.builds(AgentRef, name=texts(), relationship=st.sampled_from(("agent", "heir", "guardian", "legal")),
                   proof=st.none() | texts(), contact=contacts,
                   id_number=st.none() | st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True))
branches = st.builds(BranchRef, code=ids("B"), name=texts(), region=st.sampled_from(("east", "north", "south", "")),
                     parent=st.none() | ids("B"), level=st.sampled_from(("head_office", "branch", "sub_branch",
                                                                         "outlet")))
staff = st.builds(StaffRef, id=ids("S"), name=texts(), role=st.sampled_from(ROLES[:-1]),
                  branch=st.none() | ids("B"), trained_until=st.none() | st.dates())
actors = st.builds(Actor, id=ids("A"), role=st.sampled_from(ROLES), branch=st.none() | ids("B"))


@st.composite
def received_complaints(draw: st.DrawFn, min_year: int = 2010, max_year: int = 2030,
                        max_days_late: int = 30) -> Complaint:
    """A complaint just taken in through :meth:`Complaint.receive`, its ``ComplaintReceived`` event pending.

    It reached the bank up to ``max_days_late`` days before it was recorded (a letter, a forwarded case).
    """
    now = draw(instants(min_year, max_year))
    earlier = draw(st.integers(0, max_days_late * 86_400))
    source = draw(sources)
    return Complaint.receive(
        id=draw(ids("C")), actor=draw(actors), now=now, received_at=now.subtract(seconds=earlier),
        complainant=draw(customers), channel=draw(channels), source=source,
        agent=draw(st.none() | agents), branch=draw(st.none() | branches),
        staff_complained=draw(st.lists(staff, max_size=2)), product=draw(st.none() | texts()),
        demand=draw(texts(100)), narrative=draw(texts(200)), amount=draw(st.none() | money),
        co_complainants=draw(st.integers(0, 60)), in_person=draw(st.booleans()),
        regulator_ref=draw(ids("R")) if source is Source.REGULATOR_FORWARDED else None,
        salt=draw(st.text("0123456789abcdef", min_size=8, max_size=32)),
    )


@attrs.frozen(kw_only=True)
class Operation:
    """One valid operation to perform on a complaint: its method name, keyword arguments and actor.

    ``after`` is how many seconds after the previous event it happens.
    """

    name: str
    arguments: tuple[tuple[str, Any], ...]
    actor: Actor
    after: int = 0

    def apply(self, complaint: Complaint) -> None:
        """Perform the operation on ``complaint`` at ``after`` seconds past its last event.

        Raises:
            ComplaintError: the complaint refused it (a sequence from :func:`operation_sequences`
                never causes one).
        """
        base = complaint.updated_at or complaint.received_at
        method: Callable[..., None] = getattr(complaint, self.name)
        method(actor=self.actor, now=base.add(seconds=self.after), **dict(self.arguments))


@attrs.frozen(kw_only=True)
class TriggerStep:
    """One trigger of the standard workflow to fire with :func:`bankcomplaints.workflow.engine.advance`.

    ``after`` is how many seconds after the previous event it happens.
    """

    trigger: str
    inputs: tuple[tuple[str, Any], ...]
    actor: Actor
    after: int = 0

    def apply(self, complaint: Complaint) -> None:
        """Fire the trigger on ``complaint`` at ``after`` seconds past its last event.

        Raises:
            ComplaintError: the workflow refused it (a walk from :func:`workflow_walks` never causes one).
        """
        from bankcomplaints.workflow.engine import advance

        base = complaint.updated_at or complaint.received_at
        advance(complaint, self.trigger, actor=self.actor, now=base.add(seconds=self.after), **dict(self.inputs))


@attrs.frozen(kw_only=True)
class StageStep:
    """One operation of :mod:`bankcomplaints.liability` (``collect_evidence``, ``record_finding``…) by name.

    ``after`` is how many seconds after the previous event it happens; a ``notice`` argument with a
    channel but no delivery time is delivered at that moment.
    """

    operation: str
    arguments: tuple[tuple[str, Any], ...]
    actor: Actor
    after: int = 0

    def apply(self, complaint: Complaint) -> None:
        """Perform the operation on ``complaint`` at ``after`` seconds past its last event.

        Raises:
            ComplaintError: the operation refused (a walk from :func:`workflow_walks` never causes one).
        """
        from bankcomplaints import liability

        now = (complaint.updated_at or complaint.received_at).add(seconds=self.after)
        arguments = dict(self.arguments)
        notice = arguments.get("notice")
        if notice is not None and notice.channel is not None and notice.delivered_at is None:
            arguments["notice"] = attrs.evolve(notice, delivered_at=now)
        function: Callable[..., Any] = getattr(liability, self.operation)
        function(complaint, actor=self.actor, now=now, **arguments)


Step = Operation | TriggerStep | StageStep


def apply_operations(complaint: Complaint, sequence: Sequence[Step]) -> Complaint:
    """Apply every operation in order; returns ``complaint`` for chaining.

    Raises:
        ComplaintError: an operation was refused.
    """
    for operation in sequence:
        operation.apply(complaint)
    return complaint


@st.composite
def operations(draw: st.DrawFn, *, allow_unique_links: bool = True) -> Operation:
    """One operation of registration and triage: ``assign``, ``record_triage``, ``set_priority`` or ``link``.

    Handlers are drawn with ids (``H-…``) that never collide with staff complained of (``S-…``),
    so the operation is valid on any complaint. ``allow_unique_links`` permits the
    ``repeat_of``/``merged_into`` relations, which a complaint accepts only once.
    """
    actor = draw(actors)
    after = draw(st.integers(0, 5 * 86_400))
    name = draw(st.sampled_from(("assign", "record_triage", "set_priority", "link")))
    arguments: dict[str, Any]
    if name == "assign":
        arguments = {"handler": draw(staff.map(lambda member: attrs.evolve(member, id="H" + member.id[1:]))),
                     "reason": draw(texts())}
    elif name == "record_triage":
        arguments = {
            "kind": draw(kinds), "business": draw(st.none() | business_categories), "cause": draw(st.none() | causes),
            "channel": draw(st.none() | channels), "risk_factors": tuple(draw(st.lists(risk_factors, max_size=4))),
            "risk_score": draw(st.none() | st.integers(0, 100)), "major": draw(st.booleans()),
            "priority": draw(st.none() | priorities), "explanation": tuple(draw(st.lists(texts(), max_size=3))),
        }
    elif name == "set_priority":
        reason = draw(texts())
        arguments = {"priority": draw(priorities), "reason": reason if reason.strip() else "no reason given"}
    else:
        relations = LINK_RELATIONS if allow_unique_links else ("group", "related")
        arguments = {"relation": draw(st.sampled_from(relations)), "other_id": draw(ids("X")), "reason": draw(texts())}
    return Operation(name=name, arguments=tuple(arguments.items()), actor=actor, after=after)


@st.composite
def operation_sequences(draw: st.DrawFn, max_size: int = 8) -> list[Operation]:
    """A sequence of operations that any freshly received complaint accepts, in order."""
    sequence: list[Operation] = []
    used: set[str] = set()
    for _ in range(draw(st.integers(0, max_size))):
        operation = draw(operations())
        relation = dict(operation.arguments).get("relation")
        if relation in ("repeat_of", "merged_into"):
            if relation in used:
                continue
            used.add(str(relation))
        sequence.append(operation)
    return sequence


@st.composite
def _trigger(draw: st.DrawFn, /, trigger: str, **inputs: Any) -> TriggerStep:
    from bankcomplaints.workflow.standard import STANDARD_POLICY

    role = draw(st.sampled_from(sorted(STANDARD_POLICY.roles_for(trigger) - {"system"})))
    actor = Actor(id=f"{role}-{draw(st.integers(1, 3))}", role=role)
    return TriggerStep(trigger=trigger, inputs=tuple(inputs.items()), actor=actor, after=draw(st.integers(0, 43_200)))


@st.composite
def _stage(draw: st.DrawFn, /, operation: str, **arguments: Any) -> StageStep:
    return StageStep(operation=operation, arguments=tuple(arguments.items()),
                     actor=Actor(id="specialist-1", role="specialist"), after=draw(st.integers(0, 43_200)))


@st.composite
def _decision(draw: st.DrawFn) -> list[Step]:
    """Evidence, a finding, liability determined and approved, the decision notified, feedback, close."""
    from bankcomplaints.liability import DecisionNotice, ResponsibleParty

    handler = StaffRef(id="specialist-1", role="specialist")
    party = draw(st.sampled_from((("branch", "B-1"), ("staff", "S-1"), ("business_system", "ATM-1"))))
    return [
        draw(_stage("collect_evidence", id="E-1", kind="transaction_record", source="core banking",
                    description=draw(texts().map(lambda text: text.strip() or "journal")), collected_by=handler,
                    sha256="0" * 64)),
        draw(_stage("record_finding", id="F-1", statement="the transaction failed", established=True,
                    evidence_ids=("E-1",))),
        draw(_stage("determine_liability", parties=(ResponsibleParty(kind=party[0], ref=party[1], share=Decimal(100),
                                                                     finding_ids=("F-1",)),),
                    root_cause="system", reasons="the bank's system failed")),
        draw(_trigger("approve_liability")),
        draw(_stage("issue_decision_notice", notice=DecisionNotice(findings=("F-1",), basis="the account terms",
                                                                   reasons="refund", outcome="upheld",
                                                                   channel="sms", proof="SMS-1"))),
        draw(_trigger("notify_decision")),
        draw(_trigger("await_feedback")),
        draw(_stage("record_feedback", satisfaction=draw(st.sampled_from(("satisfied", "basically_satisfied"))),
                    channel="phone")),
        draw(_trigger("close")),
    ]


@st.composite
def workflow_walks(draw: st.DrawFn) -> list[Step]:
    """A walk through the standard Chinese branch flow that a freshly received complaint accepts.

    The complaint must have been received while CN-CBIRC-2020 is in force and the China calendar
    has data (as :func:`handled_complaints` draws them).

    Registration, acceptance and triage (any kind), then for a consultation or suggestion the fast
    track to closing; for a complaint an investigation with an optional extension, then either evidence, a
    finding, liability, the decision notice, feedback and closing, or mediation, or a withdrawal or a
    referral out; the walk may also stop anywhere, or be cut short by a withdrawal. Each trigger is fired by
    a role the standard policy allows; steps are at most twelve hours apart, inside every handling period.
    """
    reason = {"reason": "the customer asked to stop"}
    walk: list[Step] = [draw(_trigger("register", handler=draw(staff.map(lambda m: attrs.evolve(m, id="H" + m.id[1:]))),
                          no_conflict_declared=True)),
            draw(_trigger("accept"))]
    kind = draw(st.just(Kind.COMPLAINT) | kinds)
    walk.append(draw(_trigger("triage", kind=kind, priority=draw(st.none() | priorities))))
    if kind is not Kind.COMPLAINT:
        walk += [draw(_trigger("answer")), draw(_trigger("close"))]
    else:
        walk.append(draw(_trigger("investigate")))
        if draw(st.booleans()):
            walk.append(draw(_trigger("extend_deadline", reason="complex case")))
        mediation = draw(st.booleans())
        if mediation:
            walk += [draw(_trigger("refer_to_mediation", customer_agreed=True, reason="agreed")),
                     draw(_trigger("end_mediation"))]
        endings = ("open", "withdraw", "refer_out") if mediation else ("decision", "open", "withdraw", "refer_out")
        ending = draw(st.sampled_from(endings))
        if ending == "decision":
            walk += draw(_decision())
        elif ending == "withdraw":
            walk.append(draw(_trigger("withdraw", **reason)))
        elif ending == "refer_out":
            walk.append(draw(_trigger("refer_out", referred_to="court", reason="the customer sued")))
    if draw(st.booleans()):
        return walk
    cut = draw(st.integers(0, len(walk) - 1))
    prefix = walk[:cut]
    return [*prefix, draw(_trigger("withdraw", **reason))] if draw(st.booleans()) else prefix


@st.composite
def handled_complaints(draw: st.DrawFn) -> Complaint:
    """A complaint received in 2021-2025 and taken along a :func:`workflow_walks` walk; every event is pending."""
    complaint = draw(received_complaints(2021, 2026, max_days_late=0))
    return apply_operations(complaint, draw(workflow_walks()))


@st.composite
def complaints(draw: st.DrawFn, max_operations: int = 8) -> Complaint:
    """A complaint after a valid sequence of operations; every event is still pending."""
    complaint = draw(received_complaints())
    return apply_operations(complaint, draw(operation_sequences(max_operations)))


@st.composite
def event_trails(draw: st.DrawFn, max_operations: int = 8) -> list[ComplaintEvent]:
    """The complete, collected event trail of one complaint (it verifies and replays)."""
    return draw(complaints(max_operations)).collect_events()


@st.composite
def events(draw: st.DrawFn) -> ComplaintEvent:
    """One event of any type the foundation records, taken from a valid trail."""
    trail = draw(event_trails())
    return trail[draw(st.integers(0, len(trail) - 1))]
