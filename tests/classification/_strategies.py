"""Hypothesis strategies shared by the differential tests of the classifier's fast paths."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.classification._labelled import zh_rows

CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)


def mixed_texts(alphabet: str) -> st.SearchStrategy[str]:
    """One to three pieces joined: labelled development texts and random CJK text with ``alphabet``'s characters."""
    return st.lists(st.sampled_from(sorted({row.text for row in zh_rows("dev")}))
                    | st.text(alphabet=CHINESE | st.sampled_from(alphabet), max_size=60),
                    min_size=1, max_size=3).map("".join)
