"""The complaint aggregate: the one mutable object, changed only through its operations.

Each operation takes the ``actor`` and ``now``, validates its input, and records one domain event;
the event's ``apply`` changes the complaint. A refused operation raises a
:class:`~bankcomplaints.errors.ComplaintError` subclass and changes nothing.
The host calls :meth:`Complaint.collect_events` after each operation and stores the events;
:meth:`Complaint.from_events` rebuilds an equal complaint from them.

    >>> import pendulum, bankcomplaints as bc
    >>> now = pendulum.datetime(2026, 9, 28, 10, tz="Asia/Shanghai")
    >>> clerk = bc.Actor(id="S-001", role="front_line")
    >>> c = bc.Complaint.receive(
    ...     id="C-1", actor=clerk, now=now, channel=bc.Channel.COUNTER,
    ...     complainant=bc.CustomerRef(id="K-9", name="王芳"), narrative="ATM吞卡", salt="s")
    >>> c.status, c.version
    ('received', 1)
    >>> events = c.collect_events()
    >>> bc.Complaint.from_events(events) == c
    True
"""

from __future__ import annotations

import datetime
import functools
import operator
import secrets
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, cast

import attrs
import pendulum

from bankcomplaints._builders import Builder, event_builder
from bankcomplaints.errors import InvalidComplaintDataError, InvalidOperationError
from bankcomplaints.events import (
    ComplaintEvent,
    ComplaintLinked,
    ComplaintReceived,
    HandlerAssigned,
    PriorityChanged,
    TriageRecorded,
    event_hash,
    hasher_of,
)
from bankcomplaints.liability.accountability import AccountabilityMeasure
from bankcomplaints.liability.determination import LiabilityDetermination
from bankcomplaints.liability.feedback import Communication, Feedback
from bankcomplaints.liability.investigation import EvidenceItem, Finding, Interview, SiteVisit
from bankcomplaints.liability.notices import DecisionNotice, Notice
from bankcomplaints.liability.redress import RedressLedger
from bankcomplaints.liability.remedy import ResolutionPlan
from bankcomplaints.values import (
    Actor,
    AgentRef,
    BranchRef,
    BusinessCategory,
    Cause,
    Channel,
    CustomerRef,
    Kind,
    Money,
    Outcome,
    Priority,
    RiskFactor,
    Source,
    StaffRef,
    personal,
)
from bankcomplaints.workflow.clocks import Clock  # importing it registers the clock events

__all__ = ["LINK_RELATIONS", "Complaint", "as_instant"]

E = TypeVar("E", bound=ComplaintEvent)

#: The relations :meth:`Complaint.link` accepts.
LINK_RELATIONS = ("repeat_of", "merged_into", "group", "related")

#: Limits on free text taken at intake, so a hostile input cannot grow the trail without bound.
MAX_TEXT = 20_000
MAX_SHORT_TEXT = 2_000


def as_instant(value: object, field: str = "now") -> pendulum.DateTime:
    """``value`` as an aware pendulum DateTime.

    Raises:
        InvalidOperationError: ``value`` is not a datetime or has no time zone.
    """
    if isinstance(value, pendulum.DateTime) and value.tzinfo is not None:
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidOperationError(field, "needs a time zone (naive datetimes are ambiguous)")
        return pendulum.instance(value)
    raise InvalidOperationError(field, f"must be an aware datetime, not {type(value).__name__}")


def _text(value: str, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InvalidOperationError(field, f"must be text, not {type(value).__name__}")
    if len(value) > limit:
        raise InvalidOperationError(field, f"is {len(value)} characters long; the limit is {limit}")
    return value


def _instance(value: object, cls: type, field: str, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, cls):
        raise InvalidOperationError(field, f"must be a {cls.__name__}, not {type(value).__name__}")


# Each event class's generated builder (None: the class is called) and hash function, found once per class.
_EVENT_CLASSES: dict[type[ComplaintEvent], tuple[Builder | None, Callable[[ComplaintEvent, str], str]]] = {}


def _seal(event: ComplaintEvent, salt: str) -> None:
    """Set the hash of a just-built event, before anyone else has seen it (cheaper than ``attrs.evolve``)."""
    object.__setattr__(event, "hash", event_hash(event, salt))


@functools.cache
def _intake_fields() -> tuple[str, ...]:
    """Fields of ComplaintReceived that the complaint holds under the same name (the intake facts, the salt)."""
    held = {f.name for f in attrs.fields(Complaint) if f.init}
    return tuple(f.name for f in attrs.fields(ComplaintReceived) if f.name in held and f.name != "status")


@functools.cache
def _state_fields() -> tuple[str, ...]:
    return tuple(f.name for f in attrs.fields(Complaint) if f.name not in ("_pending", "_open"))


class _Transaction:
    """The context of :meth:`Complaint._transaction`: one snapshot for every event recorded inside.

    An event whose ``apply`` raises inside is undone with everything else in the transaction: at once if
    the error propagates, else at the end, where the error is raised again (a caught failure must not
    leave the complaint half changed).
    """

    __slots__ = ("complaint", "failure", "outer", "pending", "snapshot")

    def __init__(self, complaint: Complaint) -> None:
        self.complaint = complaint

    def __enter__(self) -> None:
        complaint = self.complaint
        self.snapshot = complaint._snapshot()
        self.pending = len(complaint._pending)
        self.failure: BaseException | None = None
        self.outer, complaint._open = complaint._open, self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        complaint, failure = self.complaint, self.failure
        complaint._open = self.outer
        if kind is not None or failure is not None:
            complaint._restore(self.snapshot)
            del complaint._pending[self.pending :]
            if kind is None and failure is not None:
                raise failure


@attrs.define(kw_only=True)
class Complaint:
    """A customer complaint and everything recorded about it, stage by stage (DESIGN.md §1).

    Read its fields freely; change it only through its operations (methods here, and the
    functions of :mod:`bankcomplaints.workflow`, :mod:`bankcomplaints.liability` and the other stages).
    """

    # intake (投诉呈交)
    id: str
    received_at: pendulum.DateTime
    channel: Channel
    source: Source
    complainant: CustomerRef
    agent: AgentRef | None = None
    branch: BranchRef | None = None
    staff_complained: tuple[StaffRef, ...] = ()
    product: str | None = None
    # Customers write names, phone and card numbers into their own words: free text is personal data.
    demand: str = personal(default="")
    narrative: str = personal(default="")
    amount: Money | None = None
    co_complainants: int = 0
    in_person: bool = False
    regulator_ref: str | None = None
    forwarded_at: pendulum.DateTime | None = None
    workflow: str = "cn-branch-standard"
    # handling
    status: str = "received"
    assignee: StaffRef | None = None
    # triage (初步分类和分析)
    kind: Kind | None = None
    business: BusinessCategory | None = None
    cause: Cause | None = None
    risk_factors: tuple[RiskFactor, ...] = ()
    risk_score: int | None = None
    major: bool = False
    priority: Priority | None = None
    triage_explanation: tuple[str, ...] = ()
    # links
    repeat_of: str | None = None
    merged_into: str | None = None
    group_id: str | None = None
    related: tuple[str, ...] = ()
    # investigation, liability, resolution, notices and feedback (bankcomplaints.liability)
    evidence: tuple[EvidenceItem, ...] = ()
    site_visits: tuple[SiteVisit, ...] = ()
    interviews: tuple[Interview, ...] = ()
    findings: tuple[Finding, ...] = ()
    liability: LiabilityDetermination | None = None
    accountability: tuple[AccountabilityMeasure, ...] = ()
    resolution_plan: ResolutionPlan | None = None
    redress: RedressLedger = attrs.field(factory=RedressLedger)
    decision_notice: DecisionNotice | None = None
    notices: tuple[Notice, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    communications: tuple[Communication, ...] = ()
    # deadline clocks (bankcomplaints.workflow.clocks)
    clocks: tuple[Clock, ...] = ()
    # close (办结)
    outcome: Outcome | None = None
    closed_at: pendulum.DateTime | None = None
    erased: bool = False
    # the trail
    version: int = 0
    last_hash: str = ""
    updated_at: pendulum.DateTime | None = None
    pii_salt: str = attrs.field(default="", repr=False)
    _pending: list[ComplaintEvent] = attrs.field(factory=list, init=False, repr=False, eq=False)
    _open: _Transaction | None = attrs.field(default=None, init=False, repr=False, eq=False)

    # --- creating and rebuilding ------------------------------------------------------------

    @classmethod
    def receive(
        cls,
        *,
        id: str,
        actor: Actor,
        now: pendulum.DateTime,
        complainant: CustomerRef,
        channel: Channel = Channel.COUNTER,
        source: Source = Source.DIRECT,
        received_at: pendulum.DateTime | None = None,
        agent: AgentRef | None = None,
        branch: BranchRef | None = None,
        staff_complained: Sequence[StaffRef] = (),
        product: str | None = None,
        demand: str = "",
        narrative: str = "",
        amount: Money | None = None,
        co_complainants: int = 0,
        in_person: bool = False,
        regulator_ref: str | None = None,
        forwarded_at: pendulum.DateTime | None = None,
        workflow: str = "cn-branch-standard",
        initial_status: str = "received",
        salt: str | None = None,
    ) -> Complaint:
        """Open a complaint at intake and record :class:`~bankcomplaints.events.ComplaintReceived`.

        Args:
            id: the host's file number for the complaint.
            actor: who takes the complaint in.
            now: when it is recorded.
            complainant: the customer (CBIRC Art. 13).
            received_at: when the complaint reached the bank, if not ``now`` (a letter, a forwarded case);
                deadlines run from it.
            agent: an agent, heir or guardian complaining for the customer (Art. 14).
            co_complainants: how many other people complain together (group complaints, Art. 12 and 29).
            in_person: the complainants came in person.
            forwarded_at: when a regulator received a forwarded complaint (its 7-working-day clock, Art. 33).
            salt: salt for the digests of personal data in the hash chain; random if not given.
        Returns:
            The new complaint, with one pending event.
        Raises:
            InvalidOperationError: a field has the wrong type, a naive datetime, text over its size
                limit, or an impossible value (negative group size, receipt after ``now``).
        """
        now = as_instant(now)
        received = now if received_at is None else as_instant(received_at, "received_at")
        if received > now:
            raise InvalidOperationError("received_at", "is later than now")
        if not isinstance(id, str) or not id.strip() or len(id) > 200:
            raise InvalidOperationError("id", "must be non-empty text of at most 200 characters")
        _instance(actor, Actor, "actor")
        _instance(complainant, CustomerRef, "complainant")
        _instance(channel, Channel, "channel")
        _instance(source, Source, "source")
        _instance(agent, AgentRef, "agent", optional=True)
        _instance(branch, BranchRef, "branch", optional=True)
        _instance(amount, Money, "amount", optional=True)
        staff = tuple(staff_complained)
        for index, member in enumerate(staff):
            _instance(member, StaffRef, f"staff_complained[{index}]")
        if isinstance(co_complainants, bool) or not isinstance(co_complainants, int) or co_complainants < 0:
            raise InvalidOperationError("co_complainants", "must be a whole number, zero or more")
        forwarded = None if forwarded_at is None else as_instant(forwarded_at, "forwarded_at")
        event = ComplaintReceived(
            complaint_id=id,
            seq=1,
            occurred_at=now,
            actor=actor,
            received_at=received,
            channel=channel,
            source=source,
            complainant=complainant,
            agent=agent,
            branch=branch,
            staff_complained=staff,
            product=None if product is None else _text(product, "product", MAX_SHORT_TEXT),
            demand=_text(demand, "demand", MAX_TEXT),
            narrative=_text(narrative, "narrative", MAX_TEXT),
            amount=amount,
            co_complainants=co_complainants,
            in_person=bool(in_person),
            regulator_ref=regulator_ref,
            forwarded_at=forwarded,
            workflow=workflow,
            initial_status=initial_status,
            pii_salt=secrets.token_hex(16) if salt is None else salt,
        )
        _seal(event, event.pii_salt)
        complaint = cls._from_received(event)
        complaint._pending.append(event)
        return complaint

    @classmethod
    def _from_received(cls, event: ComplaintReceived) -> Complaint:
        # The intake facts are the fields the event and the aggregate share by name.
        complaint = cls(id=event.complaint_id, **{name: getattr(event, name) for name in _intake_fields()})
        event.apply(complaint)
        complaint._stamp(event)
        return complaint

    @classmethod
    def from_events(cls, events: Iterable[ComplaintEvent]) -> Complaint:
        """Rebuild a complaint by replaying its events; the result has no pending events.

        Raises:
            InvalidComplaintDataError: the first event is not ``ComplaintReceived``, or the
                events belong to another complaint or are out of sequence.
        """
        iterator = iter(events)
        first = next(iterator, None)
        if not isinstance(first, ComplaintReceived):
            raise InvalidComplaintDataError([("events[0]", "must be a ComplaintReceived event")], what="event trail")
        complaint = cls._from_received(first)
        for index, event in enumerate(iterator, start=1):
            if event.complaint_id != complaint.id or event.seq != complaint.version + 1:
                raise InvalidComplaintDataError(
                    [(f"events[{index}]", f"seq {event.seq} of {event.complaint_id!r} does not follow")],
                    what="event trail",
                )
            event.apply(complaint)
            complaint._stamp(event)
        return complaint

    # --- the trail ---------------------------------------------------------------------------

    def collect_events(self) -> list[ComplaintEvent]:
        """Hand the events recorded since the last call to the host, in order."""
        events, self._pending = self._pending, []
        return events

    @property
    def pending_events(self) -> tuple[ComplaintEvent, ...]:
        """The events recorded but not yet collected (read only)."""
        return tuple(self._pending)

    def _stamp(self, event: ComplaintEvent) -> None:
        self.version = event.seq
        self.last_hash = event.hash
        self.updated_at = event.occurred_at

    def _snapshot(self) -> tuple[Any, ...]:
        return _snapshot_of(self)

    def _restore(self, snapshot: tuple[Any, ...]) -> None:
        for name, value in zip(_state_fields(), snapshot, strict=True):
            setattr(self, name, value)

    def _transaction(self) -> _Transaction:
        """Group several operations into one: if anything inside raises, the complaint,
        its version and its pending events are exactly as before."""
        return _Transaction(self)

    def _record(self, event_type: type[E], *, actor: Actor, now: pendulum.DateTime, **fields: Any) -> E:
        """Stamp, hash, apply and queue one event; on any failure the complaint is as before.

        Stage modules call this after validating their input. Inside :meth:`_transaction` a failing
        ``apply`` is undone by the transaction (see :class:`_Transaction`).

        Raises:
            InvalidOperationError: ``now`` is naive or earlier than the last event, or ``actor``
                is not an :class:`Actor`.
        """
        if type(now) is not pendulum.DateTime or now.tzinfo is None:  # exact types skip the calls
            now = as_instant(now)
        if type(actor) is not Actor:
            _instance(actor, Actor, "actor")
        last = self.updated_at
        if last is not None and now < last:
            raise InvalidOperationError("now", f"{now.isoformat()} is earlier than the last event")
        known = _EVENT_CLASSES.get(event_type)
        if known is None:
            known = _EVENT_CLASSES[event_type] = (event_builder(event_type), hasher_of(event_type))
        build, hasher = known
        event = None if build is None else cast(
            "E | None", build(self.id, self.version + 1, now, actor, self.last_hash, fields))
        if event is None:  # the class itself accepts or refuses the fields
            try:
                event = event_type(
                    complaint_id=self.id, seq=self.version + 1, occurred_at=now, actor=actor,
                    prev_hash=self.last_hash, **fields,
                )
            except (TypeError, ValueError) as exc:
                raise InvalidOperationError(event_type.__name__, str(exc)) from None
        if type(event) is event_type:  # set the hash before anyone else has seen the event
            object.__setattr__(event, "hash", hasher(event, self.pii_salt))
        else:
            _seal(event, self.pii_salt)
        transaction = self._open  # inside a transaction, its snapshot serves
        snapshot = _snapshot_of(self) if transaction is None else ()
        try:
            event.apply(self)
            self._stamp(event)
        except BaseException as failure:
            if transaction is None:
                self._restore(snapshot)
            else:
                transaction.failure = failure
            raise
        self._pending.append(event)
        return event

    # --- operations of registration and triage ------------------------------------------------

    def assign(self, handler: StaffRef, *, actor: Actor, now: pendulum.DateTime, reason: str = "") -> None:
        """Assign a handler who has declared no interest in the case (CBIRC Art. 17).

        The workflow's permission policy and conflict-of-interest guard run in
        :func:`bankcomplaints.workflow.advance`; this records the assignment.

        Raises:
            InvalidOperationError: ``handler`` is not a StaffRef, or the handler is among the
                staff complained of (a direct interest).
        """
        _instance(handler, StaffRef, "handler")
        if any(member.id == handler.id for member in self.staff_complained):
            raise InvalidOperationError("handler", f"{handler.id} is complained of and has a direct interest")
        self._record(HandlerAssigned, actor=actor, now=now, handler=handler, reason=_text(reason, "reason", 2000))

    def record_triage(
        self,
        *,
        actor: Actor,
        now: pendulum.DateTime,
        kind: Kind,
        business: BusinessCategory | None = None,
        cause: Cause | None = None,
        channel: Channel | None = None,
        risk_factors: Sequence[RiskFactor] = (),
        risk_score: int | None = None,
        major: bool = False,
        priority: Priority | None = None,
        explanation: Sequence[str] = (),
    ) -> None:
        """Record the result of triage (by hand or from :mod:`bankcomplaints.classification`).

        Raises:
            InvalidOperationError: a code of the wrong type, or a risk score outside 0–100.
        """
        _instance(kind, Kind, "kind")
        _instance(business, BusinessCategory, "business", optional=True)
        _instance(cause, Cause, "cause", optional=True)
        _instance(channel, Channel, "channel", optional=True)
        _instance(priority, Priority, "priority", optional=True)
        factors = tuple(dict.fromkeys(risk_factors))
        for index, factor in enumerate(factors):
            _instance(factor, RiskFactor, f"risk_factors[{index}]")
        if risk_score is not None and (
            isinstance(risk_score, bool) or not isinstance(risk_score, int) or not 0 <= risk_score <= 100
        ):
            raise InvalidOperationError("risk_score", "must be a whole number from 0 to 100")
        self._record(
            TriageRecorded, actor=actor, now=now, kind=kind, business=business, cause=cause, channel=channel,
            risk_factors=factors, risk_score=risk_score, major=bool(major), priority=priority,
            explanation=tuple(_text(line, "explanation", MAX_SHORT_TEXT) for line in explanation),
        )

    def set_priority(self, priority: Priority, *, actor: Actor, now: pendulum.DateTime, reason: str) -> None:
        """Set the priority band by hand; the reason is required.

        Raises:
            InvalidOperationError: no reason given, or ``priority`` is not a Priority.
        """
        _instance(priority, Priority, "priority")
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidOperationError("reason", "a manual priority change needs a reason")
        self._record(PriorityChanged, actor=actor, now=now, priority=priority, reason=_text(reason, "reason", 2000))

    def link(self, relation: str, other_id: str, *, actor: Actor, now: pendulum.DateTime, reason: str = "") -> None:
        """Link this complaint to another (repeat of, merged into, group, related).

        Raises:
            InvalidOperationError: unknown relation, a link to itself, or a second
                ``repeat_of``/``merged_into`` link.
        """
        if relation not in LINK_RELATIONS:
            raise InvalidOperationError("relation", f"{relation!r} is not one of {', '.join(LINK_RELATIONS)}")
        if not isinstance(other_id, str) or not other_id or other_id == self.id:
            raise InvalidOperationError("other_id", "must name another complaint")
        if relation == "repeat_of" and self.repeat_of is not None:
            raise InvalidOperationError("repeat_of", f"already a repeat of {self.repeat_of}")
        if relation == "merged_into" and self.merged_into is not None:
            raise InvalidOperationError("merged_into", f"already merged into {self.merged_into}")
        self._record(ComplaintLinked, actor=actor, now=now, relation=relation, other_id=other_id,
                     reason=_text(reason, "reason", 2000))

    @property
    def is_closed(self) -> bool:
        """Whether the complaint has an outcome (办结)."""
        return self.outcome is not None


# Every field holds an immutable value, so a shallow copy of the fields is a full snapshot.
_snapshot_of: Callable[[Complaint], tuple[Any, ...]] = operator.attrgetter(*_state_fields())
