# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of LowFreqExplainer."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_isad._explanation import EventExplanation
from sklearn_isad.detectors import LowFreqExplainer

# Training counts: a 10, b 9, c 1 (20 events).
X_TRAIN = [["a", "b"]] * 9 + [["a", "c"]]


def test_event_scores_are_add_one_surprisal():
    """Check the rarity score -log((count + 1) / (n_events + 1)) of each event."""
    explainer = LowFreqExplainer().fit(X_TRAIN)

    [explanation] = explainer.explain_events([["a", "c", "z"]])

    assert_allclose(explanation.scores, -np.log(np.array([11, 2, 1]) / 21))


def test_events_below_min_frequency_are_anomalous():
    """Check that events seen fewer than min_frequency times are flagged."""
    explainer = LowFreqExplainer(min_frequency=10).fit(X_TRAIN)

    [explanation] = explainer.explain_events([["a", "b", "c", "z"]])

    assert_array_equal(explanation.anomalous, [False, True, True, True])
    assert explanation.anomalous_events == ["b", "c", "z"]


def test_float_min_frequency_is_fraction_of_training_events():
    """Check that a float min_frequency is a share of all training events."""
    # 0.1 * 20 events = 2 occurrences: only c (1) and unseen events are rare.
    explainer = LowFreqExplainer(min_frequency=0.1).fit(X_TRAIN)

    assert explainer.min_count_ == pytest.approx(2.0)
    assert_array_equal(explainer.predict([["a", "b"], ["c"], ["q"]]), [0, 1, 1])


def test_explanations_are_event_explanations_in_order():
    """Check that explain_events returns one EventExplanation per sequence, in order."""
    explainer = LowFreqExplainer().fit(X_TRAIN)
    X = [["a"], ["c", "a", "b"], ["b", "b"]]

    explanations = explainer.explain_events(X)

    assert all(isinstance(e, EventExplanation) for e in explanations)
    assert [e.events for e in explanations] == X
    assert [len(e.scores) for e in explanations] == [1, 3, 2]
    assert [e.predicted_anomalous for e in explanations] == [False, True, False]
    assert explanations[1].baseline is None


def test_predict_agrees_with_event_flags():
    """Check that a sequence is anomalous exactly when it holds a flagged event."""
    explainer = LowFreqExplainer(min_frequency=5).fit(X_TRAIN)
    X = [["a", "b"], ["a", "c"], ["z"], ["b"]]

    flags = [e.anomalous.any() for e in explainer.explain_events(X)]

    assert_array_equal(explainer.predict(X), np.array(flags, dtype=int))
    assert_array_equal(explainer.predict(X), [0, 1, 1, 0])
