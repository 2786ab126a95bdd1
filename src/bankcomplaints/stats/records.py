"""Flat, frozen, PII-free analytics records: what statistics see of a complaint.

A :class:`ComplaintRecord` holds codes, dates, flags and counts, never a name, phone
number, narrative or anything else that identifies a customer.
Codes are stored as their slugs (plain ``str``), so records from importers whose codes
are not in the library's enums (a CFPB product, a bank's own region code) fit beside
records derived from :class:`~bankcomplaints.complaint.Complaint` objects,
and so the aggregation hashes plain strings at C speed.
An empty string means "not recorded".

Records round-trip through JSON with :func:`record_to_json` / :func:`record_from_json`
(one JSON object per line is the "records JSON lines" file format of ``bankcomplaints import``).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

import attrs
import cattrs
import orjson
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _make_json_converter

from bankcomplaints.errors import ComplaintError, InvalidComplaintDataError
from bankcomplaints.values import Money

__all__ = [
    "CLOCK_STATES",
    "ClockResult",
    "ComplaintRecord",
    "record_converter",
    "record_from_json",
    "record_to_json",
]

CLOCK_STATES = ("met", "breached", "open")
"""The states a clock can be reported in: stopped in time, past its limit, still running in time."""


class ClockResult(NamedTuple):
    """How one regime's clock stands for one complaint.

    A named tuple rather than an attrs class: it is immutable all the same, and it hashes in C,
    so the aggregation can count millions of them without calling Python code per record.

    Attributes:
        regime: the regime or clock name, e.g. ``"cn_nfra_2020"`` or ``"us_cfpb"``.
        state: ``"met"``, ``"breached"`` or ``"open"`` (see :data:`CLOCK_STATES`).
        days: days used on the clock (the regime's own counting), ``None`` when unknown.
    """

    regime: str
    state: str
    days: int | None = None


def _check_clocks(_: object, __: attrs.Attribute[Any], value: tuple[ClockResult, ...]) -> None:
    for index, clock in enumerate(value):
        if not isinstance(clock, ClockResult) or clock.state not in CLOCK_STATES:
            raise InvalidComplaintDataError(
                [(f"clocks[{index}]", f"must be a ClockResult with state in {CLOCK_STATES}, got {clock!r}")],
                what="complaint record",
            )


def _days_between(start: datetime.date, end: datetime.date | None) -> int | None:
    return None if end is None else (end - start).days


@attrs.frozen(kw_only=True, slots=True)
class ComplaintRecord:
    """One complaint as statistics see it: codes, dates, clock results and flags, no personal data.

    Attributes:
        id: the complaint's file number.
        received_on: local calendar date the complaint was received (time buckets use it).
        branch: code of the branch that handles or is complained about.
        region: the branch's region (province, city or the bank's own grouping).
        staff: id of the handling member of staff (for staff scorecards); not customer data.
        channel: JR/T 0169 channel slug, or an importer's channel label.
        source: where the complaint came from (``direct``, ``regulator_forwarded``…).
        kind: ``complaint``, ``consultation``, ``suggestion`` or ``other``.
        business: business category slug (JR/T 0169 B) or an importer's product mapping.
        cause: cause slug (JR/T 0169 C) or an importer's issue mapping.
        priority: priority band (``P1`` … ``P4``).
        risk_factors: risk-factor slugs found at triage.
        status: workflow status when the record was taken.
        outcome: outcome slug for closed cases.
        responded_on: date of the final response, if any.
        closed_on: date the case was closed, if closed.
        clocks: one :class:`ClockResult` per regime clock that ran.
        redress: total redress paid (``None`` when nothing was paid).
        satisfied: the customer's answer to the satisfaction question, ``None`` if not asked or unanswered.
        first_contact_in_sla: whether the first contact with the customer met the bank's internal SLA.
        upheld: whether the complaint was upheld (a partial uphold counts as upheld); ``None`` while undecided.
        repeat: a repeat complaint about the same matter.
        reopened: reopened or sent for review (核查) after a decision.
        escalated: escalated to, or forwarded by, a regulator.
        root_cause: root-cause code found by the liability stage.
        attributes: extra ``(name, value)`` pairs an importer keeps (e.g. CFPB ``product``, ``state``).
        days_to_close: calendar days from receipt to closing (derived from the dates).
        days_to_respond: calendar days from receipt to the final response (derived from the dates).
    """

    id: str
    received_on: datetime.date
    branch: str = ""
    region: str = ""
    staff: str = ""
    channel: str = ""
    source: str = ""
    kind: str = "complaint"
    business: str = ""
    cause: str = ""
    priority: str = ""
    risk_factors: tuple[str, ...] = ()
    status: str = ""
    outcome: str = ""
    responded_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    clocks: tuple[ClockResult, ...] = attrs.field(default=(), validator=_check_clocks)
    redress: Money | None = None
    satisfied: bool | None = None
    first_contact_in_sla: bool | None = None
    upheld: bool | None = None
    repeat: bool = False
    reopened: bool = False
    escalated: bool = False
    root_cause: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    days_to_close: int | None = attrs.field(
        init=False, default=attrs.Factory(lambda self: _days_between(self.received_on, self.closed_on), takes_self=True)
    )
    days_to_respond: int | None = attrs.field(
        init=False,
        default=attrs.Factory(lambda self: _days_between(self.received_on, self.responded_on), takes_self=True),
    )

    def attribute(self, name: str, default: str = "") -> str:
        """The value of the extra attribute ``name``, or ``default`` when the record has none.

        Args:
            name: attribute name, e.g. ``"product"`` for a CFPB import.
            default: what to return when the attribute is absent.

        Returns:
            The attribute's value.
        """
        for key, value in self.attributes:
            if key == name:
                return value
        return default


def _structure_date(value: object, _: type) -> datetime.date:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {value!r}")
    return datetime.date.fromisoformat(value)


def _structure_money(value: object, _: type) -> Money:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected {{'amount': ..., 'currency': ...}}, got {value!r}")
    return Money(str(value["amount"]), str(value["currency"]))


@functools.cache
def record_converter() -> JsonConverter:
    """The cattrs JSON converter for records (dates as ISO strings, money amounts as decimal strings).

    Returns:
        A converter private to this module's callers; the global cattrs converter is never touched.
    """
    conv = _make_json_converter()
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    conv.register_structure_hook(datetime.date, _structure_date)
    conv.register_unstructure_hook(Money, lambda m: {"amount": str(m.amount), "currency": m.currency})
    conv.register_structure_hook(Money, _structure_money)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(ClockResult, lambda v, _: ClockResult(str(v[0]), str(v[1]), v[2]))
    conv.register_unstructure_hook(ClockResult, lambda c: [c.regime, c.state, c.days])
    return conv


def record_to_json(record: ComplaintRecord) -> str:
    """One record as a single line of JSON (no newline), as written by ``bankcomplaints import``.

    Args:
        record: the record.

    Returns:
        Compact JSON text; derived fields (``days_to_close``, ``days_to_respond``) are left out.
    """
    data = record_converter().unstructure(record)
    data.pop("days_to_close", None)
    data.pop("days_to_respond", None)
    return orjson.dumps(data).decode()


_TEXT_FIELDS = ("branch", "region", "staff", "channel", "source", "kind", "business", "cause", "priority", "status",
                "outcome", "root_cause")
_ANSWER_FIELDS = ("satisfied", "first_contact_in_sla", "upheld")
_FLAG_FIELDS = ("repeat", "reopened", "escalated")


def _date_or_none(value: object) -> datetime.date | None:
    if value is None:
        return None
    if type(value) is not str:
        raise TypeError(value)
    return datetime.date.fromisoformat(value)


def _clock(value: object) -> ClockResult:
    if type(value) is not list or len(value) != 3:
        raise TypeError(value)
    regime, state, days = value
    if type(regime) is not str or type(state) is not str or not (days is None or type(days) is int):
        raise TypeError(value)
    return ClockResult(regime, state, days)


def _pair(value: object) -> tuple[str, str]:
    if type(value) is not list or len(value) != 2 or type(value[0]) is not str or type(value[1]) is not str:
        raise TypeError(value)
    return value[0], value[1]


def _structure_strict(data: dict[str, Any]) -> ComplaintRecord | None:
    """The record if ``data`` is exactly as :func:`record_to_json` writes it, else ``None``.

    Much faster than cattrs; anything unexpected (coercible values, bad types, bad dates) returns ``None`` and
    the caller lets cattrs structure it, so it names the field at fault.
    """
    try:
        fields: dict[str, Any] = {"id": data["id"], "received_on": datetime.date.fromisoformat(data["received_on"])}
        if type(fields["id"]) is not str:
            return None
        for name in _TEXT_FIELDS:
            value = data.get(name, "")
            if type(value) is not str:
                return None
            fields[name] = value
        for name in _ANSWER_FIELDS:
            value = data.get(name)
            if value is not None and type(value) is not bool:
                return None
            fields[name] = value
        for name in _FLAG_FIELDS:
            value = data.get(name, False)
            if type(value) is not bool:
                return None
            fields[name] = value
        fields["responded_on"] = _date_or_none(data.get("responded_on"))
        fields["closed_on"] = _date_or_none(data.get("closed_on"))
        risk_factors = data.get("risk_factors", [])
        if type(risk_factors) is not list or any(type(f) is not str for f in risk_factors):
            return None
        fields["risk_factors"] = tuple(risk_factors)
        fields["clocks"] = tuple(map(_clock, data.get("clocks", [])))
        fields["attributes"] = tuple(map(_pair, data.get("attributes", [])))
        redress = data.get("redress")
        if redress is not None:
            if type(redress) is not dict or type(redress["amount"]) is not str:
                return None
            redress = Money(redress["amount"], redress["currency"])
        fields["redress"] = redress
        return ComplaintRecord(**fields)
    except (KeyError, TypeError, ValueError, ComplaintError):
        return None


def _own_errors(exc: BaseException) -> list[tuple[str, str]]:
    """Our validators' errors inside a cattrs exception group (cattrs would print them as "invalid value")."""
    if isinstance(exc, InvalidComplaintDataError):
        return list(exc.errors)
    if isinstance(exc, BaseExceptionGroup):
        return [error for inner in exc.exceptions for error in _own_errors(inner)]
    return []


def record_from_json(text: str | bytes, *, where: str = "record") -> ComplaintRecord:
    """Parse one record from its JSON text.

    Args:
        text: one JSON object, as written by :func:`record_to_json`.
        where: how to name this record in errors (e.g. ``"line 12"``).

    Returns:
        The record.

    Raises:
        InvalidComplaintDataError: the text is not JSON or a field is missing or of the wrong type;
            each error path starts with ``where``.
    """
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InvalidComplaintDataError([(where, f"not JSON: {exc.msg} at column {exc.colno}")],
                                        what="complaint record") from None
    if not isinstance(data, dict):
        raise InvalidComplaintDataError([(where, "expected a JSON object")], what="complaint record")
    record = _structure_strict(data)
    if record is not None:
        return record
    try:
        return record_converter().structure(data, ComplaintRecord)
    except cattrs.BaseValidationError as exc:
        own = [(f"{where}.{path}", message) for path, message in _own_errors(exc)]
        paths = own or [(f"{where}{msg.partition('@ $')[2]}", msg) for msg in cattrs.transform_error(exc)]
        raise InvalidComplaintDataError(paths, what="complaint record") from None
    except (InvalidComplaintDataError, ValueError, TypeError, KeyError) as exc:
        raise InvalidComplaintDataError([(where, str(exc))], what="complaint record") from None
