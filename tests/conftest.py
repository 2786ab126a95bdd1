"""Hypothesis profiles: `dev` (default), `ci` (FAST=1 or CI), `fuzz` (make fuzz)."""

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.shared_data import SHARED_DATA

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))
_default = "ci" if os.environ.get("FAST") or os.environ.get("CI") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default))


def pytest_configure(config: pytest.Config) -> None:
    """Stop at once, in one line, when the shared public data the tests read is not where they look."""
    if not SHARED_DATA.is_dir():
        raise pytest.UsageError(
            f"the tests read the project's shared public data, and {SHARED_DATA} is not a folder: clone the "
            "repository beside the shared folder (../shared/data) or name the folder in BANKCOMPLAINTS_SHARED_DATA")
    # The docs' examples read the same folder (docs/stats.md) from the variable.
    os.environ.setdefault("BANKCOMPLAINTS_SHARED_DATA", str(SHARED_DATA))
