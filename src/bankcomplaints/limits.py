"""Size limits and safe parsing at the library's entry points, so hostile input is refused before it costs
memory or time.

Each entry point refuses input over its limit with a :class:`~bankcomplaints.errors.ComplaintError`
subclass that names the limit. The limits that belong to one stage are declared in its module
(``docs/security.md`` lists every one, and a test checks that list against the code); this module holds
the ones that cut across stages, and the helpers the entry points share:

    >>> from bankcomplaints.limits import MAX_JSON_CHARS, ensure_size
    >>> MAX_JSON_CHARS
    16777216
    >>> ensure_size("x" * 10, 5, what="note")
    Traceback (most recent call last):
    ...
    bankcomplaints.errors.InvalidComplaintDataError: invalid note: <root>: is 10 characters long; the limit is 5
"""

from __future__ import annotations

from typing import Any

import yaml

from bankcomplaints.errors import InvalidComplaintDataError

__all__ = ["MAX_JSON_CHARS", "MAX_YAML_CHARS", "ensure_size", "safe_yaml", "yaml_document"]

#: Longest JSON document :func:`bankcomplaints.serialization.from_json` parses (16 MiB of text):
#: a complaint with a few thousand events fits many times over.
MAX_JSON_CHARS = 16 * 1024 * 1024

#: Longest YAML document :func:`yaml_document` parses (regime files, holiday tables on the command line).
MAX_YAML_CHARS = 1_000_000


def ensure_size(text: str | bytes, limit: int, *, what: str = "document") -> None:
    """Refuse ``text`` when it is longer than ``limit`` characters (or bytes).

    Args:
        text: the input as received.
        limit: the most characters (bytes for ``bytes``) accepted.
        what: how the error names the input.
    Raises:
        InvalidComplaintDataError: the input is over the limit; the message gives both sizes.
    """
    if len(text) > limit:
        unit = "bytes" if isinstance(text, bytes | bytearray) else "characters"
        raise InvalidComplaintDataError([("", f"is {len(text)} {unit} long; the limit is {limit}")], what=what)


class _NoAliasLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` (plain data only, no object construction) that also refuses aliases.

    An alias lets a few lines of YAML stand for an exponentially large document (the "billion laughs"),
    which any code that walks or copies the parsed data would then expand.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        return super().compose_node(parent, index)


def safe_yaml(text: str) -> Any:
    """Parse YAML into plain data: no tags that build objects, no aliases, no unbounded nesting.

    Args:
        text: the document.
    Returns:
        The data (dicts, lists, strings, numbers, booleans, dates, None).
    Raises:
        yaml.YAMLError: the text is not such a document (callers turn it into their own ComplaintError).
    """
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader: plain data only
    except RecursionError:
        raise yaml.YAMLError("nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # a scalar the constructor cannot build (a 5,000-digit integer)
        raise yaml.YAMLError(f"unreadable value: {exc}") from None


def yaml_document(text: str, *, what: str = "document", limit: int = MAX_YAML_CHARS) -> Any:
    """:func:`safe_yaml` for command-line readers: size-checked, errors as InvalidComplaintDataError.

    Args:
        text: the document.
        what: how errors name it (``regime file``...).
        limit: the most characters accepted.
    Returns:
        The parsed data (an empty document gives None).
    Raises:
        InvalidComplaintDataError: the text is over the limit or is not valid YAML of plain data.
    """
    ensure_size(text, limit, what=what)
    try:
        return safe_yaml(text)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidComplaintDataError([("", f"not valid YAML: {first}")], what=what) from None
