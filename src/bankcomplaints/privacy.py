"""Personal data: masking for display and logs, scrubbing free text for exports, and erasure.

Fields declared with :func:`bankcomplaints.values.personal` never show unmasked in ``repr()``.
:func:`scrub_text` masks identifiers inside free text (a narrative quoted in an export);
:func:`erase` removes a customer's personal data from a complaint's trail, records that it did,
and leaves a chain that still verifies (``docs/security.md`` explains the design and its limits).

    >>> from bankcomplaints.privacy import mask_phone, mask_id_number, mask_card, mask_name, mask_email
    >>> mask_phone("13812345678"), mask_id_number("110101199003071234")
    ('138****5678', '110***********1234')
    >>> mask_card("6222021234567890123"), mask_name("张三丰"), mask_email("li.lei@example.com")
    ('622202*********0123', '张**', 'l*****@example.com')
    >>> from bankcomplaints.privacy import scrub_text
    >>> scrub_text("王芳的手机13812345678，身份证110101199003071234", known=["王芳"])
    '王*的手机138****5678，身份证110***********1234'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pendulum

    from bankcomplaints.events import ComplaintEvent
    from bankcomplaints.values import Actor

__all__ = ["ERASED_PREFIX", "erase", "mask", "mask_card", "mask_email", "mask_for_repr", "mask_id_number",
           "mask_name", "mask_phone", "scrub_text"]

#: Erased personal values are replaced by this prefix and the salted digest the chain was built on.
ERASED_PREFIX = "erased:"

_DIGITS = re.compile(r"\d")


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits of a phone number."""
    digits = _DIGITS.findall(value)
    if len(digits) < 8:
        return "*" * len(value)
    return "".join(digits[:3]) + "*" * (len(digits) - 7) + "".join(digits[-4:])


def mask_id_number(value: str) -> str:
    """Keep the first 3 and last 4 characters of an identity document number."""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_card(value: str) -> str:
    """Keep the first 6 (issuer) and last 4 digits of a bank card number."""
    digits = "".join(_DIGITS.findall(value))
    if len(digits) < 12:
        return "*" * len(digits)
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def mask_name(value: str) -> str:
    """Keep the first character of a name (the family name in Chinese)."""
    value = value.strip()
    if not value:
        return value
    return value[0] + "*" * max(len(value) - 1, 1)


def mask_email(value: str) -> str:
    """Keep the first character of the local part and the domain."""
    local, at, domain = value.partition("@")
    if not at:
        return mask_name(value)
    return local[:1] + "*" * max(len(local) - 1, 1) + "@" + domain


def mask(value: str) -> str:
    """Mask a personal value, choosing the form from its shape."""
    if value.startswith(ERASED_PREFIX):
        return "<erased>"
    if "@" in value:
        return mask_email(value)
    digits = len(_DIGITS.findall(value))
    if digits >= 15 and re.fullmatch(r"\d{17}[\dXx]|\d{15}", value.strip()):
        return mask_id_number(value.strip())
    if digits >= 12 and digits == len(value.replace(" ", "").replace("-", "")):
        return mask_card(value)
    if digits >= 8:
        return mask_phone(value)
    return mask_name(value)


def mask_for_repr(value: object) -> str:
    """The ``repr`` of a personal field: masked, never the value itself."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return repr(mask(value))
    return "'***'"


# --- free text -------------------------------------------------------------------------------------
# Each pattern is linear-time (checked by bankcomplaints.safe_regex in the tests); most specific first,
# so an 18-character identity number is not taken for a card number.
_TEXT_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[str], str]], ...] = (
    (re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}"), mask_email),
    (re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])"), mask_id_number),
    (re.compile(r"(?<![\d+])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)"), mask_phone),
    (re.compile(r"(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)"), mask_card),
    (re.compile(r"(?<![\d+])(?:\+\d{1,3}[ -]?|0)\d{2,3}[ -]?\d{3,4}[ -]?\d{4}(?!\d)"), mask_phone),
)


def scrub_text(text: str, *, known: Iterable[str | None] = ()) -> str:
    """``text`` with the personal data found in it masked, for exports and logs of free text.

    Masks e-mail addresses, Chinese identity numbers (15 or 18 characters), mainland mobile numbers,
    bank card numbers (12-19 digits, spaces or dashes allowed), landline and international phone numbers,
    and every occurrence of the ``known`` values (the complainant's name, address...) that the patterns
    cannot recognise. A name the caller does not pass cannot be found: free text can still identify a person.

    Args:
        text: the free text (a narrative, a demand, a note).
        known: personal values of the case to mask wherever they occur (values under 2 characters are skipped).
    Returns:
        The text with each finding replaced by its masked form.
    """
    for value in sorted({v.strip() for v in known if isinstance(v, str) and len(v.strip()) >= 2}, key=len,
                        reverse=True):
        text = text.replace(value, mask(value))
    for pattern, masker in _TEXT_PATTERNS:
        text = pattern.sub(_replacer(masker), text)
    return text


def _replacer(masker: Callable[[str], str]) -> Callable[[re.Match[str]], str]:
    return lambda match: masker(match.group())


# --- erasure ---------------------------------------------------------------------------------------


def erase(events: Sequence[ComplaintEvent], *, actor: Actor, now: pendulum.DateTime, basis: str) -> (
    list[ComplaintEvent]
):
    """Erase the personal data from a complaint's trail and record the erasure on it.

    The host replaces its stored trail with the result: the same events, with every personal field
    (declared with :func:`bankcomplaints.values.personal`) replaced by the salted digest the chain was
    built on and the salt blanked, followed by a new
    :class:`~bankcomplaints.events.PersonalDataErased` event naming ``basis``.
    The result passes :func:`~bankcomplaints.events.verify_chain` and rebuilds with
    ``Complaint.from_events``; nothing in it recovers the erased values.

    Args:
        events: the complaint's complete trail, in order.
        actor: who erases (recorded on the new event).
        now: when.
        basis: why, e.g. ``"PIPL Art. 47: retention period ended"``.
    Returns:
        The erased trail, one event longer.
    Raises:
        ChainVerificationError: the trail given is not an unbroken chain.
        InvalidOperationError: no basis given, or the trail was already erased.
        InvalidComplaintDataError: the trail does not start with ``ComplaintReceived``.
    """
    from bankcomplaints.complaint import Complaint
    from bankcomplaints.errors import InvalidOperationError
    from bankcomplaints.events import PersonalDataErased, erase_personal_data, verify_chain

    if not isinstance(basis, str) or not basis.strip() or len(basis) > 2000:
        raise InvalidOperationError("basis", "an erasure needs its legal basis, in at most 2000 characters")
    trail = list(events)
    verify_chain(trail, expected_length=len(trail)).raise_if_broken()
    complaint = Complaint.from_events(trail)
    if complaint.erased:
        raise InvalidOperationError("erased", f"complaint {complaint.id}'s personal data is already erased")
    complaint._record(PersonalDataErased, actor=actor, now=now, basis=basis)
    return erase_personal_data([*trail, *complaint.collect_events()])
