# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Negative sampling (Algorithm 1 of InterpretableSAD)."""

import sys
import warnings
from itertools import chain
from numbers import Real

import numpy as np
from imblearn.base import BaseSampler
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval

from sklearn_isad.exceptions import NoNegativesError, SequenceWarning
from sklearn_isad.utils import (
    UNSEEN_EVENT,
    check_sequence_labels,
    check_sequences,
    select_normal_sequences,
)

# Rows of a chunk are capped so that one chunk holds about this many events.
_CHUNK_EVENTS = 2_000_000
# Rejection-sampling tries before falling back to an exact draw.
_REJECTION_TRIES = 4
# Generation rounds used to replace negatives that equal a normal sequence.
_MAX_ROUNDS = 20
_SKLEARN_PIPELINE_HINT = (
    " -- a sampler, which changes the number of sequences and has no "
    "transform; sklearn.pipeline.Pipeline cannot hold it. Chain it with "
    "imblearn.pipeline.Pipeline (or sklearn_isad.ISADPipeline), or build the "
    "whole method with sklearn_isad.make_isad_pipeline --"
)


class NegativeSamplingAugmenter(BaseSampler):
    """Add synthetic anomalous sequences to a set of normal sequences.

    Implements Algorithm 1 of InterpretableSAD. From the normal sequences the
    sampler learns the table of bigrams (adjacent event pairs). Each negative
    is made from a normal sequence ``S`` drawn at random: ``r`` is drawn
    uniformly from ``1..len(S)``, ``r`` distinct positions are drawn, and,
    from left to right, the event at each chosen position ``t`` is replaced
    by an event ``s*`` such that the bigram ``(S[t-1], s*)`` never occurs in
    the normal data. Position 0 is replaced by an event that never starts a
    normal sequence. A generated sequence equal to a normal one is discarded
    and drawn again.

    Read more in the :ref:`User Guide <method>`.

    Parameters
    ----------
    ratio : float, default=20
        Number of negatives per normal sequence: ``ceil(ratio * n_normal)``
        negatives are generated. The paper uses 20 and studies 0.5 to 20.
    rare_bigram_threshold : float, default=0.01
        Fallback for a predecessor after which every event has been seen:
        an event ``s*`` is then allowed when the bigram ``(S[t-1], s*)``
        accounts for less than this fraction of the bigrams starting with
        ``S[t-1]`` (and likewise for start events at position 0). Set it to 0
        for the strict rule, where every replacement forms a bigram never
        seen in the normal data and positions with no such event are left
        unchanged.
    unseen_fraction : float, default=0.1
        Fraction of negatives in which one replaced position receives
        :data:`~sklearn_isad.utils.UNSEEN_EVENT`, an event never seen in
        training, so that the classifier learns what an unseen event means.
        When it is above 0, a chosen position for which no seen event is
        allowed also receives the unseen event (this is what makes length-1
        sequences over a one-event vocabulary usable); when it is 0, such a
        position is left unchanged.
    random_state : int, RandomState instance or None, default=None
        Controls every random draw. Pass an int for reproducible output.

    Attributes
    ----------
    vocabulary_ : dict
        Maps each event seen in the normal sequences to its index, in order
        of first appearance.
    event_counts_ : ndarray of shape (n_events,)
        How often each event of ``vocabulary_`` occurs in the normal data.
    n_normal_ : int
        Number of normal sequences the table was learned from.
    n_negatives_ : int
        Number of negatives returned.
    n_discarded_ : int
        Number of generated sequences discarded because they equal a normal
        sequence.
    negative_sources_ : ndarray of shape (n_negatives,)
        For each negative, the index (among the normal sequences, in input
        order) of the sequence it was made from.

    See Also
    --------
    sklearn_isad.ISADPipeline : The pipeline in which the sampler runs.

    Notes
    -----
    The sampler changes the number of sequences, so it is a sampler
    (``fit_resample``), not a transformer. It runs during ``fit`` only inside
    an imbalanced-learn :class:`~imblearn.pipeline.Pipeline` (or
    :class:`~sklearn_isad.ISADPipeline`); a scikit-learn
    :class:`~sklearn.pipeline.Pipeline` refuses it, with an error that names
    these two. In such a pipeline,
    ``fit_transform`` resamples while ``fit`` followed by ``transform`` does
    not.

    Rows labelled anomalous (``y == 1``) are not used: the output holds the
    normal input sequences, in order, followed by the negatives.

    Memory grows with the square of the number of distinct events (a
    boolean table of allowed bigrams) and linearly with the output.

    References
    ----------
    .. [1] X. Han, H. Cheng, D. Xu, S. Yuan. "InterpretableSAD: Interpretable
       Anomaly Detection in Sequential Log Data". IEEE BigData, 2021.

    Examples
    --------
    >>> from sklearn_isad import NegativeSamplingAugmenter
    >>> X = [["a", "b", "c"], ["a", "b", "b", "c"]]
    >>> X_res, y_res = NegativeSamplingAugmenter(
    ...     ratio=2, random_state=0).fit_resample(X)
    >>> len(X_res), y_res.tolist()
    (6, [0, 0, 1, 1, 1, 1])
    """

    _sampling_type = "bypass"

    _parameter_constraints: dict = {
        "ratio": [Interval(Real, 0, None, closed="neither")],
        "rare_bigram_threshold": [Interval(Real, 0, 1, closed="both")],
        "unseen_fraction": [Interval(Real, 0, 1, closed="both")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        ratio=20,
        rare_bigram_threshold=0.01,
        unseen_fraction=0.1,
        random_state=None,
    ):
        self.ratio = ratio
        self.rare_bigram_threshold = rare_bigram_threshold
        self.unseen_fraction = unseen_fraction
        self.random_state = random_state

    def fit(self, X, y=None):
        """Learn the bigram table; use :meth:`fit_resample` to get negatives.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids.
        y : array-like of shape (n_sequences,), default=None
            0 for normal, 1 for anomalous; anomalous rows are ignored.

        Returns
        -------
        self : object
            The fitted sampler.
        """
        self.fit_resample(X, y)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_resample(self, X, y=None):
        """Return the normal sequences followed by generated negatives.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids.
        y : array-like of shape (n_sequences,), default=None
            0 for normal, 1 for anomalous; anomalous rows are ignored. When
            None, every sequence is taken as normal.

        Returns
        -------
        X_resampled : list of list
            The normal sequences, in input order, then the negatives.
        y_resampled : ndarray of shape (len(X_resampled),)
            0 for the normal sequences, 1 for the negatives.
        """
        sequences = check_sequences(X)
        y = check_sequence_labels(y, len(sequences), sequences=sequences)
        sequences = select_normal_sequences(sequences, y)
        return self._fit_resample(sequences, None)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # sequences of event ids, not a 2-D (or sparse) numeric matrix
        tags.input_tags.two_d_array = False
        tags.input_tags.sparse = False
        tags.input_tags.dataframe = False
        tags.input_tags.string = True
        tags.target_tags.required = False
        return tags

    def __str__(self):
        # scikit-learn's Pipeline refuses a step without ``transform`` with a
        # message that quotes ``str(step)``; name the supported composition
        # there, and nowhere else (repr and printing stay unchanged).
        text = repr(self)
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller == "sklearn.pipeline":
            text += _SKLEARN_PIPELINE_HINT
        return text

    def _fit_resample(self, X, y):
        rng = np.random.default_rng(
            check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        )

        # encode events as integer codes, in order of first appearance
        self.vocabulary_ = {
            event: code
            for code, event in enumerate(dict.fromkeys(chain.from_iterable(X)))
        }
        n_events = len(self.vocabulary_)
        lengths = np.fromiter(map(len, X), dtype=np.int64, count=len(X))
        flat = np.fromiter(
            map(self.vocabulary_.__getitem__, chain.from_iterable(X)),
            dtype=np.int32,
            count=int(lengths.sum()),
        )
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        self.event_counts_ = np.bincount(flat, minlength=n_events)
        self.n_normal_ = len(X)

        allowed = self._allowed_table(flat, lengths, offsets, n_events)
        normal_keys = {
            flat[o : o + n].tobytes()
            for o, n in zip(offsets.tolist(), lengths.tolist())
        }

        n_wanted = int(np.ceil(self.ratio * len(X)))
        sampler = _CandidateSampler(allowed, rng)
        negatives, sources = [], []
        n_done, n_discarded, idle_rounds = 0, 0, 0
        for _ in range(_MAX_ROUNDS):
            need = n_wanted - n_done
            if need <= 0 or idle_rounds >= 2:
                break
            src = rng.integers(0, len(X), size=need)
            made, made_src, dropped = self._generate(
                src, flat, lengths, offsets, n_events, sampler, normal_keys, rng
            )
            negatives.extend(made)
            sources.extend(made_src)
            n_done += sum(len(block) for block in made)
            n_discarded += dropped
            idle_rounds = idle_rounds + 1 if dropped == need else 0

        if n_done == 0:
            raise NoNegativesError(
                "No negative sequence could be generated: with "
                f"unseen_fraction={self.unseen_fraction} and "
                f"rare_bigram_threshold={self.rare_bigram_threshold}, every "
                "event already follows every predecessor (and starts some "
                "normal sequence) in the normal data, so no replacement forms "
                "an unseen bigram. Set unseen_fraction above 0 so negatives "
                "may carry an unseen event, raise rare_bigram_threshold, or "
                "provide more varied normal sequences."
            )
        if n_done < n_wanted:
            warnings.warn(
                f"Only {n_done} of the {n_wanted} requested negatives could be "
                f"generated; {n_discarded} candidates equalled a normal "
                "sequence. The normal data leaves few unseen bigrams.",
                SequenceWarning,
                stacklevel=2,
            )

        # back from codes to the user's event ids
        id_table = np.empty(n_events + 1, dtype=object)
        id_table[:n_events] = list(self.vocabulary_)
        id_table[n_events] = UNSEEN_EVENT
        X_neg = [row for block in negatives for row in id_table[block].tolist()]
        X_neg = X_neg[:n_wanted]
        self.negative_sources_ = np.concatenate(sources)[:n_wanted]
        self.n_negatives_ = len(X_neg)
        self.n_discarded_ = n_discarded

        X_res = list(X) + X_neg
        y_res = np.concatenate(
            [np.zeros(len(X), dtype=int), np.ones(len(X_neg), dtype=int)]
        )
        return X_res, y_res

    def _allowed_table(self, flat, lengths, offsets, n_events):
        """Boolean table: row = predecessor, column = allowed replacement.

        Rows ``0..n_events-1`` are events, row ``n_events`` is the unseen
        event (anything may follow it) and row ``n_events + 1`` the start of
        a sequence.
        """
        ends = offsets + lengths - 1
        not_last = np.ones(len(flat), dtype=bool)
        not_last[ends] = False
        first = flat[:-1][not_last[:-1]].astype(np.int64)
        second = flat[1:][not_last[:-1]].astype(np.int64)
        counts = np.zeros((n_events + 2, n_events), dtype=np.int64)
        np.add.at(counts, (first, second), 1)
        counts[n_events + 1] = np.bincount(flat[offsets], minlength=n_events)

        allowed = counts == 0
        allowed[n_events] = True
        blocked = ~allowed.any(axis=1)
        if self.rare_bigram_threshold > 0 and blocked.any():
            totals = counts[blocked].sum(axis=1, keepdims=True)
            share = counts[blocked] / np.maximum(totals, 1)
            allowed[blocked] = share < self.rare_bigram_threshold
        return allowed

    def _generate(self, src, flat, lengths, offsets, n_events, sampler, keys, rng):
        """Make one negative from each source index; drop those equal to a
        normal sequence. Returns code blocks grouped by length."""
        made, made_src, dropped = [], [], 0
        src = np.sort(src, kind="stable")
        src_len = lengths[src]
        order = np.argsort(src_len, kind="stable")
        src, src_len = src[order], src_len[order]
        bounds = np.flatnonzero(np.diff(src_len)) + 1
        for group in np.split(src, bounds):
            length = int(lengths[group[0]])
            step = max(1, _CHUNK_EVENTS // length)
            for start in range(0, len(group), step):
                rows = group[start : start + step]
                block = self._replace(
                    rows, length, flat, offsets, n_events, sampler, rng
                )
                keep = np.fromiter(
                    (row.tobytes() not in keys for row in block),
                    dtype=bool,
                    count=len(block),
                )
                dropped += int((~keep).sum())
                if keep.any():
                    made.append(block[keep])
                    made_src.append(rows[keep])
        return made, made_src, dropped

    def _replace(self, rows, length, flat, offsets, n_events, sampler, rng):
        # (n_rows, length) codes of the source sequences
        block = flat[offsets[rows][:, None] + np.arange(length)]
        n_rows = len(rows)

        # r ~ U{1..length}, then r distinct positions per row
        n_chosen = rng.integers(1, length + 1, size=n_rows)
        if length == 1:
            chosen = np.ones((n_rows, 1), dtype=bool)
        else:
            perm = rng.permuted(np.tile(np.arange(length), (n_rows, 1)), axis=1)
            chosen = np.zeros((n_rows, length), dtype=bool)
            take = np.arange(length) < n_chosen[:, None]
            chosen[np.nonzero(take)[0], perm[take]] = True

        # left to right, so each predecessor is already final
        start_row = np.int64(n_events + 1)
        for t in range(length):
            idx = np.flatnonzero(chosen[:, t])
            if idx.size == 0:
                continue
            if t == 0:
                pred = np.full(idx.size, start_row)
            else:
                pred = block[idx, t - 1].astype(np.int64)
            new = sampler.draw(pred)
            ok = new >= 0
            block[idx[ok], t] = new[ok]
            if self.unseen_fraction > 0:
                block[idx[~ok], t] = n_events
            else:
                chosen[idx[~ok], t] = False

        # one replaced position of some rows becomes the unseen event
        if self.unseen_fraction > 0:
            lucky = np.flatnonzero(
                (rng.random(n_rows) < self.unseen_fraction) & chosen.any(axis=1)
            )
            # a uniform draw among each lucky row's chosen positions
            keys = np.where(chosen[lucky], rng.random((lucky.size, length)), -1.0)
            block[lucky, keys.argmax(axis=1)] = n_events
        return block


class _CandidateSampler:
    """Uniform draws among the allowed replacements of each predecessor."""

    def __init__(self, allowed, rng):
        self.allowed = allowed
        self.rng = rng
        self.n_allowed = allowed.sum(axis=1)
        self._exact = {}

    def draw(self, pred):
        """Return one allowed code per predecessor, or -1 where none is."""
        n_events = self.allowed.shape[1]
        out = np.full(pred.size, -1, dtype=np.int64)
        todo = np.flatnonzero(self.n_allowed[pred] > 0)
        for _ in range(_REJECTION_TRIES):
            if todo.size == 0:
                return out
            cand = self.rng.integers(0, n_events, size=todo.size)
            hit = self.allowed[pred[todo], cand]
            out[todo[hit]] = cand[hit]
            todo = todo[~hit]
        for p in np.unique(pred[todo]):
            where = todo[pred[todo] == p]
            choices = self._exact.get(p)
            if choices is None:
                choices = self._exact[p] = np.flatnonzero(self.allowed[p])
            out[where] = choices[self.rng.integers(0, choices.size, size=where.size)]
        return out
