"""One quarter of a small branch network, simulated through the whole library.

The complaints come from the seeded synthetic generator (:class:`~bankcomplaints.testing.ComplaintGenerator`):
every channel, regulator-forwarded cases, Chinese and English texts, repeat complainants.
The quarter is 2025-Q4 (October to December 2025), which opens with the National Day holiday
(1–8 October), so the China working-day calendar matters, and every deadline it starts ends inside
the calendar's data. One complaint is made a major complaint (重大消费投诉, CBIRC Art. 29): a group
of customers who came to the counter in person. Each complaint then lives its life
(:func:`~bankcomplaints.demo.lifecycle.handle`) until it is closed or the quarter ends.

    >>> from bankcomplaints.demo.simulation import simulate
    >>> run = simulate(seed=3, count=20)
    >>> len(run.complaints), all(c.pending_events for c in run.complaints)
    (20, True)
    >>> [c.status for c in run.complaints] == [c.status for c in simulate(seed=3, count=20).complaints]
    True
"""

from __future__ import annotations

import random
from collections.abc import Callable

import attrs
import pendulum

from bankcomplaints.complaint import Complaint
from bankcomplaints.demo.lifecycle import handle
from bankcomplaints.demo.network import NETWORK, Network
from bankcomplaints.testing.generator import ComplaintGenerator, SyntheticComplaint
from bankcomplaints.values import Channel

__all__ = ["MAJOR_GROUP", "QUARTER_END", "QUARTER_START", "Simulation", "simulate"]

#: The first instant of the simulated quarter (2025-Q4, local time of the network).
QUARTER_START = pendulum.datetime(2025, 10, 1, tz="Asia/Shanghai")
#: The last instant of the quarter: steps planned later do not happen, and the report is as of it.
QUARTER_END = pendulum.datetime(2025, 12, 31, 23, 59, 59, tz="Asia/Shanghai")
#: How many people complain together, in person, in the demo's major complaint (20 or more makes it major).
MAJOR_GROUP = 28

Progress = Callable[[int], None]


@attrs.frozen(kw_only=True)
class Simulation:
    """The complaints of one simulated quarter, with their events still pending for the host to store."""

    seed: int
    complaints: tuple[Complaint, ...]
    as_of: pendulum.DateTime
    network: Network


def _major(synthetic: SyntheticComplaint) -> SyntheticComplaint:
    """The same complaint, made by a group who came to the counter together."""
    if synthetic.lang == "zh":
        group = f"今天共有{MAJOR_GROUP}名客户一起到网点集体投诉，要求银行当面给个说法。"
    else:
        group = f" {MAJOR_GROUP} customers came to the branch together today to complain as a group."
    return attrs.evolve(synthetic, co_complainants=MAJOR_GROUP - 1, in_person=True, channel=Channel.COUNTER,
                        narrative=synthetic.narrative + group)


def simulate(*, seed: int, count: int, network: Network = NETWORK, progress: Progress | None = None) -> Simulation:
    """Receive and handle ``count`` complaints over 2025-Q4.

    Args:
        seed: the random seed; the same seed and count give the same complaints, events and outcomes.
        count: how many contacts arrive in the quarter (at least one).
        network: the branches and their staff.
        progress: called with the number of complaints handled so far, after each one.
    Returns:
        The simulation, complaints in order of receipt.
    Raises:
        InvalidOperationError: ``count`` is below one.
        ComplaintError: an operation refused (a bug in the demo, never an expected outcome).
    """
    from bankcomplaints.errors import InvalidOperationError

    if count < 1:
        raise InvalidOperationError("complaints", "the demo needs at least one complaint")
    generator = ComplaintGenerator(seed, lang="mixed", start=QUARTER_START, days=92)
    arrivals = generator.complaints(count)
    middle = len(arrivals) // 2
    arrivals[middle] = _major(arrivals[middle])
    earlier: dict[str, list[tuple[str, str]]] = {}
    complaints = []
    for done, synthetic in enumerate(arrivals, start=1):
        complaint = synthetic.receive()
        history = earlier.setdefault(synthetic.complainant.id, [])
        repeat_of = next((cid for cid, product in reversed(history) if product == synthetic.product), None)
        handle(complaint, network=network, rng=random.Random(f"{seed}:{synthetic.id}"), end=QUARTER_END,
               repeat_of=repeat_of, earlier_complaints=len(history))
        history.append((synthetic.id, synthetic.product))
        complaints.append(complaint)
        if progress is not None:
            progress(done)
    return Simulation(seed=seed, complaints=tuple(complaints), as_of=QUARTER_END, network=network)
