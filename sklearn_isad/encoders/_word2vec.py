# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""word2vec event embeddings trained on normal sequences."""

import zlib
from itertools import chain
from numbers import Integral

import numpy as np
from gensim.models import Word2Vec
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from sklearn_isad.utils import (
    check_sequence_labels,
    check_sequences,
    select_normal_sequences,
)


def _stable_hash(text):
    """Hash used by gensim to seed vectors; unlike ``hash`` it does not
    depend on PYTHONHASHSEED, so vectors repeat across processes."""
    return zlib.crc32(text.encode("utf-8"))


class Word2VecEventEncoder(TransformerMixin, BaseEstimator):
    """Encode each event of a sequence as its word2vec vector.

    word2vec (gensim) is trained on the normal sequences only, treating each
    sequence as a sentence and each event as a word. ``transform`` turns
    every sequence into a float32 array of shape ``(len(sequence),
    vector_size)``.

    Parameters
    ----------
    vector_size : int, default=8
        Dimension of the event vectors (the paper uses 8 for BGL and
        Thunderbird, 4 for HDFS).
    window : int, default=5
        Maximum distance between an event and its context events.
    sg : {0, 1}, default=1
        1 for skip-gram, 0 for CBOW.
    epochs : int, default=10
        Passes of word2vec over the normal sequences.
    unseen : {"zeros"}, default="zeros"
        Vector given to events never seen in training: the zero vector.
        Learned vectors are scaled to unit length, so it lies at distance 1
        from every seen event.
        Training with negatives that carry unseen events (see
        :class:`~sklearn_isad.NegativeSamplingAugmenter`) teaches the
        classifier what it means.
    random_state : int, RandomState instance or None, default=None
        Seeds word2vec. word2vec always runs on one worker thread with a
        hash that ignores PYTHONHASHSEED, so a fixed int gives identical
        vectors across processes.

    Attributes
    ----------
    vocabulary_ : dict
        Maps each event seen in the normal training sequences to its row in
        ``vectors_``, in order of first appearance.
    event_counts_ : ndarray of shape (n_events,)
        How often each event of ``vocabulary_`` occurs in the normal
        training sequences.
    vectors_ : ndarray of shape (n_events, vector_size)
        The learned event vectors, scaled to unit length.
    unseen_vector_ : ndarray of shape (vector_size,)
        The vector of events outside ``vocabulary_``.
    n_features_in_ : int
        Always ``vector_size``: the width of each encoded event.

    See Also
    --------
    sklearn_isad.InterpretableSADClassifier : Consumes the encoded sequences.

    Examples
    --------
    >>> from sklearn_isad import Word2VecEventEncoder
    >>> enc = Word2VecEventEncoder(vector_size=4, random_state=0)
    >>> Xt = enc.fit_transform([["a", "b"], ["a", "c", "b"]])
    >>> [x.shape for x in Xt]
    [(2, 4), (3, 4)]
    >>> enc.transform([["zzz"]])[0].tolist()
    [[0.0, 0.0, 0.0, 0.0]]
    """

    _parameter_constraints: dict = {
        "vector_size": [Interval(Integral, 1, None, closed="left")],
        "window": [Interval(Integral, 1, None, closed="left")],
        "sg": [Interval(Integral, 0, 1, closed="both")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "unseen": [StrOptions({"zeros"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        vector_size=8,
        window=5,
        sg=1,
        epochs=10,
        unseen="zeros",
        random_state=None,
    ):
        self.vector_size = vector_size
        self.window = window
        self.sg = sg
        self.epochs = epochs
        self.unseen = unseen
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Train word2vec on the normal sequences of ``X``.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids.
        y : array-like of shape (n_sequences,), default=None
            0 for normal, 1 for anomalous; rows with ``y == 1`` (for example
            synthetic negatives) are ignored. When None all rows are used.

        Returns
        -------
        self : object
            The fitted encoder.
        """
        sequences = check_sequences(X)
        y = check_sequence_labels(y, len(sequences), sequences=sequences)
        sequences = select_normal_sequences(sequences, y)
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)

        events = list(dict.fromkeys(chain.from_iterable(sequences)))
        self.vocabulary_ = {event: i for i, event in enumerate(events)}
        codes = [[self.vocabulary_[e] for e in s] for s in sequences]
        self.event_counts_ = np.bincount(
            list(chain.from_iterable(codes)), minlength=len(events)
        )

        # gensim wants str tokens; the row index keeps 1 and "1" apart
        sentences = [[str(c) for c in s] for s in codes]
        model = Word2Vec(
            sentences,
            vector_size=self.vector_size,
            window=self.window,
            min_count=1,
            sg=self.sg,
            epochs=self.epochs,
            workers=1,
            seed=seed,
            hashfxn=_stable_hash,
        )
        # unit length: the zero vector of unseen events stays apart from all
        raw = np.stack([model.wv[str(i)] for i in range(len(events))])
        norms = np.linalg.norm(raw, axis=1, keepdims=True)
        self.vectors_ = (raw / np.maximum(norms, 1e-12)).astype(np.float32)
        self.unseen_vector_ = np.zeros(self.vector_size, dtype=np.float32)
        self.n_features_in_ = self.vector_size
        return self

    def transform(self, X):
        """Encode each sequence as an array of event vectors.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids; events outside ``vocabulary_`` get
            ``unseen_vector_``.

        Returns
        -------
        Xt : ndarray of object of shape (n_sequences,)
            Element ``i`` is a float32 array of shape
            ``(len(X[i]), vector_size)``.
        """
        check_is_fitted(self)
        sequences = check_sequences(X)
        return self._encode(sequences)

    def _encode(self, sequences):
        table = np.vstack([self.vectors_, self.unseen_vector_[None, :]])
        missing = len(self.vectors_)
        get = self.vocabulary_.get
        out = np.empty(len(sequences), dtype=object)
        for i, seq in enumerate(sequences):
            out[i] = table[[get(e, missing) for e in seq]]
        return out

    def event_frequency(self, events):
        """Training count of each event (0 for events never seen).

        Parameters
        ----------
        events : sequence of event ids

        Returns
        -------
        counts : ndarray of int of shape (len(events),)
        """
        check_is_fitted(self)
        get = self.vocabulary_.get
        counts = np.append(self.event_counts_, 0)
        missing = len(self.event_counts_)
        return counts[[get(e, missing) for e in events]]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        # event ids in, float32 vectors out, whatever the input type
        tags.transformer_tags.preserves_dtype = []
        return tags
