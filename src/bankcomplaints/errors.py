"""Every error bankcomplaints raises.

Callers catch :class:`ComplaintError`; each subclass carries structured attributes
naming the field, rule, actor or trigger at fault.
A refused operation leaves the complaint and its pending events exactly as they were.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ApprovalRequiredError",
    "CalendarCoverageError",
    "ChainVerificationError",
    "ClassificationError",
    "ComplaintError",
    "ConcurrencyConflictError",
    "DeadlineError",
    "ExtensionRefusedError",
    "FourEyesError",
    "GuardRejectedError",
    "InvalidComplaintDataError",
    "InvalidOperationError",
    "InvalidTransitionError",
    "LedgerEditError",
    "LiabilityError",
    "ModelFileError",
    "PermissionDeniedError",
    "RegimeError",
    "RuleSetError",
    "ScenarioError",
    "StoreError",
    "WorkflowDefinitionError",
]


class ComplaintError(Exception):
    """Base for every error we raise; never raised itself."""


class InvalidComplaintDataError(ComplaintError, ValueError):
    """Host input failed validation.

    ``errors`` lists ``(path, message)`` pairs, one per bad field, with dotted paths
    such as ``complainant.contact.phone`` or ``events[3].occurred_at``.
    """

    def __init__(self, errors: Sequence[tuple[str, str]], *, what: str = "document") -> None:
        self.errors: tuple[tuple[str, str], ...] = tuple(errors)
        self.what = what
        self.paths: tuple[str, ...] = tuple(path for path, _ in self.errors)
        shown = "; ".join(f"{path or '<root>'}: {msg}" for path, msg in self.errors[:20])
        more = f" (and {len(self.errors) - 20} more)" if len(self.errors) > 20 else ""
        super().__init__(f"invalid {what}: {shown}{more}")


class InvalidOperationError(ComplaintError, ValueError):
    """An operation's input breaks a rule of the complaint model (e.g. a naive datetime)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class InvalidTransitionError(ComplaintError):
    """The trigger has no transition from the complaint's current status."""

    def __init__(self, complaint_id: str, status: str, trigger: str) -> None:
        super().__init__(f"can't {trigger!r} complaint {complaint_id} while {status}")
        self.complaint_id, self.status, self.trigger = complaint_id, status, trigger


class GuardRejectedError(ComplaintError):
    """A workflow guard refused a transition; ``rule`` names the guard, ``reason`` says why."""

    def __init__(self, complaint_id: str, trigger: str, rule: str, reason: str) -> None:
        super().__init__(f"can't {trigger!r} complaint {complaint_id}: {rule}: {reason}")
        self.complaint_id, self.trigger, self.rule, self.reason = complaint_id, trigger, rule, reason


class PermissionDeniedError(ComplaintError):
    """The actor's role may not fire this trigger (or perform this operation)."""

    def __init__(self, actor_id: str, role: str, trigger: str, reason: str = "") -> None:
        why = f": {reason}" if reason else ""
        super().__init__(f"{actor_id} (role {role}) may not {trigger!r}{why}")
        self.actor_id, self.role, self.trigger, self.reason = actor_id, role, trigger, reason


class WorkflowDefinitionError(ComplaintError, ValueError):
    """A workflow document or value is invalid; ``element`` names the offending state or trigger."""

    def __init__(self, element: str, message: str) -> None:
        super().__init__(f"{element}: {message}")
        self.element, self.message = element, message


class DeadlineError(ComplaintError):
    """A clock operation is not possible (unknown clock, clock not running, bad pause)."""

    def __init__(self, clock: str, message: str) -> None:
        super().__init__(f"clock {clock!r}: {message}")
        self.clock, self.message = clock, message


class ExtensionRefusedError(DeadlineError):
    """An extension lacks what its rule requires; ``missing`` names each absent approval or notice."""

    def __init__(self, clock: str, extension: str, missing: Sequence[str]) -> None:
        self.extension = extension
        self.missing: tuple[str, ...] = tuple(missing)
        super().__init__(clock, f"extension {extension!r} refused, missing: {', '.join(self.missing)}")


class RegimeError(ComplaintError, ValueError):
    """A regime is unknown, not in force at the date asked, or badly defined."""

    def __init__(self, regime: str, message: str) -> None:
        super().__init__(f"regime {regime!r}: {message}")
        self.regime, self.message = regime, message


class CalendarCoverageError(ComplaintError, LookupError):
    """A business calendar was asked about a date outside the years it has data for."""

    def __init__(self, calendar: str, day: object, covered: str) -> None:
        super().__init__(f"calendar {calendar!r} has no data for {day}; it covers {covered}")
        self.calendar, self.day, self.covered = calendar, day, covered


class ClassificationError(ComplaintError):
    """Classification could not run on this input."""


class RuleSetError(ClassificationError, ValueError):
    """A rule set is invalid; ``rule_id`` and ``field`` name the bad rule and field."""

    def __init__(self, rule_id: str, field: str, message: str) -> None:
        super().__init__(f"rule {rule_id!r}, field {field!r}: {message}")
        self.rule_id, self.field, self.message = rule_id, field, message


class ModelFileError(ClassificationError, ValueError):
    """A text-model document is invalid or lacks what was asked of it; ``field`` names the part at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"text model, field {field!r}: {message}")
        self.field, self.message = field, message


class LiabilityError(ComplaintError):
    """An investigation, liability, accountability or redress rule was broken; ``rule`` names it."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(f"{rule}: {message}")
        self.rule, self.message = rule, message


class FourEyesError(LiabilityError):
    """The approver is the maker, or took part in the decision being checked (maker-checker).

    ``actor_id`` is the refused approver; ``conflict`` says how they are involved
    (``made the entry``, ``determined liability``…).
    """

    def __init__(self, rule: str, actor_id: str, conflict: str) -> None:
        super().__init__(rule, f"{actor_id} {conflict} and may not approve it (four eyes)")
        self.actor_id, self.conflict = actor_id, conflict


class ApprovalRequiredError(LiabilityError):
    """A step needs a second person's approval that has not been given; ``item`` names what."""

    def __init__(self, rule: str, item: str, message: str) -> None:
        super().__init__(rule, message)
        self.item = item


class LedgerEditError(LiabilityError):
    """A recorded ledger entry cannot be changed; record a reversal instead. ``entry_id`` names it."""

    def __init__(self, rule: str, entry_id: str, message: str) -> None:
        super().__init__(rule, message)
        self.entry_id = entry_id


class ChainVerificationError(ComplaintError):
    """An event trail is not an unbroken hash chain; ``index`` is the first bad event."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"event chain broken at index {index}: {reason}")
        self.index, self.reason = index, reason


class ConcurrencyConflictError(ComplaintError):
    """A store append expected one version of a complaint but found another."""

    def __init__(self, complaint_id: str, expected: int, actual: int) -> None:
        super().__init__(f"complaint {complaint_id}: expected version {expected}, store has {actual}")
        self.complaint_id, self.expected, self.actual = complaint_id, expected, actual


class StoreError(ComplaintError):
    """A complaint store could not do what was asked (unknown complaint, unreadable row, database error)."""

    def __init__(self, complaint_id: str, message: str) -> None:
        super().__init__(f"complaint {complaint_id}: {message}" if complaint_id else message)
        self.complaint_id, self.message = complaint_id, message


class ScenarioError(ComplaintError, ValueError):
    """A scenario file is malformed; ``where`` names the step or field."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message
