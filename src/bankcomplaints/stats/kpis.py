"""KPIs, each defined once as data and always shown with its numerator and denominator.

A :class:`KpiDefinition` names what is counted above and below the line
(:class:`Selector` values over the tables of an :class:`~bankcomplaints.stats.aggregate.Aggregate`,
or counts the host supplies, such as customers and branches), and says in words what it means.
A bank replaces or extends :data:`STANDARD_KPIS` with its own definitions; nothing here is hard-coded
into the arithmetic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.aggregate import FACT_FIELDS, Aggregate

__all__ = [
    "STANDARD_KPIS",
    "Condition",
    "KpiDefinition",
    "KpiValue",
    "Selector",
    "average_redress",
    "evaluate",
    "evaluate_by",
    "kpis_for",
    "root_cause_share",
    "timeliness",
]

SELECTOR_TABLES = ("facts", "clocks", "redress_amount", "redress_count", "root_cause", "host")
"""What a selector can count: KPI facts, clock results, redress paid or the number of complaints with redress,
root-cause labels, or a number the host supplies."""

Number = int | Decimal
_CENT = Decimal("0.01")


@attrs.frozen(kw_only=True)
class Condition:
    """A field must hold one of ``values`` (for clocks the fields are ``regime`` and ``state``)."""

    field: str
    values: tuple[Any, ...]


@attrs.frozen(kw_only=True)
class Selector:
    """What to count for one side of a KPI.

    Attributes:
        table: one of :data:`SELECTOR_TABLES`.
        where: conditions all of which must hold (none = every record, clock or payment in the table).
        name: for ``host``, the name of the host-supplied number (e.g. ``customers``).
        scale: the count is divided by this (e.g. 10,000 for "per 10,000 customers").
    """

    table: str = attrs.field(validator=attrs.validators.in_(SELECTOR_TABLES))
    where: tuple[Condition, ...] = ()
    name: str = ""
    scale: int = 1


@attrs.frozen(kw_only=True)
class KpiDefinition:
    """A KPI as data.

    Attributes:
        name: stable identifier, e.g. ``satisfaction_rate``.
        numerator: what is counted above the line.
        denominator: what is counted below it.
        definition: one sentence in English.
        definition_zh: one sentence in Chinese.
        higher_is_better: direction, for scorecards.
        money: the value is an amount of money (average redress), not a rate.
    """

    name: str
    numerator: Selector
    denominator: Selector
    definition: str
    definition_zh: str = ""
    higher_is_better: bool = True
    money: bool = False


@attrs.frozen(kw_only=True)
class KpiValue:
    """A KPI's value with both numbers it comes from; ``value`` is ``None`` when the denominator is zero."""

    name: str
    numerator: Number
    denominator: Number
    value: Decimal | None
    definition: str
    money: bool = False

    def as_json(self) -> dict[str, Any]:
        """JSON-ready: counts as numbers, money as decimal strings (to the cent), rates as floats.

        Returns:
            ``{"numerator", "denominator", "value", "definition"}``.
        """
        def number(n: Number) -> int | str:
            return n if isinstance(n, int) else str(n)

        value: float | str | None
        if self.value is None:
            value = None
        elif self.money:
            value = str(self.value.quantize(_CENT))
        else:
            value = float(self.value)
        return {"numerator": number(self.numerator), "denominator": number(self.denominator), "value": value,
                "definition": self.definition}


def _fact(field: str, *values: Any) -> Condition:
    return Condition(field=field, values=values)


_FACTS = Selector(table="facts")
STANDARD_KPIS: tuple[KpiDefinition, ...] = (
    KpiDefinition(
        name="first_contact_in_sla",
        numerator=Selector(table="facts", where=(_fact("first_contact_in_sla", True),)),
        denominator=Selector(table="facts", where=(_fact("first_contact_in_sla", True, False),)),
        definition="complaints whose first contact with the customer met the bank's internal SLA, "
                   "of complaints where first contact was recorded",
        definition_zh="首次联系客户符合行内时限的投诉占已记录首次联系投诉的比例",
    ),
    KpiDefinition(
        name="satisfaction_rate",
        numerator=Selector(table="facts", where=(_fact("satisfied", True),)),
        denominator=Selector(table="facts", where=(_fact("satisfied", True, False),)),
        definition="customers who said they were satisfied, of customers who answered",
        definition_zh="回访满意的客户占回访有答复客户的比例",
    ),
    KpiDefinition(
        name="repeat_rate",
        numerator=Selector(table="facts", where=(_fact("repeat", True),)),
        denominator=_FACTS,
        definition="repeat complaints, of all complaints",
        definition_zh="重复投诉占全部投诉的比例",
        higher_is_better=False,
    ),
    KpiDefinition(
        name="reopen_rate",
        numerator=Selector(table="facts", where=(_fact("reopened", True),)),
        denominator=_FACTS,
        definition="complaints reopened or sent for review after a decision, of all complaints",
        definition_zh="处理决定后重新打开或申请核查的投诉占全部投诉的比例",
        higher_is_better=False,
    ),
    KpiDefinition(
        name="escalation_rate",
        numerator=Selector(table="facts", where=(_fact("escalated", True),)),
        denominator=_FACTS,
        definition="complaints escalated to or forwarded by a regulator, of all complaints",
        definition_zh="升级至监管或由监管转办的投诉占全部投诉的比例",
        higher_is_better=False,
    ),
    KpiDefinition(
        name="upheld_rate",
        numerator=Selector(table="facts", where=(_fact("upheld", True),)),
        denominator=Selector(table="facts", where=(_fact("upheld", True, False),)),
        definition="complaints upheld in whole or in part, of complaints decided",
        definition_zh="全部或部分支持客户诉求的投诉占已作出决定投诉的比例",
        higher_is_better=False,
    ),
    KpiDefinition(
        name="per_10k_customers",
        numerator=_FACTS,
        denominator=Selector(table="host", name="customers", scale=10_000),
        definition="complaints per 10,000 customers (customer count supplied by the host)",
        definition_zh="每万名客户投诉量(客户数由行内系统提供)",
        higher_is_better=False,
    ),
    KpiDefinition(
        name="per_branch",
        numerator=_FACTS,
        denominator=Selector(table="host", name="branches"),
        definition="complaints per branch (branch count supplied by the host)",
        definition_zh="每个营业网点平均投诉量(网点数由行内系统提供)",
        higher_is_better=False,
    ),
)
"""The default KPIs; :func:`kpis_for` adds timeliness per regime, average redress per currency and root-cause
shares for what an aggregate contains."""


def timeliness(regime: str) -> KpiDefinition:
    """Handled within the limit of one regime's clock.

    Args:
        regime: the regime (clock) name as recorded in :class:`~bankcomplaints.stats.records.ClockResult`.

    Returns:
        ``timeliness:<regime>``: clocks met, of clocks met or breached (clocks still running in time are left out).
    """
    return KpiDefinition(
        name=f"timeliness:{regime}",
        numerator=Selector(table="clocks", where=(_fact("regime", regime), _fact("state", "met"))),
        denominator=Selector(table="clocks", where=(_fact("regime", regime), _fact("state", "met", "breached"))),
        definition=f"complaints handled within the {regime} limit, of complaints whose {regime} clock has stopped "
                   "or run out",
        definition_zh=f"在{regime}时限内办结的投诉占已办结或已超时投诉的比例",
    )


def average_redress(currency: str) -> KpiDefinition:
    """Average redress in one currency.

    Args:
        currency: ISO 4217 code.

    Returns:
        ``average_redress:<currency>``: total paid, over complaints with a payment in that currency.
    """
    paid_in = (_fact("currency", currency),)
    return KpiDefinition(
        name=f"average_redress:{currency}",
        numerator=Selector(table="redress_amount", where=paid_in),
        denominator=Selector(table="redress_count", where=paid_in),
        definition=f"redress paid in {currency}, over complaints with redress paid in {currency}",
        definition_zh=f"以{currency}支付的补偿总额除以获得补偿的投诉数",
        money=True,
    )


def root_cause_share(root_cause: str) -> KpiDefinition:
    """One root cause's share.

    Args:
        root_cause: the root-cause code.

    Returns:
        ``root_cause:<code>``: complaints with that root cause, of complaints with any root cause recorded.
    """
    return KpiDefinition(
        name=f"root_cause:{root_cause}",
        numerator=Selector(table="root_cause", where=(_fact("root_cause", root_cause),)),
        denominator=Selector(table="root_cause"),
        definition=f"complaints with root cause {root_cause}, of complaints with a root cause recorded",
        definition_zh=f"根本原因为{root_cause}的投诉占已认定根本原因投诉的比例",
        higher_is_better=False,
    )


def kpis_for(agg: Aggregate, base: Iterable[KpiDefinition] = STANDARD_KPIS) -> tuple[KpiDefinition, ...]:
    """``base`` plus timeliness for every regime, average redress for every currency and a share for every
    root cause found in ``agg``.

    Args:
        agg: the aggregate.
        base: the fixed definitions.

    Returns:
        The definitions, fixed ones first, the others sorted by name.
    """
    group = agg.spec.kpi_by[0]
    regimes = {clock.regime for _, clocks in agg.clocks[group] for clock in clocks}
    currencies = {currency for _, currency in agg.redress[group]}
    root_causes = {label for label in agg.singles.get("root_cause", Counter()) if label}
    return (
        *base,
        *(timeliness(r) for r in sorted(regimes)),
        *(average_redress(c) for c in sorted(currencies)),
        *(root_cause_share(str(c)) for c in sorted(root_causes, key=str)),
    )


_FACT_INDEX = {name: index for index, name in enumerate(FACT_FIELDS)}


@attrs.frozen
class _Tables:
    """An aggregate's KPI tables, rolled up once per evaluation (labels dropped for overall figures)."""

    facts: Mapping[tuple[str | None, tuple[Any, ...]], int]
    clocks: Mapping[tuple[str | None, str, str], int]
    redress: Mapping[tuple[str | None, str], tuple[Decimal, int]]
    root_causes: Mapping[Any, int]


def _tables(agg: Aggregate, group: str, *, by_label: bool) -> _Tables:
    facts: Counter[tuple[str | None, tuple[Any, ...]]] = Counter()
    for key, n in agg.facts[group].items():
        facts[key[0] if by_label else None, key[1:]] += n
    clocks: Counter[tuple[str | None, str, str]] = Counter()
    for (label, results), n in agg.clocks[group].items():
        for clock in results:
            clocks[label if by_label else None, clock.regime, clock.state] += n
    redress: dict[tuple[str | None, str], tuple[Decimal, int]] = {}
    for (label, currency), (amount, count) in agg.redress[group].items():
        key = (label if by_label else None, currency)
        old_amount, old_count = redress.get(key, (Decimal(0), 0))
        redress[key] = (old_amount + amount, old_count + count)
    return _Tables(facts=facts, clocks=clocks, redress=redress,
                   root_causes=agg.singles.get("root_cause", Counter()))


def _holds(conditions: tuple[Condition, ...], fields: Mapping[str, Any]) -> bool:
    return all(fields[c.field] in c.values for c in conditions)


def _count(selector: Selector, tables: _Tables, host: Mapping[str, Number]) -> dict[str | None, Number]:
    """Count ``selector`` per label (the ``None`` key holds the total over all labels)."""
    totals: Counter[str | None] = Counter()
    if selector.table == "facts":
        checks = [(_FACT_INDEX[c.field], c.values) for c in selector.where]
        for (label, facts), n in tables.facts.items():
            if all(facts[index] in values for index, values in checks):
                totals[label] += n
    elif selector.table == "clocks":
        for (label, regime, state), n in tables.clocks.items():
            if _holds(selector.where, {"regime": regime, "state": state}):
                totals[label] += n
    elif selector.table in ("redress_amount", "redress_count"):
        sums: dict[str | None, Number] = {}
        for (label, currency), (amount, count) in tables.redress.items():
            if _holds(selector.where, {"currency": currency}):
                value = amount if selector.table == "redress_amount" else count
                sums[label] = sums.get(label, 0) + value
                if label is not None:
                    sums[None] = sums.get(None, 0) + value
        return sums
    elif selector.table == "root_cause":
        for label, n in tables.root_causes.items():
            if label and _holds(selector.where, {"root_cause": label}):
                totals[None] += n
        return dict(totals)
    else:
        try:
            return {None: host[selector.name]}
        except KeyError:
            raise InvalidOperationError("host", f"KPI needs the host-supplied count {selector.name!r}") from None
    if None not in totals:
        totals[None] = sum(totals.values())
    return dict(totals)


def _value(definition: KpiDefinition, numerator: Number, denominator: Number) -> KpiValue:
    scaled = Decimal(denominator) / definition.denominator.scale
    value = Decimal(numerator) / scaled if scaled else None
    return KpiValue(name=definition.name, numerator=numerator, denominator=denominator, value=value,
                    definition=definition.definition, money=definition.money)


def evaluate(
    agg: Aggregate, definitions: Iterable[KpiDefinition] | None = None, *, host: Mapping[str, Number] | None = None
) -> dict[str, KpiValue]:
    """Every KPI over the whole aggregate.

    Args:
        agg: the aggregate.
        definitions: the KPIs (default: :func:`kpis_for` ``agg``).
        host: host-supplied counts (``customers``, ``branches``); KPIs needing a missing one are left out.

    Returns:
        ``name -> KpiValue``.
    """
    tables = _tables(agg, agg.spec.kpi_by[0], by_label=False)
    host = host or {}
    result = {}
    for definition in kpis_for(agg) if definitions is None else definitions:
        needs = {s.name for s in (definition.numerator, definition.denominator) if s.table == "host"}
        if not needs <= host.keys():
            continue
        numerator = _count(definition.numerator, tables, host).get(None, 0)
        denominator = _count(definition.denominator, tables, host).get(None, 0)
        result[definition.name] = _value(definition, numerator, denominator)
    return result


def evaluate_by(
    agg: Aggregate,
    group: str,
    definitions: Iterable[KpiDefinition],
    *,
    host_by: Mapping[str, Mapping[str, Number]] | None = None,
) -> dict[str, dict[str, KpiValue]]:
    """Every KPI per label of a group (per branch, per member of staff).

    Args:
        agg: the aggregate; ``group`` must be in its ``spec.kpi_by``.
        group: ``branch``, ``staff`` or another ``kpi_by`` field.
        definitions: the KPIs; root-cause shares are not available per group and are skipped.
        host_by: per label, host-supplied counts (e.g. ``{"B001": {"customers": 52000}}``);
            KPIs needing a missing count are left out for that label.

    Returns:
        ``label -> name -> KpiValue``, labels sorted.

    Raises:
        InvalidOperationError: ``group`` is not kept by the aggregate.
    """
    if group not in agg.spec.kpi_by:
        raise InvalidOperationError("group", f"{group!r} is not in the aggregate's kpi_by {agg.spec.kpi_by}")
    host_by = host_by or {}
    tables = _tables(agg, group, by_label=True)
    labels = sorted({key[0] for key in agg.facts[group]})
    result: dict[str, dict[str, KpiValue]] = {label: {} for label in labels}
    for definition in definitions:
        sides = (definition.numerator, definition.denominator)
        if any(side.table == "root_cause" for side in sides):
            continue
        counted = [None if side.table == "host" else _count(side, tables, {}) for side in sides]
        for label in labels:
            host = host_by.get(label, {})
            if not all(side.name in host for side in sides if side.table == "host"):
                continue
            numerator, denominator = (
                host[side.name] if counts is None else counts.get(label, 0)
                for side, counts in zip(sides, counted, strict=True)
            )
            result[label][definition.name] = _value(definition, numerator, denominator)
    return result
