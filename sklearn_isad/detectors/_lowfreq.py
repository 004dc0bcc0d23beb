# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Low-Freq: flag the events that were rare in normal training data."""

from collections import Counter
from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import Interval, RealNotInt
from sklearn.utils.validation import check_is_fitted

from sklearn_isad._explanation import EventExplanation
from sklearn_isad.detectors._base import BaseDetector
from sklearn_isad.utils import check_sequences


class LowFreqExplainer(BaseDetector):
    """Rarity rule at the event and the sequence level.

    An event is anomalous when it occurred fewer than ``min_frequency``
    times in the normal training sequences (events never seen included); a
    sequence is anomalous when it holds such an event. This is the Low-Freq
    baseline of the InterpretableSAD paper, and a strong one on system logs,
    where alerts are often rare templates.

    Parameters
    ----------
    min_frequency : int or float, default=5
        Events with a training count strictly below this are rare. An int is
        a number of occurrences; a float in (0, 1) a fraction of all training
        events.

    Attributes
    ----------
    event_counts_ : dict
        Number of occurrences of each event id in the normal training
        sequences.
    n_events_total_ : int
        Number of events in the normal training sequences.
    min_count_ : float
        The count below which an event is rare (``min_frequency`` itself, or
        its fraction of ``n_events_total_``).
    threshold_ : float
        Rarity score of an event seen ``min_count_`` times; events scoring
        above it are rare.
    n_sequences_fit_ : int
        Number of normal sequences learned from.

    See Also
    --------
    DeepLogDetector : Flags events a next-event model did not expect.

    Notes
    -----
    The rarity score of an event seen ``c`` times among ``N`` training events
    is its add-one surprisal ``-log((c + 1) / (N + 1))``: 0 for an event
    that is every training event, ``log(N + 1)`` for an unseen one. It falls
    as ``c`` grows, so ``score > threshold_`` holds exactly when
    ``c < min_count_``. ``decision_function`` is the largest score in the
    sequence (its rarest event).

    Examples
    --------
    >>> from sklearn_isad.detectors import LowFreqExplainer
    >>> X = [["a", "b"]] * 10 + [["a", "c"]]
    >>> explainer = LowFreqExplainer(min_frequency=2).fit(X)
    >>> explainer.predict([["a", "b"], ["a", "c"], ["a", "z"]])
    array([0, 1, 1])
    >>> explainer.explain_events([["a", "z", "b"]])[0].anomalous
    array([False,  True, False])
    """

    _parameter_constraints: dict = {
        "min_frequency": [
            Interval(Integral, 1, None, closed="left"),
            Interval(RealNotInt, 0.0, 1.0, closed="neither"),
        ],
    }

    def __init__(self, *, min_frequency=5):
        self.min_frequency = min_frequency

    def _fit(self, sequences):
        self.event_counts_ = dict(Counter(event for seq in sequences for event in seq))
        self.n_events_total_ = sum(self.event_counts_.values())
        if isinstance(self.min_frequency, Integral):
            self.min_count_ = float(self.min_frequency)
        else:
            self.min_count_ = self.min_frequency * self.n_events_total_

    def _rarity(self, counts):
        return -np.log(
            (np.asarray(counts, dtype=float) + 1.0) / (self.n_events_total_ + 1.0)
        )

    def _event_scores(self, seq):
        return self._rarity([self.event_counts_.get(event, 0) for event in seq])

    def _score(self, sequences):
        return np.array([self._event_scores(seq).max() for seq in sequences])

    def _auto_threshold(self, train_scores):
        return float(self._rarity(self.min_count_))

    def explain_events(self, X):
        """Score every event by its rarity and flag the rare ones.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids.

        Returns
        -------
        explanations : list of EventExplanation
            One per input sequence, in order. ``scores`` holds the rarity
            score of each event (higher is rarer), ``anomalous`` flags the
            events seen fewer than ``min_count_`` times in training and
            ``predicted_anomalous`` says whether any is flagged. There is no
            baseline sequence (``baseline=None``).
        """
        check_is_fitted(self)
        explanations = []
        for seq in check_sequences(X):
            scores = self._event_scores(seq)
            anomalous = scores > self.threshold_
            explanations.append(
                EventExplanation(
                    events=list(seq),
                    scores=scores,
                    anomalous=anomalous,
                    predicted_anomalous=bool(anomalous.any()),
                )
            )
        return explanations
