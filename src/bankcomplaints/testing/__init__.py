"""A testing toolkit for hosts: a fake clock, a synthetic complaint generator, Hypothesis strategies,
contract tests for a complaint store, scenario files and pytest fixtures.

The modules that need test-only packages are imported on demand:
:mod:`bankcomplaints.testing.strategies` needs Hypothesis, and
:mod:`bankcomplaints.testing.contract` and :mod:`bankcomplaints.testing.plugin` need pytest
(``pip install 'bankcomplaints[testing]'``).
"""

from bankcomplaints.testing.clock import FakeClock
from bankcomplaints.testing.generator import BRANCHES, REGIONS, ComplaintGenerator, SyntheticComplaint

__all__ = ["BRANCHES", "REGIONS", "ComplaintGenerator", "FakeClock", "SyntheticComplaint"]
