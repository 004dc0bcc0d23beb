# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Shared code of the detectors that predict the next event of a sequence.

DeepLog and LogAnomaly both read a window of the ``h`` events before each
position, predict a distribution over the events seen in training, and flag a
sequence when an actual event is not among the ``g`` most likely predictions.
Windows, the vocabulary, seeded training of the skorch network and rank
scoring live here once.
"""

from abc import abstractmethod

import numpy as np
import torch
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.utils import check_random_state
from skorch import NeuralNetClassifier

from sklearn_isad.detectors._base import BaseDetector, event_sort_key

#: Input index of the start/padding token that fills a window before the
#: first event. Event ids map to indices >= 1, so the two never collide.
PAD_INDEX = 0


class BaseNextEventDetector(BaseDetector):
    """Base class of next-event prediction detectors.

    Subclasses set the usual parameters (``window_size``, ``top_g``,
    ``max_epochs``, ``batch_size``, ``lr``, ``device``, ``random_state``,
    ``verbose``, ``contamination``) and implement ``_module_params()``,
    returning the torch module class and its keyword arguments. They may
    override ``_prepare(sequences, random_state)``, run before the network is
    built, and ``_extra_input_events(sequences)``, which gives input indices
    to events that are not training targets.

    Notes
    -----
    Each position ``t`` of a sequence is predicted from the ``window_size``
    events before it; missing positions at the start are filled with a start
    token, so the first events and sequences shorter than the window are
    scored too. Input indices: 0 is the start token, ``1..n_events_`` the
    training events, then any extra events, then one index for events with
    no known representation.

    The score of a sequence is the worst rank, over its positions, of the
    actual event among the predicted ones (1 = most likely). An event never
    seen in training cannot be predicted and gets rank ``n_events_ + 1``.
    With ``contamination="auto"`` the threshold is ``min(top_g, n_events_)``:
    a sequence is anomalous when some event is outside the ``top_g``
    predictions. There are only ``n_events_`` candidates, so a larger
    ``top_g`` accepts every training event but still no unseen one.

    Training draws its randomness (weight initialisation, batch order) from
    torch's CPU generator seeded with a value drawn from ``random_state``,
    inside :func:`torch.random.fork_rng`, so the global torch state is the
    same after ``fit`` as before (scoring is forked too, because torch's data
    loader draws from the global generator). A fixed ``random_state`` gives
    identical results on CPU.
    """

    def _fit(self, sequences):
        events = sorted(
            {event for seq in sequences for event in seq}, key=event_sort_key
        )
        self.vocabulary_ = {event: i for i, event in enumerate(events)}
        self.n_events_ = len(events)
        random_state = check_random_state(self.random_state)
        self._prepare(sequences, random_state)

        # Input indices: start token, training events, extra events, unknown.
        input_index = {event: i + 1 for i, event in enumerate(events)}
        for event in self._extra_input_events(sequences):
            input_index.setdefault(event, len(input_index) + 1)
        self._input_index = input_index
        self._unknown_index = len(input_index) + 1
        self._n_inputs = self._unknown_index + 1

        windows, targets, _ = self._windows(sequences)
        module, module_kwargs = self._module_params()
        seed = random_state.randint(np.iinfo(np.int32).max)
        with torch.random.fork_rng(devices=[]):
            torch.random.default_generator.manual_seed(seed)
            net = NeuralNetClassifier(
                module,
                criterion=torch.nn.CrossEntropyLoss,
                optimizer=torch.optim.Adam,
                lr=self.lr,
                max_epochs=self.max_epochs,
                batch_size=self.batch_size,
                train_split=None,
                iterator_train__shuffle=True,
                classes=np.arange(self.n_events_),
                device=self.device,
                verbose=self.verbose,
                **{f"module__{key}": value for key, value in module_kwargs.items()},
            )
            net.fit(windows, targets)
        self.net_ = net

    def _prepare(self, sequences, random_state):
        pass

    def _extra_input_events(self, sequences):
        return []

    @abstractmethod
    def _module_params(self):
        """Return the torch module class and its keyword arguments."""

    def _windows(self, sequences):
        """Windows, targets and owning sequence of every position.

        Returns
        -------
        windows : ndarray of shape (n_positions, window_size) of int64
            Input indices of the events before each position.
        targets : ndarray of shape (n_positions,) of int64
            Class of the event at the position, -1 if never seen in training.
        owners : ndarray of shape (n_positions,) of int64
            Index of the sequence each position belongs to.
        """
        h = self.window_size
        windows, targets, owners = [], [], []
        for i, seq in enumerate(sequences):
            indices = [
                self._input_index.get(event, self._unknown_index) for event in seq
            ]
            padded = np.asarray([PAD_INDEX] * h + indices, dtype=np.int64)
            windows.append(sliding_window_view(padded, h)[: len(seq)])
            targets.append([self.vocabulary_.get(event, -1) for event in seq])
            owners.append(np.full(len(seq), i))
        return (
            np.concatenate(windows),
            np.concatenate(targets).astype(np.int64),
            np.concatenate(owners),
        )

    def _score(self, sequences):
        windows, targets, owners = self._windows(sequences)

        # Score each distinct window once.
        distinct, inverse = np.unique(windows, axis=0, return_inverse=True)
        # torch's DataLoader draws a seed from the global generator even when
        # it does not shuffle; fork so that scoring leaves it unchanged.
        with torch.random.fork_rng(devices=[]):
            logits = self.net_.forward(distinct, training=False).numpy()
        logits = logits[inverse.ravel()]

        # Rank of the actual event: 1 + number of events predicted likelier.
        ranks = np.full(len(targets), self.n_events_ + 1, dtype=float)
        seen = targets >= 0
        actual = logits[seen, targets[seen]]
        ranks[seen] = 1 + np.sum(logits[seen] > actual[:, None], axis=1)

        worst = np.zeros(len(sequences))
        np.maximum.at(worst, owners, ranks)
        return worst

    def _auto_threshold(self, train_scores):
        return float(min(self.top_g, self.n_events_))
