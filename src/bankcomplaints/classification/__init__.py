"""Triage: rule-based classification, risk assessment and priority, explainable and fast.

Rules are data (:mod:`~bankcomplaints.classification.rules`); all literal patterns are matched
in one Aho-Corasick scan (:mod:`~bankcomplaints.classification.matcher`). A small text model
(:mod:`~bankcomplaints.classification.model`) stands behind the rules where they are silent or unsure
(:mod:`~bankcomplaints.classification.fallback`).
"""

from bankcomplaints.classification.amounts import ParsedAmount, ParsedCount, find_amounts, find_counts, parse_amount
from bankcomplaints.classification.classifier import Classification, Classifier, Decision, FiredRule, classify
from bankcomplaints.classification.evaluate import ClassScore, Evaluation, evaluate
from bankcomplaints.classification.fallback import DEFAULT_FALLBACK_POLICY, DimensionPolicy, FallbackPolicy
from bankcomplaints.classification.flag_model import (
    DEFAULT_FLAG_POLICY,
    FlagModel,
    FlagPolicy,
    SetAside,
    load_flag_model,
)
from bankcomplaints.classification.matcher import MAX_TEXT_LENGTH, Matcher, Span
from bankcomplaints.classification.model import ModelScores, TextModel, load_model
from bankcomplaints.classification.normalize import NormalizedText, normalize
from bankcomplaints.classification.priority import (
    DEFAULT_PRIORITY_POLICY,
    PriorityDecision,
    PriorityPolicy,
    QueueEntry,
    assign_priority,
    queue_order,
)
from bankcomplaints.classification.risk import (
    DEFAULT_RISK_POLICY,
    FactorFinding,
    RiskAssessment,
    RiskFacts,
    RiskPolicy,
    assess_risk,
)
from bankcomplaints.classification.rules import Rule, RuleSet, default_rules, load_rules, merge_rules
from bankcomplaints.classification.taxonomy import Dimension
from bankcomplaints.classification.training import train_flag_model, train_model
from bankcomplaints.classification.triage import MajorComplaintFlagged, TriageResult, triage

__all__ = [
    "DEFAULT_FALLBACK_POLICY",
    "DEFAULT_FLAG_POLICY",
    "DEFAULT_PRIORITY_POLICY",
    "DEFAULT_RISK_POLICY",
    "MAX_TEXT_LENGTH",
    "ClassScore",
    "Classification",
    "Classifier",
    "Decision",
    "Dimension",
    "DimensionPolicy",
    "Evaluation",
    "FactorFinding",
    "FallbackPolicy",
    "FiredRule",
    "FlagModel",
    "FlagPolicy",
    "MajorComplaintFlagged",
    "Matcher",
    "ModelScores",
    "NormalizedText",
    "ParsedAmount",
    "ParsedCount",
    "PriorityDecision",
    "PriorityPolicy",
    "QueueEntry",
    "RiskAssessment",
    "RiskFacts",
    "RiskPolicy",
    "Rule",
    "RuleSet",
    "SetAside",
    "Span",
    "TextModel",
    "TriageResult",
    "assess_risk",
    "assign_priority",
    "classify",
    "default_rules",
    "evaluate",
    "find_amounts",
    "find_counts",
    "load_flag_model",
    "load_model",
    "load_rules",
    "merge_rules",
    "normalize",
    "parse_amount",
    "queue_order",
    "train_flag_model",
    "train_model",
    "triage",
]
