# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Event-count vectors of log sequences."""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils.validation import check_is_fitted

from sklearn_isad.detectors._base import event_sort_key
from sklearn_isad.utils import (
    check_sequence_labels,
    check_sequences,
    select_normal_sequences,
)

UNSEEN_FEATURE_NAME = "<unseen>"


class EventCountVectorizer(TransformerMixin, BaseEstimator):
    """Turn event sequences into a matrix of event counts.

    Column ``j`` of the output counts how often the ``j``-th event of
    ``vocabulary_`` occurs in a sequence; one extra last column counts the
    events never seen in training, so no event is lost at transform time.
    Counts may be weighted by inverse document frequency and centred on the
    training mean, the usual preparation for the PCA detector of Xu et al.

    Parameters
    ----------
    use_idf : bool, default=False
        Multiply each column by the smoothed inverse document frequency
        ``log((1 + n) / (1 + df)) + 1`` of its event, where ``n`` is the number
        of training sequences and ``df`` the number of them holding the event.
        Events in every sequence keep a weight of 1; the unseen-events column
        (``df = 0``) gets the largest weight, ``log(1 + n) + 1``.
    with_mean : bool, default=False
        Subtract the mean training row (after weighting), so that the training
        matrix has zero-mean columns.

    Attributes
    ----------
    vocabulary_ : dict
        Maps each event id seen in the normal training sequences to its
        column. Ids are sorted (by type name, then value).
    n_events_ : int
        Number of events in ``vocabulary_``. The output has ``n_events_ + 1``
        columns, the last one for unseen events.
    idf_ : ndarray of shape (n_events + 1,) or None
        Column weights when ``use_idf=True``, else ``None``.
    mean_ : ndarray of shape (n_events + 1,) or None
        Subtracted mean row when ``with_mean=True``, else ``None``.

    See Also
    --------
    PCADetector : Residual-subspace detector built on these counts.

    Notes
    -----
    Like every estimator of this package, ``fit(X, y)`` learns from the
    normal sequences only (``y == 0``); ``y=None`` means all are normal.
    ``fit_transform`` still returns one row per sequence of ``X``.

    Examples
    --------
    >>> from sklearn_isad.detectors import EventCountVectorizer
    >>> vec = EventCountVectorizer().fit([["a", "b", "a"], ["b"]])
    >>> vec.get_feature_names_out().tolist()
    ['a', 'b', '<unseen>']
    >>> vec.transform([["a", "c", "c"]])
    array([[1., 0., 2.]])
    """

    _parameter_constraints: dict = {
        "use_idf": ["boolean"],
        "with_mean": ["boolean"],
    }

    def __init__(self, *, use_idf=False, with_mean=False):
        self.use_idf = use_idf
        self.with_mean = with_mean

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the event vocabulary and weights from normal sequences.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids (str or int), each with at least one event.
        y : array-like of shape (n_sequences,), default=None
            0 for normal and 1 for anomalous sequences; only normal ones are
            used. ``None`` means all sequences are normal.

        Returns
        -------
        self : object
            The fitted vectorizer.
        """
        sequences = check_sequences(X)
        y = check_sequence_labels(y, len(sequences), sequences=sequences)
        normal = select_normal_sequences(sequences, y)

        events = sorted({event for seq in normal for event in seq}, key=event_sort_key)
        self.vocabulary_ = {event: j for j, event in enumerate(events)}
        self.n_events_ = len(events)
        self.idf_ = None
        self.mean_ = None

        counts = self._counts(normal)
        if self.use_idf:
            document_freq = np.count_nonzero(counts, axis=0)
            n = counts.shape[0]
            self.idf_ = np.log((1.0 + n) / (1.0 + document_freq)) + 1.0
            counts *= self.idf_
        if self.with_mean:
            self.mean_ = counts.mean(axis=0)
        return self

    def transform(self, X):
        """Count the events of each sequence.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids. Events outside ``vocabulary_`` are counted
            in the last column.

        Returns
        -------
        counts : ndarray of shape (n_sequences, n_events + 1)
            Weighted and centred counts, one row per sequence.
        """
        check_is_fitted(self)
        counts = self._counts(check_sequences(X))
        if self.idf_ is not None:
            counts *= self.idf_
        if self.mean_ is not None:
            counts -= self.mean_
        return counts

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns.

        Parameters
        ----------
        input_features : None
            Ignored; present for API consistency.

        Returns
        -------
        names : ndarray of str
            The event ids as strings, then ``"<unseen>"``.
        """
        check_is_fitted(self)
        names = [str(event) for event in self.vocabulary_]
        return np.asarray(names + [UNSEEN_FEATURE_NAME], dtype=object)

    def _counts(self, sequences):
        unseen = self.n_events_
        counts = np.zeros((len(sequences), self.n_events_ + 1))
        for i, seq in enumerate(sequences):
            columns = [self.vocabulary_.get(event, unseen) for event in seq]
            counts[i] = np.bincount(columns, minlength=unseen + 1)
        return counts

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.target_tags.required = False
        return tags
