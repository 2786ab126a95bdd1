"""A bank's own service levels as a regime: the format, with an example document.

Internal SLAs use the same :class:`~bankcomplaints.workflow.regimes.model.Regime` format as the
regulations and are loaded from plain data (YAML or JSON) with
:func:`~bankcomplaints.workflow.regimes.model.regime_from_dict`; their clocks run beside the statutory ones.
"""

from __future__ import annotations

from typing import Any

from bankcomplaints.workflow.regimes.model import Regime, regime_from_dict

__all__ = ["EXAMPLE_SLA", "example_internal_sla"]

#: An example internal-SLA document (what a bank would keep in YAML): first contact within 1 business
#: day, P1 complaints resolved within 2 working hours, everything else within 10 calendar days.
EXAMPLE_SLA: dict[str, Any] = {
    "code": "BANK-SLA-2026",
    "family": "BANK-SLA",
    "name": "Example bank: internal complaint service levels",
    "jurisdiction": "CN",
    "effective_from": "2026-01-01",
    "counting": {"time_zone": "Asia/Shanghai", "calendar": "CN", "opens": "09:00", "closes": "17:30"},
    "rules": [
        {"clock": "first_contact", "title": "call the complainant back", "limit": 1, "unit": "business_days",
         "counting": {"cutoff": "17:30"}, "start_field": "received_at", "source": "internal policy 2026"},
        {"clock": "p1_resolution", "title": "resolve a P1 complaint", "limit": 2, "unit": "business_hours",
         "warning_percent": 50, "pause_reasons": ["customer_unreachable"], "start_field": "received_at",
         "source": "internal policy 2026"},
        {"clock": "standard_resolution", "title": "resolve a standard complaint", "limit": 10,
         "unit": "calendar_days", "pause_reasons": ["external_appraisal", "mediation"], "start_field": "received_at",
         "source": "internal policy 2026"},
    ],
    "parameters": [{"name": "owner", "value": "consumer protection department", "status": "P"}],
}


def example_internal_sla() -> Regime:
    """The example internal-SLA regime built from :data:`EXAMPLE_SLA`.

    Returns:
        The regime (not registered; :func:`bankcomplaints.workflow.regimes.register` it to use it by code).
    """
    return regime_from_dict(EXAMPLE_SLA)
