"""A second opinion on the text evidence of risk factors: one small logistic model per factor.

The ``flag`` rules fire on words (老人, 律师, 曝光 …); whether the text *is* about a vulnerable
customer, a threatened lawsuit or a group of complainants is a judgement the words alone often miss:
a granddaughter who mentions her grandmother in passing, a cousin who happens to be a lawyer, a
collector's sham threat to sue. A :class:`FlagModel` holds, per risk factor, a binary logistic regression over
the text's character n-grams, trained on the labelled texts the rules raise that factor for, that
gives the probability that a reader confirms the factor: it has learnt where the rules go wrong.

The rules stay first. :class:`FlagPolicy` says, per factor, below which probability the model
*sets aside* the text evidence of that factor (the rule hits, and for ``large_amount`` the amounts
read from the text). Nothing is added by the model, and facts the host supplies (a vulnerability
marker on the customer record, an amount, a regulator source) are never set aside, nor is an amount
the text says was taken from the customer (被扣了两万: ``ParsedAmount.taken``). Every set-aside is
kept on the classification with the probability and the threshold, so
a handler sees what the rules found and why it did not count::

    >>> from bankcomplaints.classification import Classifier
    >>> classifier = Classifier(model="default", flag_model="default")
    >>> flagged = classifier.classify("我爸今年八十多了，腿脚不便，柜台让他本人必须到场才能挂失，太不近人情")
    >>> {hit.label for hit in flagged.evidence}
    {'vulnerable'}
    >>> cousin = "我表哥是律师，他说这种情况可以起诉你们，" + "不过我不想打官司，把多收的年费退给我就行"
    >>> mention = classifier.classify(cousin)
    >>> mention.evidence
    ()
    >>> [(item.factor, item.probability < item.threshold) for item in mention.set_aside]
    [('litigation', True)]

A model that knows too few of a text's n-grams (an English text and a Chinese model) is not
consulted (``FlagPolicy.min_coverage``), so the English rules keep their evidence.
The shipped model (``classification/models/zh_flags.json``) is trained on the Chinese labelled sets
by ``python -m tests.classification._flag_model train``; a bank can train its own with
:func:`~bankcomplaints.classification.training.train_flag_model`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs

from bankcomplaints.classification.model import (
    MAX_MODEL_FEATURES,
    Observation,
    Reading,
    Rider,
    TextModel,
    count_features,
    finite_number,
    read_document,
    text_features,
    unique,
)
from bankcomplaints.classification.taxonomy import Dimension, labels
from bankcomplaints.errors import InvalidOperationError, ModelFileError

__all__ = [
    "DEFAULT_FLAG_POLICY",
    "FLAG_MODEL_FORMAT",
    "FactorModel",
    "FlagModel",
    "FlagPolicy",
    "SetAside",
    "flag_model_from_json",
    "joined",
    "load_flag_model",
    "set_aside",
    "set_aside_factors",
]

#: The ``format`` field of a flag-model document.
FLAG_MODEL_FORMAT = "bankcomplaints.flag-model/1"


def _sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


class _Exact:
    """Every factor's weights of one n-gram as whole numbers side by side in one integer, so that one integer
    sum over a text's n-grams gives each factor's exact sum (``math.fsum``'s result, read back correctly rounded).

    A float weight is a whole number of units of ``1 / unit`` (``unit`` the largest denominator among the
    weights, a power of two); shifted by ``offset`` to be positive, each sits in a field of ``width`` bits, wide
    enough that the sum of the rows of up to ``most`` n-grams never carries into the next field. Field 0 counts
    the n-grams the model knows (1 in a known n-gram's row, 0 in the row of any other); fields 1 on hold the
    factors in :attr:`order` (the wanted ones: a factor no decision reads takes no room).
    """

    def __init__(self, factors: Mapping[str, FactorModel], wanted: Iterable[str] | None = None,
                 most: int = 2 * MAX_MODEL_FEATURES) -> None:
        self.order = tuple(factors) if wanted is None else tuple(factor for factor in factors if factor in wanted)
        self.position = {factor: at for at, factor in enumerate(self.order, start=1)}
        weights = [weight for factor in self.order for weight in factors[factor].weights.values()]
        self.unit = max((weight.as_integer_ratio()[1] for weight in weights), default=1)
        self.offset = 1 << max((abs(self._whole(weight)) for weight in weights), default=0).bit_length()
        self.width = (2 * self.offset * max(1, most)).bit_length()
        self.mask = (1 << self.width) - 1
        #: The bits a row takes, a multiple of 8.
        self.bits = -(-self.width * (len(self.order) + 1) // 8) * 8
        #: The row of an n-gram the model does not know: every weight 0.
        self.empty = self._row((0.0 for _ in self.order), 0)

    def _whole(self, weight: float) -> int:
        numerator, denominator = weight.as_integer_ratio()
        return numerator * (self.unit // denominator)

    def _row(self, weights: Iterable[float], known: int) -> int:
        row = known
        for at, weight in enumerate(weights, start=1):
            row |= (self._whole(weight) + self.offset) << (self.width * at)
        return row

    def rows(self, factors: Mapping[str, FactorModel], vocabulary: Iterable[str]) -> dict[str, int]:
        """Each n-gram's row: its weight for every factor (0 where a factor has none), and 1 in field 0."""
        parts = [factors[factor].weights for factor in self.order]
        return {gram: self._row((part.get(gram, 0.0) for part in parts), 1) for gram in vocabulary}

    def known(self, total: int) -> int:
        """How many of the summed rows are the model's n-grams."""
        return total & self.mask

    def sum(self, total: int, rows: int, factor: str) -> float:
        """The sum of ``factor``'s weights over the summed rows (``rows`` of them), as ``math.fsum`` gives it.

        Both round the exact sum to the nearest float (ties to even): ``fsum`` by design, and the true
        division of two integers in Python.
        """
        field = total >> (self.width * self.position[factor]) & self.mask
        return (field - rows * self.offset) / self.unit


@attrs.frozen(kw_only=True)
class FactorModel:
    """One factor's binary logistic regression: a bias, and a weight per n-gram it knows (in logits), giving
    the probability that a reader confirms the factor on a text the rules raised it for.

    The logit is the bias plus the weights of the text's known n-grams divided by the square root of the
    number of the text's distinct n-grams, so that a short text that says little either way scores near
    the bias (how often the rules are right) instead of far below it.
    """

    factor: str
    bias: float
    weights: Mapping[str, float] = attrs.field(converter=_frozen, repr=False)

    def probability(self, grams: Iterable[str], size: int) -> float:
        """The probability that the factor is confirmed on a text.

        Args:
            grams: the text's distinct n-grams (those the model does not know count nothing).
            size: how many distinct n-grams the text has.

        Returns:
            The probability, in [0, 1].
        """
        weights = self.weights
        return _sigmoid(self.bias + math.fsum(weights.get(gram, 0.0) for gram in grams) / math.sqrt(max(1, size)))


@attrs.frozen(kw_only=True)
class FlagModel:
    """A trained flag model: n-gram lengths, one :class:`FactorModel` per risk factor, and how it was trained."""

    name: str
    ngram: tuple[int, int]
    factors: Mapping[str, FactorModel] = attrs.field(converter=_frozen)
    #: Free-form record of the training: algorithm, hyper-parameters, data files and their sha256.
    training: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen, eq=False, repr=False)
    _vocabulary: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    #: How the weights of a text's known n-grams are summed exactly as one integer (the same exact sum as
    #: :meth:`FactorModel.probability`'s ``fsum``).
    _exact: _Exact = attrs.field(init=False, eq=False, repr=False)
    #: Per known n-gram, its row of :attr:`_exact`.
    _rows: Mapping[str, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        known = frozenset(gram for part in self.factors.values() for gram in part.weights)
        exact = _Exact(self.factors)
        object.__setattr__(self, "_vocabulary", known)
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_rows", exact.rows(self.factors, known))

    def coverage(self, normalized_text: str) -> float:
        """The share of the text's distinct n-grams that some factor's model knows, in [0, 1].

        Args:
            normalized_text: the text already normalised (``normalize(text).text``).

        Returns:
            The share (0 for a text too short for any n-gram).
        """
        _, known, size = self._read(normalized_text)
        return known / size if size else 0.0

    def probabilities(self, normalized_text: str, factors: Iterable[str] | None = None) -> dict[str, float]:
        """Per factor, the probability that a reader confirms it on this text (if the rules raise it).

        Args:
            normalized_text: the text already normalised (``normalize(text).text``).
            factors: the factor slugs wanted (default: every factor the model has; others are skipped).

        Returns:
            ``{factor: probability}`` for the wanted factors the model has.
        """
        total, known, size = self._read(normalized_text)
        return self._probabilities(self._exact, total, known, size, self.factors if factors is None else factors)

    def _read(self, normalized_text: str) -> tuple[int, int, int]:
        """The sum of the rows of the text's n-grams the model knows, how many they are, and how many distinct
        n-grams the text has."""
        grams = text_features(normalized_text, self.ngram)
        known = grams & self._vocabulary
        return sum(map(self._rows.__getitem__, known)), len(known), len(grams)

    def _probabilities(self, exact: _Exact, total: int, rows: int, size: int,
                       factors: Iterable[str]) -> dict[str, float]:
        """Per wanted factor the model has, its probability from the sum of ``rows`` rows of the text's n-grams
        (``total``, laid out by ``exact``) and the text's number of distinct n-grams (``size``)."""
        root = math.sqrt(max(1, size))
        return {factor: _sigmoid(self.factors[factor].bias + exact.sum(total, rows, factor) / root)
                for factor in factors if factor in self.factors}

    def to_json(self) -> str:
        """The model as a JSON document, which :func:`load_flag_model` reads back to an equal model.

        Returns:
            The document: one factor per block, one n-gram per line, in a stable order.
        """
        head = {"format": FLAG_MODEL_FORMAT, "name": self.name, "ngram": list(self.ngram),
                "training": dict(self.training)}
        blocks = []
        for factor in labels(Dimension.FLAG):
            part = self.factors.get(factor)
            if part is None:
                continue
            rows = [f"{json.dumps(gram, ensure_ascii=False)}:{json.dumps(part.weights[gram])}"
                    for gram in sorted(part.weights)]
            blocks.append(f'"{factor}":{{"bias":{json.dumps(part.bias)},"weights":{{\n' + ",\n".join(rows) + "\n}}")
        return (json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ',"factors":{\n'
                + ",\n".join(blocks) + "\n}}\n")


def _factor(factor: str, raw: object, ngram: tuple[int, int], budget: list[int]) -> FactorModel:
    field = f"factors.{factor}"
    if factor not in labels(Dimension.FLAG):
        raise ModelFileError(field, f"{factor!r} is not a risk factor of TAXONOMY.md")
    if not isinstance(raw, dict):
        raise ModelFileError(field, "must be an object")
    unique(raw, field + ".{key}")
    unknown = set(raw) - {"bias", "weights"}
    if unknown:
        raise ModelFileError(f"{field}.{sorted(unknown)[0]}", "unknown field")
    bias = finite_number(raw.get("bias"), f"{field}.bias")
    weights = raw.get("weights")
    if not isinstance(weights, dict):
        raise ModelFileError(f"{field}.weights", "must be an object of n-gram to weight")
    unique(weights, field + ".weights[{key!r}]")
    budget[0] -= len(weights)
    if budget[0] < 0:
        raise ModelFileError(f"{field}.weights", f"the model holds more than {MAX_MODEL_FEATURES} n-grams")
    shortest, longest = ngram
    table = {}
    for gram, weight in weights.items():
        where = f"{field}.weights[{gram!r}]"
        if not shortest <= len(gram) <= longest:
            raise ModelFileError(where, f"an n-gram of this model has {shortest} to {longest} characters (see ngram)")
        table[gram] = finite_number(weight, where)
    return FactorModel(factor=factor, bias=bias, weights=table)


def flag_model_from_json(document: str) -> FlagModel:
    """Read and validate a flag-model document (as written by :meth:`FlagModel.to_json`).

    Args:
        document: the JSON text.

    Returns:
        The model.

    Raises:
        ModelFileError: the document is not JSON, too long, or a field is missing, wrong or given twice;
            ``field`` names it (``factors.vulnerable.weights['老人']``).
    """
    name, ngram, training, factors = read_document(document, FLAG_MODEL_FORMAT, "factors")
    budget = [MAX_MODEL_FEATURES]
    parts = {factor: _factor(factor, raw, ngram, budget) for factor, raw in factors.items()}
    return FlagModel(name=name, ngram=ngram, factors=parts, training=training)


@cache
def _shipped() -> FlagModel:
    document = resources.files("bankcomplaints.classification").joinpath("models/zh_flags.json")
    return flag_model_from_json(document.read_text(encoding="utf-8"))


def load_flag_model(document: str | None = None) -> FlagModel:
    """The shipped Chinese flag model (loaded once), or a flag model from a JSON document.

    Args:
        document: a document from :meth:`FlagModel.to_json`; None for the shipped model.

    Returns:
        The validated model.

    Raises:
        ModelFileError: the document is malformed; ``field`` names the part at fault.
    """
    return _shipped() if document is None else flag_model_from_json(document)


def _thresholds(value: object) -> Mapping[str, float]:
    """The thresholds as a read-only mapping, each factor a TAXONOMY.md slug and each threshold in [0, 1]."""
    if not isinstance(value, Mapping):
        raise InvalidOperationError("thresholds", "must be a mapping of risk-factor slug to probability")
    for factor, threshold in value.items():
        if factor not in labels(Dimension.FLAG):
            raise InvalidOperationError(f"thresholds[{factor!r}]", "not a risk factor of TAXONOMY.md")
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
            raise InvalidOperationError(f"thresholds[{factor!r}]",
                                        f"must be a probability in [0, 1], not {threshold!r}")
    return MappingProxyType(dict(value))


def _in_unit(_: Any, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidOperationError(attribute.name, f"must be a number in [0, 1], not {value!r}")


@attrs.frozen(kw_only=True)
class FlagPolicy:
    """Below which probability the flag model sets aside each factor's text evidence.

    Raises:
        InvalidOperationError: a factor that is not a TAXONOMY.md slug, or a number outside [0, 1].
    """

    #: Per factor slug, the probability below which its text evidence is set aside; a factor not
    #: listed (or 0) is never set aside.
    # Left out of the hash (a read-only mapping has none); equal policies still hash equal.
    thresholds: Mapping[str, float] = attrs.field(converter=_thresholds, hash=False)
    #: The share of the text's n-grams the model must know to be consulted at all.
    min_coverage: float = attrs.field(default=0.4, validator=_in_unit)


#: Chosen by cross-validation on labelled sets the flag rules were never tuned on (round 48: v18 to v24, v26, v27, v30,
#: v32, v34, v36, v38, v40, v42, v44, v46, v48, v50, v52, v54, v56, v58, v60, v62, v64, v66, v68, v70, v72, v74, v76,
#: v78, v80, v82, v84, v86, v88, v90, v92, v94, v96, v98, v100 and v102; see docs/classification.md): per factor, of
#: the thresholds that gain 0.01 of F1 over the rules alone, the lowest within 0.01 of the best F1 of precision and
#: recall. ``extreme`` has a threshold since round 37 (on round 48's folds 0.75 sets aside 21 of the rules' 69 false
#: threats and one of the 671 true ones; the explanation keeps evidence set aside); ``regulator`` had one in rounds 36
#: to 38 and again since round 40 (round 39's folds left it to the rules: its best threshold gained 0.0099 of F1; on
#: round 48's, 0.85 sets aside 41 of the rules' 81 false regulator flags for 11 of 947 true ones). ``large_amount`` has
#: a threshold since round 25, when an amount the text says was taken (``ParsedAmount.taken``) stopped being put to the
#: model.
DEFAULT_FLAG_POLICY = FlagPolicy(thresholds={"vulnerable": 0.6, "large_amount": 0.6, "regulator": 0.85, "media": 0.7,
                                             "litigation": 0.6, "group": 0.6, "repeat": 0.6, "extreme": 0.75})


@attrs.frozen(kw_only=True)
class SetAside:
    """Text evidence of a factor that the flag model set aside, and why."""

    factor: str
    #: The model's probability that the text carries the factor.
    probability: float
    #: The policy's threshold for the factor.
    threshold: float
    #: What the rules and parsers found: rule ids with the quoted text, amounts, head counts.
    evidence: tuple[str, ...]

    def describe(self) -> str:
        """One line for an explanation."""
        return (f"{self.factor} set aside (flag model {self.probability:.2f} < {self.threshold:.2f}): "
                + ", ".join(self.evidence))


def set_aside(
    model: FlagModel, policy: FlagPolicy, normalized_text: str, candidates: Mapping[str, tuple[str, ...]],
) -> tuple[SetAside, ...]:
    """The candidates' factors whose text evidence ``policy`` sets aside for this text.

    Args:
        model: the flag model.
        policy: the thresholds.
        normalized_text: the text already normalised.
        candidates: per factor with text evidence, what the evidence is (for the explanation).

    Returns:
        One :class:`SetAside` per factor set aside, in the order of ``candidates``.
    """
    return tuple(SetAside(factor=factor, probability=probability, threshold=threshold, evidence=candidates[factor])
                 for factor, probability, threshold in set_aside_factors(model, policy, normalized_text, candidates))


def set_aside_factors(
    model: FlagModel, policy: FlagPolicy, normalized_text: str, factors: Iterable[str],
    observed: Observation | None = None,
) -> list[tuple[str, float, float]]:
    """The factors whose text evidence ``policy`` sets aside for this text, with the model's probability
    (rounded to 4 decimals) and the threshold: what :func:`set_aside` keeps, before the evidence is quoted.

    Args:
        model: the flag model.
        policy: the thresholds.
        normalized_text: the text already normalised.
        factors: the factors with text evidence.
        observed: the text as a text model joined to ``model`` observed it (see :func:`joined`), so that the
            text is not read again; another observation is ignored.

    Returns:
        ``(factor, probability, threshold)`` per factor set aside, in the order of ``factors``.
    """
    thresholds = policy.thresholds
    checked = [factor for factor in factors if thresholds.get(factor, 0.0) > 0 and factor in model.factors]
    if not checked:
        return []
    rider = observed.rider if isinstance(observed, Reading) else None
    if isinstance(observed, Reading) and isinstance(rider, _FlagRider) and rider.model is model \
            and all(factor in rider.exact.position for factor in checked):
        exact = rider.exact
        if _kept(model, policy, checked, observed, exact):
            return []
        total, rows = observed.sums, len(observed.ids)
        known, size = exact.known(total), count_features(normalized_text, model.ngram)
    else:
        exact = model._exact
        total, known, size = model._read(normalized_text)
        rows = known
    if not size or known / size < policy.min_coverage:
        return []
    found = model._probabilities(exact, total, rows, size, checked)
    return [(factor, round(found[factor], 4), thresholds[factor]) for factor in checked
            if found[factor] < thresholds[factor]]


#: How far above its threshold a factor's probability must be, for every number of distinct n-grams a text
#: may have, to be kept without counting them (the float operations of the probability are each within an ulp
#: of monotone, far below this).
_MARGIN = 1e-9


def _kept(model: FlagModel, policy: FlagPolicy, checked: list[str], observed: Reading, exact: _Exact) -> bool:
    """Whether no factor can be set aside whatever the text's number of distinct n-grams, so that it need not
    be counted.

    The pass found ``occurrences`` of the text's ``places`` n-gram occurrences, ``len(ids)`` distinct n-grams;
    each of the others is a distinct n-gram or a repeat of one, so the text has between ``len(ids)`` (plus one
    if any) and ``len(ids)`` plus their number. A factor's probability is monotone in that number, so if it
    clears the threshold at both ends (by :data:`_MARGIN`) it does for the exact number; and if the model's
    share of the n-grams is below ``min_coverage`` even for the fewest, nothing is set aside.
    """
    rows = len(observed.ids)
    unseen = observed.places - observed.occurrences
    fewest, most = rows + min(unseen, 1), rows + unseen
    total = observed.sums
    known = exact.known(total)
    if not most or known / fewest < policy.min_coverage:
        return True
    if known / most < policy.min_coverage:
        return False
    thresholds, low, high = policy.thresholds, math.sqrt(fewest), math.sqrt(most)
    for factor in checked:
        bias, weights = model.factors[factor].bias, exact.sum(total, rows, factor)
        if min(_sigmoid(bias + weights / low), _sigmoid(bias + weights / high)) < thresholds[factor] + _MARGIN:
            return False
    return True


@attrs.frozen(kw_only=True)
class _FlagRider(Rider):
    """A flag model's rows for a text model to sum: the factors a policy judges, laid out by ``exact``."""

    model: FlagModel = attrs.field(eq=False)
    exact: _Exact = attrs.field(eq=False)


#: The last few text models joined to a flag model, by the identities of the two and the factors judged; each
#: entry holds both models, so that neither identity can be reused while it lives (joining costs about as much
#: as loading the text model).
_JOINED: dict[tuple[int, int, tuple[str, ...]], tuple[TextModel, FlagModel, TextModel]] = {}
_MOST_JOINED = 4


def joined(text_model: TextModel, flag_model: FlagModel, factors: Iterable[str] | None = None) -> TextModel:
    """``text_model`` reading texts for ``flag_model`` too: an equal text model (the same scores) with the flag
    model's rows as its :class:`~bankcomplaints.classification.model.Rider`, whose observations
    :func:`set_aside_factors` reads instead of the text; ``text_model`` itself when the two read different
    n-grams or no factor is judged.

    Args:
        text_model: the text model.
        flag_model: the flag model.
        factors: the factors a policy judges (default: all the flag model has); only their weights ride.

    Returns:
        The text model to observe texts with.
    """
    wanted = tuple(factor for factor in flag_model.factors if factors is None or factor in set(factors))
    key = (id(text_model), id(flag_model), wanted)
    entry = _JOINED.get(key)
    if entry is not None and entry[0] is text_model and entry[1] is flag_model:
        return entry[2]
    low, high = text_model.ngram
    grams = {gram for part in text_model.dimensions.values() for gram in part.weights}
    readable = {gram for gram in flag_model._vocabulary if low <= len(gram) <= high}
    if (not wanted or flag_model.ngram != text_model.ngram or not all(low <= len(gram) <= high for gram in grams)
            or len(grams | readable) > 2 * MAX_MODEL_FEATURES):
        return text_model
    exact = _Exact(flag_model.factors, wanted, most=len(grams | readable))
    rider = _FlagRider(rows=exact.rows(flag_model.factors, readable), empty=exact.empty, bits=exact.bits,
                       model=flag_model, exact=exact)
    result = attrs.evolve(text_model, rider=rider)
    while len(_JOINED) >= _MOST_JOINED:
        del _JOINED[next(iter(_JOINED))]
    _JOINED[key] = (text_model, flag_model, result)
    return result
