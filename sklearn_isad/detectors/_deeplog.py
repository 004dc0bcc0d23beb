# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""DeepLog detector of Du et al. (CCS 2017)."""

from numbers import Integral, Real

from sklearn.utils._param_validation import Interval, StrOptions
from torch import nn

from sklearn_isad.detectors._next_event import BaseNextEventDetector


class DeepLogModule(nn.Module):
    """LSTM that predicts the next event from a window of event indices.

    Parameters
    ----------
    n_inputs : int
        Number of input indices (start token, events, unknown event).
    n_outputs : int
        Number of events that can be predicted.
    embedding_dim : int
        Size of the learned event embedding.
    hidden_size : int
        Hidden units per LSTM layer.
    num_layers : int
        Stacked LSTM layers.
    """

    def __init__(self, n_inputs, n_outputs, embedding_dim, hidden_size, num_layers):
        super().__init__()
        self.embedding = nn.Embedding(n_inputs, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_size, num_layers, batch_first=True)
        self.output = nn.Linear(hidden_size, n_outputs)

    def forward(self, windows):
        # windows: (batch, h) int64 -> (batch, h, embedding_dim)
        hidden, _ = self.lstm(self.embedding(windows))
        # last step: (batch, hidden_size) -> logits (batch, n_outputs)
        return self.output(hidden[:, -1])


class DeepLogDetector(BaseNextEventDetector):
    """Flag sequences whose events an LSTM did not expect.

    The method of Du et al. (2017): an LSTM learns, from normal sequences,
    to predict each event from the ``window_size`` events before it. At test
    time a sequence is anomalous when one of its events is not among the
    ``top_g`` most likely predictions. Events never seen in training are
    always outside. The event vocabulary comes from the training data.

    Parameters
    ----------
    window_size : int, default=10
        Number of previous events the prediction reads (``h`` in the paper).
        Positions with fewer previous events are padded with a start token.
    top_g : int, default=9
        An event is normal when it is among the ``top_g`` likeliest
        predictions (``g`` in the paper).
    embedding_dim : int, default=16
        Size of the learned event embedding fed to the LSTM.
    hidden_size : int, default=64
        Hidden units per LSTM layer.
    num_layers : int, default=2
        Stacked LSTM layers.
    max_epochs : int, default=10
        Training epochs.
    batch_size : int, default=256
        Windows per training batch.
    lr : float, default=1e-3
        Learning rate of the Adam optimiser.
    contamination : "auto" or float, default="auto"
        How ``threshold_`` is set. ``"auto"``: ``min(top_g, n_events_)``,
        the rule of the paper. A float in [0, 0.5]: the
        ``1 - contamination`` quantile of the training scores (worst ranks).
    device : str, default="cpu"
        Torch device used for training and prediction.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation and batch order.
    verbose : int, default=0
        Verbosity of skorch's training log.

    Attributes
    ----------
    vocabulary_ : dict
        Maps each training event id to its output class.
    n_events_ : int
        Number of events seen in training.
    net_ : skorch.NeuralNetClassifier
        The trained network (module ``DeepLogModule``).
    threshold_ : float
        Worst rank above which a sequence is anomalous.
    n_sequences_fit_ : int
        Number of normal sequences learned from.

    See Also
    --------
    LogAnomalyDetector : Adds template semantics and event counts.

    Notes
    -----
    ``decision_function`` returns, for each sequence, the worst rank of its
    events among the predictions (1 = the likeliest event); an event never
    seen in training has rank ``n_events_ + 1``. So ``predict`` is 1 exactly
    when some event is outside the ``top_g`` predictions. When ``top_g`` is
    at least ``n_events_``, ``threshold_`` is ``n_events_`` and only unseen
    events can be flagged.

    Training seeds torch's CPU generator with a value drawn from
    ``random_state`` inside :func:`torch.random.fork_rng`, which restores the
    global torch random state afterwards; ``fit``, ``predict`` and
    ``decision_function`` leave that state unchanged. A fixed
    ``random_state`` gives identical weights on CPU.

    References
    ----------
    .. [1] M. Du, F. Li, G. Zheng and V. Srikumar, "DeepLog: anomaly detection
       and diagnosis from system logs through deep learning", CCS 2017.

    Examples
    --------
    >>> from sklearn_isad.detectors import DeepLogDetector
    >>> X = [["a", "b", "c", "d"]] * 20
    >>> detector = DeepLogDetector(
    ...     window_size=2, top_g=1, max_epochs=40, lr=0.05, random_state=0
    ... ).fit(X)
    >>> detector.predict([["a", "b", "c", "d"], ["a", "c", "b", "d"]])
    array([0, 1])
    """

    _parameter_constraints: dict = {
        "window_size": [Interval(Integral, 1, None, closed="left")],
        "top_g": [Interval(Integral, 1, None, closed="left")],
        "embedding_dim": [Interval(Integral, 1, None, closed="left")],
        "hidden_size": [Interval(Integral, 1, None, closed="left")],
        "num_layers": [Interval(Integral, 1, None, closed="left")],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "lr": [Interval(Real, 0.0, None, closed="neither")],
        "contamination": [
            StrOptions({"auto"}),
            Interval(Real, 0.0, 0.5, closed="both"),
        ],
        "device": [str],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        window_size=10,
        top_g=9,
        embedding_dim=16,
        hidden_size=64,
        num_layers=2,
        max_epochs=10,
        batch_size=256,
        lr=1e-3,
        contamination="auto",
        device="cpu",
        random_state=None,
        verbose=0,
    ):
        self.window_size = window_size
        self.top_g = top_g
        self.embedding_dim = embedding_dim
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.contamination = contamination
        self.device = device
        self.random_state = random_state
        self.verbose = verbose

    def _module_params(self):
        return DeepLogModule, {
            "n_inputs": self._n_inputs,
            "n_outputs": self.n_events_,
            "embedding_dim": self.embedding_dim,
            "hidden_size": self.hidden_size,
            "num_layers": self.num_layers,
        }
