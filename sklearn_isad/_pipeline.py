# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The InterpretableSAD pipeline and its event-level explanations."""

from numbers import Integral, Real

import numpy as np
import torch
from captum.attr import IntegratedGradients
from imblearn.pipeline import Pipeline
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from sklearn_isad._explanation import EventExplanation
from sklearn_isad.augment import NegativeSamplingAugmenter
from sklearn_isad.encoders import Word2VecEventEncoder
from sklearn_isad.neural import InterpretableSADClassifier
from sklearn_isad.neural._module import pad_batch
from sklearn_isad.utils import check_sequences

# Interpolated sequences are processed so that one forward pass holds about
# this many events (rows x length).
_IG_EVENTS_PER_PASS = 5_000


class ISADPipeline(Pipeline):
    """InterpretableSAD: sampler, encoder and classifier, plus explanations.

    An imbalanced-learn :class:`~imblearn.pipeline.Pipeline` (so the
    negative-sampling step runs during ``fit`` only) that adds
    :meth:`explain_events`: Algorithm 2's baseline search followed by
    Integrated Gradients. Usually built with :func:`make_isad_pipeline`.

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        Typically a :class:`~sklearn_isad.NegativeSamplingAugmenter`, a
        :class:`~sklearn_isad.Word2VecEventEncoder` and an
        :class:`~sklearn_isad.InterpretableSADClassifier`. One step must
        provide ``event_frequency`` (the encoder) and the last must be an
        :class:`~sklearn_isad.InterpretableSADClassifier`.
    eta : float, default=0.0
        An event of a flagged sequence is anomalous when its attribution
        score is above ``eta``.
    tau : int, default=20
        Most events the baseline search may replace.
    n_steps : int, default=50
        Integration steps of Integrated Gradients (Gauss-Legendre).
    baseline : {"generated", "zero"}, default="generated"
        ``"generated"`` runs the baseline search (the method);
        ``"zero"`` integrates from all-zero event vectors instead (the
        paper's zero-baseline ablation).
    transform_input : list of str, default=None
        See :class:`imblearn.pipeline.Pipeline`.
    memory : str or object with the joblib.Memory interface, default=None
        See :class:`imblearn.pipeline.Pipeline`.
    verbose : bool, default=False
        See :class:`imblearn.pipeline.Pipeline`.

    See Also
    --------
    make_isad_pipeline : Build the pipeline from flat parameters.

    Notes
    -----
    ``fit(X, y=None)`` learns from the normal sequences (``y == 0``, or all
    when ``y`` is None); ``predict`` returns 1 for anomalous sequences.

    Integrated Gradients attributes ``f(S) - f(S')`` to the positions where
    ``S`` and its baseline ``S'`` differ: events the baseline search left in
    place score exactly 0, so only replaced events can be flagged.
    """

    _parameter_constraints: dict = {
        **Pipeline._parameter_constraints,
        "eta": [Real],
        "tau": [Interval(Integral, 0, None, closed="left")],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "baseline": [StrOptions({"generated", "zero"})],
    }

    def __init__(
        self,
        steps,
        *,
        eta=0.0,
        tau=20,
        n_steps=50,
        baseline="generated",
        transform_input=None,
        memory=None,
        verbose=False,
    ):
        super().__init__(
            steps, transform_input=transform_input, memory=memory, verbose=verbose
        )
        self.eta = eta
        self.tau = tau
        self.n_steps = n_steps
        self.baseline = baseline

    @property
    def threshold_(self):
        """float : The classifier's threshold on the anomaly probability."""
        return self._final_estimator.threshold_

    def explain_events(self, X):
        """Score every event of every sequence; flag the anomalous ones.

        For each sequence the model flags, a normal baseline ``S'`` is
        searched (Algorithm 2): the event of ``S'`` with the lowest training
        frequency is replaced by its preceding event, until the model
        predicts ``S'`` normal or ``tau`` events were replaced. Integrated
        Gradients of the anomaly probability from ``S'`` to ``S``, summed
        over the vector dimensions, gives one score per event; events with
        a score above ``eta`` are anomalous.

        Parameters
        ----------
        X : list of sequences
            Sequences of event ids.

        Returns
        -------
        explanations : list of EventExplanation
            One per input sequence, in input order. Sequences predicted
            normal get zero scores and no anomalous event.
        """
        self._validate_params()
        clf = self._final_estimator
        check_is_fitted(clf)
        sequences = check_sequences(X)
        frequency = self._frequency_step().event_frequency

        vectors = self._encode(sequences)
        f_input = clf._proba_anomalous(vectors)[:, 1]
        flagged = np.flatnonzero(f_input > clf.threshold_)

        baselines = {i: list(sequences[i]) for i in range(len(sequences))}
        f_baseline = f_input.copy()
        n_replaced = np.zeros(len(sequences), dtype=int)
        if self.baseline == "generated":
            self._search_baselines(
                sequences, flagged, frequency, baselines, f_baseline, n_replaced
            )
        scores, f_base_ig = self._integrated_gradients(
            vectors, flagged, baselines, f_baseline
        )

        explanations = []
        for i, seq in enumerate(sequences):
            s = scores.get(i, np.zeros(len(seq)))
            is_flagged = bool(f_input[i] > clf.threshold_)
            mask = s > self.eta if is_flagged else np.zeros(len(seq), dtype=bool)
            fb = f_base_ig.get(i, f_baseline[i])
            explanations.append(
                EventExplanation(
                    events=seq,
                    scores=s,
                    anomalous=mask,
                    baseline=baselines[i] if self.baseline == "generated" else None,
                    f_input=float(f_input[i]),
                    f_baseline=float(fb),
                    completeness_gap=float(f_input[i] - fb - s.sum()),
                    predicted_anomalous=is_flagged,
                    n_replacements=int(n_replaced[i]),
                    baseline_is_normal=bool(fb <= clf.threshold_),
                )
            )
        return explanations

    def _frequency_step(self):
        for _, step in self.steps[:-1]:
            if hasattr(step, "event_frequency"):
                return step
        raise TypeError(
            "explain_events needs a step with event_frequency (such as "
            "Word2VecEventEncoder) to rank events by training frequency."
        )

    def _encode(self, sequences):
        """Run the non-sampling steps before the classifier."""
        Xt = sequences
        for _, _, transformer in self._iter(with_final=False, filter_passthrough=True):
            Xt = transformer.transform(Xt)
        return Xt

    def _search_baselines(
        self, sequences, flagged, frequency, baselines, f_baseline, n_replaced
    ):
        """Algorithm 2, one replacement per step for all pending sequences."""
        clf = self._final_estimator
        freqs = {i: frequency(sequences[i]).astype(float) for i in flagged}
        pending = list(flagged)
        for _ in range(self.tau):
            moved = []
            for i in pending:
                seq, freq = baselines[i], freqs[i]
                # a position equal to its predecessor cannot change
                movable = np.fromiter(
                    (a != b for a, b in zip(seq[1:], seq[:-1])),
                    dtype=bool,
                    count=len(seq) - 1,
                )
                if not movable.any():
                    continue
                candidates = np.flatnonzero(movable) + 1
                t = candidates[np.argmin(freq[candidates])]
                seq[t] = seq[t - 1]
                freq[t] = freq[t - 1]
                n_replaced[i] += 1
                moved.append(i)
            if not moved:
                break
            proba = clf._proba_anomalous(self._encode([baselines[i] for i in moved]))
            f_baseline[moved] = proba[:, 1]
            pending = [i for i, p in zip(moved, proba[:, 1]) if p > clf.threshold_]
            if not pending:
                break

    def _integrated_gradients(self, vectors, flagged, baselines, f_baseline):
        """Per-event IG scores of the flagged sequences, grouped by length."""
        if len(flagged) == 0:
            return {}, {}
        clf = self._final_estimator
        device = clf.net_.device

        def forward(x):
            lengths = torch.full((x.shape[0],), x.shape[1], dtype=torch.int64)
            return clf._forward_proba(x, lengths)

        ig = IntegratedGradients(forward)
        if self.baseline == "generated":
            base_vectors = self._encode([baselines[i] for i in flagged])
        else:
            base_vectors = [np.zeros_like(vectors[i]) for i in flagged]
        base_of = dict(zip(flagged.tolist(), base_vectors))

        scores, f_base = {}, {}
        lengths = np.array([len(vectors[i]) for i in flagged], dtype=int)
        for length in np.unique(lengths):
            group = flagged[lengths == length]
            per_pass = max(1, _IG_EVENTS_PER_PASS // int(length))
            n_seq = max(1, min(len(group), per_pass // self.n_steps))
            for start in range(0, len(group), n_seq):
                idx = group[start : start + n_seq]
                x = pad_batch([vectors[i] for i in idx])["x"].to(device)
                b = pad_batch([base_of[i] for i in idx])["x"].to(device)
                # cuDNN's LSTM has no backward pass in eval mode
                with torch.backends.cudnn.flags(enabled=False):
                    attr = ig.attribute(
                        x,
                        baselines=b,
                        n_steps=self.n_steps,
                        internal_batch_size=max(len(idx), per_pass),
                    )
                    with torch.no_grad():
                        fb = forward(b).cpu().numpy()
                # attr: (n_seq, length, n_features) -> one score per event
                per_event = attr.sum(dim=2).detach().cpu().numpy().astype(float)
                for row, i in enumerate(idx):
                    scores[i] = per_event[row]
                    f_base[i] = float(fb[row])
        return scores, f_base


def make_isad_pipeline(
    *,
    ratio=20,
    vector_size=8,
    window=5,
    hidden_size=128,
    num_layers=1,
    bidirectional=False,
    max_epochs=10,
    batch_size=128,
    lr=3e-3,
    eta=0.0,
    tau=20,
    n_steps=50,
    baseline="generated",
    device="cpu",
    random_state=None,
    verbose=0,
):
    """Build the InterpretableSAD pipeline from flat parameters.

    Parameters
    ----------
    ratio : float, default=20
        Negatives per normal sequence
        (:class:`~sklearn_isad.NegativeSamplingAugmenter`).
    vector_size : int, default=8
        Event vector size (:class:`~sklearn_isad.Word2VecEventEncoder`).
    window : int, default=5
        word2vec context window.
    hidden_size : int, default=128
        LSTM hidden size (:class:`~sklearn_isad.InterpretableSADClassifier`).
    num_layers : int, default=1
        Stacked LSTM layers.
    bidirectional : bool, default=False
        Bidirectional LSTM.
    max_epochs : int, default=10
        Training epochs.
    batch_size : int, default=128
        Training batch size.
    lr : float, default=3e-3
        Adam learning rate.
    eta : float, default=0.0
        Event score threshold of :meth:`ISADPipeline.explain_events`.
    tau : int, default=20
        Most replacements of the baseline search.
    n_steps : int, default=50
        Integrated Gradients steps.
    baseline : {"generated", "zero"}, default="generated"
        Baseline of Integrated Gradients.
    device : str, default="cpu"
        torch device.
    random_state : int, RandomState instance or None, default=None
        Passed to every step; an int makes the whole pipeline reproducible.
    verbose : int, default=0
        Epoch progress of the classifier when above 0.

    Returns
    -------
    pipeline : ISADPipeline
        Steps ``"augment"``, ``"encode"`` and ``"classify"``.

    Examples
    --------
    >>> from sklearn_isad import make_isad_pipeline
    >>> pipe = make_isad_pipeline(ratio=5, hidden_size=16, random_state=0)
    >>> [name for name, _ in pipe.steps]
    ['augment', 'encode', 'classify']
    """
    return ISADPipeline(
        [
            (
                "augment",
                NegativeSamplingAugmenter(ratio=ratio, random_state=random_state),
            ),
            (
                "encode",
                Word2VecEventEncoder(
                    vector_size=vector_size, window=window, random_state=random_state
                ),
            ),
            (
                "classify",
                InterpretableSADClassifier(
                    hidden_size=hidden_size,
                    num_layers=num_layers,
                    bidirectional=bidirectional,
                    max_epochs=max_epochs,
                    batch_size=batch_size,
                    lr=lr,
                    device=device,
                    random_state=random_state,
                    verbose=verbose,
                ),
            ),
        ],
        eta=eta,
        tau=tau,
        n_steps=n_steps,
        baseline=baseline,
    )
