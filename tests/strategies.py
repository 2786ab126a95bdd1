"""The project's own tests draw from the strategies it ships to host teams (:mod:`bankcomplaints.testing.strategies`).

Only ``texts`` differs: here it is a ready strategy rather than a factory.
"""

from bankcomplaints.testing import strategies as _shipped
from bankcomplaints.testing.strategies import (
    actors,
    agents,
    apply_operations,
    branches,
    customers,
    event_trails,
    handled_complaints,
    instants,
    money,
    operation_sequences,
    received_complaints,
    staff,
)

texts = _shipped.texts()

__all__ = [
    "actors",
    "agents",
    "apply_operations",
    "branches",
    "customers",
    "event_trails",
    "handled_complaints",
    "instants",
    "money",
    "operation_sequences",
    "received_complaints",
    "staff",
    "texts",
]
