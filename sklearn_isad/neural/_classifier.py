# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""InterpretableSAD's sequence classifier: an LSTM trained through skorch."""

from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted
from skorch import NeuralNetClassifier

from sklearn_isad.neural._module import (
    LSTMSequenceModule,
    collate_sequences,
    pad_batch,
)
from sklearn_isad.utils import check_sequence_labels


def check_vector_sequences(X, *, n_features=None, name="X"):
    """Validate encoded sequences: a collection of 2-D float arrays.

    Returns an object ndarray of float32 arrays of shape ``(len_i, d)``.
    """
    if isinstance(X, np.ndarray) and X.dtype != object and X.ndim == 3:
        X = list(X)
    if isinstance(X, (str, bytes)) or not hasattr(X, "__len__"):
        raise TypeError(
            f"{name} must be a collection of encoded sequences (2-D arrays of "
            f"event vectors), got {type(X).__name__}. Encode event ids first, "
            "e.g. with Word2VecEventEncoder, or use make_isad_pipeline."
        )
    if len(X) == 0:
        raise ValueError(f"{name} holds no sequence; at least one is required.")
    out = np.empty(len(X), dtype=object)
    for i, seq in enumerate(X):
        try:
            arr = np.asarray(seq, dtype=np.float32)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{name}[{i}] is not an array of event vectors; encode event "
                "ids first, e.g. with Word2VecEventEncoder."
            ) from exc
        if arr.ndim != 2 or arr.shape[0] == 0:
            raise ValueError(
                f"{name}[{i}] must have shape (n_events >= 1, n_features), got "
                f"{arr.shape}."
            )
        if n_features is not None and arr.shape[1] != n_features:
            raise ValueError(
                f"{name}[{i}] has {arr.shape[1]} features per event, but the "
                f"classifier was fitted with {n_features}."
            )
        n_features = arr.shape[1]
        out[i] = arr
    return out


class InterpretableSADClassifier(ClassifierMixin, BaseEstimator):
    """LSTM classifier of encoded event sequences (normal vs anomalous).

    The LSTM reads a sequence of event vectors (see
    :class:`~sklearn_isad.Word2VecEventEncoder`) and its last hidden state
    feeds a linear layer with two outputs; training minimises cross-entropy
    between normal sequences (0) and synthetic negatives (1), through skorch.

    Parameters
    ----------
    hidden_size : int, default=128
        LSTM hidden size (paper: 128 for BGL, 256 for Thunderbird, 64 for
        HDFS).
    num_layers : int, default=1
        Number of stacked LSTM layers.
    bidirectional : bool, default=False
        Bidirectional LSTM (the paper's Thunderbird setting).
    max_epochs : int, default=10
        Training epochs (the paper uses 10).
    batch_size : int, default=128
        Sequences per training batch. Predictions do not depend on it.
    lr : float, default=3e-3
        Adam learning rate.
    class_weight : {"balanced"} or None, default="balanced"
        Weights of the two classes in the cross-entropy loss. ``"balanced"``
        weights each class inversely to its count, so that the many
        synthetic negatives (20 per normal sequence by default) do not
        drown the normal class and 0.5 stays a sensible threshold; ``None``
        gives every sequence the same weight, as in the paper.
    threshold : float, default=0.5
        A sequence is predicted anomalous when its anomaly probability is
        above this value. It is fixed before training (the classifier
        separates normal from synthetic sequences, whose natural cut-off is
        0.5) and never chosen with test labels.
    device : str, default="cpu"
        torch device, e.g. ``"cuda"``. Nothing assumes CUDA.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation and batch shuffling. The seed is applied
        inside a forked torch random state, so the global torch generator is
        left as it was.
    verbose : int, default=0
        0 is silent; 1 prints one line per epoch (skorch's log).

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        ``[0, 1]``.
    net_ : skorch.NeuralNetClassifier
        The trained skorch net.
    module_ : LSTMSequenceModule
        The trained torch module (in eval mode).
    threshold_ : float
        The decision threshold on the anomaly probability.
    n_features_in_ : int
        Width of each event vector.

    See Also
    --------
    sklearn_isad.make_isad_pipeline : The usual way to build the classifier
        with its sampler and encoder.

    Notes
    -----
    A fitted classifier pickles (``pickle``, ``joblib``) with its trained
    net. A model fitted with ``device="cuda"`` loads on a machine without
    CUDA: skorch maps the weights to the CPU (with a ``DeviceWarning``) and
    the loaded model runs there; ``device`` keeps the value it was fitted
    with and ``net_.device`` says where the model now runs.

    Inputs are encoded sequences: a collection of float arrays of shape
    ``(len_i, n_features)``, of any lengths. Batches are zero-padded and
    packed, so padding never reaches the LSTM. Scores of the same sequence
    in different batches agree to float rounding (about 1e-7).
    """

    _parameter_constraints: dict = {
        "hidden_size": [Interval(Integral, 1, None, closed="left")],
        "num_layers": [Interval(Integral, 1, None, closed="left")],
        "bidirectional": ["boolean"],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [StrOptions({"balanced"}), None],
        "threshold": [Interval(Real, 0, 1, closed="neither")],
        "device": [str],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        hidden_size=128,
        num_layers=1,
        bidirectional=False,
        max_epochs=10,
        batch_size=128,
        lr=3e-3,
        class_weight="balanced",
        threshold=0.5,
        device="cpu",
        random_state=None,
        verbose=0,
    ):
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bidirectional = bidirectional
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.class_weight = class_weight
        self.threshold = threshold
        self.device = device
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the LSTM on encoded normal (0) and anomalous (1) sequences.

        Parameters
        ----------
        X : collection of arrays of shape (len_i, n_features)
            Encoded sequences.
        y : array-like of shape (n_sequences,)
            0 for normal, 1 for anomalous (synthetic negatives).

        Returns
        -------
        self : object
            The fitted classifier.
        """
        X = check_vector_sequences(X)
        y = check_sequence_labels(y, len(X), allow_none=False)
        if np.unique(y).size < 2:
            raise ValueError(
                "InterpretableSADClassifier needs both normal (0) and anomalous "
                f"(1) sequences, but y holds one class only ({int(y[0])}); "
                "generate anomalous ones from normal data with "
                "NegativeSamplingAugmenter, e.g. through make_isad_pipeline."
            )
        seed = int(check_random_state(self.random_state).randint(2**31 - 1))

        weight = None
        if self.class_weight == "balanced":
            counts = np.bincount(y, minlength=2)
            weight = torch.tensor(len(y) / (2.0 * counts), dtype=torch.float32)

        net = NeuralNetClassifier(
            LSTMSequenceModule,
            module__input_size=X[0].shape[1],
            module__hidden_size=self.hidden_size,
            module__num_layers=self.num_layers,
            module__bidirectional=self.bidirectional,
            criterion=torch.nn.CrossEntropyLoss,
            criterion__weight=weight,
            optimizer=torch.optim.Adam,
            lr=self.lr,
            max_epochs=self.max_epochs,
            batch_size=self.batch_size,
            train_split=None,
            classes=[0, 1],
            iterator_train__shuffle=True,
            iterator_train__collate_fn=collate_sequences,
            iterator_valid__collate_fn=collate_sequences,
            device=self.device,
            verbose=self.verbose,
        )
        # seed inside a forked generator; None forks every CUDA device too
        on_cuda = torch.device(self.device).type == "cuda"
        with torch.random.fork_rng(devices=None if on_cuda else []):
            torch.manual_seed(seed)
            net.fit(X, y)
        net.module_.eval()

        self.net_ = net
        self.module_ = net.module_
        self.classes_ = np.array([0, 1])
        self.threshold_ = float(self.threshold)
        self.n_features_in_ = X[0].shape[1]
        return self

    def predict_proba(self, X):
        """Probability of each class for each encoded sequence.

        Parameters
        ----------
        X : collection of arrays of shape (len_i, n_features)
            Encoded sequences.

        Returns
        -------
        proba : ndarray of shape (n_sequences, 2)
            Column 1 is the probability that the sequence is anomalous.
        """
        check_is_fitted(self)
        X = check_vector_sequences(X, n_features=self.n_features_in_)
        return self._proba_anomalous(X)

    def decision_function(self, X):
        """Anomaly score of each sequence (higher is more anomalous).

        Parameters
        ----------
        X : collection of arrays of shape (len_i, n_features)
            Encoded sequences.

        Returns
        -------
        scores : ndarray of shape (n_sequences,)
            The probability that each sequence is anomalous; compare it with
            ``threshold_``.
        """
        return self.predict_proba(X)[:, 1]

    def predict(self, X):
        """Predict 1 for anomalous sequences and 0 for normal ones.

        Parameters
        ----------
        X : collection of arrays of shape (len_i, n_features)
            Encoded sequences.

        Returns
        -------
        y_pred : ndarray of shape (n_sequences,)
        """
        return (self.decision_function(X) > self.threshold_).astype(int)

    def _proba_anomalous(self, X):
        """Validation-free predict_proba on an object array of vectors."""
        p1 = np.empty(len(X), dtype=np.float64)
        with torch.no_grad():
            for start in range(0, len(X), self.batch_size):
                chunk = X[start : start + self.batch_size]
                p1[start : start + len(chunk)] = (
                    self._forward_proba(**pad_batch(chunk)).cpu().numpy()
                )
        return np.column_stack([1.0 - p1, p1])

    def _forward_proba(self, x, lengths):
        """Anomaly probability for a padded batch, differentiable in ``x``."""
        self.module_.eval()
        x = x.to(self.net_.device)
        logits = self.module_(x, lengths)
        return torch.softmax(logits, dim=1)[:, 1]

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: never touch self
        # module_ is net_.module_. skorch pickles the net's torch state with
        # torch's own serialiser and, on load, maps it to the CPU when the
        # saved device is not available; pickling module_ a second time, as a
        # plain object, would fail on a machine without CUDA.
        state.pop("module_", None)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        if "net_" in state:
            self.module_ = self.net_.module_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.non_deterministic = False
        return tags
