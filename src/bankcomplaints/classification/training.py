"""Train a :class:`~bankcomplaints.classification.model.TextModel` from labelled texts.

The algorithm is multinomial naive Bayes over the presence of character n-grams, with additive
(Lidstone) smoothing: deterministic, one counting pass, no numeric optimisation, so the same data
always give the same weights, byte for byte. ``log P(n-gram | label)`` is written as a weight
``log((count + alpha) / alpha)``, which is 0 for every label the n-gram was never seen with (so the
file stores few numbers), minus the label's cost per known n-gram ``log(total + alpha * vocabulary)
- log(alpha)``. Only the n-grams that carry most evidence are kept::

    >>> from bankcomplaints.classification.training import train_model
    >>> model = train_model([
    ...     ("信用卡被盗刷了", {"business": "bank_card"}),
    ...     ("信用卡年费太贵", {"business": "bank_card"}),
    ...     ("房贷利率怎么又涨了", {"business": "loans"}),
    ...     ("贷款审批太慢", {"business": "loans"}),
    ... ], ngram=(1, 2))
    >>> model.predict("我的卡被盗刷")["business"].label
    'bank_card'
    >>> model.predict("贷款利率")["business"].label
    'loans'

A dimension missing from an example's labels is not trained on that example (the shipped model
learns causes from complaints and suggestions only, the kinds for which the rules decide a cause).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bankcomplaints.classification._adagrad import fit
from bankcomplaints.classification.flag_model import FactorModel, FlagModel
from bankcomplaints.classification.model import MAX_NGRAM, MODEL_DIMENSIONS, DimensionModel, TextModel, text_features
from bankcomplaints.classification.normalize import normalize
from bankcomplaints.classification.taxonomy import Dimension, labels
from bankcomplaints.errors import InvalidOperationError

__all__ = ["train_flag_model", "train_model"]

#: Decimal places kept in an n-gram weight (the file stays small and the same across platforms).
WEIGHT_DECIMALS = 2
#: Decimal places kept in biases and per-n-gram costs (the cost counts once per known n-gram, so it keeps more).
BIAS_DECIMALS = 5
#: Logistic-regression weights smaller than this are stored as 0 (they barely move a score; the file stays small).
MIN_WEIGHT = 0.07
#: Seed of the epoch orders of logistic-regression training (fixed: the same data give the same bytes).
SEED = 20261128
#: The training algorithms of :func:`train_model`.
METHODS = ("nb", "logreg")


def _positive(value: object, field: str, *, zero: bool = False) -> float:
    """A finite real number above 0 (or at least 0 with ``zero``), else an error naming ``field``."""
    if (isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
            or not (value >= 0 if zero else value > 0)):
        raise InvalidOperationError(field, f"must be a finite number {'of at least' if zero else 'above'} 0, "
                                           f"not {value!r}")
    return float(value)


def _at_least_one(value: object, field: str) -> int:
    if type(value) is not int or value < 1:
        raise InvalidOperationError(field, f"must be an integer of at least 1, not {value!r}")
    return value


def _check_settings(*, name: object, ngram: object, alpha: object, min_count: object, max_features: object,
                    epochs: object, learning_rate: object, l2: object, ascii_ngrams: object) -> None:
    """Refuse a training setting a model file would refuse, naming it."""
    if not (isinstance(ngram, tuple) and len(ngram) == 2 and all(type(n) is int for n in ngram)
            and 1 <= ngram[0] <= ngram[1] <= MAX_NGRAM):
        raise InvalidOperationError("ngram", f"must be (shortest, longest), 1 <= shortest <= longest <= {MAX_NGRAM}")
    if not isinstance(name, str) or not name:
        raise InvalidOperationError("name", "must be a non-empty string")
    _positive(alpha, "alpha")
    _at_least_one(min_count, "min_count")
    _at_least_one(max_features, "max_features")
    _at_least_one(epochs, "epochs")
    _positive(learning_rate, "learning_rate")
    _positive(l2, "l2", zero=True)
    if type(ascii_ngrams) is not bool:
        raise InvalidOperationError("ascii_ngrams", f"must be True or False, not {ascii_ngrams!r}")


def _temperature(temperature: Mapping[Dimension | str, float] | float, dimension: Dimension) -> float:
    if isinstance(temperature, Mapping):
        return _positive(temperature.get(dimension, temperature.get(dimension.value, 1.0)), "temperature")
    return _positive(temperature, "temperature")


def _examples(
    examples: Iterable[tuple[str, Mapping[Dimension | str, str]]], ngram: tuple[int, int], *, ascii_ngrams: bool,
) -> dict[Dimension, list[tuple[frozenset[str], str]]]:
    per_dimension: dict[Dimension, list[tuple[frozenset[str], str]]] = {d: [] for d in MODEL_DIMENSIONS}
    for position, example in enumerate(examples):
        if not isinstance(example, tuple) or len(example) != 2 or not isinstance(example[1], Mapping):
            raise InvalidOperationError(f"examples[{position}]", "must be a (text, {dimension: label}) pair")
        text, wanted = example
        grams = text_features(normalize(text).text, ngram)
        if not ascii_ngrams:
            grams = frozenset(gram for gram in grams if not gram.isascii())
        for key, label in wanted.items():
            try:
                dimension = Dimension(key)
            except ValueError:
                raise InvalidOperationError(f"examples[{position}]", f"unknown dimension {key!r}") from None
            if dimension not in per_dimension:
                raise InvalidOperationError(f"examples[{position}]", f"a model does not decide {dimension.value}")
            if label not in labels(dimension):
                raise InvalidOperationError(f"examples[{position}]",
                                            f"{label!r} is not a {dimension.value} label of TAXONOMY.md")
            per_dimension[dimension].append((grams, label))
    return per_dimension


def _ranked(rows: list[tuple[frozenset[str], str]], names: tuple[str, ...], *,
            alpha: float, min_count: int) -> tuple[list[tuple[str, list[int]]], list[float]]:
    """The n-grams seen in at least ``min_count`` texts, most evidence first, with their counts per label,
    and each label's naive-Bayes cost per known n-gram."""
    column = {label: position for position, label in enumerate(names)}
    counts: dict[str, list[int]] = {}
    for grams, label in rows:
        at = column[label]
        for gram in grams:
            counts.setdefault(gram, [0] * len(names))[at] += 1
    totals = [sum(row[at] for row in counts.values()) for at in range(len(names))]
    vocabulary = len(counts)
    per_ngram = [math.log(total + alpha * vocabulary) - math.log(alpha) for total in totals]
    scored = []
    for gram, row in counts.items():
        if sum(row) < min_count:
            continue
        logs = [math.log(count + alpha) - cost for count, cost in zip(row, per_ngram, strict=True)]
        mean = math.fsum(logs) / len(logs)
        # Expected evidence: how often the n-gram occurs times how far it moves the labels apart.
        evidence = math.fsum(count * abs(value - mean) for count, value in zip(row, logs, strict=True))
        scored.append((-round(evidence, 9), gram, row))
    scored.sort()
    return [(gram, row) for _, gram, row in scored], per_ngram


def _label_names(dimension: Dimension, rows: list[tuple[frozenset[str], str]]) -> tuple[str, ...]:
    return tuple(label for label in labels(dimension) if any(row_label == label for _, row_label in rows))


def _naive_bayes(
    dimension: Dimension, rows: list[tuple[frozenset[str], str]], *,
    alpha: float, min_count: int, max_features: int, temperature: float,
) -> DimensionModel:
    names = _label_names(dimension, rows)
    docs = [sum(1 for _, label in rows if label == name) for name in names]
    ranked, per_ngram = _ranked(rows, names, alpha=alpha, min_count=min_count)
    weights = {gram: tuple(round(math.log((count + alpha) / alpha), WEIGHT_DECIMALS) if count else 0.0
                           for count in row)
               for gram, row in ranked[:max_features]}
    priors = [math.log(count / len(rows)) for count in docs]
    return DimensionModel(dimension=dimension, labels=names,
                          bias=tuple(round(p, BIAS_DECIMALS) + 0.0 for p in priors),
                          per_ngram=tuple(round(c, BIAS_DECIMALS) + 0.0 for c in per_ngram),
                          temperature=temperature, weights=weights)


def _fit_logistic(
    rows: list[tuple[frozenset[str], str]], names: tuple[str, ...], *,
    alpha: float, min_count: int, max_features: int, epochs: int, learning_rate: float, l2: float,
    sizes: Sequence[int] | None = None,
) -> tuple[dict[str, list[float]], list[float]]:
    """Multinomial logistic regression over the presence of the ``max_features`` n-grams with most
    naive-Bayes evidence, trained by AdaGrad with L2 on the n-grams a text holds: per n-gram one weight
    per label of ``names``, and one bias per label.

    With ``sizes`` (each text's number of distinct n-grams), a text's n-gram weights count divided by
    the square root of its size, so that the bias stays the score of a text that says nothing either
    way, whatever its length (the flag model).

    Deterministic: the examples are put in a canonical order first (so their given order does not
    matter), and each epoch visits them in an order drawn from a fixed seed.
    """
    size = len(names)
    ranked, _ = _ranked(rows, names, alpha=alpha, min_count=min_count)
    kept = {gram: position for position, (gram, _) in enumerate(ranked[:max_features])}
    column = {label: position for position, label in enumerate(names)}
    scales = [1.0] * len(rows) if sizes is None else [1.0 / math.sqrt(max(1, size)) for size in sizes]
    data = sorted((tuple(sorted(kept[gram] for gram in grams if gram in kept)), column[label], scale)
                  for (grams, label), scale in zip(rows, scales, strict=True))
    weights, bias = fit(data, features=len(kept), labels=size, epochs=epochs, learning_rate=learning_rate, l2=l2,
                        seed=SEED)
    return {gram: weights[position] for gram, position in kept.items()}, bias


def _stored(value: float) -> float:
    """A weight as the file stores it: rounded, and 0 when too small to matter (see :data:`MIN_WEIGHT`)."""
    return round(value, WEIGHT_DECIMALS) + 0.0 if abs(value) >= MIN_WEIGHT else 0.0


def _logistic(
    dimension: Dimension, rows: list[tuple[frozenset[str], str]], *,
    alpha: float, min_count: int, max_features: int, temperature: float,
    epochs: int, learning_rate: float, l2: float,
) -> DimensionModel:
    """One dimension's multinomial logistic regression (see :func:`_fit_logistic`)."""
    names = _label_names(dimension, rows)
    weights, bias = _fit_logistic(rows, names, alpha=alpha, min_count=min_count, max_features=max_features,
                                  epochs=epochs, learning_rate=learning_rate, l2=l2)
    table = {}
    for gram, row in weights.items():
        rounded = tuple(_stored(value) for value in row)
        if any(rounded):
            table[gram] = rounded
    return DimensionModel(dimension=dimension, labels=names,
                          bias=tuple(round(value, BIAS_DECIMALS) + 0.0 for value in bias),
                          per_ngram=(0.0,) * len(names), temperature=temperature, weights=table)


def train_model(
    examples: Iterable[tuple[str, Mapping[Dimension | str, str]]],
    *,
    name: str = "custom",
    ngram: tuple[int, int] = (1, 3),
    alpha: float = 0.1,
    min_count: int = 2,
    max_features: int = 4000,
    temperature: Mapping[Dimension | str, float] | float = 1.0,
    training: Mapping[str, Any] | None = None,
    method: str = "nb",
    epochs: int = 10,
    learning_rate: float = 0.5,
    l2: float = 0.001,
    ascii_ngrams: bool = True,
) -> TextModel:
    """Train a text model, one dimension per label kind the examples carry.

    Args:
        examples: ``(text, {dimension: label})`` pairs; dimensions are ``kind``, ``business``,
            ``cause`` and ``channel``; a dimension left out of a pair is not trained on it.
        name: the model's name.
        ngram: the shortest and longest character n-gram.
        alpha: additive smoothing of the n-gram counts.
        min_count: an n-gram must occur in at least this many texts of a dimension to be kept.
        max_features: most n-grams kept per dimension (those with the most evidence).
        temperature: divides the scores before the softmax, per dimension or one for all.
        training: free-form record stored with the model (data files, their sha256 …).
        method: ``"nb"`` (naive Bayes, one counting pass) or ``"logreg"`` (multinomial logistic
            regression by AdaGrad over the ``max_features`` n-grams with most naive-Bayes evidence).
        epochs: passes over the examples (``logreg`` only).
        learning_rate: AdaGrad's step size (``logreg`` only).
        l2: L2 penalty on the n-gram weights (``logreg`` only).
        ascii_ngrams: keep the n-grams made of ASCII characters only. ``False`` for a model of Chinese
            text (as shipped): Latin words and digits in the training texts then teach it nothing, so an
            English text shows almost no coverage and is left to the rules (``FallbackPolicy.min_coverage``).

    Returns:
        The model, with a dimension for every dimension that has at least two labels in the data.

    Raises:
        InvalidOperationError: a bad example, label or setting (``field`` names it; every number a model file
            would refuse, such as an infinite ``alpha`` or ``temperature``, is refused here), or no dimension
            to train.
    """
    if method not in METHODS:
        raise InvalidOperationError("method", f"must be one of {', '.join(METHODS)}, not {method!r}")
    _check_settings(name=name, ngram=ngram, alpha=alpha, min_count=min_count, max_features=max_features,
                    epochs=epochs, learning_rate=learning_rate, l2=l2, ascii_ngrams=ascii_ngrams)
    temperatures = {dimension: _temperature(temperature, dimension) for dimension in MODEL_DIMENSIONS}
    per_dimension = _examples(examples, ngram, ascii_ngrams=ascii_ngrams)
    parts = {}
    for dimension, rows in per_dimension.items():
        if len({label for _, label in rows}) < 2:
            continue
        t = temperatures[dimension]
        if method == "nb":
            parts[dimension] = _naive_bayes(dimension, rows, alpha=alpha, min_count=min_count,
                                            max_features=max_features, temperature=float(t))
        else:
            parts[dimension] = _logistic(dimension, rows, alpha=alpha, min_count=min_count,
                                         max_features=max_features, temperature=float(t), epochs=epochs,
                                         learning_rate=float(learning_rate), l2=float(l2))
    if not parts:
        raise InvalidOperationError("examples", "no dimension has two different labels to learn from")
    if method == "logreg":
        record = _record("multinomial logistic regression over n-gram presence, AdaGrad with L2",
                         {"alpha": alpha, "epochs": epochs, "l2": l2, "learning_rate": learning_rate,
                          "max_features": max_features, "min_count": min_count, "seed": SEED}, ascii_ngrams, training)
    else:
        record = _record("multinomial naive Bayes over n-gram presence",
                         {"alpha": alpha, "min_count": min_count, "max_features": max_features}, ascii_ngrams, training)
    return TextModel(name=name, ngram=ngram, dimensions=parts, training=record)


def _record(algorithm: str, settings: Mapping[str, Any], ascii_ngrams: bool,
            training: Mapping[str, Any] | None) -> dict[str, Any]:
    """What a model file records of its training: the algorithm, its settings and the caller's own record."""
    record = {"algorithm": algorithm, **settings}
    if not ascii_ngrams:
        record["ascii_ngrams"] = False
    record.update(training or {})
    return record


#: Label of the texts whose evidence of a factor was wrong, when a factor's binary model is trained.
_WRONG = "wrong"


def train_flag_model(
    examples: Iterable[tuple[str, Mapping[str, bool]]],
    *,
    name: str = "custom",
    ngram: tuple[int, int] = (1, 2),
    alpha: float = 0.1,
    min_count: int = 2,
    max_features: int = 3000,
    training: Mapping[str, Any] | None = None,
    epochs: int = 10,
    learning_rate: float = 0.5,
    l2: float = 0.01,
    ascii_ngrams: bool = True,
) -> FlagModel:
    """Train a flag model: per risk factor, a binary logistic regression over n-gram presence that tells
    the texts whose evidence of the factor a reader confirms from those whose evidence was wrong.

    Each factor is trained as :func:`train_model`'s ``logreg`` with two labels, right and wrong, each
    text's n-gram weights divided by the square root of its number of distinct n-grams (see
    :class:`~bankcomplaints.classification.flag_model.FactorModel`); the stored weight of an n-gram is the
    difference of its two weights (a logit). Train it on the texts
    your rules raise each factor for (``assess_risk(classify(text)).flags`` without host facts), each
    with the reader's verdict, so that the model learns where the rules go wrong.

    Args:
        examples: ``(text, {factor: verdict})`` pairs: for each factor the rules raised on the text,
            True if a reader flags the text with it, False if not.
        name: the model's name.
        ngram: the shortest and longest character n-gram.
        alpha: additive smoothing of the counts that rank the n-grams.
        min_count: an n-gram must occur in at least this many texts of a factor to be kept.
        max_features: most n-grams kept per factor (those with the most evidence).
        training: free-form record stored with the model.
        epochs: passes over the examples.
        learning_rate: AdaGrad's step size.
        l2: L2 penalty on the n-gram weights.
        ascii_ngrams: keep the n-grams made of ASCII characters only (see :func:`train_model`).

    Returns:
        The model, with a factor for every factor that has both verdicts in the examples.

    Raises:
        InvalidOperationError: a bad example, factor or setting (``field`` names it), or no factor to train.
    """
    _check_settings(name=name, ngram=ngram, alpha=alpha, min_count=min_count, max_features=max_features,
                    epochs=epochs, learning_rate=learning_rate, l2=l2, ascii_ngrams=ascii_ngrams)
    factors = labels(Dimension.FLAG)
    per_factor: dict[str, list[tuple[frozenset[str], str]]] = {factor: [] for factor in factors}
    sizes: dict[str, list[int]] = {factor: [] for factor in factors}
    for position, example in enumerate(examples):
        if (not isinstance(example, tuple) or len(example) != 2 or not isinstance(example[0], str)
                or not isinstance(example[1], Mapping)):
            raise InvalidOperationError(f"examples[{position}]", "must be a (text, {factor: verdict}) pair")
        text, verdicts = example
        grams = text_features(normalize(text).text, ngram)
        size = len(grams)
        if not ascii_ngrams:
            grams = frozenset(gram for gram in grams if not gram.isascii())
        for factor, verdict in verdicts.items():
            if factor not in per_factor:
                raise InvalidOperationError(f"examples[{position}]", f"{factor!r} is not a risk factor of TAXONOMY.md")
            if type(verdict) is not bool:
                raise InvalidOperationError(f"examples[{position}]", f"the verdict on {factor} must be True or False")
            per_factor[factor].append((grams, factor if verdict else _WRONG))
            sizes[factor].append(size)
    parts = {}
    for factor, rows in per_factor.items():
        if len({label for _, label in rows}) < 2:
            continue
        weights, bias = _fit_logistic(rows, (_WRONG, factor), alpha=alpha, min_count=min_count,
                                      max_features=max_features, epochs=epochs,
                                      learning_rate=float(learning_rate), l2=float(l2), sizes=sizes[factor])
        table = {gram: logit for gram, (wrong, right) in weights.items() if (logit := _stored(right - wrong))}
        parts[factor] = FactorModel(factor=factor, bias=round(bias[1] - bias[0], BIAS_DECIMALS) + 0.0,
                                    weights=table)
    if not parts:
        raise InvalidOperationError("examples", "no risk factor has both verdicts to learn from")
    record = _record("binary logistic regression per factor over n-gram presence, AdaGrad with L2, on the texts "
                     "the rules raise the factor for",
                     {"alpha": alpha, "epochs": epochs, "l2": l2, "learning_rate": learning_rate,
                      "max_features": max_features, "min_count": min_count, "seed": SEED}, ascii_ngrams, training)
    return FlagModel(name=name, ngram=ngram, factors=parts, training=record)
