"""Run an aggregation locally or on Dask: partitions are aggregated apart, then merged.

A partition is a *loader*: a callable returning the records of one partition.
Loaders let each worker read its own share of the data (a byte range of a records file, a database shard)
instead of receiving pickled records from the driver, which is what makes processes pay off.
A loader that can also aggregate its partition without building records (an :class:`AggregatingLoader`, such as
the byte ranges of :func:`~bankcomplaints.stats.files.loaders_for`) is asked to do so.
Because :meth:`~bankcomplaints.stats.aggregate.Aggregate.merge` is exact, every engine and every partitioning
gives the same aggregate.
Dask is an optional extra (``pip install bankcomplaints[dask]``).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from decimal import Decimal
from typing import Protocol, runtime_checkable

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.aggregate import STANDARD_SPEC, Aggregate, AggregateSpec, aggregate
from bankcomplaints.stats.records import ComplaintRecord

__all__ = ["ENGINES", "AggregatingLoader", "Loader", "merge_all", "partition", "run"]

Loader = Callable[[], Iterable[ComplaintRecord]]


@runtime_checkable
class AggregatingLoader(Protocol):
    """A loader that can also aggregate its partition directly (faster than building every record)."""

    def __call__(self) -> Iterable[ComplaintRecord]:
        """The records of the partition."""

    def aggregate(self, spec: AggregateSpec) -> Aggregate:
        """The aggregate of the partition; must equal ``aggregate(self(), spec)``."""

ENGINES = ("local", "dask")
DASK_SCHEDULERS = ("processes", "threads", "synchronous")


def merge_all(parts: Sequence[Aggregate]) -> Aggregate:
    """Merge aggregates: equal to ``parts[0].merge(parts[1]).merge(...)``, in one pass over each part's tables.

    The first part's tables are copied (a C-speed dict copy) and every other part's counts are added in, so each
    table entry is touched once instead of once per level of pairwise merges.

    Args:
        parts: at least one aggregate, all with the same spec.

    Returns:
        The merged aggregate; no part changes.

    Raises:
        InvalidOperationError: ``parts`` is empty or the specs differ.
    """
    if not parts:
        raise InvalidOperationError("parts", "nothing to merge")
    first, rest = parts[0], parts[1:]
    if any(part.spec != first.spec for part in rest):
        raise InvalidOperationError("spec", "can't merge aggregates built with different specs")
    if not rest:
        return first
    singles = {name: Counter(table) for name, table in first.singles.items()}
    pairs = {name: Counter(table) for name, table in first.pairs.items()}
    facts = {group: Counter(table) for group, table in first.facts.items()}
    clocks = {group: Counter(table) for group, table in first.clocks.items()}
    redress = {group: dict(table) for group, table in first.redress.items()}
    days, close_days, respond_days = Counter(first.days), Counter(first.close_days), Counter(first.respond_days)
    for part in rest:
        for name, counts in part.singles.items():
            singles[name].update(counts)
        for name, pair_counts in part.pairs.items():
            pairs[name].update(pair_counts)
        for group, fact_counts in part.facts.items():
            facts[group].update(fact_counts)
        for group, clock_counts in part.clocks.items():
            clocks[group].update(clock_counts)
        for group, table in part.redress.items():
            into = redress[group]
            for key, (amount, count) in table.items():
                old_amount, old_count = into.get(key, (Decimal(0), 0))
                into[key] = (old_amount + amount, old_count + count)
        days.update(part.days)
        close_days.update(part.close_days)
        respond_days.update(part.respond_days)
    return Aggregate(spec=first.spec, total=sum(part.total for part in parts), singles=singles, pairs=pairs,
                     days=days, facts=facts, clocks=clocks, close_days=close_days, respond_days=respond_days,
                     redress=redress)


def _records_slice(records: Sequence[ComplaintRecord]) -> Sequence[ComplaintRecord]:
    return records


def partition(records: Sequence[ComplaintRecord], partitions: int) -> list[Loader]:
    """Split in-memory records into ``partitions`` contiguous loaders.

    Args:
        records: the records.
        partitions: how many parts (at least 1).

    Returns:
        Loaders returning each part (picklable, so a process scheduler can ship them).

    Raises:
        InvalidOperationError: ``partitions`` is below 1.
    """
    if partitions < 1:
        raise InvalidOperationError("partitions", f"must be at least 1, got {partitions}")
    size = -(-len(records) // partitions) or 1
    return [functools.partial(_records_slice, tuple(records[i:i + size])) for i in range(0, len(records), size)] or [
        functools.partial(_records_slice, ())
    ]


def _aggregate_loader(loader: Loader, spec: AggregateSpec) -> Aggregate:
    if isinstance(loader, AggregatingLoader):
        return loader.aggregate(spec)
    return aggregate(loader(), spec)


def run(
    loaders: Sequence[Loader],
    spec: AggregateSpec = STANDARD_SPEC,
    *,
    engine: str = "local",
    scheduler: str = "processes",
    workers: int | None = None,
    pool: Executor | None = None,
) -> Aggregate:
    """Aggregate every partition and merge the results.

    Args:
        loaders: one loader per partition.
        spec: the tables to keep.
        engine: ``local`` (one process, in order) or ``dask``.
        scheduler: for Dask: ``processes``, ``threads`` or ``synchronous``.
        workers: for Dask: worker count (default: Dask's, the number of cores); ignored when ``pool`` is given.
        pool: for Dask's ``processes`` or ``threads`` scheduler: an executor whose workers are already running
            (e.g. a ``concurrent.futures.ProcessPoolExecutor`` a long-running host keeps), so their start-up
            is paid once rather than on every run; without it Dask starts and stops its own pool each run.

    Returns:
        The aggregate of all partitions; the same whatever the engine.

    Raises:
        InvalidOperationError: unknown engine or scheduler, no loaders, or Dask not installed.
    """
    if not loaders:
        raise InvalidOperationError("loaders", "no partitions to run")
    if engine == "local":
        return merge_all([_aggregate_loader(loader, spec) for loader in loaders])
    if engine != "dask":
        raise InvalidOperationError("engine", f"unknown engine {engine!r}; use one of {ENGINES}")
    if scheduler not in DASK_SCHEDULERS:
        raise InvalidOperationError("scheduler", f"unknown Dask scheduler {scheduler!r}; use one of {DASK_SCHEDULERS}")
    try:
        from dask.base import compute
        from dask.delayed import delayed
    except ImportError:
        raise InvalidOperationError("engine", "Dask is not installed; pip install 'bankcomplaints[dask]'") from None
    # Partitions are aggregated in the workers; their (small, bounded) aggregates come back and are merged here,
    # so no aggregate travels to a worker a second time.
    # chunksize=1: each partition is sent on its own as a worker frees up (Dask's default batches 6 partitions per
    # submission, so 8 partitions on 2 workers ran 6 on one and 2 on the other).
    tasks = [delayed(_aggregate_loader)(loader, spec) for loader in loaders]
    options: dict[str, object] = {"pool": pool} if pool is not None else {"num_workers": workers}
    parts = compute(*tasks, scheduler=scheduler, chunksize=1, **options)  # type: ignore[no-untyped-call]
    return merge_all(list(parts))
