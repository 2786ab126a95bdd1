"""Regimes by code, and by family and receipt date.

The shipped regimes are registered on first use with their default parameters; a bank registers its
own (its internal SLAs, a regime built with other parameters, or a revised regulation) with :func:`register`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from bankcomplaints.errors import RegimeError
from bankcomplaints.workflow.regimes.cn_cbirc_2020 import cn_cbirc_2020
from bankcomplaints.workflow.regimes.cn_pboc_2020 import cn_pboc_2020
from bankcomplaints.workflow.regimes.eu_jc_2018 import eu_jc_2018
from bankcomplaints.workflow.regimes.model import Regime
from bankcomplaints.workflow.regimes.uk_fca_disp import uk_fca_disp
from bankcomplaints.workflow.regimes.us_cfpb import us_cfpb
from bankcomplaints.workflow.regimes.us_reg_e import us_reg_e
from bankcomplaints.workflow.regimes.us_reg_z import us_reg_z

__all__ = ["SHIPPED", "codes", "get", "register", "select", "unregister"]

#: The shipped regimes by code, as functions building them with their default parameters.
SHIPPED: dict[str, Callable[[], Regime]] = {
    "CN-CBIRC-2020": cn_cbirc_2020,
    "CN-PBOC-2020": cn_pboc_2020,
    "UK-FCA-DISP": uk_fca_disp,
    "US-CFPB": us_cfpb,
    "US-REG-E": us_reg_e,
    "US-REG-Z": us_reg_z,
    "EU-JC-2018": eu_jc_2018,
}
_REGISTERED: dict[str, Regime] = {}


def _all() -> dict[str, Regime]:
    for code, make in SHIPPED.items():
        if code not in _REGISTERED:
            _REGISTERED[code] = make()
    return _REGISTERED


def get(code: str) -> Regime:
    """The regime registered under ``code``.

    Args:
        code: e.g. ``"CN-CBIRC-2020"``.

    Returns:
        The regime.

    Raises:
        RegimeError: no regime has that code.
    """
    found = _REGISTERED.get(code) or _all().get(code)
    if found is None:
        raise RegimeError(code, f"unknown regime; known: {', '.join(codes())}")
    return found


def select(family: str, received_on: datetime.date) -> Regime:
    """The regime of ``family`` in force on ``received_on`` (a complaint is judged by the rules in force then).

    Args:
        family: e.g. ``"CN-CBIRC"``.
        received_on: the receipt date.

    Returns:
        The one regime of that family in force on that date.

    Raises:
        RegimeError: none, or more than one, is in force.
    """
    found = [regime for regime in _all().values() if regime.family == family and regime.in_force(received_on)]
    if len(found) != 1:
        what = "no regime" if not found else f"{len(found)} regimes ({', '.join(r.code for r in found)})"
        raise RegimeError(family, f"{what} in force on {received_on}")
    return found[0]


def register(regime: Regime) -> None:
    """Make ``regime`` the answer of ``get(regime.code)``, replacing any regime with that code.

    Args:
        regime: the regime to install.
    """
    _all()[regime.code] = regime


def unregister(code: str) -> None:
    """Drop the regime registered under ``code``; a shipped code falls back to its default parameters.

    Args:
        code: the regime's code; unknown codes are ignored.
    """
    _REGISTERED.pop(code, None)


def codes() -> tuple[str, ...]:
    """Codes of the registered and shipped regimes.

    Returns:
        The sorted codes.
    """
    return tuple(sorted(_all()))
