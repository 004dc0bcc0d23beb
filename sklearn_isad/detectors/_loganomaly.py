# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""LogAnomaly detector of Meng et al. (IJCAI 2019)."""

import re
import zlib
from collections.abc import Mapping
from numbers import Integral, Real

import numpy as np
import torch
from gensim.models import Word2Vec
from sklearn.utils._param_validation import Interval, StrOptions
from torch import nn

from sklearn_isad.detectors._base import event_sort_key
from sklearn_isad.detectors._next_event import PAD_INDEX, BaseNextEventDetector

_WORD = re.compile(r"[a-z]+")
_WILDCARD = re.compile(r"<\*>")

#: Passes over the template corpus when training the word vectors; templates
#: are few and short, so the corpus is tiny and needs many passes.
WORD2VEC_EPOCHS = 50


def template_words(template):
    """Split a template into lower-case words, dropping ``<*>`` wildcards.

    Parameters
    ----------
    template : str
        Template text, e.g. ``"Receiving block <*> src: <*>"``.

    Returns
    -------
    words : list of str
        Runs of letters, e.g. ``["receiving", "block", "src"]``.

    Examples
    --------
    >>> template_words("<*>Receiving block<*>src:<*>dest:<*>")
    ['receiving', 'block', 'src', 'dest']
    """
    return _WORD.findall(_WILDCARD.sub(" ", template).lower())


def _stable_hash(text):
    # gensim's default word hash is Python's hash(), which changes with
    # PYTHONHASHSEED; a checksum keeps runs repeatable.
    return zlib.crc32(text.encode("utf-8"))


class LogAnomalyModule(nn.Module):
    """Two LSTMs: one over template vectors, one over running event counts.

    Parameters
    ----------
    template_vectors : ndarray of shape (n_inputs, vector_size)
        Fixed semantic vector of every input index (zeros for the start
        token and for events without a template).
    count_columns : ndarray of shape (n_inputs,) of int
        Column of the count vector each input index adds to; -1 for the
        start token, which is not counted.
    n_outputs : int
        Number of events that can be predicted.
    hidden_size : int
        Hidden units per LSTM layer.
    num_layers : int
        Stacked LSTM layers.
    """

    def __init__(
        self, template_vectors, count_columns, n_outputs, hidden_size, num_layers
    ):
        super().__init__()
        vectors = torch.as_tensor(np.asarray(template_vectors), dtype=torch.float32)
        columns = np.asarray(count_columns)
        one_hot = torch.zeros(len(columns), int(columns.max()) + 1)
        counted = np.flatnonzero(columns >= 0)
        one_hot[counted, columns[counted]] = 1.0

        self.semantic = nn.Embedding.from_pretrained(vectors, freeze=True)
        self.register_buffer("count_map", one_hot)
        self.sequential = nn.LSTM(
            vectors.shape[1], hidden_size, num_layers, batch_first=True
        )
        self.quantitative = nn.LSTM(
            one_hot.shape[1], hidden_size, num_layers, batch_first=True
        )
        self.output = nn.Linear(2 * hidden_size, n_outputs)

    def forward(self, windows):
        # Sequential pattern: (batch, h) -> (batch, h, vector_size) -> LSTM.
        sequential, _ = self.sequential(self.semantic(windows))
        # Quantitative pattern: counts of each event in window[:j + 1], for
        # every step j: (batch, h, n_count_columns) -> LSTM.
        counts = self.count_map[windows].cumsum(dim=1)
        quantitative, _ = self.quantitative(counts)
        # Both last states -> logits (batch, n_outputs).
        return self.output(torch.cat([sequential[:, -1], quantitative[:, -1]], dim=1))


class LogAnomalyDetector(BaseNextEventDetector):
    """Next-event prediction from template semantics and event counts.

    The method of Meng et al. (2019). Each event is represented by a
    semantic vector of its template text: the mean of the template's word
    vectors, learned with gensim's Word2Vec on the template texts (no
    pretrained files), normalised to unit length. From the ``window_size``
    events before a position, one LSTM reads the sequence of template
    vectors (sequential pattern) and another the running counts of each
    event in the window (quantitative pattern); together they predict the
    next event. As in DeepLog, a sequence is anomalous when an actual event
    is not among the ``top_g`` likeliest predictions.

    Parameters
    ----------
    templates : dict
        Maps each event id to its template text, e.g. a Drain parser's
        ``templates_``. Every event of the training sequences must have a
        template; events of later sequences may lack one.
    window_size : int, default=10
        Number of previous events read; missing ones are a start token.
    top_g : int, default=9
        An event is normal when among the ``top_g`` likeliest predictions.
    vector_size : int, default=16
        Size of the word and template vectors.
    hidden_size : int, default=64
        Hidden units per LSTM layer (both LSTMs).
    num_layers : int, default=2
        Stacked layers of each LSTM.
    max_epochs : int, default=10
        Training epochs of the network.
    batch_size : int, default=256
        Windows per training batch.
    lr : float, default=1e-3
        Learning rate of the Adam optimiser.
    contamination : "auto" or float, default="auto"
        How ``threshold_`` is set. ``"auto"``: ``min(top_g, n_events_)``,
        as in DeepLog. A float in [0, 0.5]: the ``1 - contamination``
        quantile of the training scores (worst ranks).
    device : str, default="cpu"
        Torch device used for training and prediction.
    random_state : int, RandomState instance or None, default=None
        Seeds the word vectors, weight initialisation and batch order.
    verbose : int, default=0
        Verbosity of skorch's training log.

    Attributes
    ----------
    vocabulary_ : dict
        Maps each training event id to its output class.
    n_events_ : int
        Number of events seen in training.
    template_vectors_ : dict
        Semantic vector of every event id of ``templates``.
    word_vectors_ : gensim.models.KeyedVectors
        The trained word vectors.
    net_ : skorch.NeuralNetClassifier
        The trained network (module ``LogAnomalyModule``).
    threshold_ : float
        Worst rank above which a sequence is anomalous.
    n_sequences_fit_ : int
        Number of normal sequences learned from.

    See Also
    --------
    DeepLogDetector : Next-event prediction from event identities alone.

    Notes
    -----
    ``decision_function`` is the worst rank of a sequence's events among the
    predictions, as in :class:`DeepLogDetector`; an event never seen in
    training has rank ``n_events_ + 1`` and is always outside the top
    ``top_g``. As input, such an event still carries its template vector
    when ``templates`` holds it, and is counted in a shared "unseen" count;
    an event with no template gets a zero vector. Meng et al. also match new
    templates to the most similar known one, so that an unseen but similar
    event counts as normal; that matching is not done here.

    The word vectors are trained on the template texts of ``templates``
    (not on labels), with one worker, ``WORD2VEC_EPOCHS`` passes, a seed
    drawn from ``random_state`` and a hash that does not depend on
    ``PYTHONHASHSEED``, so they repeat exactly. Meng et al. build template
    vectors with synonym and antonym knowledge; plain Word2Vec replaces it.
    Their quantitative LSTM reads count vectors too; here it reads the
    running counts inside the window.

    References
    ----------
    .. [1] W. Meng, Y. Liu, Y. Zhu et al., "LogAnomaly: unsupervised detection
       of sequential and quantitative anomalies in unstructured logs",
       IJCAI 2019.

    Examples
    --------
    >>> from sklearn_isad.detectors import LogAnomalyDetector
    >>> templates = {"a": "open file <*>", "b": "read <*> bytes",
    ...              "c": "close file <*>", "d": "disk failure on <*>"}
    >>> X = [["a", "b", "c"]] * 20
    >>> detector = LogAnomalyDetector(
    ...     templates=templates, window_size=2, top_g=1, max_epochs=40,
    ...     lr=0.05, random_state=0,
    ... ).fit(X)
    >>> detector.predict([["a", "b", "c"], ["a", "d", "c"]])
    array([0, 1])
    """

    _parameter_constraints: dict = {
        "templates": [Mapping, None],
        "window_size": [Interval(Integral, 1, None, closed="left")],
        "top_g": [Interval(Integral, 1, None, closed="left")],
        "vector_size": [Interval(Integral, 1, None, closed="left")],
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
        templates=None,
        window_size=10,
        top_g=9,
        vector_size=16,
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
        self.templates = templates
        self.window_size = window_size
        self.top_g = top_g
        self.vector_size = vector_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.contamination = contamination
        self.device = device
        self.random_state = random_state
        self.verbose = verbose

    def _prepare(self, sequences, random_state):
        if self.templates is None:
            raise ValueError(
                "LogAnomalyDetector needs templates: a dict mapping each event "
                "id to its template text (e.g. the templates_ of a fitted "
                "Drain parser); got templates=None."
            )
        events = {event for seq in sequences for event in seq}
        missing = sorted(map(repr, events.difference(self.templates)))
        if missing:
            raise ValueError(
                f"templates has no text for {len(missing)} event id(s) of the "
                f"training sequences, e.g. {', '.join(missing[:5])}. Keys must "
                "equal the event ids exactly (1 and '1' differ)."
            )

        seed = random_state.randint(np.iinfo(np.int32).max)
        self.word_vectors_, self.template_vectors_ = self._learn_template_vectors(seed)

    def _learn_template_vectors(self, seed):
        keys = sorted(self.templates, key=event_sort_key)
        words = {key: template_words(str(self.templates[key])) for key in keys}
        model = Word2Vec(
            sentences=[words[key] for key in keys if words[key]] or [["<empty>"]],
            vector_size=self.vector_size,
            window=5,
            min_count=1,
            workers=1,
            seed=seed,
            hashfxn=_stable_hash,
            epochs=WORD2VEC_EPOCHS,
        )
        vectors = {}
        for key in keys:
            if words[key]:
                vector = np.mean([model.wv[word] for word in words[key]], axis=0)
            else:
                vector = np.zeros(self.vector_size, dtype=np.float32)
            norm = np.linalg.norm(vector)
            vectors[key] = vector / norm if norm > 0 else vector
        return model.wv, vectors

    def _extra_input_events(self, sequences):
        # Events with a template but absent from training get their own
        # input index, so they keep their semantic vector at predict time.
        known = {event for seq in sequences for event in seq}
        keys = sorted(self.templates, key=event_sort_key)
        return [key for key in keys if key not in known]

    def _module_params(self):
        vectors = np.zeros((self._n_inputs, self.vector_size), dtype=np.float32)
        count_columns = np.full(self._n_inputs, self.n_events_, dtype=np.int64)
        count_columns[PAD_INDEX] = -1
        for event, index in self._input_index.items():
            vectors[index] = self.template_vectors_[event]
            if event in self.vocabulary_:
                count_columns[index] = self.vocabulary_[event]
        return LogAnomalyModule, {
            "template_vectors": vectors,
            "count_columns": count_columns,
            "n_outputs": self.n_events_,
            "hidden_size": self.hidden_size,
            "num_layers": self.num_layers,
        }
