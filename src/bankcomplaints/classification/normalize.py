"""Text normalisation before matching: NFKC (full-width to half-width), Latin lower case, traditional to simplified.

Normalised text is what rules match; every match is mapped back to a span of the original text,
so an explanation quotes what the customer wrote::

    >>> from bankcomplaints.classification.normalize import normalize
    >>> n = normalize("ＡＴＭ機吞卡")
    >>> n.text
    'atm机吞卡'
    >>> n.original_span(3, 6)
    (3, 6)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

import attrs

from bankcomplaints.classification._t2s import TRADITIONAL_TO_SIMPLIFIED
from bankcomplaints.errors import InvalidOperationError

__all__ = ["NormalizedText", "normalize"]

_ASCII_LOWER = {code: chr(code + 32) for code in range(ord("A"), ord("Z") + 1)}


def _single_nfkc() -> dict[int, str]:
    """Every BMP character that NFKC turns into one other character (full-width forms and the like)."""
    table = {}
    for code in range(0x80, 0x10000):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if folded != char and len(folded) == 1:
            table[code] = folded
    return table


def _compose(*tables: dict[int, str]) -> dict[int, str]:
    keys = {key for table in tables for key in table}
    out = {}
    for key in keys:
        char = chr(key)
        for table in tables:
            char = table.get(ord(char), char)
        out[key] = char
    return out


#: Characters Chinese text is full of that NFKC folds (full-width punctuation): replaced with
#: ``str.replace``, which is several times faster than a translate() pass over the whole text.
_FREQUENT = "，！？：；（）％　"


@attrs.frozen(kw_only=True)
class _Folding:
    """One translate() table and the quicker way to apply it to most texts."""

    table: dict[int, str]
    #: ``(character, replacement)`` for the frequent characters; no replacement is itself changed by the table.
    replacements: tuple[tuple[str, str], ...]
    #: Finds any character the table changes, but for ASCII capitals (lower case is applied after).
    changes: re.Pattern[str]

    def apply(self, text: str) -> str:
        """``text.translate(table)``, except that ASCII capitals may be left for lower case to fold.

        The frequent characters are replaced first; translate() runs only if others remain.
        """
        for char, replacement in self.replacements:
            if char in text:
                text = text.replace(char, replacement)
        return text if self.changes.search(text) is None else text.translate(self.table)


def _folding(table: dict[int, str]) -> _Folding:
    replacements = tuple((char, replacement) for char in _FREQUENT
                         if (replacement := table.get(ord(char))) is not None
                         and not any(ord(piece) in table for piece in replacement))
    keys = "".join(re.escape(chr(code)) for code in sorted(table) if code not in _ASCII_LOWER)
    return _Folding(table=table, replacements=replacements, changes=re.compile(f"[{keys}]"))


@cache
def _tables() -> tuple[_Folding, _Folding]:
    """One pass does NFKC (for one-to-one characters), lower case and, in the first
    table, traditional to simplified. Built on first use (about 0.2 s)."""
    single = _single_nfkc()
    return _folding(_compose(single, _ASCII_LOWER, TRADITIONAL_TO_SIMPLIFIED)), _folding(_compose(single, _ASCII_LOWER))


@attrs.frozen(kw_only=True)
class NormalizedText:
    """Text as rules see it, with the way back to the original.

    ``offsets`` is empty when normalisation kept every character in place; otherwise
    ``offsets[i]`` is the index in the original text of normalised character ``i``
    (with one extra entry for the end of the text).
    """

    original: str
    text: str
    offsets: tuple[int, ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised ``text[start:end]`` came from."""
        if not self.offsets:
            return start, end
        first = self.offsets[start]
        last = self.offsets[end] if end < len(self.offsets) else len(self.original)
        # A character that expanded under NFKC maps all its pieces to one original index.
        while last <= first and last < len(self.original):
            last += 1
        return first, last


def _fold(text: str, folding: _Folding) -> str:
    folded = folding.apply(text)
    lowered = folded.lower()
    if folded.isascii() or len(lowered) == len(folded):
        return lowered
    # str.lower can lengthen a few non-ASCII letters (İ); keep text length stable, Latin capitals folded.
    return text.translate(folding.table)


def normalize(
    text: str,
    *,
    simplify: bool = True,
    converter: Callable[[str], str] | None = None,
) -> NormalizedText:
    """Normalise ``text`` for matching.

    Args:
        text: the text as received.
        simplify: convert traditional characters to simplified with the shipped table.
        converter: a host-supplied converter applied to each character instead of the
            shipped table (for example OpenCC ``t2s``); it must return one character for one.

    Returns:
        The normalised text with the map back to the original.

    Raises:
        InvalidOperationError: ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise InvalidOperationError("text", f"must be a string, not {type(text).__name__}")
    simplified, latin_only = _tables()
    folding = simplified if simplify and converter is None else latin_only
    folded = _fold(text, folding)
    if unicodedata.is_normalized("NFKC", folded):
        # Every character was folded in place, so positions are unchanged.
        if converter is not None:
            folded = _convert_each(folded, converter)
        return NormalizedText(original=text, text=folded)
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char)
        pieces.append(piece)
        offsets.extend([index] * len(piece))
    offsets.append(len(text))
    folded = _fold("".join(pieces), folding)
    if converter is not None:
        folded = _convert_each(folded, converter)
    return NormalizedText(original=text, text=folded, offsets=tuple(offsets))


def _convert_each(text: str, converter: Callable[[str], str]) -> str:
    def call(piece: str) -> str:
        try:
            out = converter(piece)
        except Exception as exc:  # the host's converter: report it as our error
            raise InvalidOperationError("converter", f"failed: {type(exc).__name__}: {exc}") from None
        if not isinstance(out, str):
            raise InvalidOperationError("converter", f"returned {type(out).__name__}, not a string")
        return out

    converted = call(text)
    if len(converted) == len(text):
        return converted
    return "".join(out if len(out := call(char)) == 1 else char for char in text)
