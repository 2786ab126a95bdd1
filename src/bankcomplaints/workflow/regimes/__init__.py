"""Regimes: versioned deadline rule sets, one module per regulation, and a registry.

    >>> from bankcomplaints.workflow import regimes
    >>> regimes.get("CN-CBIRC-2020").rule("handling_decision").limit
    15
    >>> import datetime
    >>> regimes.select("UK-FCA-DISP", datetime.date(2026, 3, 2)).code
    'UK-FCA-DISP'
"""

from bankcomplaints.workflow.regimes.cn_cbirc_2020 import cn_cbirc_2020
from bankcomplaints.workflow.regimes.cn_pboc_2020 import cn_pboc_2020
from bankcomplaints.workflow.regimes.eu_jc_2018 import eu_jc_2018
from bankcomplaints.workflow.regimes.internal_sla import EXAMPLE_SLA, example_internal_sla
from bankcomplaints.workflow.regimes.model import (
    ApprovalRule,
    Counting,
    DeadlineRule,
    ExtensionRule,
    Parameter,
    Regime,
    Unit,
    regime_from_dict,
)
from bankcomplaints.workflow.regimes.registry import SHIPPED, codes, get, register, select, unregister
from bankcomplaints.workflow.regimes.uk_fca_disp import uk_fca_disp
from bankcomplaints.workflow.regimes.us_cfpb import us_cfpb
from bankcomplaints.workflow.regimes.us_reg_e import us_reg_e
from bankcomplaints.workflow.regimes.us_reg_z import us_reg_z

__all__ = [
    "EXAMPLE_SLA",
    "SHIPPED",
    "ApprovalRule",
    "Counting",
    "DeadlineRule",
    "ExtensionRule",
    "Parameter",
    "Regime",
    "Unit",
    "cn_cbirc_2020",
    "cn_pboc_2020",
    "codes",
    "eu_jc_2018",
    "example_internal_sla",
    "get",
    "regime_from_dict",
    "register",
    "select",
    "uk_fca_disp",
    "unregister",
    "us_cfpb",
    "us_reg_e",
    "us_reg_z",
]
