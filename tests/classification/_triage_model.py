"""Train the shipped text model and choose its fallback policy by cross-validation over the Chinese sets.

Run from the repository root:

* ``python -m tests.classification._triage_model train``: train on v1+v2+v3+v4+v5 with the chosen
  hyper-parameters and write ``src/bankcomplaints/classification/models/zh_triage.json``;
* ``python -m tests.classification._triage_model check``: retrain and compare with the shipped file, byte for byte;
* ``python -m tests.classification._triage_model cv``: the cross-validated scores that docs/classification.md
  quotes (leave one author out: train on four sets, score the fifth, for each of the five; rules alone and
  rules with the model);
* ``python -m tests.classification._triage_model search``: per training setting of :data:`SETTINGS`, the
  policy chosen dimension by dimension by mean accuracy over the same five folds (no other data);
* ``python -m tests.classification._triage_model candidates``: the policies compared for the shipped model,
  mean accuracy over the five folds and the v5 fold alone; the shipped policy is the best of those that keep
  classification 5x faster than the rule-by-rule baseline (docs/classification.md, Speed).

Only the development sets are read: ``dev`` (v1), ``dev_v2``, ``dev_v3``, ``dev_v4`` and ``dev_v5``.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from bankcomplaints.classification import Classifier, default_rules, evaluate
from bankcomplaints.classification.fallback import DEFAULT_FALLBACK_POLICY, DimensionPolicy, FallbackPolicy
from bankcomplaints.classification.model import MODEL_DIMENSIONS, TextModel
from bankcomplaints.classification.taxonomy import Dimension
from bankcomplaints.classification.training import train_model
from tests.classification._labelled import ZH_DEV_PARTS, ZH_PARTS, Row, zh_rows

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "bankcomplaints" / "classification" / "models" / "zh_triage.json"
#: Hyper-parameters of the shipped model, chosen by ``search`` and ``candidates`` (mean accuracy over the five folds).
HYPER: dict[str, Any] = {
    "method": "logreg",
    "ngram": (1, 2),
    "alpha": 0.1,
    "min_count": 2,
    "max_features": 1500,
    "temperature": 3.0,
    "epochs": 10,
    "learning_rate": 0.5,
    "l2": 0.01,
}
#: The kinds whose cause the rules decide (the model learns causes from these rows only).
CAUSE_KINDS = frozenset(default_rules("zh").cause_kinds)
DIMENSIONS = tuple(d.value for d in MODEL_DIMENSIONS)
#: How the docs name the development sets.
NAMES = {"dev": "v1", "dev_v2": "v2", "dev_v3": "v3", "dev_v4": "v4", "dev_v5": "v5"}


def examples(rows: Sequence[Row]) -> Iterator[tuple[str, dict[str, str]]]:
    """Training pairs: every dimension's label, the cause only for kinds that have one."""
    for row in rows:
        labelled = {"kind": row.kind, "business": row.business, "channel": row.channel}
        if row.kind in CAUSE_KINDS:
            labelled["cause"] = row.cause
        yield row.text, labelled


def sha256(part: str) -> str:
    """The sha256 of a development part's file."""
    return hashlib.sha256(ZH_PARTS[part].read_bytes()).hexdigest()


def train(parts: Sequence[str] = ZH_DEV_PARTS, **overrides: Any) -> TextModel:
    """The model trained on ``parts`` with :data:`HYPER` (and ``overrides``)."""
    hyper = {**HYPER, **overrides}
    record = {"data": [{"file": ZH_PARTS[part].name, "part": part, "rows": len(zh_rows(part)),
                        "sha256": sha256(part)} for part in parts],
              "trained_by": "tests/classification/_triage_model.py"}
    return train_model([pair for part in parts for pair in examples(zh_rows(part))],
                       name="zh_triage", training=record, **hyper)


def folds() -> Iterator[tuple[str, tuple[str, ...]]]:
    """(scored part, training parts) for each fold: one development set scored, the others trained on."""
    for scored in ZH_DEV_PARTS:
        yield scored, tuple(part for part in ZH_DEV_PARTS if part != scored)


def accuracies(classifier: Classifier, rows: Sequence[Row]) -> dict[str, float]:
    """Accuracy per dimension (cause over every row, as the quality report counts it)."""
    got: dict[str, list[str]] = {d: [] for d in DIMENSIONS}
    for row in rows:
        result = classifier.classify(row.text, source=row.facts.get("source"))
        for dimension in DIMENSIONS:
            got[dimension].append(getattr(result, dimension).label)
    return {d: evaluate([getattr(r, d) for r in rows], got[d]).accuracy for d in DIMENSIONS}


def cross_validate(policy: FallbackPolicy = DEFAULT_FALLBACK_POLICY,
                   models: Mapping[str, TextModel] | None = None) -> dict[str, dict[str, dict[str, float]]]:
    """Per fold, accuracy per dimension of the rules alone and of rules with the model trained without the fold."""
    rules = default_rules()
    alone = Classifier(rules, model=None)
    out = {}
    for scored, training in folds():
        model = models[scored] if models is not None else train(training)
        rows = zh_rows(scored)
        out[scored] = {"rules": accuracies(alone, rows),
                       "rules+model": accuracies(Classifier(rules, model=model, fallback=policy), rows)}
    return out


def cv_report(policy: FallbackPolicy = DEFAULT_FALLBACK_POLICY) -> str:
    """The cross-validation table docs/classification.md quotes."""
    scores = cross_validate(policy)
    lines = ["| scored set (trained on the other four) | classifier | kind | business | cause | channel |",
             "|---|---|---:|---:|---:|---:|"]
    for way in ("rules", "rules+model"):
        for scored in ZH_DEV_PARTS:
            cells = " | ".join(f"{scores[scored][way][d]:.3f}" for d in DIMENSIONS)
            lines.append(f"| {NAMES[scored]} | {way} | {cells} |")
        means = " | ".join(f"{_mean([scores[p][way][d] for p in ZH_DEV_PARTS]):.3f}" for d in DIMENSIONS)
        lines.append(f"| mean | {way} | {means} |")
    return "\n".join(lines)


#: Policy grid: never, only when no rule voted, below a rule confidence, always.
THRESHOLDS = (0.0, 0.01, 0.4, 0.6, 0.8, 2.0)
RULE_WEIGHTS = (0.0, 0.5, 1.0, 3.0)
#: Training settings compared by ``search`` (round 4): naive Bayes as shipped in round 3, and logistic
#: regression with bigrams, unigrams and bigrams, or bigrams and trigrams, at temperature 1 or 3, L2 0.001 or 0.01.
SETTINGS: tuple[dict[str, Any], ...] = (
    {"method": "nb", "ngram": (2, 2), "temperature": 16.0, "max_features": 1500},
    {"method": "logreg", "ngram": (2, 2), "temperature": 1.0, "max_features": 1500, "l2": 0.001},
    {"method": "logreg", "ngram": (2, 2), "temperature": 3.0, "max_features": 1500, "l2": 0.001},
    {"method": "logreg", "ngram": (2, 2), "temperature": 3.0, "max_features": 1500, "l2": 0.01},
    {"method": "logreg", "ngram": (2, 2), "temperature": 3.0, "max_features": 2500, "l2": 0.01},
    {"method": "logreg", "ngram": (1, 2), "temperature": 3.0, "max_features": 1500, "l2": 0.01},
    {"method": "logreg", "ngram": (2, 3), "temperature": 3.0, "max_features": 2000, "l2": 0.01},
)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def search() -> None:
    """For each training setting, choose the policy dimension by dimension by mean accuracy over the folds."""
    rules = default_rules()
    rows = {part: zh_rows(part) for part in ZH_DEV_PARTS}
    for setting in SETTINGS:
        models = {scored: train(training, **setting) for scored, training in folds()}
        chosen: dict[Dimension, DimensionPolicy] = {}
        for dimension in MODEL_DIMENSIONS:
            best: tuple[float, DimensionPolicy] | None = None
            for threshold in THRESHOLDS:
                for weight in RULE_WEIGHTS if threshold > 0.01 else (0.0,):
                    trial = DimensionPolicy(threshold=threshold, rule_weight=weight)
                    policy = FallbackPolicy(dimensions={**chosen, dimension: trial})
                    mean = _mean([accuracies(Classifier(rules, model=models[s], fallback=policy),
                                             rows[s])[dimension.value] for s, _ in folds()])
                    if best is None or mean > best[0] + 1e-9:
                        best = (mean, trial)
            assert best is not None
            chosen[dimension] = best[1]
            print(f"{setting} {dimension.value}: {best[1]} mean {best[0]:.4f}", flush=True)


#: (kind, business, cause) as (threshold, rule weight), compared by ``candidates``; channel is never consulted.
CANDIDATES = (
    ((0.6, 1.0), (0.0, 0.0), (0.01, 0.0)),
    ((0.6, 1.0), (0.01, 0.0), (0.01, 0.0)),
    ((0.8, 1.0), (0.0, 0.0), (0.01, 0.0)),
    ((0.6, 1.0), (0.0, 0.0), (0.8, 0.5)),
    ((0.6, 1.0), (0.6, 1.0), (0.8, 0.5)),
    ((2.0, 1.0), (0.6, 1.0), (0.8, 0.5)),
)


def policy_of(kind: tuple[float, float], business: tuple[float, float], cause: tuple[float, float]) -> FallbackPolicy:
    """A fallback policy from (threshold, rule weight) pairs; the channel is left to the rules."""
    return FallbackPolicy(dimensions={
        Dimension.KIND: DimensionPolicy(threshold=kind[0], rule_weight=kind[1]),
        Dimension.BUSINESS: DimensionPolicy(threshold=business[0], rule_weight=business[1]),
        Dimension.CAUSE: DimensionPolicy(threshold=cause[0], rule_weight=cause[1]),
        Dimension.CHANNEL: DimensionPolicy(threshold=0.0)})


def candidates() -> str:
    """Mean cross-validated kind, business and cause accuracy of the candidate policies, and the v5 fold's."""
    lines = ["| kind | business | cause | kind | business | cause | v5 kind | v5 business | v5 cause |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|"]
    models = {scored: train(training) for scored, training in folds()}
    for kind, business, cause in CANDIDATES:
        scores = cross_validate(policy_of(kind, business, cause), models)
        mean = {d: _mean([scores[p]["rules+model"][d] for p in ZH_DEV_PARTS]) for d in DIMENSIONS}
        v5 = scores["dev_v5"]["rules+model"]
        lines.append(f"| {kind[0]}, {kind[1]} | {business[0]}, {business[1]} | {cause[0]}, {cause[1]} | "
                     + " | ".join(f"{mean[d]:.3f}" for d in ("kind", "business", "cause")) + " | "
                     + " | ".join(f"{v5[d]:.3f}" for d in ("kind", "business", "cause")) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    command = argv[0] if argv else "cv"
    if command == "train":
        SHIPPED.parent.mkdir(parents=True, exist_ok=True)
        SHIPPED.write_text(train().to_json(), encoding="utf-8")
        print(f"wrote {SHIPPED} ({SHIPPED.stat().st_size:,} bytes)")
    elif command == "check":
        same = train().to_json() == SHIPPED.read_text(encoding="utf-8")
        print("identical" if same else "DIFFERENT")
        return 0 if same else 1
    elif command == "search":
        search()
    elif command == "candidates":
        print(candidates())
    else:
        print(cv_report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
