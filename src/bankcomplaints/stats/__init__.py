"""Statistics and assessment: flat records, mergeable aggregates, KPIs, trends, scorecards, regulator returns.

``from bankcomplaints import stats`` gives the everyday names; the modules hold the rest
(:mod:`~bankcomplaints.stats.returns`, :mod:`~bankcomplaints.stats.dataframes`, :mod:`~bankcomplaints.stats.files`).
"""

from bankcomplaints.stats.aggregate import STANDARD_SPEC, TIME_BUCKETS, Aggregate, AggregateSpec, aggregate, percentile
from bankcomplaints.stats.assessment import (
    STANDARD_SCHEME,
    AssessmentScheme,
    Scorecard,
    ScoreComponent,
    score,
)
from bankcomplaints.stats.cfpb_import import DEFAULT_CFPB_MAPPING, CfpbMapping, read_cfpb
from bankcomplaints.stats.derive import from_complaint
from bankcomplaints.stats.engine import merge_all, partition, run
from bankcomplaints.stats.kpis import (
    STANDARD_KPIS,
    Condition,
    KpiDefinition,
    KpiValue,
    Selector,
    evaluate,
    evaluate_by,
    kpis_for,
)
from bankcomplaints.stats.records import ClockResult, ComplaintRecord, record_from_json, record_to_json
from bankcomplaints.stats.report import standard_report
from bankcomplaints.stats.trends import c_chart, changes, factor_table, p_chart, pareto, u_chart

__all__ = [
    "DEFAULT_CFPB_MAPPING",
    "STANDARD_KPIS",
    "STANDARD_SCHEME",
    "STANDARD_SPEC",
    "TIME_BUCKETS",
    "Aggregate",
    "AggregateSpec",
    "AssessmentScheme",
    "CfpbMapping",
    "ClockResult",
    "ComplaintRecord",
    "Condition",
    "KpiDefinition",
    "KpiValue",
    "ScoreComponent",
    "Scorecard",
    "Selector",
    "aggregate",
    "c_chart",
    "changes",
    "evaluate",
    "evaluate_by",
    "factor_table",
    "from_complaint",
    "kpis_for",
    "merge_all",
    "p_chart",
    "pareto",
    "partition",
    "percentile",
    "read_cfpb",
    "record_from_json",
    "record_to_json",
    "run",
    "score",
    "standard_report",
    "u_chart",
]
