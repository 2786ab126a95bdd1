"""A small linear text model over character n-grams: the statistical fallback behind the rules.

The model reads the normalised text (see :func:`~bankcomplaints.classification.normalize.normalize`;
digits folded to ``0``) and takes the set of its character n-grams. For each dimension, a label's score
is its bias, plus the weight of every n-gram the model knows for that label (the evidence the n-gram
gives for it, 0 if it never saw the n-gram with that label), minus a per-label cost for each known
n-gram. The label with the highest score wins; the scores divided by the dimension's temperature go
through a softmax to give probabilities.
Weights are plain numbers in a JSON document shipped with the package, so a handler can see which
n-grams pushed a text towards a label::

    >>> from bankcomplaints.classification.model import load_model
    >>> model = load_model()
    >>> scores = model.predict("我的信用卡被盗刷了")
    >>> scores["business"].label
    'bank_card'
    >>> 0.0 <= scores["business"].probability <= 1.0
    True
    >>> any("卡" in gram for gram, _ in scores["business"].contributions)
    True

The shipped model (``classification/models/zh_triage.json``) is trained on the Chinese labelled sets
by ``python -m tests.classification._triage_model train`` (a development tool, not shipped);
:func:`~bankcomplaints.classification.training.train_model` trains one from a bank's own labelled texts.
Loading validates the whole document and raises :class:`~bankcomplaints.errors.ModelFileError`
naming the field at fault.
"""

from __future__ import annotations

import heapq
import json
import math
import re
import struct
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from itertools import chain
from operator import add, itemgetter
from types import MappingProxyType
from typing import Any

import ahocorasick
import attrs

from bankcomplaints._builders import positional_constructor
from bankcomplaints.classification._frequent import transition_order
from bankcomplaints.classification.normalize import normalize
from bankcomplaints.classification.taxonomy import Dimension, labels
from bankcomplaints.errors import ModelFileError

__all__ = [
    "MAX_MODEL_CHARS",
    "MAX_MODEL_FEATURES",
    "MODEL_DIMENSIONS",
    "MODEL_FORMAT",
    "DimensionModel",
    "ModelScores",
    "Observation",
    "Reading",
    "Rider",
    "TextModel",
    "count_features",
    "load_model",
    "text_features",
]

#: The ``format`` field of a model document.
MODEL_FORMAT = "bankcomplaints.text-model/1"
#: The dimensions a model may decide (risk factors stay with the rules).
MODEL_DIMENSIONS: tuple[Dimension, ...] = (Dimension.KIND, Dimension.BUSINESS, Dimension.CAUSE, Dimension.CHANNEL)
#: Longest model document accepted, in characters.
MAX_MODEL_CHARS = 20_000_000
#: Most n-grams a model may hold over all its dimensions.
MAX_MODEL_FEATURES = 200_000
#: Longest n-gram a model may use.
MAX_NGRAM = 6
#: How many n-grams an explanation quotes.
TOP_CONTRIBUTIONS = 5

#: Digits 1-9, which the model reads as 0 (str.translate costs ~10 µs on a Chinese text; a regex sub ~1 µs).
_FOLDED_DIGITS = re.compile("[1-9]")


_SECOND = itemgetter(1)


def _fold_digits(text: str) -> str:
    return _FOLDED_DIGITS.sub("0", text)


# Read-only copies, so that a model stays a value (one converter per field type, for the attrs mypy plugin).
def _frozen_weights(value: Mapping[str, tuple[float, ...]]) -> Mapping[str, tuple[float, ...]]:
    return MappingProxyType(dict(value))


def _frozen_dimensions(value: Mapping[Dimension, DimensionModel]) -> Mapping[Dimension, DimensionModel]:
    return MappingProxyType(dict(value))


def _frozen_record(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def text_features(text: str, ngram: tuple[int, int]) -> frozenset[str]:
    """The character n-grams of an already normalised text, digits folded to ``0``.

    Args:
        text: normalised text (``normalize(text).text``).
        ngram: the shortest and longest n-gram length.

    Returns:
        The distinct n-grams (presence, not counts).
    """
    folded = _fold_digits(text)
    low, high = ngram
    layers: list[Iterable[str]] = []
    pieces: Iterable[str] = folded
    for size in range(1, high + 1):
        if size > 1:
            pieces = list(map(add, pieces, folded[size - 1:]))
        if size >= low:
            layers.append(pieces)
    return frozenset(chain.from_iterable(layers))  # one set, built once


def count_features(text: str, ngram: tuple[int, int]) -> int:
    """How many distinct n-grams an already normalised text has: ``len(text_features(text, ngram))``.

    Unigrams and bigrams are counted as the 4-byte and 8-byte words of the folded text's UTF-32 code
    (one set of integers each, no string built per n-gram); longer n-grams through :func:`text_features`.

    Args:
        text: normalised text (``normalize(text).text``).
        ngram: the shortest and longest n-gram length.

    Returns:
        The number of distinct n-grams.
    """
    low, high = ngram
    if high > 2:
        return len(text_features(text, ngram))
    code = _fold_digits(text).encode("utf-32-le", "surrogatepass")
    count = len(set(memoryview(code).cast("I"))) if low == 1 else 0
    if high == 2 and len(code) > 4:
        # Pairs starting at even characters, then at odd ones: together every adjacent pair once.
        even, odd = len(code) - len(code) % 8, 4 + (len(code) - 4) - (len(code) - 4) % 8
        pairs = set(memoryview(code)[:even].cast("Q"))
        pairs.update(memoryview(code)[4:odd].cast("Q"))
        count += len(pairs)
    return count


@attrs.frozen(kw_only=True)
class ModelScores:
    """What the model says about one dimension of one text."""

    dimension: Dimension
    #: The label with the highest probability (ties: the label listed first in the model's labels,
    #: which training writes in TAXONOMY.md order).
    label: str
    #: The label's probability, rounded to 4 decimals.
    probability: float
    #: Per label of the model, in its order, ``exp`` of the label's score (over the temperature, less the top one's).
    _exps: tuple[float, ...] = attrs.field(repr=False, alias="exps")
    #: The sum of ``_exps``: a label's probability is its ``exp`` over this.
    _whole: float = attrs.field(repr=False, alias="whole")
    #: How many distinct n-grams of the text the model knows for this dimension (0: it only had the biases).
    known: int
    #: Share of the text's n-gram occurrences the model knows in any dimension (0 for an empty text).
    coverage: float
    _model: DimensionModel = attrs.field(eq=False, repr=False, alias="model")
    #: The text's known n-grams, as ids into ``_vocabulary`` (quoted only when asked).
    _ids: Collection[int] = attrs.field(eq=False, repr=False, alias="ids")
    _vocabulary: tuple[str, ...] = attrs.field(eq=False, repr=False, alias="vocabulary")

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels the model knows for this dimension, in TAXONOMY.md order."""
        return self._model.labels

    @property
    def positions(self) -> Mapping[str, int]:
        """Each label's position in :attr:`labels`."""
        return self._model.positions

    def probability_of(self, label: str) -> float:
        """The unrounded probability of ``label`` (0 for a label the model does not know)."""
        at = self._model.positions.get(label)
        return 0.0 if at is None else self._exps[at] / self._whole

    @property
    def ranked(self) -> tuple[tuple[str, float], ...]:
        """Every label with its unrounded probability, most likely first (ties in TAXONOMY.md order)."""
        whole = self._whole
        return tuple(sorted([(name, value / whole) for name, value in zip(self._model.labels, self._exps, strict=True)],
                            key=_SECOND, reverse=True))

    @property
    def probabilities(self) -> tuple[tuple[str, float], ...]:
        """Every label with its probability rounded to 4 decimals, most likely first."""
        return tuple([(name, round(value, 4)) for name, value in self.ranked])

    @property
    def contributions(self) -> tuple[tuple[str, float], ...]:
        """The n-grams that pushed most towards ``label``, largest first (at most :data:`TOP_CONTRIBUTIONS`).

        An n-gram's contribution is how much more it adds to ``label``'s score than to the
        average label's, before the temperature: positive pushes towards ``label``.
        """
        vocabulary = self._vocabulary
        return self._model.contributions([vocabulary[i] for i in self._ids], self.label)

    def describe(self) -> str:
        """The model's part of an explanation line.

        Returns:
            ``model -> label (p 0.87): '盗刷' +1.20, …`` (``priors only`` when no n-gram pushed towards the label).
        """
        quoted = ", ".join(f"'{gram}' {weight:+.2f}" for gram, weight in self.contributions)
        return f"model -> {self.label} (p {self.probability:.2f}): {quoted or 'priors only'}"


def _scores_by_keyword(*values: Any) -> ModelScores:
    return ModelScores(**dict(zip([str(field.alias) for field in attrs.fields(ModelScores)], values, strict=True)))


#: ``ModelScores`` from its fields in order, stored without keyword matching (see ``_builders``; by keyword
#: should its ``__init__`` ever do more than store).
_new_scores: Callable[..., ModelScores] = positional_constructor(ModelScores) or _scores_by_keyword


@attrs.frozen(kw_only=True)
class DimensionModel:
    """The weights of one dimension: a bias per label, a cost per known n-gram and label,
    and per n-gram one weight per label (0 for most labels; stored sparse in the file)."""

    dimension: Dimension
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    #: Subtracted from a label's score once per n-gram the model knows in the text.
    per_ngram: tuple[float, ...]
    #: Divides the scores before the softmax (fitted on held-out folds; above 1 softens).
    temperature: float
    weights: Mapping[str, tuple[float, ...]] = attrs.field(converter=_frozen_weights, repr=False)
    #: Each label's position in :attr:`labels`.
    positions: Mapping[str, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "positions", MappingProxyType({label: at for at, label in enumerate(self.labels)}))

    def contributions(self, grams: Iterable[str], label: str) -> tuple[tuple[str, float], ...]:
        """The known n-grams among ``grams`` that push most towards ``label`` over the average label.

        Args:
            grams: n-grams of a text.
            label: one of :attr:`labels`.

        Returns:
            ``(n-gram, contribution)`` pairs, largest first, only positive ones, at most :data:`TOP_CONTRIBUTIONS`.
        """
        column = self.labels.index(label)
        weights, size = self.weights, len(self.labels)
        offset = self.per_ngram[column] - math.fsum(self.per_ngram) / size
        pushes = ((round(row[column] - math.fsum(row) / size - offset, 2), gram)
                  for gram in grams if (row := weights.get(gram)) is not None)
        return tuple((gram, push) for push, gram in heapq.nlargest(TOP_CONTRIBUTIONS, pushes) if push > 0)

    def score(self, evidence: Sequence[float], count: int, coverage: float, ids: Collection[int] = (),
              vocabulary: tuple[str, ...] = ()) -> ModelScores:
        """Score one text from the summed weights of the n-grams it holds (see :meth:`TextModel.score`).

        Args:
            evidence: per label, the sum of the weights of the text's distinct known n-grams.
            count: how many distinct n-grams of the text this dimension knows.
            coverage: the share of the text's n-gram occurrences the model knows.
            ids: the text's known n-grams as positions in ``vocabulary``, quoted by
                :attr:`ModelScores.contributions`.
            vocabulary: the model's n-grams.

        Returns:
            The label, its probability and the n-grams that supported it.
        """
        totals = [b + e - count * c for b, e, c in zip(self.bias, evidence, self.per_ngram, strict=True)]
        return self._scored(totals, count, coverage, ids, vocabulary)

    def _scored(self, totals: list[float], count: int, coverage: float, ids: Collection[int],
                vocabulary: tuple[str, ...]) -> ModelScores:
        """The scores from each label's total (bias, plus evidence, less the cost of the known n-grams)."""
        top, temperature, exp = max(totals), self.temperature, math.exp
        best = totals.index(top)  # the first of equal scores: TAXONOMY order
        exps = tuple([exp((t - top) / temperature) for t in totals])
        whole = math.fsum(exps)
        return _new_scores(self.dimension, self.labels[best], round(exps[best] / whole, 4), exps, whole, count,
                           coverage, self, ids, vocabulary)


@attrs.frozen
class Observation:
    """What the model found in one text, once for all dimensions (see :meth:`TextModel.observe`)."""

    #: The ids of the distinct n-grams the model knows (sums do not depend on their order).
    ids: frozenset[int]
    #: The share of the text's n-gram occurrences the model knows, in [0, 1].
    coverage: float
    #: The weights of those n-grams for every label of every dimension, summed at once as one packed
    #: integer (read through :meth:`TextModel.score`).
    sums: int


@attrs.frozen(kw_only=True)
class Rider:
    """Another model's whole-number rows for its n-grams, summed in the same pass as a text model's weights.

    A text model built with a rider (``TextModel(..., rider=rider)``) finds the rider's n-grams with its own in
    its one automaton pass and sums their rows in the low :attr:`bits` of its packed sums, so the other model
    reads a text without reading it again (the flag model, see
    :func:`~bankcomplaints.classification.flag_model.joined`).
    """

    #: The rider's n-grams (all of the text model's n-gram lengths) and their rows.
    rows: Mapping[str, int]
    #: The row of an n-gram the rider does not know.
    empty: int
    #: How many low bits of a sum the rows take, a multiple of 8 (the sum of every row of a vocabulary of
    #: up to twice :data:`MAX_MODEL_FEATURES` n-grams fits).
    bits: int


@attrs.frozen(kw_only=True)
class Reading(Observation):
    """What a text model with a :class:`Rider` found in one text: an :class:`Observation` whose ids also
    count the rider's n-grams (so its ``sums`` hold one row of the rider per id, in the low bits), and how
    many of the text's n-gram occurrences the pass found at all."""

    #: The rider whose rows :attr:`sums` holds.
    rider: Rider = attrs.field(eq=False, repr=False)
    #: How many n-gram occurrences of the text are the model's or the rider's.
    occurrences: int
    #: How many n-gram occurrences the text has (of the model's n-gram lengths).
    places: int


def _reading_by_keyword(*values: Any) -> Reading:
    return Reading(**dict(zip([str(field.alias) for field in attrs.fields(Reading)], values, strict=True)))


#: ``Reading`` from its fields in order, stored without keyword matching (as ``_new_scores``).
_new_reading: Callable[..., Reading] = positional_constructor(Reading) or _reading_by_keyword

#: Struct codes of fields one and two 32-bit words wide (wider fields are read with ``int.from_bytes``).
_WORD_CODES = {1: "I", 2: "Q"}

#: Weights are summed exactly as whole numbers of this unit at the finest (the shipped model's weights have two
#: decimals, so it sums them in hundredths; finer weights are rounded to millionths).
FINEST_WEIGHT_UNIT = 1_000_000


def _weight_scale(weights: Iterable[float]) -> int:
    """The smallest power of ten (at most :data:`FINEST_WEIGHT_UNIT`) that makes every weight a whole number."""
    scale = 1
    for weight in weights:
        while scale < FINEST_WEIGHT_UNIT and round(weight * scale) / scale != weight:
            scale *= 10
    return scale


class _Index:
    """Every n-gram of a model in one Aho-Corasick automaton, and its weights for all labels in one integer.

    Finding the known n-grams of a text is then one pass in C instead of building every n-gram in Python.
    Summing their weights for the ~40 labels of all dimensions is one sum of Python integers: each
    n-gram's weights, as whole hundredths (or finer units) and shifted to be positive, sit side by side in
    fixed-width fields of one integer, wide enough that the fields of a sum over the whole vocabulary never
    carry into each other. Each dimension's fields (one per label, then its count of known n-grams) are
    adjacent, and a field is a whole number of 32-bit words, so that one dimension's fields are read
    back at once from the sum's bytes.
    The sums are exact, so they do not depend on the order the n-grams are added in.
    A :class:`Rider`'s n-grams join the automaton (ids after the model's own) and its rows take the low bits
    of every n-gram's integer, the model's fields following them.
    """

    def __init__(self, ngram: tuple[int, int], dimensions: Mapping[Dimension, DimensionModel],
                 rider: Rider | None = None) -> None:
        self.ngram = ngram
        own = sorted({gram for part in dimensions.values() for gram in part.weights})
        #: Ids from this one on are the rider's n-grams the model does not know.
        self.own = len(own)
        self.rider = rider
        self.vocabulary = tuple(own) if rider is None else (*own, *sorted(set(rider.rows).difference(own)))
        self.automaton = ahocorasick.Automaton()
        position_of = {gram: position for position, gram in enumerate(self.vocabulary)}
        for gram in transition_order(self.vocabulary):
            self.automaton.add_word(gram, position_of[gram])
        if self.vocabulary:
            self.automaton.make_automaton()
        # Per n-gram and dimension: each label's weight in units of 1/scale, then 1 if the dimension knows it.
        self.scale = _weight_scale(weight for part in dimensions.values() for row in part.weights.values()
                                   for weight in row)
        rows = [[q for part in dimensions.values() for q in self._units(part, gram)] for gram in self.vocabulary]
        self.offset = 1 << max((abs(q) for row in rows for q in row), default=0).bit_length()
        words = -(-(2 * self.offset * max(1, len(rows))).bit_length() // 32)
        self.field_bytes = 4 * words
        width = 32 * words
        self.packed = [sum((q + self.offset) << (width * column) for column, q in enumerate(row)) for row in rows]
        start = 0  # the model's fields follow the rider's rows
        if rider is not None:
            start = rider.bits // 8
            self.packed = [packed << rider.bits | rider.rows.get(gram, rider.empty)
                           for packed, gram in zip(self.packed, self.vocabulary, strict=True)]
        self.size = start + self.field_bytes * sum(len(part.labels) + 1 for part in dimensions.values())
        #: Per dimension: where its fields start in the sum's bytes, and how to read them (labels, then known).
        self.fields: dict[Dimension, tuple[int, int, struct.Struct | None]] = {}
        for dimension, part in dimensions.items():
            count = len(part.labels) + 1
            reader = struct.Struct(f"<{count}{_WORD_CODES[words]}") if words in _WORD_CODES else None
            self.fields[dimension] = (start, count, reader)
            start += count * self.field_bytes

    def _units(self, part: DimensionModel, gram: str) -> list[int]:
        """The fields of ``gram`` for one dimension: each label's weight in units, then 1 if it knows the n-gram."""
        row = part.weights.get(gram)
        if row is None:
            return [0] * (len(part.labels) + 1)
        return [*(round(weight * self.scale) for weight in row), 1]

    def observe(self, normalized_text: str) -> Observation:
        """The known n-grams of a text, the share of its n-gram occurrences known, and their summed weights."""
        if not self.vocabulary:
            return Observation(frozenset(), 0.0, 0)
        text = _fold_digits(normalized_text)
        found = list(map(_SECOND, self.automaton.iter(text)))
        low, high = self.ngram
        places = sum(max(0, len(text) - size + 1) for size in range(low, high + 1))
        ids = frozenset(found)
        if self.rider is None:
            return Observation(ids, round(len(found) / places, 4) if places else 0.0,
                               sum(map(self.packed.__getitem__, ids)))
        own = self.own
        known = len(found) - len([at for at in found if at >= own])  # the coverage counts the model's own
        return _new_reading(ids, round(known / places, 4) if places else 0.0, sum(map(self.packed.__getitem__, ids)),
                            self.rider, len(found), places)

    def score(self, part: DimensionModel, observed: Observation) -> ModelScores:
        """``part``'s scores of the text: its fields of the sums read back, as :meth:`DimensionModel.score` does."""
        start, count, reader = self.fields[part.dimension]
        raw = observed.sums.to_bytes(self.size, "little")
        if reader is not None:
            fields: Sequence[int] = reader.unpack_from(raw, start)
        else:
            step = self.field_bytes
            fields = [int.from_bytes(raw[at:at + step], "little") for at in range(start, start + count * step, step)]
        base, scale = len(observed.ids) * self.offset, self.scale
        known = fields[-1] - base
        # The evidence of a label is (field - base) / scale; zip stops at the last label, before the known count.
        totals = [b + (field - base) / scale - known * c for b, field, c in zip(part.bias, fields, part.per_ngram,
                                                                                  strict=False)]
        return part._scored(totals, known, observed.coverage, observed.ids, self.vocabulary)


@attrs.frozen(kw_only=True)
class TextModel:
    """A trained model: n-gram lengths, one :class:`DimensionModel` per dimension, and how it was trained."""

    name: str
    ngram: tuple[int, int]
    dimensions: Mapping[Dimension, DimensionModel] = attrs.field(converter=_frozen_dimensions)
    #: Free-form record of the training: algorithm, hyper-parameters, data files and their sha256.
    training: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_record, eq=False, repr=False)
    #: Another model's rows summed in the same pass (then :meth:`observe` gives a :class:`Reading`); the same
    #: weights give the same scores with or without one.
    rider: Rider | None = attrs.field(default=None, eq=False, repr=False)
    _index: _Index = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index(self.ngram, self.dimensions, self.rider))

    def observe(self, normalized_text: str) -> Observation:
        """What :meth:`score` needs of a text, found once for all dimensions.

        Args:
            normalized_text: the text already normalised (``normalize(text).text``, as the classifier's scan
                holds it).

        Returns:
            The ids of the distinct n-grams the model knows, the share of the text's n-gram
            occurrences it knows, in [0, 1] (0 for a text too short for any n-gram), and the sums of
            their weights for every label (exact sums, see :data:`FINEST_WEIGHT_UNIT`); with a
            :attr:`rider`, a :class:`Reading` whose ids and sums also hold the rider's n-grams.
        """
        return self._index.observe(normalized_text)

    def score(self, dimension: Dimension, observed: Observation) -> ModelScores:
        """Score one dimension of a text from :meth:`observe`.

        Args:
            dimension: one of the model's dimensions.
            observed: what :meth:`observe` returned for the text.

        Returns:
            The model's scores for the dimension.

        Raises:
            ModelFileError: the model has no weights for ``dimension``.
        """
        part = self.dimensions.get(dimension)
        if part is None:
            raise ModelFileError("dimensions", f"model {self.name!r} has no {Dimension(dimension).value} weights")
        return self._index.score(part, observed)

    def predict(self, text: str, dimensions: Iterable[Dimension | str] | None = None) -> dict[str, ModelScores]:
        """Score a raw text on every dimension the model has (or on ``dimensions``).

        Args:
            text: the text as received; it is normalised first.
            dimensions: the dimensions wanted (default: all the model's).

        Returns:
            The scores per dimension value (``"kind"``, ``"business"`` …).

        Raises:
            InvalidOperationError: ``text`` is not a string.
            ModelFileError: a dimension the model does not have.
        """
        observed = self.observe(normalize(text).text)
        wanted = self.dimensions if dimensions is None else [_dimension_named(d) for d in dimensions]
        return {dimension.value: self.score(dimension, observed) for dimension in wanted}

    def to_json(self) -> str:
        """The model as a JSON document, which :func:`load_model` reads back to an equal model.

        Returns:
            The document: one n-gram per line, in a stable order (same model, same bytes).
        """
        head = {"format": MODEL_FORMAT, "name": self.name, "ngram": list(self.ngram),
                "training": dict(self.training)}
        lines = [json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ',"dimensions":{']
        blocks = []
        for dimension in MODEL_DIMENSIONS:
            part = self.dimensions.get(dimension)
            if part is None:
                continue
            meta = {"labels": list(part.labels), "bias": list(part.bias), "per_ngram": list(part.per_ngram),
                    "temperature": part.temperature}
            rows = [f"{json.dumps(gram, ensure_ascii=False)}:{_sparse(part.weights[gram])}"
                    for gram in sorted(part.weights)]
            blocks.append(f'"{dimension.value}":' + json.dumps(meta, ensure_ascii=False)[:-1]
                          + ',"weights":{\n' + ",\n".join(rows) + "\n}}")
        lines.append(",\n".join(blocks))
        lines.append("}}")
        return "\n".join(lines) + "\n"


def _dimension_named(name: Dimension | str) -> Dimension:
    try:
        return Dimension(name)
    except ValueError:
        raise ModelFileError("dimensions", f"{name!r} is not a dimension of TAXONOMY.md") from None


def _sparse(row: tuple[float, ...]) -> str:
    """A weight row as ``[position, weight, …]`` for its non-zero weights."""
    return json.dumps([x for position, weight in enumerate(row) if weight for x in (position, weight)],
                      separators=(",", ":"))


def finite_number(value: object, field: str) -> float:
    """``value`` as a float, or a :class:`ModelFileError` naming ``field`` if it is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelFileError(field, f"must be a finite number, not {value!r}")
    return float(value)


class _Twice(dict[str, Any]):
    """A JSON object that named a key more than once (``key``: the first such); the loader refuses it."""

    key = ""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``'s object hook: a plain dict, or a :class:`_Twice` when a key repeats (JSON keeps the last)."""
    data = dict(pairs)
    if len(data) == len(pairs):
        return data
    twice, seen = _Twice(data), set()
    for key, _ in pairs:
        if key in seen:
            twice.key = key
            break
        seen.add(key)
    return twice


def unique(data: dict[str, Any], field: str) -> None:
    """Refuse an object that named a key twice (``field`` is formatted with ``key``)."""
    if isinstance(data, _Twice):
        raise ModelFileError(field.format(key=data.key), "given twice")


def _dimension(name: str, raw: object, budget: list[int], ngram: tuple[int, int]) -> DimensionModel:
    field = f"dimensions.{name}"
    if not isinstance(raw, dict):
        raise ModelFileError(field, "must be an object")
    unique(raw, field + ".{key}")
    unknown = set(raw) - {"labels", "bias", "per_ngram", "temperature", "weights"}
    if unknown:
        raise ModelFileError(f"{field}.{sorted(unknown)[0]}", "unknown field")
    dimension = Dimension(name)
    names = raw.get("labels")
    if not isinstance(names, list) or len(names) < 2 or not all(isinstance(n, str) for n in names):
        raise ModelFileError(f"{field}.labels", "must be a list of at least two label slugs")
    for position, slug in enumerate(names):
        if slug not in labels(dimension):
            raise ModelFileError(f"{field}.labels[{position}]", f"{slug!r} is not a {name} label of TAXONOMY.md")
    if len(set(names)) != len(names):
        raise ModelFileError(f"{field}.labels", "lists a label twice")
    vectors = {}
    for key in ("bias", "per_ngram"):
        vector = raw.get(key)
        if not isinstance(vector, list) or len(vector) != len(names):
            raise ModelFileError(f"{field}.{key}", f"must be a list of {len(names)} numbers, one per label")
        vectors[key] = tuple(finite_number(value, f"{field}.{key}") for value in vector)
    temperature = finite_number(raw.get("temperature"), f"{field}.temperature")
    if temperature <= 0:
        raise ModelFileError(f"{field}.temperature", "must be above 0")
    weights = raw.get("weights")
    if not isinstance(weights, dict):
        raise ModelFileError(f"{field}.weights", "must be an object of n-gram to weights")
    unique(weights, field + ".weights[{key!r}]")
    budget[0] -= len(weights)
    if budget[0] < 0:
        raise ModelFileError(f"{field}.weights", f"the model holds more than {MAX_MODEL_FEATURES} n-grams")
    shortest, longest = ngram
    table = {}
    for gram, pairs in weights.items():
        where = f"{field}.weights[{gram!r}]"
        if not shortest <= len(gram) <= longest:
            raise ModelFileError(where, f"an n-gram of this model has {shortest} to {longest} characters (see ngram)")
        if not isinstance(pairs, list) or not pairs or len(pairs) % 2:
            raise ModelFileError(where, "must be a flat list of label positions and weights [i, w, j, v …]")
        row = [0.0] * len(names)
        for at in range(0, len(pairs), 2):
            position = pairs[at]
            if type(position) is not int or not 0 <= position < len(names) or row[position]:
                raise ModelFileError(where, f"{position!r} is not a new label position below {len(names)}")
            row[position] = finite_number(pairs[at + 1], where)
        table[gram] = tuple(row)
    return DimensionModel(dimension=dimension, labels=tuple(names), bias=vectors["bias"],
                          per_ngram=vectors["per_ngram"], temperature=temperature, weights=table)


def read_document(
    document: object, format_: str, body: str,
) -> tuple[str, tuple[int, int], dict[str, Any], dict[str, Any]]:
    """The parts every model document shares, validated: its name, n-gram lengths and training record, and
    its body (the non-empty object under ``body``: ``dimensions`` of a text model, ``factors`` of a flag model).

    Raises:
        ModelFileError: the document is not JSON, too long, of another format, or a field is missing, wrong,
            unknown or given twice; ``field`` names it.
    """
    if not isinstance(document, str):
        raise ModelFileError("<document>", f"must be a string, not {type(document).__name__}")
    if len(document) > MAX_MODEL_CHARS:
        raise ModelFileError("<document>", f"longer than {MAX_MODEL_CHARS} characters")
    try:
        data = json.loads(document, object_pairs_hook=_object)
    except (ValueError, RecursionError) as exc:
        raise ModelFileError("<document>", f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ModelFileError("<document>", "must be a JSON object")
    unique(data, "{key}")
    if data.get("format") != format_:
        raise ModelFileError("format", f"must be {format_!r}, not {data.get('format')!r}")
    unknown = set(data) - {"format", "name", "ngram", "training", body}
    if unknown:
        raise ModelFileError(sorted(unknown)[0], "unknown field")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ModelFileError("name", "must be a non-empty string")
    ngram = data.get("ngram")
    if (not isinstance(ngram, list) or len(ngram) != 2 or not all(type(n) is int for n in ngram)
            or not 1 <= ngram[0] <= ngram[1] <= MAX_NGRAM):
        raise ModelFileError("ngram", f"must be [shortest, longest] with 1 <= shortest <= longest <= {MAX_NGRAM}")
    training = data.get("training", {})
    if not isinstance(training, dict):
        raise ModelFileError("training", "must be an object")
    parts = data.get(body)
    if not isinstance(parts, dict) or not parts:
        raise ModelFileError(body, "must be a non-empty object")
    unique(parts, body + ".{key}")
    return name, (ngram[0], ngram[1]), training, parts


def model_from_json(document: str) -> TextModel:
    """Read and validate a model document (as written by :meth:`TextModel.to_json`).

    Args:
        document: the JSON text.

    Returns:
        The model.

    Raises:
        ModelFileError: the document is not JSON, too long, or a field is missing, wrong or given twice;
            ``field`` names it (``dimensions.cause.weights['盗刷']``).
    """
    name, ngram, training, dimensions = read_document(document, MODEL_FORMAT, "dimensions")
    budget = [MAX_MODEL_FEATURES]
    parts = {}
    for key, raw in dimensions.items():
        if key not in {d.value for d in MODEL_DIMENSIONS}:
            raise ModelFileError(f"dimensions.{key}", "a model decides kind, business, cause and channel only")
        parts[Dimension(key)] = _dimension(key, raw, budget, ngram)
    return TextModel(name=name, ngram=ngram, dimensions=parts, training=training)


@cache
def _shipped() -> TextModel:
    document = resources.files("bankcomplaints.classification").joinpath("models/zh_triage.json")
    return model_from_json(document.read_text(encoding="utf-8"))


def load_model(document: str | None = None) -> TextModel:
    """The shipped Chinese triage model (loaded once), or a model from a JSON document.

    Args:
        document: a model document (from :meth:`TextModel.to_json`); None for the shipped model.

    Returns:
        The validated model.

    Raises:
        ModelFileError: the document is malformed; ``field`` names the part at fault.
    """
    return _shipped() if document is None else model_from_json(document)
