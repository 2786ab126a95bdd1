"""Labelled data for measuring the classifier: the Chinese set and the two CFPB files.

Run ``python tests/classification/_labelled.py [dev|dev_v2|dev_v3|dev_v4|dev_v5|held_out|english|errors]`` to print
the score report that docs/classification.md quotes. The Chinese parts: ``dev`` is zh_labelled.tsv, ``dev_v2``
zh_heldout_v2.tsv, ``dev_v3`` zh_heldout_v3.tsv, ``dev_v4`` zh_heldout_v4.tsv and ``dev_v5`` zh_heldout_v5.tsv, all
development data since round 5 (the text model is trained on them); ``held_out`` is zh_heldout_v6.tsv, scored once
after the round-5 rules and model were frozen.
"""

from __future__ import annotations

import csv
import json
import sys
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from bankcomplaints.classification import Classifier, RiskFacts, assess_risk, evaluate
from bankcomplaints.classification.evaluate import Evaluation
from bankcomplaints.values import Money, RiskFactor, Source, Vulnerability

HERE = Path(__file__).resolve().parent
ZH_SET = HERE / "data" / "zh_labelled.tsv"
#: The first independent set: held out in round 1 (rules of b1504ec), development data since.
ZH_V2 = HERE / "data" / "zh_heldout_v2.tsv"
#: The held-out set of round 5, written by someone who saw neither the rules, the model nor the earlier texts (its .md).
ZH_HELD_OUT = HERE / "data" / "zh_heldout_v6.tsv"
#: The held-out set of round 2 (rules of c92589d), development data since: the text model is trained on it.
ZH_V3 = HERE / "data" / "zh_heldout_v3.tsv"
#: The held-out set of round 3 (rules and model of 5112dde), development data since round 4.
ZH_V4 = HERE / "data" / "zh_heldout_v4.tsv"
#: The held-out set of round 4 (rules and model of 683bf7c), development data since round 5.
ZH_V5 = HERE / "data" / "zh_heldout_v5.tsv"
ZH_PARTS = {"dev": ZH_SET, "dev_v2": ZH_V2, "dev_v3": ZH_V3, "dev_v4": ZH_V4, "dev_v5": ZH_V5,
            "held_out": ZH_HELD_OUT}
#: The development parts, in training order.
ZH_DEV_PARTS = ("dev", "dev_v2", "dev_v3", "dev_v4", "dev_v5")
#: Parts with a header line and no facts column (the layout of the independent sets).
_HEADED = {"dev_v2", "dev_v3", "dev_v4", "dev_v5", "held_out"}
CFPB_MAPPING = HERE / "data" / "cfpb_mapping.toml"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
WATSONX = SHARED / "cfpb_product_labels_watsonx_1000.csv"
CFPB_SAMPLE = SHARED / "cfpb_complaints_sample.csv"


@attrs.frozen
class Row:
    id: str
    kind: str
    business: str
    cause: str
    channel: str
    flags: frozenset[str]
    facts: dict[str, Any] = attrs.field(eq=False)
    text: str


def zh_rows(part: str = "dev") -> list[Row]:
    """The rows of one part: ``dev`` (zh_labelled.tsv), ``dev_v2`` to ``dev_v5`` (v2-v5) or ``held_out``.

    The files differ in layout: zh_labelled.tsv has no header and carries structured facts;
    the independent sets have a header line, the text second and no facts (see their .md files).
    """
    lines = ZH_PARTS[part].read_text(encoding="utf-8").splitlines()
    rows = []
    if part in _HEADED:
        assert lines[0].split("\t") == ["id", "text", "kind", "business", "cause", "channel", "flags"]
        for line in lines[1:]:
            if line.strip():
                id_, text, kind, business, cause, channel, flags = line.split("\t")
                rows.append(Row(id_, kind, business, cause, channel, frozenset(f for f in flags.split(",") if f),
                                {}, text))
        return rows
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        id_, kind, business, cause, channel, flags, facts, text = line.split("\t")
        rows.append(Row(id_, kind, business, cause, channel, frozenset(f for f in flags.split(",") if f != "-"),
                        {} if facts == "-" else json.loads(facts), text))
    return rows


def facts_of(row: Row) -> RiskFacts:
    f = row.facts
    amount = None
    if "amount" in f:
        value, currency = f["amount"].split()
        amount = Money(Decimal(value), currency)
    return RiskFacts(
        vulnerabilities=tuple(Vulnerability(v) for v in f.get("vulnerabilities", ())),
        amount=amount,
        earlier_complaints=f.get("earlier_complaints", 0),
        source=Source(f["source"]) if "source" in f else None,
        co_complainants=f.get("co_complainants", 0),
        in_person=f.get("in_person", False),
    )


@attrs.frozen
class ZhScores:
    kind: Evaluation
    business: Evaluation
    cause: Evaluation
    cause_complaints: Evaluation
    channel: Evaluation
    flags: dict[str, tuple[float, float, int]]
    errors: list[str]


def score_zh(part: str, classifier: Classifier | None = None) -> ZhScores:
    """Scores of ``classifier`` on a Chinese part; by default what ``classify()`` uses (rules and the text model)."""
    classifier = classifier or Classifier(model="default")
    rows = zh_rows(part)
    got: dict[str, list[str]] = {"kind": [], "business": [], "cause": [], "channel": []}
    counts = {f.slug: [0, 0, 0] for f in RiskFactor}  # tp, fp, fn
    errors = []
    complaint_truth, complaint_pred = [], []
    for row in rows:
        result = classifier.classify(row.text, source=row.facts.get("source"))
        flags = {f.slug for f in assess_risk(result, facts_of(row)).flags}
        for dim, predicted in got.items():
            label = getattr(result, dim).label
            predicted.append(label)
            if dim != "channel" and getattr(row, dim) != label:
                errors.append(f"{row.id} {dim}: want {getattr(row, dim)} got {label} | {row.text}")
        if row.kind == "complaint":
            complaint_truth.append(row.cause)
            complaint_pred.append(result.cause.label)
        for slug, c in counts.items():
            c[0] += slug in flags and slug in row.flags
            c[1] += slug in flags and slug not in row.flags
            c[2] += slug not in flags and slug in row.flags
        if flags != row.flags:
            errors.append(f"{row.id} flags: want {sorted(row.flags)} got {sorted(flags)} | {row.text}")
    flag_scores = {
        slug: ((tp / (tp + fp)) if tp + fp else 1.0, (tp / (tp + fn)) if tp + fn else 1.0, tp + fn)
        for slug, (tp, fp, fn) in counts.items()
    }
    return ZhScores(
        kind=evaluate([r.kind for r in rows], got["kind"]),
        business=evaluate([r.business for r in rows], got["business"]),
        cause=evaluate([r.cause for r in rows], got["cause"]),
        cause_complaints=evaluate(complaint_truth, complaint_pred),
        channel=evaluate([r.channel for r in rows], got["channel"]),
        flags=flag_scores,
        errors=errors,
    )


def _mapping() -> dict[str, Any]:
    return tomllib.loads(CFPB_MAPPING.read_text(encoding="utf-8"))


def watsonx_test_rows() -> Iterator[tuple[str, str]]:
    """The test split, de-duplicated (first occurrence of each text kept)."""
    seen: set[str] = set()
    with WATSONX.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            if record["split"] == "test" and record["text"] not in seen:
                seen.add(record["text"])
                yield record["text"], record["label"]


def score_watsonx(classifier: Classifier | None = None) -> Evaluation:
    classifier = classifier or Classifier()
    to_label = _mapping()["watsonx"]["business_to_label"]
    truth, pred = [], []
    for text, label in watsonx_test_rows():
        truth.append(label)
        pred.append(to_label.get(classifier.classify(text).business.label, "other"))
    return evaluate(truth, pred)


def cfpb_sample_rows() -> Iterator[dict[str, str]]:
    with CFPB_SAMPLE.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            if record["Consumer complaint narrative"].strip():
                yield record


def score_cfpb_sample(classifier: Classifier | None = None) -> tuple[Evaluation, Evaluation]:
    classifier = classifier or Classifier()
    mapping = _mapping()["cfpb_sample"]
    b_truth, b_pred, c_truth, c_pred = [], [], [], []
    for record in cfpb_sample_rows():
        result = classifier.classify(record["Consumer complaint narrative"])
        b_truth.append(mapping["product_to_business"][record["Product"]])
        b_pred.append(result.business.label)
        cause = mapping["issue_to_cause"].get(record["Issue"])
        if cause is not None:
            c_truth.append(cause)
            c_pred.append(result.cause.label)
    return evaluate(b_truth, b_pred), evaluate(c_truth, c_pred)


def report(part: str) -> str:
    zh = score_zh(part)
    lines = [f"Chinese set, part `{part}` ({zh.kind.total} texts, {zh.cause_complaints.total} complaints):", "",
             "| dimension | accuracy | macro-F1 |", "|---|---:|---:|"]
    for name in ("kind", "business", "cause", "cause_complaints", "channel"):
        ev: Evaluation = getattr(zh, name)
        lines.append(f"| {name} | {ev.accuracy:.3f} | {ev.macro_f1:.3f} |")
    lines += ["", "| risk factor | precision | recall | positives |", "|---|---:|---:|---:|"]
    lines += [f"| {slug} | {p:.3f} | {r:.3f} | {n} |" for slug, (p, r, n) in zh.flags.items()]
    return "\n".join(lines)


def report_english() -> str:
    wx = score_watsonx()
    business, cause = score_cfpb_sample()
    return "\n".join([
        "| data set | task | texts | accuracy | macro-F1 |", "|---|---|---:|---:|---:|",
        f"| cfpb_product_labels_watsonx_1000 (test, de-duplicated) | product (5 labels) | {wx.total} | "
        f"{wx.accuracy:.3f} | {wx.macro_f1:.3f} |",
        f"| cfpb_complaints_sample narratives | business | {business.total} | {business.accuracy:.3f} | "
        f"{business.macro_f1:.3f} |",
        f"| cfpb_complaints_sample narratives | cause (mapped issues) | {cause.total} | {cause.accuracy:.3f} | "
        f"{cause.macro_f1:.3f} |",
    ])


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "dev"
    if which == "errors":
        for error in [error for part in ZH_DEV_PARTS for error in score_zh(part).errors]:
            print(error)
    elif which == "english":
        print(report_english())
    else:
        print(report(which))
