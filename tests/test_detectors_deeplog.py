# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of DeepLogDetector."""

import numpy as np
import pytest
import torch
from numpy.testing import assert_array_equal

from sklearn_isad.detectors import DeepLogDetector

# One pattern repeated: every position has a single possible next event.
PATTERN = ["a", "b", "c", "d", "e"]


def _small_deeplog(**params):
    defaults = dict(
        window_size=2,
        top_g=1,
        embedding_dim=8,
        hidden_size=16,
        num_layers=1,
        max_epochs=30,
        batch_size=32,
        lr=0.05,
        random_state=0,
    )
    return DeepLogDetector(**{**defaults, **params})


@pytest.fixture(scope="module")
def deeplog():
    return _small_deeplog().fit([PATTERN] * 20)


def test_vocabulary_comes_from_data(deeplog):
    """Check that the output classes are exactly the training events."""
    assert deeplog.vocabulary_ == {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}
    assert deeplog.n_events_ == 5


def test_training_pattern_has_every_event_ranked_first(deeplog):
    """Check that a training sequence scores worst rank 1 and is normal."""
    assert_array_equal(deeplog.decision_function([PATTERN]), [1.0])
    assert_array_equal(deeplog.predict([PATTERN]), [0])


def test_event_that_never_followed_its_window_is_flagged(deeplog):
    """Check that a third event that never followed the first two is flagged."""
    # "d" is a training event, but after ("a", "b") only "c" ever came.
    assert deeplog.decision_function([["a", "b", "d"]])[0] > 1
    assert_array_equal(deeplog.predict([["a", "b", "d"]]), [1])


def test_unseen_event_gets_rank_past_vocabulary(deeplog):
    """Check that an event never seen in training has rank n_events_ + 1."""
    assert_array_equal(deeplog.decision_function([["a", "b", "zzz"]]), [6.0])
    assert_array_equal(deeplog.predict([["a", "b", "zzz"]]), [1])


def test_sequences_shorter_than_window_are_scored(deeplog):
    """Check that the first events are scored from the start token."""
    # "a" is what starts every training sequence; "c" never starts one.
    assert_array_equal(deeplog.predict([["a"], ["c"]]), [0, 1])


def test_start_token_does_not_collide_with_event_ids():
    """Check that an event id 0 (or "") is not confused with the start token."""
    detector = _small_deeplog().fit([[0, "", 2]] * 20)

    assert_array_equal(detector.predict([[0, "", 2], ["", 2], [2]]), [0, 1, 1])


def test_threshold_is_top_g():
    """Check that the auto threshold equals top_g."""
    detector = _small_deeplog(top_g=3, max_epochs=1).fit([PATTERN] * 5)

    assert detector.threshold_ == 3.0


def test_same_random_state_gives_identical_network():
    """Check that a fixed random_state gives identical weights on CPU."""
    first = _small_deeplog(max_epochs=3).fit([PATTERN] * 10)
    second = _small_deeplog(max_epochs=3).fit([PATTERN] * 10)

    for (name, w1), (_, w2) in zip(
        first.net_.module_.state_dict().items(),
        second.net_.module_.state_dict().items(),
        strict=True,
    ):
        assert torch.equal(w1, w2), name


def test_fit_leaves_global_torch_random_state_unchanged():
    """Check that fitting does not change torch's global random state."""
    before = torch.random.get_rng_state()

    _small_deeplog(max_epochs=2).fit([PATTERN] * 10)

    assert torch.equal(before, torch.random.get_rng_state())


def test_single_event_type_training():
    """Check that a vocabulary of one event trains and flags other events."""
    detector = _small_deeplog(max_epochs=2).fit([["a", "a", "a"]] * 5)

    assert_array_equal(detector.predict([["a"] * 7, ["a", "b"]]), [0, 1])


def test_scores_align_with_inputs(deeplog):
    """Check that scoring a batch equals scoring each sequence alone."""
    X = [["a", "b", "d"], PATTERN, ["zzz"], ["a"], ["c", "d", "e", "a"]]

    batch = deeplog.decision_function(X)

    alone = np.concatenate([deeplog.decision_function([seq]) for seq in X])
    assert_array_equal(batch, alone)


def test_unseen_event_flagged_when_top_g_exceeds_vocabulary():
    """Check that an unseen event is flagged even when top_g >= n_events_."""
    detector = _small_deeplog(top_g=9, max_epochs=1).fit([PATTERN] * 5)

    assert detector.threshold_ == 5.0
    assert_array_equal(detector.predict([["a", "zzz"], ["e", "d", "c"]]), [1, 0])
