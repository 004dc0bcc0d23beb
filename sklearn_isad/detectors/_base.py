# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Shared machinery of the sequence anomaly detectors.

Every detector of :mod:`sklearn_isad.detectors` learns from normal sequences,
scores sequences so that a higher score means more anomalous, and flags a
sequence when its score is above a fitted ``threshold_``. The code that makes
this convention hold lives here once: selecting the normal sequences, turning
training scores into a threshold, predicting 0/1 labels and flipping the sign
of scikit-learn outlier detectors.
"""

from abc import ABCMeta, abstractmethod

import numpy as np
from sklearn.base import BaseEstimator, OutlierMixin, _fit_context, clone
from sklearn.utils.validation import check_is_fitted

from sklearn_isad.utils import (
    check_sequence_labels,
    check_sequences,
    select_normal_sequences,
)


def event_sort_key(event):
    """Sort key that orders mixed str and int event ids (by type name first)."""
    return (type(event).__name__, event)


def quantile_threshold(train_scores, contamination):
    """Threshold leaving a fraction ``contamination`` of training scores above.

    Parameters
    ----------
    train_scores : ndarray of shape (n_sequences,)
        Scores of the normal training sequences.
    contamination : float in [0, 0.5]
        Fraction of training sequences allowed above the threshold. With 0
        the threshold is the largest training score.

    Returns
    -------
    threshold : float
        A training score: the ``1 - contamination`` quantile, taken as the
        next observed score at or above it, so that identical training
        sequences always fall on the same side.
    """
    return float(np.quantile(train_scores, 1.0 - contamination, method="higher"))


class BaseDetector(OutlierMixin, BaseEstimator, metaclass=ABCMeta):
    """Base class for the sequence anomaly detectors of sklearn_isad.

    Subclasses implement ``_fit(sequences)``, which learns from normal
    sequences, and ``_score(sequences)``, which returns one anomaly score per
    sequence (higher is more anomalous). They may override
    ``_auto_threshold(train_scores)``, the threshold used when
    ``contamination="auto"`` (or when the detector has no ``contamination``
    parameter).

    Notes
    -----
    ``fit(X, y)`` keeps only the sequences with ``y == 0``; ``y=None`` means
    all sequences are normal. Once the model is learned, the training
    sequences are scored and ``threshold_`` is derived from those scores and
    the model, never from labels: with a float ``contamination`` it is the
    ``1 - contamination`` quantile of the training scores, otherwise the
    detector's own rule.

    ``predict`` returns 1 (anomalous) where ``decision_function`` is strictly
    above ``threshold_`` and 0 elsewhere. A sequence identical to a training
    sequence therefore gets the training sequence's score, which a quantile
    threshold never exceeds when ``contamination=0``.
    """

    _parameter_constraints: dict = {}

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Learn normal behaviour from the normal sequences of X.

        Parameters
        ----------
        X : list of sequences
            Each sequence is a list or 1-D array of event ids (str or int)
            with at least one event.
        y : array-like of shape (n_sequences,), default=None
            0 for normal and 1 for anomalous sequences. Only the normal
            ones are used. ``None`` means all sequences are normal.

        Returns
        -------
        self : object
            The fitted detector.
        """
        sequences = check_sequences(X)
        y = check_sequence_labels(y, len(sequences), sequences=sequences)
        normal = select_normal_sequences(sequences, y)

        self._fit(normal)

        train_scores = self._score(normal)
        self.threshold_ = self._fit_threshold(train_scores)
        self.n_sequences_fit_ = len(normal)
        return self

    def decision_function(self, X):
        """Anomaly score of each sequence; higher is more anomalous.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids. Events never seen in training are
            scored too.

        Returns
        -------
        scores : ndarray of shape (n_sequences,)
            One score per input sequence, in input order. Sequences scoring
            strictly above ``threshold_`` are predicted anomalous.
        """
        check_is_fitted(self)
        sequences = check_sequences(X)
        return np.asarray(self._score(sequences), dtype=float)

    def predict(self, X):
        """Predict whether each sequence is anomalous.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids.

        Returns
        -------
        labels : ndarray of shape (n_sequences,)
            1 where the sequence is anomalous (score above ``threshold_``),
            0 where it is normal.
        """
        return (self.decision_function(X) > self.threshold_).astype(int)

    def fit_predict(self, X, y=None):
        """Fit on the normal sequences of X, then predict every sequence of X.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids.
        y : array-like of shape (n_sequences,), default=None
            0 for normal and 1 for anomalous sequences; only the normal ones
            are learned from.

        Returns
        -------
        labels : ndarray of shape (n_sequences,)
            1 for anomalous, 0 for normal, for every sequence of X.
        """
        return self.fit(X, y).predict(X)

    def _fit_threshold(self, train_scores):
        contamination = getattr(self, "contamination", "auto")
        if isinstance(contamination, str):
            threshold = self._auto_threshold(train_scores)
        else:
            threshold = quantile_threshold(train_scores, contamination)
        return float(threshold)

    def _auto_threshold(self, train_scores):
        return quantile_threshold(train_scores, 0.0)

    @abstractmethod
    def _fit(self, sequences):
        """Learn from validated normal sequences (list of lists)."""

    @abstractmethod
    def _score(self, sequences):
        """Return an anomaly score per validated sequence."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Inputs are ragged sequences of event ids, not 2-D numeric arrays;
        # scikit-learn's common checks cannot build such inputs.
        tags.input_tags.two_d_array = False
        tags.target_tags.required = False
        return tags


class BaseCountDetector(BaseDetector):
    """Base class for detectors working on event-count vectors.

    Subclasses take a ``vectorizer`` parameter (an unfitted
    :class:`~sklearn_isad.detectors.EventCountVectorizer` or any transformer
    of sequences into a 2-D array, ``None`` for the subclass default) and
    implement ``_fit_features(features)`` and ``_score_features(features)``.
    """

    @abstractmethod
    def _default_vectorizer(self):
        """Return the unfitted vectorizer used when ``vectorizer=None``."""

    def _fit(self, sequences):
        if self.vectorizer is None:
            self.vectorizer_ = self._default_vectorizer()
        else:
            self.vectorizer_ = clone(self.vectorizer)
        features = self.vectorizer_.fit_transform(sequences)
        self._fit_features(np.asarray(features, dtype=float))

    def _score(self, sequences):
        features = np.asarray(self.vectorizer_.transform(sequences), dtype=float)
        return self._score_features(features)

    @abstractmethod
    def _fit_features(self, features):
        """Learn from the feature matrix of the normal sequences."""

    @abstractmethod
    def _score_features(self, features):
        """Return an anomaly score per feature row."""


class BaseSklearnOutlierDetector(BaseCountDetector):
    """Base class wrapping a scikit-learn outlier detector on count vectors.

    scikit-learn's detectors score higher for more normal samples, predict
    -1 for outliers and place their boundary at ``offset_``. This class is the
    one place where that is turned into the package convention: the anomaly
    score is ``-estimator_.score_samples(features)`` and the ``"auto"``
    threshold is ``-estimator_.offset_``, the wrapped detector's own boundary,
    raised to the lowest training score when it is below it. The raise means
    that a detector never flags every one of its normal training sequences;
    in particular, identical training sequences, whose shared score and the
    wrapped boundary may differ by rounding only, are not flagged.
    Subclasses implement ``_make_estimator()``, returning an unfitted
    scikit-learn outlier detector.
    """

    @abstractmethod
    def _make_estimator(self):
        """Return the unfitted scikit-learn outlier detector."""

    def _fit_features(self, features):
        self.estimator_ = self._make_estimator().fit(features)

    def _score_features(self, features):
        return -self.estimator_.score_samples(features)

    def _auto_threshold(self, train_scores):
        boundary = -float(np.ravel(self.estimator_.offset_)[0])
        return max(boundary, float(np.min(train_scores)))
