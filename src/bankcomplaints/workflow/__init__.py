"""The complaint workflow: its states and transitions, and the deadline clocks that run beside them."""

from typing import TYPE_CHECKING

# The workflow's public names, imported on first use so that the stage modules (deadlines, complaint)
# can import this package without importing the engine.
_EXPORTS = {
    "ClockAction": "definition", "Hooks": "definition", "Step": "definition", "Transition": "definition",
    "Workflow": "definition", "load_workflow": "definition", "workflow_from_dict": "definition",
    "workflow_to_dict": "definition",
    "ComplaintStatus": "standard", "STANDARD_POLICY": "standard", "STANDARD_WORKFLOW": "standard",
    "DeniedAttempt": "roles", "FourEyesRule": "roles", "PermissionPolicy": "roles", "Tier": "roles",
    "STANDARD_TIERS": "roles",
    "advance": "engine", "allowed_triggers": "engine", "compile_workflow": "engine",
    "machine_class": "machine", "machine_for": "machine", "mermaid": "machine", "dot": "machine", "send": "machine",
    "send_async": "machine",
    "four_eyes_conflict": "roles", "standard_hooks": "definition",
}

__all__ = [
    "STANDARD_POLICY",
    "STANDARD_TIERS",
    "STANDARD_WORKFLOW",
    "ClockAction",
    "ComplaintStatus",
    "DeniedAttempt",
    "FourEyesRule",
    "Hooks",
    "PermissionPolicy",
    "Step",
    "Tier",
    "Transition",
    "Workflow",
    "advance",
    "allowed_triggers",
    "compile_workflow",
    "dot",
    "four_eyes_conflict",
    "load_workflow",
    "machine_class",
    "machine_for",
    "mermaid",
    "send",
    "send_async",
    "standard_hooks",
    "workflow_from_dict",
    "workflow_to_dict",
]

if TYPE_CHECKING:  # the same names, for type checkers
    from bankcomplaints.workflow.definition import (
        ClockAction,
        Hooks,
        Step,
        Transition,
        Workflow,
        load_workflow,
        standard_hooks,
        workflow_from_dict,
        workflow_to_dict,
    )
    from bankcomplaints.workflow.engine import advance, allowed_triggers, compile_workflow
    from bankcomplaints.workflow.machine import dot, machine_class, machine_for, mermaid, send, send_async
    from bankcomplaints.workflow.roles import (
        STANDARD_TIERS,
        DeniedAttempt,
        FourEyesRule,
        PermissionPolicy,
        Tier,
        four_eyes_conflict,
    )
    from bankcomplaints.workflow.standard import STANDARD_POLICY, STANDARD_WORKFLOW, ComplaintStatus


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bankcomplaints.workflow' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"bankcomplaints.workflow.{module}"), name)
