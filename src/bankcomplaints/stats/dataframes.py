"""Export records to pandas or polars for analysts (both optional extras: ``bankcomplaints[pandas]``, ``[polars]``).

Columns and types (:data:`COLUMNS` is the same table as data):

========================  ==========================  ==============================
column                    pandas dtype                polars dtype
========================  ==========================  ==============================
id                        ``string``                  ``String``
received_on               ``datetime64[ns]``          ``Date``
responded_on, closed_on   ``datetime64[ns]`` (NaT)    ``Date`` (null)
branch … root_cause       ``category``                ``Categorical``
risk_factors              ``string`` (``a|b``)        ``String`` (``a|b``)
days_to_close/respond     ``Int64`` (nullable)        ``Int64``
satisfied, upheld,        ``boolean`` (nullable)      ``Boolean``
first_contact_in_sla
repeat, reopened,         ``bool``                    ``Boolean``
escalated
redress_amount            ``object`` (``Decimal``)    ``Decimal`` (scale 4)
redress_currency          ``category``                ``Categorical``
clock:<regime>            ``category`` (met/…)        ``Categorical``
clock_days:<regime>       ``Int64``                   ``Int64``
<attribute>               ``string``                  ``String``
========================  ==========================  ==============================

Money stays exact: ``redress_amount`` never passes through a float.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.records import ComplaintRecord

__all__ = ["CATEGORY_COLUMNS", "COLUMNS", "to_pandas", "to_polars"]

CATEGORY_COLUMNS = ("branch", "region", "staff", "channel", "source", "kind", "business", "cause", "priority",
                    "status", "outcome", "root_cause")
_DATES = ("received_on", "responded_on", "closed_on")
_INTS = ("days_to_close", "days_to_respond")
_OPTIONAL_BOOLS = ("satisfied", "first_contact_in_sla", "upheld")
_BOOLS = ("repeat", "reopened", "escalated")

COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("string", "String"),
    **dict.fromkeys(_DATES, ("datetime64[ns]", "Date")),
    **dict.fromkeys(CATEGORY_COLUMNS, ("category", "Categorical")),
    "risk_factors": ("string", "String"),
    **dict.fromkeys(_INTS, ("Int64", "Int64")),
    **dict.fromkeys(_OPTIONAL_BOOLS, ("boolean", "Boolean")),
    **dict.fromkeys(_BOOLS, ("bool", "Boolean")),
    "redress_amount": ("object", "Decimal"),
    "redress_currency": ("category", "Categorical"),
}
"""Fixed columns → (pandas dtype, polars dtype); clock and attribute columns are added per data set."""


def _columns(records: Sequence[ComplaintRecord], attributes: Iterable[str]) -> dict[str, list[Any]]:
    data: dict[str, list[Any]] = {"id": list(map(operator.attrgetter("id"), records))}
    for name in (*_DATES, *CATEGORY_COLUMNS, *_INTS, *_OPTIONAL_BOOLS, *_BOOLS):
        data[name] = list(map(operator.attrgetter(name), records))
    data["risk_factors"] = ["|".join(r.risk_factors) for r in records]
    data["redress_amount"] = [None if r.redress is None else r.redress.amount for r in records]
    data["redress_currency"] = [None if r.redress is None else r.redress.currency for r in records]
    regimes = sorted({clock.regime for r in records for clock in r.clocks})
    for regime in regimes:
        found = [{c.regime: c for c in r.clocks}.get(regime) for r in records]
        data[f"clock:{regime}"] = [None if c is None else c.state for c in found]
        data[f"clock_days:{regime}"] = [None if c is None else c.days for c in found]
    for name in attributes:
        data[name] = [r.attribute(name) for r in records]
    return data


def to_pandas(records: Iterable[ComplaintRecord], *, attributes: Iterable[str] = ()) -> Any:
    """A pandas DataFrame, one row per record, with the dtypes in the module table.

    Args:
        records: the records.
        attributes: extra attributes to add as string columns (e.g. ``("product", "state")``).

    Returns:
        ``pandas.DataFrame``.

    Raises:
        InvalidOperationError: pandas is not installed.
    """
    try:
        import pandas as pd
    except ImportError:
        raise InvalidOperationError("dataframe", "pandas is not installed; pip install 'bankcomplaints[pandas]'"
                                    ) from None
    rows = list(records)
    data = _columns(rows, attributes)
    frame = pd.DataFrame(data)
    dtypes = {name: pandas for name, (pandas, _) in COLUMNS.items() if pandas != "object"}
    dtypes.update({name: "category" for name in data if name.startswith("clock:")})
    dtypes.update({name: "Int64" for name in data if name.startswith("clock_days:")})
    dtypes.update(dict.fromkeys(attributes, "string"))
    for name in _DATES:
        frame[name] = pd.to_datetime(frame[name])
    frame["redress_amount"] = pd.Series(data["redress_amount"], dtype="object", index=frame.index)
    return frame.astype(dtypes)


def to_polars(records: Iterable[ComplaintRecord], *, attributes: Iterable[str] = ()) -> Any:
    """A polars DataFrame, one row per record, with the dtypes in the module table.

    Args:
        records: the records.
        attributes: extra attributes to add as string columns.

    Returns:
        ``polars.DataFrame``.

    Raises:
        InvalidOperationError: polars is not installed.
    """
    try:
        import polars as pl
    except ImportError:
        raise InvalidOperationError("dataframe", "polars is not installed; pip install 'bankcomplaints[polars]'"
                                    ) from None
    rows = list(records)
    data = _columns(rows, attributes)
    schema: dict[str, Any] = {"id": pl.String, "risk_factors": pl.String}
    schema.update(dict.fromkeys(_DATES, pl.Date))
    schema.update(dict.fromkeys((*CATEGORY_COLUMNS, "redress_currency"), pl.Categorical))
    schema.update(dict.fromkeys(_INTS, pl.Int64))
    schema.update(dict.fromkeys((*_OPTIONAL_BOOLS, *_BOOLS), pl.Boolean))
    schema["redress_amount"] = pl.Decimal(38, 4)
    data["redress_amount"] = [None if a is None else a.quantize(Decimal("0.0001")) for a in data["redress_amount"]]
    for name in data:
        if name.startswith("clock:"):
            schema[name] = pl.Categorical
        elif name.startswith("clock_days:"):
            schema[name] = pl.Int64
    schema.update(dict.fromkeys(attributes, pl.String))
    return pl.DataFrame(data, schema=schema)
