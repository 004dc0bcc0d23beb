# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The per-sequence result of ``explain_events``."""

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class EventExplanation:
    """Which events of one sequence are to blame, and by how much.

    Every explainer of the package (Integrated Gradients from a generated
    or a zero baseline, Low-Freq, Anchors) returns one of these per input
    sequence, in input order, so one scorer serves them all.

    Parameters
    ----------
    events : list
        The sequence's event ids, as given.
    scores : ndarray of shape (len(events),)
        One attribution score per event; higher means more to blame.
    anomalous : ndarray of bool of shape (len(events),)
        Events flagged as anomalous. All False for a sequence that was
        predicted normal.
    baseline : list or None, default=None
        The generated normal baseline sequence the attribution starts from
        (event ids, same length as ``events``); ``None`` when the explainer
        uses no baseline sequence.
    f_input : float, default=nan
        Model output f(S): the probability that the sequence is anomalous.
    f_baseline : float, default=nan
        Model output f(S') for the baseline.
    completeness_gap : float, default=nan
        ``f_input - f_baseline - scores.sum()``; near zero when the
        Integrated Gradients path integral is accurate.
    predicted_anomalous : bool, default=False
        Whether the model flagged the sequence.
    n_replacements : int, default=0
        How many events the baseline search replaced.
    baseline_is_normal : bool, default=False
        Whether the model predicts the baseline normal (the search converged
        before ``tau`` replacements).
    """

    events: list
    scores: np.ndarray
    anomalous: np.ndarray
    baseline: list | None = None
    f_input: float = float("nan")
    f_baseline: float = float("nan")
    completeness_gap: float = float("nan")
    predicted_anomalous: bool = False
    n_replacements: int = 0
    baseline_is_normal: bool = False
    extra: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def anomalous_events(self):
        """list : The flagged event ids, in sequence order."""
        return [e for e, flag in zip(self.events, self.anomalous) if flag]

    @property
    def anomalous_positions(self):
        """ndarray of int : Positions of the flagged events."""
        return np.flatnonzero(self.anomalous)
