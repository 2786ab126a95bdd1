"""Personal data: masking for display and logs.

Fields declared with :func:`bankcomplaints.values.personal` never show unmasked in ``repr()``.

    >>> from bankcomplaints.privacy import mask_phone, mask_id_number, mask_card, mask_name, mask_email
    >>> mask_phone("13812345678"), mask_id_number("110101199003071234")
    ('138****5678', '110***********1234')
    >>> mask_card("6222021234567890123"), mask_name("张三丰"), mask_email("li.lei@example.com")
    ('622202*********0123', '张**', 'l*****@example.com')
"""

from __future__ import annotations

import re

__all__ = ["ERASED_PREFIX", "mask", "mask_card", "mask_email", "mask_for_repr", "mask_id_number", "mask_name",
           "mask_phone"]

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
