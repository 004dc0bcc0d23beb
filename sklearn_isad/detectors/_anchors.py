# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Anchors (Ribeiro et al., AAAI 2018) for the events of a sequence."""

from collections import Counter
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from sklearn_isad._explanation import EventExplanation
from sklearn_isad.utils import (
    check_sequence_labels,
    check_sequences,
    select_normal_sequences,
)


class AnchorsExplainer(BaseEstimator):
    """Explain a sequence model's alarms with anchors over event positions.

    An anchor of a sequence ``S`` that the model flags is a small set of
    positions such that, whatever normal events fill the other positions,
    the model still flags the result: with estimated precision at least
    ``precision_threshold``. The events at the anchor's positions are the
    anomalous ones. This is the Anchors method of Ribeiro et al. (2018)
    written for event sequences; the InterpretableSAD paper compares
    against it at the event level.

    Parameters
    ----------
    estimator : object
        A fitted model with ``predict`` on lists of event sequences that
        returns 1 for anomalous and 0 for normal, such as a fitted
        :class:`~sklearn_isad.ISADPipeline` or any detector of
        :mod:`sklearn_isad.detectors`. It is used as given, never refitted.
    precision_threshold : float, default=0.95
        Smallest estimated precision an anchor needs: the share of
        perturbed sequences (anchor kept, the rest resampled from normal
        data) that the model still flags.
    n_samples : int, default=100
        Perturbed sequences drawn per explained sequence. All candidate
        anchors of one sequence are scored on the same draws, so their
        precisions differ only through the positions they keep.
    max_anchor_size : int, default=5
        Most positions in an anchor; the search stops at this size.
    beam_width : int, default=2
        Candidate anchors kept from one size to the next (1 is a greedy
        search).
    unit : {"position", "event"}, default="position"
        What one step of the search adds to an anchor. ``"position"``: one
        position (the anchor is a set of positions, as in the original
        method). ``"event"``: every position holding one event id, so a
        template repeated through a window enters the anchor at once and
        ``max_anchor_size`` counts distinct events. The second needs far
        fewer model calls on long windows.
    random_state : int, RandomState instance or None, default=None
        Draws the normal sequences used for resampling. An int makes
        :meth:`explain_events` return the same result at every call.

    Attributes
    ----------
    normal_sequences_ : list of list
        The normal sequences events are resampled from.
    event_counts_ : dict
        Occurrences of each event id in ``normal_sequences_``; breaks ties
        between candidates of equal precision (rarer events first).
    n_sequences_fit_ : int
        Number of normal sequences stored.

    See Also
    --------
    sklearn_isad.ISADPipeline.explain_events : Integrated Gradients from a
        generated (or zero) baseline.
    LowFreqExplainer : Flags the events that were rare in training.

    Notes
    -----
    **Perturbation.** To sample around ``S`` (length ``L``) under an anchor
    ``A``, a normal sequence ``N`` is drawn from ``normal_sequences_`` and
    every position ``t`` outside ``A`` takes the event at the same relative
    position of ``N``, ``N[floor(t * len(N) / L)]``; positions in ``A`` keep
    the events of ``S``. Precision is the share of the ``n_samples``
    perturbed sequences the model flags. Coverage is the share of all
    stored normal sequences (mapped to length ``L`` the same way) that
    already hold ``S``'s events at every anchor position: how much of
    normal data the anchor applies to.

    **Search.** Beam search from the empty anchor: at each size every
    anchor of the beam is extended by one more position (with
    ``unit="event"``, by all positions of one more event id), all
    extensions are scored on the shared draws, and the search stops at the
    first size where some extension reaches ``precision_threshold``. Among
    those the one with the highest coverage is returned (then the higher
    precision, then the rarer events, then the earlier positions).
    Otherwise the ``beam_width`` most precise extensions go on. Positions
    where every draw already holds ``S``'s event cannot change any
    perturbed sequence and are never added. When no anchor of
    ``max_anchor_size`` steps or fewer reaches the threshold, the most
    precise anchor found (the smallest among equals) is returned with
    ``extra["precision_reached"]`` False; when none beats the empty anchor,
    the anchor is empty. The model is called at most
    ``n_samples * (1 + beam_width * L * max_anchor_size)`` times per
    sequence; repeated perturbed sequences are predicted once.

    Unlike the original method, precision is a plain estimate from a fixed
    number of draws rather than a bandit's confidence bound, so that the
    cost of a search is bounded and known in advance.

    **Scores.** ``scores[t]`` is the precision gained by keeping position
    ``t`` alone, ``precision({t}) - precision({})`` (with ``unit="event"``,
    by keeping every position of its event id): a ranking of single
    events. Events that matter only together (the model needs both) score
    low alone but appear together in the anchor, which is what
    ``anomalous`` reports.

    References
    ----------
    .. [1] M. T. Ribeiro, S. Singh and C. Guestrin, "Anchors:
       High-Precision Model-Agnostic Explanations", AAAI 2018.
    .. [2] X. Han, H. Cheng, D. Xu and S. Yuan, "InterpretableSAD:
       Interpretable Anomaly Detection in Sequential Log Data", IEEE BigData
       2021.

    Examples
    --------
    >>> from sklearn_isad.detectors import AnchorsExplainer, LowFreqExplainer
    >>> normal = [["a", "b", "c"], ["a", "c", "c"], ["b", "b", "c"]] * 5
    >>> model = LowFreqExplainer(min_frequency=1).fit(normal)
    >>> explainer = AnchorsExplainer(model, random_state=0).fit(normal)
    >>> [ex] = explainer.explain_events([["a", "panic", "c"]])
    >>> ex.anomalous_events, ex.extra["precision"]
    (['panic'], 1.0)
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["predict"])],
        "precision_threshold": [Interval(Real, 0, 1, closed="both")],
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "max_anchor_size": [Interval(Integral, 1, None, closed="left")],
        "beam_width": [Interval(Integral, 1, None, closed="left")],
        "unit": [StrOptions({"position", "event"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator,
        *,
        precision_threshold=0.95,
        n_samples=100,
        max_anchor_size=5,
        beam_width=2,
        unit="position",
        random_state=None,
    ):
        self.estimator = estimator
        self.precision_threshold = precision_threshold
        self.n_samples = n_samples
        self.max_anchor_size = max_anchor_size
        self.beam_width = beam_width
        self.unit = unit
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Store the normal sequences that events are resampled from.

        The wrapped ``estimator`` is not fitted here; fit it beforehand.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids.
        y : array-like of shape (n_sequences,), default=None
            0 for normal and 1 for anomalous sequences; only the normal ones
            are kept. ``None`` means all sequences are normal.

        Returns
        -------
        self : AnchorsExplainer
            The fitted explainer.
        """
        sequences = check_sequences(X)
        y = check_sequence_labels(y, len(sequences), sequences=sequences)
        normal = select_normal_sequences(sequences, y)

        self.normal_sequences_ = normal
        self.event_counts_ = dict(Counter(e for seq in normal for e in seq))
        self.n_sequences_fit_ = len(normal)
        return self

    def explain_events(self, X):
        """Find an anchor for every sequence the model flags.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids.

        Returns
        -------
        explanations : list of EventExplanation
            One per input sequence, in input order. ``anomalous`` marks the
            anchor's positions and ``scores`` the single-position precision
            gains (see Notes). ``extra`` holds ``anchor`` (positions),
            ``precision``, ``coverage``, ``precision_reached``,
            ``precision_empty`` (precision with no position kept) and
            ``n_model_calls`` (sequences sent to the model). Sequences the
            model predicts normal get zero scores, an empty mask and an
            empty ``extra``. There is no baseline sequence.
        """
        check_is_fitted(self)
        sequences = check_sequences(X)
        rng = check_random_state(self.random_state)
        # one seed per input sequence, so a sequence's draws do not depend
        # on which of the sequences before it were flagged
        seeds = rng.randint(np.iinfo(np.int32).max, size=len(sequences))
        flagged = np.asarray(self.estimator.predict(sequences)).astype(int) == 1

        # integer codes of events, shared by all sequences of this call
        codes = {}
        mapped_normals = {}
        explanations = []
        for seq, seed, is_flagged in zip(sequences, seeds, flagged, strict=True):
            scores = np.zeros(len(seq))
            mask = np.zeros(len(seq), dtype=bool)
            extra = {}
            if is_flagged:
                length = len(seq)
                if length not in mapped_normals:
                    mapped_normals[length] = _map_to_length(
                        self.normal_sequences_, length, codes
                    )
                anchor, scores, extra = self._search(
                    seq, mapped_normals[length], codes, np.random.RandomState(seed)
                )
                mask[list(anchor)] = True
            explanations.append(
                EventExplanation(
                    events=seq,
                    scores=scores,
                    anomalous=mask,
                    predicted_anomalous=bool(is_flagged),
                    extra=extra,
                )
            )
        return explanations

    def _search(self, seq, normal_codes, codes, rng):
        """Beam search for one flagged sequence.

        ``normal_codes`` holds every stored normal sequence mapped to
        ``len(seq)``, as event codes of shape (n_normal, len(seq)); ``codes``
        maps event ids to codes and is extended with the events of ``seq``.
        """
        target = np.array([codes.setdefault(e, len(codes)) for e in seq])
        vocab = np.empty(len(codes), dtype=object)
        for event, code in codes.items():
            vocab[code] = event
        draws = normal_codes[rng.randint(len(normal_codes), size=self.n_samples)]

        # predicates: groups of positions kept together, each holding one
        # event id; only positions where some draw differs can matter
        differs = np.any(draws != target, axis=0)
        if self.unit == "position":
            groups = [(t,) for t in np.flatnonzero(differs).tolist()]
        else:
            where = {}
            for t in np.flatnonzero(differs).tolist():
                where.setdefault(seq[t], []).append(t)
            groups = [tuple(positions) for positions in where.values()]
        rarity = [self.event_counts_.get(seq[g[0]], 0) for g in groups]

        cache = {}
        n_calls = 0

        def positions(anchor):
            """Sorted positions of an anchor given as group indices."""
            return sorted(t for g in anchor for t in groups[g])

        def precision(anchors):
            """Estimated precision of each anchor (tuple of group indices)."""
            nonlocal n_calls
            blocks = []
            for anchor in anchors:
                kept = positions(anchor)
                block = draws.copy()
                block[:, kept] = target[kept]
                blocks.append(block)
            rows = np.concatenate(blocks)
            keys = [row.tobytes() for row in rows]
            todo = {}
            for key, row in zip(keys, rows, strict=True):
                if key not in cache and key not in todo:
                    todo[key] = row
            if todo:
                batch = [vocab[row].tolist() for row in todo.values()]
                predicted = np.asarray(self.estimator.predict(batch)).astype(int)
                cache.update(zip(todo, predicted == 1, strict=True))
                n_calls += len(batch)
            hits = np.array([cache[key] for key in keys], dtype=float)
            return hits.reshape(len(anchors), self.n_samples).mean(axis=1)

        def coverage(anchor):
            kept = positions(anchor)
            agree = normal_codes[:, kept] == target[kept]
            return float(np.all(agree, axis=1).mean())

        def rank_key(anchor, prec):
            # more precise first, then rarer events, then earlier positions
            return (-prec, sum(rarity[g] for g in anchor), anchor)

        precision_empty = float(precision([()])[0])
        scores = np.zeros(len(seq))

        best, best_prec = (), precision_empty
        found = precision_empty >= self.precision_threshold
        beam = [()]
        size = 0
        while not found and size < min(self.max_anchor_size, len(groups)):
            size += 1
            candidates = sorted(
                {
                    tuple(sorted((*anchor, g)))
                    for anchor in beam
                    for g in range(len(groups))
                    if g not in anchor
                }
            )
            precisions = precision(candidates)
            if size == 1:
                for (g,), prec in zip(candidates, precisions, strict=True):
                    scores[list(groups[g])] = prec - precision_empty
            ranked = sorted(
                zip(candidates, precisions, strict=True), key=lambda cp: rank_key(*cp)
            )
            valid = [(c, p) for c, p in ranked if p >= self.precision_threshold]
            if valid:
                best, best_prec = max(valid, key=lambda cp: coverage(cp[0]))
                found = True
            else:
                beam = [c for c, _ in ranked[: self.beam_width]]
                # fall back on the most precise anchor, smallest first
                if ranked[0][1] > best_prec:
                    best, best_prec = ranked[0]

        kept = tuple(int(t) for t in positions(best))
        extra = {
            "anchor": kept,
            "precision": float(best_prec),
            "coverage": coverage(best),
            "precision_reached": bool(found),
            "precision_empty": precision_empty,
            "n_model_calls": n_calls,
        }
        return kept, scores, extra


def _map_to_length(sequences, length, codes):
    """Resample every sequence to ``length`` positions by relative position.

    Returns an int array of shape (n_sequences, length) whose row ``i``,
    column ``t`` holds the code of
    ``sequences[i][floor(t * len(sequences[i]) / length)]``; ``codes`` maps
    event ids to codes and gains the events it did not hold.
    """
    out = np.empty((len(sequences), length), dtype=np.int64)
    positions = np.arange(length)
    for i, seq in enumerate(sequences):
        seq_codes = [codes.setdefault(e, len(codes)) for e in seq]
        out[i] = np.asarray(seq_codes)[positions * len(seq) // length]
    return out
