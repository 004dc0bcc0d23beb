# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of EventCountVectorizer."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_isad.detectors import EventCountVectorizer


def test_counts_with_unseen_column():
    """Check that counts land in the event's column and unseen ones in the last."""
    vec = EventCountVectorizer().fit([["b", "a", "a"], ["c"]])

    counts = vec.transform([["a", "c", "z", "a", "y"], ["b"]])

    assert vec.vocabulary_ == {"a": 0, "b": 1, "c": 2}
    assert_array_equal(counts, [[2, 0, 1, 2], [0, 1, 0, 0]])


def test_feature_names_end_with_unseen():
    """Check that the feature names are the event ids then the unseen column."""
    vec = EventCountVectorizer().fit([[3, 1], [2]])

    assert vec.get_feature_names_out().tolist() == ["1", "2", "3", "<unseen>"]


def test_int_and_str_ids_are_different_events():
    """Check that 1 and '1' get separate columns."""
    vec = EventCountVectorizer().fit([[1, "1", 1]])

    assert_array_equal(vec.transform([[1, "1"]]), [[1, 1, 0]])


def test_idf_weights_match_hand_computation():
    """Check the smoothed idf: log((1 + n) / (1 + df)) + 1 per column."""
    # n = 4 sequences; "a" in all 4, "b" in 1, unseen in 0.
    vec = EventCountVectorizer(use_idf=True).fit([["a", "b"], ["a"], ["a"], ["a"]])

    expected_idf = [1.0, np.log(5 / 2) + 1, np.log(5) + 1]
    assert_allclose(vec.idf_, expected_idf)
    assert_allclose(vec.transform([["a", "a", "b", "q"]]), [[2.0, *expected_idf[1:]]])


def test_with_mean_centres_training_rows():
    """Check that with_mean gives zero-mean columns on the training data."""
    X = [["a", "b"], ["a", "a"], ["b", "b", "b"]]
    vec = EventCountVectorizer(use_idf=True, with_mean=True)

    features = vec.fit_transform(X)

    assert_allclose(features.mean(axis=0), 0.0, atol=1e-12)
    assert_allclose(vec.mean_, vec.idf_ * [1.0, 4 / 3, 0.0])


def test_fit_uses_only_normal_sequences():
    """Check that events of sequences labelled anomalous stay out of the vocabulary."""
    vec = EventCountVectorizer().fit([["a"], ["bad"]], [0, 1])

    assert vec.vocabulary_ == {"a": 0}


def test_fit_transform_returns_a_row_per_sequence():
    """Check that fit_transform with labels still returns a row for every sequence."""
    features = EventCountVectorizer().fit_transform([["a"], ["bad"], ["a"]], [0, 1, 0])

    assert_array_equal(features, [[1, 0], [0, 1], [1, 0]])


def test_fit_without_normal_sequence_raises():
    """Check that fitting on anomalous sequences only is refused."""
    with pytest.raises(ValueError, match="at least one normal sequence"):
        EventCountVectorizer().fit([["a"], ["b"]], [1, 1])


def test_invalid_parameter_is_named():
    """Check that a bad use_idf value raises an error naming the parameter."""
    with pytest.raises(ValueError, match="use_idf"):
        EventCountVectorizer(use_idf="yes").fit([["a"]])


def test_transform_before_fit_raises():
    """Check that transform on an unfitted vectorizer raises NotFittedError."""
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError, match="not fitted"):
        EventCountVectorizer().transform([["a"]])
