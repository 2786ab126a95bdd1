"""The classifier as it was before the speed work of issue 5 (commit 5c6457c), kept as a test oracle.

``normalize.py``, ``matcher.py``, ``amounts.py`` and ``classifier.py`` are verbatim copies of
``src/bankcomplaints/classification/`` at 5c6457c, with only their imports of each other pointed here,
and one exception: the word lists ``_CONDITION_BEFORE`` and ``_CONDITION_AFTER`` of ``amounts.py`` (the words
that make an amount a limit, an offer or a price rather than money in dispute) are vocabulary, not
algorithm, and were widened in round 4 in the package and here in the same commit (a loan offered or
granted, a planned deposit, a guarantee's face value, a price, a denomination).
``tests/classification/test_classify_unchanged.py`` checks that the optimised package classifies every
text exactly as this copy does (and as the golden digests recorded from 5c6457c itself say).
Do not edit these files to follow the package: they are the behaviour the package must keep.
If the behaviour is changed on purpose (new rules, a new decision step), delete this copy and the
golden file together instead of updating them.
"""
