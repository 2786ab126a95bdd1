"""The public API: everything on ``bc`` is listed here, so a change shows up in review."""

import subprocess
import sys

import bankcomplaints as bc

EXPECTED = [
    "Actor",
    "AgentRef",
    "Approval",
    "ApprovalRequiredError",
    "BranchRef",
    "BusinessCategory",
    "CalendarCoverageError",
    "Cause",
    "ChainReport",
    "ChainVerificationError",
    "Channel",
    "ClassificationError",
    "Clock",
    "ClockNotice",
    "ClockStatus",
    "Complaint",
    "ComplaintError",
    "ComplaintEvent",
    "ComplaintLinked",
    "ComplaintReceived",
    "ComplaintStatus",
    "ConcurrencyConflictError",
    "Contact",
    "CustomerRef",
    "DeadlineError",
    "DecisionNotice",
    "ExtensionRefusedError",
    "FourEyesError",
    "GuardRejectedError",
    "HandlerAssigned",
    "InvalidComplaintDataError",
    "InvalidOperationError",
    "InvalidTransitionError",
    "Kind",
    "LedgerEditError",
    "LiabilityError",
    "MajorComplaintFlagged",
    "ModelFileError",
    "Money",
    "Notice",
    "Outcome",
    "PermissionDeniedError",
    "Priority",
    "PriorityChanged",
    "RegimeError",
    "RiskFactor",
    "RuleSetError",
    "STANDARD_WORKFLOW",
    "ScenarioError",
    "Source",
    "StaffRef",
    "StatusChanged",
    "StoreError",
    "Transition",
    "TriageRecorded",
    "Vulnerability",
    "Workflow",
    "WorkflowDefinitionError",
    "advance",
    "allowed_triggers",
    "assess_risk",
    "assign_priority",
    "binding_clock",
    "calendars",
    "classification",
    "classify",
    "erase_personal_data",
    "extend_clock",
    "from_json",
    "json_schema",
    "liability",
    "load_workflow",
    "machine_class",
    "make_converter",
    "pause_clock",
    "privacy",
    "restart_clock",
    "resume_clock",
    "start_clock",
    "stats",
    "stop_clock",
    "structure",
    "to_json",
    "triage",
    "unstructure",
    "verify_chain",
    "workflow",
]


def test_all_is_pinned() -> None:
    """sorted(bc.__all__) is exactly the reviewed list."""
    assert sorted(bc.__all__) == EXPECTED


def test_every_name_resolves() -> None:
    """Every exported name exists on the package and is not None."""
    missing = [name for name in bc.__all__ if getattr(bc, name, None) is None]
    assert missing == []


def test_every_error_is_a_complaint_error() -> None:
    """Every exported error class derives from ComplaintError, so hosts catch one class."""
    errors = [getattr(bc, n) for n in bc.__all__ if n.endswith("Error")]
    assert errors and all(issubclass(e, bc.ComplaintError) for e in errors)


def test_stored_trails_rebuild_after_a_plain_import() -> None:
    """A fresh `import bankcomplaints` registers every stage's events, so any stored trail can be read back."""
    code = "import bankcomplaints\nfrom bankcomplaints.events import EVENT_TYPES\nprint(' '.join(sorted(EVENT_TYPES)))"
    registered = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout.split())
    stage_events = {"ClockStarted", "ComplaintReopened", "FindingRecorded", "LiabilityDetermined", "RedressRecorded",
                    "DecisionNoticeIssued", "FeedbackRecorded", "MajorComplaintFlagged"}
    assert stage_events <= registered, stage_events - registered
