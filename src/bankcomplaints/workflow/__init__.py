"""The complaint workflow: its states and transitions, and the deadline clocks that run beside them."""

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
    "machine_class": "machine", "machine_for": "machine", "mermaid": "machine", "dot": "machine",
}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bankcomplaints.workflow' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"bankcomplaints.workflow.{module}"), name)
