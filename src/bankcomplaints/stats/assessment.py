"""Assessment (考核): branch and staff scorecards from KPIs, with weights, targets and caps the bank sets.

CBIRC Order 2020 No. 3 Art. 27 asks banks to put complaint handling into the performance KPIs of every level with
a reasonable weight; the weights, targets and caps here are the bank's, never the library's (:data:`STANDARD_SCHEME`
is an example to replace).

Each component turns one KPI value into a fraction of its weight, linearly between a ``floor`` (no points) and a
``target`` (full points), clipped to ``[0, cap]``; for a KPI where lower is better the target is below the floor.
A component whose KPI is undefined for a branch (no surveys answered, no customer count supplied) is shown as
missing and the remaining weights are rescaled, so the score is out of 100 over what could be measured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.aggregate import Aggregate
from bankcomplaints.stats.kpis import STANDARD_KPIS, KpiDefinition, KpiValue, Number, evaluate_by, timeliness

__all__ = ["STANDARD_SCHEME", "AssessmentScheme", "ComponentScore", "ScoreComponent", "Scorecard", "score"]

_HUNDRED = Decimal(100)
_POINTS = Decimal("0.01")


@attrs.frozen(kw_only=True)
class ScoreComponent:
    """One weighted KPI in a scheme.

    Attributes:
        kpi: KPI name (e.g. ``satisfaction_rate`` or ``timeliness:cn_nfra_2020``).
        weight: share of the score, e.g. ``Decimal("0.30")``.
        target: KPI value earning the full weight.
        floor: KPI value earning nothing.
        cap: the most of its weight the component can earn (``1`` = no bonus for beating the target).
    """

    kpi: str
    weight: Decimal = attrs.field(converter=Decimal)
    target: Decimal = attrs.field(converter=Decimal)
    floor: Decimal = attrs.field(converter=Decimal)
    cap: Decimal = attrs.field(default=Decimal(1), converter=Decimal)

    def fraction(self, value: Decimal) -> Decimal:
        """The fraction of the weight earned by ``value``.

        Args:
            value: the KPI value.

        Returns:
            ``(value − floor) / (target − floor)`` clipped to ``[0, cap]``.
        """
        earned = (value - self.floor) / (self.target - self.floor)
        return min(max(earned, Decimal(0)), self.cap)


def _check_components(_: object, __: attrs.Attribute[tuple[ScoreComponent, ...]],
                      components: tuple[ScoreComponent, ...]) -> None:
    if not components:
        raise InvalidOperationError("components", "a scheme needs at least one component")
    for c in components:
        if c.weight <= 0 or c.target == c.floor or c.cap <= 0:
            raise InvalidOperationError(c.kpi, "weight and cap must be positive and target must differ from floor")
    if sum(c.weight for c in components) != 1:
        raise InvalidOperationError("components", f"weights must sum to 1, got {sum(c.weight for c in components)}")


@attrs.frozen(kw_only=True)
class AssessmentScheme:
    """A bank's scorecard: named, versioned, with its components and the KPI definitions they read."""

    name: str
    components: tuple[ScoreComponent, ...] = attrs.field(validator=_check_components)
    kpis: tuple[KpiDefinition, ...] = STANDARD_KPIS


def _standard_scheme(regime: str) -> AssessmentScheme:
    return AssessmentScheme(
        name=f"example-{regime}",
        components=(
            ScoreComponent(kpi=f"timeliness:{regime}", weight="0.30", target="1.00", floor="0.90"),
            ScoreComponent(kpi="satisfaction_rate", weight="0.25", target="0.95", floor="0.70"),
            ScoreComponent(kpi="repeat_rate", weight="0.15", target="0.02", floor="0.15"),
            ScoreComponent(kpi="per_10k_customers", weight="0.20", target="1", floor="5"),
            ScoreComponent(kpi="escalation_rate", weight="0.10", target="0", floor="0.05"),
        ),
        kpis=(*STANDARD_KPIS, timeliness(regime)),
    )


STANDARD_SCHEME = _standard_scheme("cn_nfra_2020")
"""An example: timeliness 30%, satisfaction 25%, repeat rate 15%, per 10,000 customers 20%,
regulator escalations 10%; targets and floors are illustrations, not regulation."""


@attrs.frozen(kw_only=True)
class ComponentScore:
    """A component as scored for one branch or person; ``kpi`` is ``None`` when the KPI could not be measured."""

    component: ScoreComponent
    kpi: KpiValue | None
    fraction: Decimal | None
    points: Decimal | None


@attrs.frozen(kw_only=True)
class Scorecard:
    """One branch's or person's score out of 100, its rank (1 = best, ties share a rank) and every component."""

    group: str
    label: str
    score: Decimal
    rank: int
    components: tuple[ComponentScore, ...]

    def as_row(self) -> dict[str, str | int]:
        """A flat row for tables: rank, label, score, then value and points per component.

        Returns:
            ``{"rank", group, "score", "<kpi>", "<kpi> points", ...}``; missing KPIs show ``–``.
        """
        row: dict[str, str | int] = {"rank": self.rank, self.group: self.label, "score": str(self.score)}
        for c in self.components:
            value = c.kpi.value if c.kpi is not None else None
            row[c.component.kpi] = "–" if value is None else f"{value:.4f}"
            row[f"{c.component.kpi} points"] = "–" if c.points is None else str(c.points)
        return row


def _card(group: str, label: str, values: Mapping[str, KpiValue], scheme: AssessmentScheme
          ) -> tuple[Decimal, tuple[ComponentScore, ...]]:
    parts = []
    for component in scheme.components:
        kpi = values.get(component.kpi)
        if kpi is None or kpi.value is None:
            parts.append(ComponentScore(component=component, kpi=kpi, fraction=None, points=None))
            continue
        fraction = component.fraction(kpi.value)
        parts.append(ComponentScore(component=component, kpi=kpi, fraction=fraction,
                                    points=(fraction * component.weight * _HUNDRED).quantize(_POINTS)))
    measured = sum((p.component.weight for p in parts if p.fraction is not None), Decimal(0))
    earned = sum((p.fraction * p.component.weight for p in parts if p.fraction is not None), Decimal(0))
    total = (earned / measured * _HUNDRED).quantize(_POINTS) if measured else Decimal(0).quantize(_POINTS)
    return total, tuple(parts)


def score(
    agg: Aggregate,
    group: str,
    scheme: AssessmentScheme = STANDARD_SCHEME,
    *,
    host_by: Mapping[str, Mapping[str, Number]] | None = None,
    labels: Iterable[str] | None = None,
) -> list[Scorecard]:
    """Score every branch (``group="branch"``) or person (``group="staff"``) and rank them.

    Args:
        agg: an aggregate whose ``spec.kpi_by`` includes ``group``.
        group: the field to score by.
        scheme: weights, targets and caps.
        host_by: per label, host-supplied counts (``customers`` per branch for the per-10k component).
        labels: score only these labels (default: every label in the aggregate except the empty one).

    Returns:
        Scorecards by score descending (ties by label), with competition ranks (1, 2, 2, 4).

    Raises:
        InvalidOperationError: ``group`` is not kept by the aggregate.
    """
    values = evaluate_by(agg, group, scheme.kpis, host_by=host_by)
    chosen = [label for label in values if label] if labels is None else list(labels)
    scored = sorted(((label, *_card(group, label, values.get(label, {}), scheme)) for label in chosen),
                    key=lambda item: (-item[1], item[0]))
    cards: list[Scorecard] = []
    for position, (label, total, parts) in enumerate(scored, start=1):
        rank = cards[-1].rank if cards and cards[-1].score == total else position
        cards.append(Scorecard(group=group, label=label, score=total, rank=rank, components=parts))
    return cards
