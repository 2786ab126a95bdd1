"""Regulator-shaped returns: China's quarterly statistics, the FCA complaints return, a CFPB-style export."""

from bankcomplaints.stats.returns.cfpb import CCDB_COLUMNS, ccdb_csv_lines, ccdb_rows
from bankcomplaints.stats.returns.china import ChinaQuarterlyReturn, china_quarterly
from bankcomplaints.stats.returns.fca import (
    FCA_PRODUCT_GROUPS,
    FcaGroupFigures,
    FcaReturn,
    fca_return,
    weekdays_between,
)

__all__ = [
    "CCDB_COLUMNS",
    "FCA_PRODUCT_GROUPS",
    "ChinaQuarterlyReturn",
    "FcaGroupFigures",
    "FcaReturn",
    "ccdb_csv_lines",
    "ccdb_rows",
    "china_quarterly",
    "fca_return",
    "weekdays_between",
]
