"""Domain events: the audit trail of a complaint, hash-chained.

Every change to a :class:`~bankcomplaints.complaint.Complaint` is a frozen event in the past tense.
Each event carries the SHA-256 of its predecessor (``prev_hash``) and of its own canonical JSON (``hash``),
so :func:`verify_chain` finds the first event that was altered, removed, reordered or inserted.

Personal data (fields declared with :func:`bankcomplaints.values.personal`) enters the hash only as a
salted digest. :func:`erase_personal_data` can therefore remove it from a stored trail and the chain
still verifies.
"""

from __future__ import annotations

import functools
import hashlib
import json
import types
import typing
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
import orjson
import pendulum

from bankcomplaints.errors import ChainVerificationError
from bankcomplaints.privacy import ERASED_PREFIX
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

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "EVENT_TYPES",
    "ChainReport",
    "ComplaintEvent",
    "ComplaintLinked",
    "ComplaintReceived",
    "HandlerAssigned",
    "PersonalDataErased",
    "PriorityChanged",
    "StatusChanged",
    "TriageRecorded",
    "erase_personal_data",
    "event_hash",
    "verify_chain",
]

#: Every concrete event class by its name, the ``type`` tag of its JSON form.
EVENT_TYPES: dict[str, type[ComplaintEvent]] = {}


@attrs.frozen(kw_only=True)
class ComplaintEvent:
    """Base of every domain event: which complaint, which step, when, by whom, and the chain links."""

    complaint_id: str
    seq: int
    occurred_at: pendulum.DateTime
    actor: Actor
    prev_hash: str = ""
    hash: str = ""

    #: Whether this event class stands for a stage of handling the host must act on (alarms etc.).
    alarm: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # attrs rebuilds slotted classes, so the last registration is the final class.
        EVENT_TYPES[cls.__name__] = cls

    def apply(self, complaint: Complaint) -> None:
        """Change ``complaint`` as this event says; never raises, never reads anything but the event."""


# --- the events of intake and triage -----------------------------------------------------------


@attrs.frozen(kw_only=True)
class ComplaintReceived(ComplaintEvent):
    """A complaint came in (投诉呈交): everything intake records.

    ``pii_salt`` salts the digests of personal data in the hash chain; it is not itself hashed,
    and erasure blanks it.
    """

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
    initial_status: str = "received"
    pii_salt: str = attrs.field(default="", repr=False, metadata={"unhashed": True})

    def apply(self, complaint: Complaint) -> None:
        complaint.status = self.initial_status


@attrs.frozen(kw_only=True)
class HandlerAssigned(ComplaintEvent):
    """A handler was assigned (投诉登记) after declaring no interest in the case (CBIRC Art. 17)."""

    handler: StaffRef
    no_conflict_declared: bool = True
    reason: str = ""

    def apply(self, complaint: Complaint) -> None:
        complaint.assignee = self.handler


@attrs.frozen(kw_only=True)
class TriageRecorded(ComplaintEvent):
    """The result of triage (初步分类和分析): kind, where the problem is, risk and priority."""

    kind: Kind
    business: BusinessCategory | None = None
    cause: Cause | None = None
    channel: Channel | None = None
    risk_factors: tuple[RiskFactor, ...] = ()
    risk_score: int | None = None
    major: bool = False
    priority: Priority | None = None
    explanation: tuple[str, ...] = ()

    def apply(self, complaint: Complaint) -> None:
        complaint.kind = self.kind
        complaint.business = self.business
        complaint.cause = self.cause
        if self.channel is not None:
            complaint.channel = self.channel
        complaint.risk_factors = self.risk_factors
        complaint.risk_score = self.risk_score
        complaint.major = complaint.major or self.major
        complaint.priority = self.priority
        complaint.triage_explanation = self.explanation


@attrs.frozen(kw_only=True)
class PriorityChanged(ComplaintEvent):
    """The priority band was set by hand, with a reason."""

    priority: Priority
    reason: str

    def apply(self, complaint: Complaint) -> None:
        complaint.priority = self.priority


@attrs.frozen(kw_only=True)
class ComplaintLinked(ComplaintEvent):
    """The complaint was linked to another: ``repeat_of``, ``merged_into``, ``group`` or ``related``."""

    relation: str
    other_id: str
    reason: str = ""

    def apply(self, complaint: Complaint) -> None:
        if self.relation == "repeat_of":
            complaint.repeat_of = self.other_id
        elif self.relation == "merged_into":
            complaint.merged_into = self.other_id
        elif self.relation == "group":
            complaint.group_id = self.other_id
        else:
            complaint.related = (*complaint.related, self.other_id)


@attrs.frozen(kw_only=True)
class StatusChanged(ComplaintEvent):
    """The workflow moved the complaint from ``source`` to ``target`` by ``trigger``."""

    trigger: str
    source: str
    target: str
    outcome: Outcome | None = None
    reason: str = ""

    def apply(self, complaint: Complaint) -> None:
        complaint.status = self.target
        if self.outcome is not None:
            complaint.outcome = self.outcome
            complaint.closed_at = self.occurred_at


@attrs.frozen(kw_only=True)
class PersonalDataErased(ComplaintEvent):
    """The complainant's personal data was erased from the trail (the chain still verifies)."""

    basis: str

    def apply(self, complaint: Complaint) -> None:
        complaint.erased = True


# --- the hash chain ------------------------------------------------------------------------------


@functools.cache
def _converter() -> Any:
    from bankcomplaints.serialization import _fast

    return _fast()


# A path into an unstructured event: field names, with None standing for "every item of this array".
_Path = tuple[str | None, ...]


@functools.cache
def _paths(cls: type) -> tuple[tuple[_Path, ...], tuple[_Path, ...]]:
    """Where an event class keeps personal fields, and where fields left out of the hash sit.

    Found from the declared types, the same types the converter writes JSON from.
    """
    personal: list[_Path] = []
    unhashed: list[_Path] = [("hash",)]

    def walk(tp: Any, prefix: _Path, seen: frozenset[type]) -> None:
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            for arg in args:
                walk(arg, prefix, seen)
        elif origin in (tuple, list) and args:
            walk(args[0], (*prefix, None), seen)
        elif isinstance(tp, type) and attrs.has(tp) and tp not in seen:
            hints = typing.get_type_hints(tp)
            for field in attrs.fields(tp):
                path = (*prefix, field.name)
                if field.metadata.get("personal"):
                    personal.append(path)
                elif field.metadata.get("unhashed"):
                    unhashed.append(path)
                else:
                    walk(hints[field.name], path, seen | {tp})

    walk(cls, (), frozenset())
    return tuple(personal), tuple(unhashed)


def _visit(data: Any, path: _Path, leaf: typing.Callable[[dict[str, Any], str], None]) -> None:
    if data is None:
        return
    head, rest = path[0], path[1:]
    if head is None:
        for item in data:
            _visit(item, rest, leaf)
    elif not rest:
        leaf(data, head)
    elif head in data:
        _visit(data[head], rest, leaf)


def _digest(value: str, salt: str) -> str:
    if value.startswith(ERASED_PREFIX):
        return value[len(ERASED_PREFIX) :]
    return "sha256:" + hashlib.sha256(f"{salt}\x1f{value}".encode()).hexdigest()


def _drop(parent: dict[str, Any], name: str) -> None:
    parent.pop(name, None)


@functools.cache
def _canonical_form(cls: type) -> tuple[typing.Callable[[ComplaintEvent, str], dict[str, Any]], bool]:
    """The function giving an event class's canonical data (generated for the class when it can be), and
    whether the data it gives already has every dict's keys in sorted order."""
    from bankcomplaints import _codegen

    converter = _converter()
    generated = _codegen.canonical_function(converter, cls, _digest)
    return (_paths_canonical_form(cls, converter), False) if generated is None else (generated, True)


def _paths_canonical_form(cls: type, converter: Any) -> typing.Callable[[ComplaintEvent, str], dict[str, Any]]:
    """The canonical data from the JSON form: unhashed fields dropped and personal values digested by path."""
    unstructure = converter.get_unstructure_hook(cls)
    personal, unhashed = _paths(cls)
    nested_unhashed = tuple(path for path in unhashed if len(path) > 1)
    top_unhashed = tuple(name for path in unhashed if len(path) == 1 for name in path if name is not None)

    def canonical(event: ComplaintEvent, salt: str) -> dict[str, Any]:
        data: dict[str, Any] = unstructure(event)
        for name in top_unhashed:
            data.pop(name, None)
        for path in nested_unhashed:
            _visit(data, path, _drop)
        if personal:
            def digest(parent: dict[str, Any], name: str) -> None:
                value = parent.get(name)
                if isinstance(value, str):
                    parent[name] = _digest(value, salt)

            for path in personal:
                _visit(data, path, digest)
        return data

    return canonical


def event_hash(event: ComplaintEvent, salt: str) -> str:
    """The SHA-256 (hex) of the event's canonical JSON, with personal data as salted digests.

    Canonical JSON: the event's JSON form (with its ``type`` tag, without ``hash``), keys sorted,
    no spaces, UTF-8 characters as they are.
    """
    return hasher_of(type(event))(event, salt)


# Each event class's hash function, built once per class.
_HASHERS: dict[type, typing.Callable[[ComplaintEvent, str], str]] = {}
_sha256 = hashlib.sha256


def hasher_of(cls: type) -> typing.Callable[[ComplaintEvent, str], str]:
    """The function giving :func:`event_hash` for events of exactly the class ``cls``, built once per class.

    Args:
        cls: an event class.
    Returns:
        ``hasher(event, salt)``.
    """
    hasher = _HASHERS.get(cls)
    if hasher is None:
        hasher = _HASHERS[cls] = _hasher(cls)
    return hasher


def _hasher(cls: type) -> typing.Callable[[ComplaintEvent, str], str]:
    canonical, presorted = _canonical_form(cls)
    option = 0 if presorted else orjson.OPT_SORT_KEYS  # the same text: the keys are in that order already
    dumps = orjson.dumps

    def hasher(event: ComplaintEvent, salt: str) -> str:
        data = canonical(event, salt)
        try:
            text = dumps(data, option=option)
        except orjson.JSONEncodeError:  # integers beyond 64 bits; the stdlib writes the same text
            text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        return _sha256(text).hexdigest()

    return hasher


@attrs.frozen(kw_only=True)
class ChainReport:
    """What :func:`verify_chain` found: ``ok``, or the index of the first bad event and why."""

    ok: bool
    length: int
    first_bad: int | None = None
    reason: str = ""

    def raise_if_broken(self) -> None:
        """Raises:
        ChainVerificationError: the chain is broken.
        """
        if not self.ok:
            raise ChainVerificationError(self.first_bad if self.first_bad is not None else -1, self.reason)


def verify_chain(
    events: Sequence[ComplaintEvent], *, expected_head: str | None = None, expected_length: int | None = None
) -> ChainReport:
    """Check that ``events`` is the unbroken trail of one complaint.

    Finds the first event that was altered (its hash no longer matches its content),
    removed, reordered or inserted (sequence numbers or links break).
    Removing events at the end leaves a shorter valid chain: pass the ``expected_head``
    hash or ``expected_length`` you hold elsewhere (e.g. the stored complaint's ``last_hash``) to catch that.

    Args:
        events: the complaint's events in order.
        expected_head: the hash the last event must have.
        expected_length: how many events there must be.
    Returns:
        A :class:`ChainReport`; call ``raise_if_broken()`` to turn a failure into an error.
    """

    def bad(index: int, reason: str) -> ChainReport:
        return ChainReport(ok=False, length=len(events), first_bad=index, reason=reason)

    if not events:
        return bad(0, "no events") if expected_length else ChainReport(ok=True, length=0)
    first = events[0]
    if not isinstance(first, ComplaintReceived):
        return bad(0, f"first event is {type(first).__name__}, not ComplaintReceived")
    salt = first.pii_salt
    previous = ""
    for index, event in enumerate(events):
        if event.complaint_id != first.complaint_id:
            return bad(index, f"belongs to complaint {event.complaint_id!r}, not {first.complaint_id!r}")
        if event.seq != index + 1:
            return bad(index, f"sequence number {event.seq}, expected {index + 1}")
        if event.prev_hash != previous:
            return bad(index, "does not link to the event before it")
        if event_hash(event, salt) != event.hash:
            return bad(index, "content does not match its hash (altered)")
        previous = event.hash
    if expected_length is not None and len(events) != expected_length:
        return bad(min(len(events), expected_length), f"{len(events)} events, expected {expected_length}")
    if expected_head is not None and previous != expected_head:
        return bad(len(events) - 1, "last event is not the expected head (events missing at the end)")
    return ChainReport(ok=True, length=len(events))


def _erase(value: Any, salt: str) -> Any:
    cls = type(value)
    if attrs.has(cls):
        changes: dict[str, Any] = {}
        for field in attrs.fields(cls):
            item = getattr(value, field.name)
            if field.metadata.get("personal") and isinstance(item, str):
                if not item.startswith(ERASED_PREFIX):
                    changes[field.name] = ERASED_PREFIX + _digest(item, salt)
            elif field.metadata.get("unhashed") and field.name == "pii_salt":
                changes[field.name] = ""
            else:
                erased = _erase(item, salt)
                if erased is not item:
                    changes[field.name] = erased
        return attrs.evolve(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = tuple(_erase(item, salt) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def erase_personal_data(events: Iterable[ComplaintEvent]) -> list[ComplaintEvent]:
    """The same trail with every personal field replaced by its salted digest, and the salt blanked.

    The result still passes :func:`verify_chain` and rebuilds with ``Complaint.from_events``;
    the personal data cannot be recovered from it. Record a :class:`PersonalDataErased` event
    first if the erasure itself must be on the trail.
    """
    events = list(events)
    if not events or not isinstance(events[0], ComplaintReceived):
        return events
    salt = events[0].pii_salt
    return [_erase(event, salt) for event in events]
