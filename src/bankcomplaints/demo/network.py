"""The people of the demo's branch network: who takes complaints in, handles, approves and reviews them.

The network is the synthetic one of :mod:`bankcomplaints.testing.generator`: three regional branches
(分行), each with four sub-branches (支行). Every sub-branch has a front-line clerk, two complaint
specialists, a manager and a deputy manager; each regional branch has a senior manager, the superior institution that
approves especially complex extensions and decides reviews (核查, CBIRC Art. 20).

    >>> from bankcomplaints.demo.network import NETWORK
    >>> len(NETWORK.branches), len(NETWORK.regions)
    (12, 3)
    >>> branch = NETWORK.branches[0]
    >>> NETWORK.manager(branch).role, NETWORK.senior(branch).branch
    ('manager', 'SH')
"""

from __future__ import annotations

import random

import attrs

from bankcomplaints.testing.generator import BRANCHES, REGIONS
from bankcomplaints.values import Actor, BranchRef, StaffRef

__all__ = ["CUSTOMERS_PER_BRANCH", "NETWORK", "Network"]

#: Customers of each sub-branch, for complaints per 10,000 customers (a host figure; these are illustrative).
CUSTOMERS_PER_BRANCH = 400_000


@attrs.frozen(kw_only=True)
class Network:
    """Branches, regions and the staff who act in them (ids are ``<branch>-<role letter><n>``)."""

    branches: tuple[BranchRef, ...]
    regions: tuple[BranchRef, ...]
    specialists_per_branch: int = 2

    def front_line(self, branch: BranchRef) -> Actor:
        """The clerk who takes complaints in at ``branch`` (the generator's receiver)."""
        return Actor(id=f"{branch.code}-F1", role="front_line", branch=branch.code)

    def specialist(self, branch: BranchRef, rng: random.Random) -> Actor:
        """One of the branch's complaint specialists, drawn with ``rng``."""
        number = rng.randrange(1, self.specialists_per_branch + 1)
        return Actor(id=f"{branch.code}-S{number}", role="specialist", branch=branch.code)

    def manager(self, branch: BranchRef) -> Actor:
        """The branch manager who approves liability and redress."""
        return Actor(id=f"{branch.code}-M1", role="manager", branch=branch.code)

    def deputy(self, branch: BranchRef) -> Actor:
        """The deputy manager: the second pair of eyes on redress the manager's liability decision led to."""
        return Actor(id=f"{branch.code}-M2", role="manager", branch=branch.code)

    def senior(self, branch: BranchRef) -> Actor:
        """The senior manager of the branch's regional branch (the superior institution)."""
        return Actor(id=f"{branch.parent or branch.code}-SR1", role="senior", branch=branch.parent or branch.code)

    def staff(self, actor: Actor) -> StaffRef:
        """The staff record of an actor (for handlers, evidence collectors and plan owners)."""
        return StaffRef(id=actor.id, name=actor.id, role=actor.role, branch=actor.branch)

    def customers(self) -> dict[str, dict[str, int]]:
        """Customers per branch code, as the host supplies them to the per-10,000 KPI."""
        return {branch.code: {"customers": CUSTOMERS_PER_BRANCH} for branch in self.branches}


#: The demo's network: the twelve sub-branches and three regions of the synthetic generator.
NETWORK = Network(branches=BRANCHES, regions=REGIONS)
