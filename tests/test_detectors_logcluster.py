# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of LogClusterDetector."""

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_isad.detectors import EventCountVectorizer, LogClusterDetector


def test_score_is_cosine_distance_to_nearest_representative():
    """Check scores against cosine distances worked out by hand."""
    X = [["a"]] * 3 + [["b"]] * 3
    detector = LogClusterDetector(vectorizer=EventCountVectorizer()).fit(X)

    scores = detector.decision_function([["a", "b"], ["a", "b", "b"], ["c"]])

    # (1, 1): 1 - 1/sqrt(2); (1, 2): 1 - 2/sqrt(5); (0, 0, 1): orthogonal.
    assert detector.n_clusters_ == 2
    assert_allclose(scores, [1 - 1 / np.sqrt(2), 1 - 2 / np.sqrt(5), 1.0])
    assert_array_equal(
        detector.predict([["a", "b"], ["a", "b", "b"], ["c"]]), [0, 0, 1]
    )


def test_representative_is_most_central_member():
    """Check that the representative has the least copy-weighted mean distance."""
    # Counts (3, 1) x2, (3, 2), (4, 1) form one cluster; (3, 1) is central.
    X = [["a"] * 3 + ["b"]] * 2 + [["a"] * 3 + ["b"] * 2, ["a"] * 4 + ["b"]]
    detector = LogClusterDetector(vectorizer=EventCountVectorizer()).fit(X)

    assert detector.n_clusters_ == 1
    assert_array_equal(detector.representatives_, [[3, 1, 0]])
    assert_array_equal(detector.cluster_sizes_, [4])


def test_complete_linkage_keeps_training_within_threshold():
    """Check that every training sequence is within the threshold of its cluster."""
    rng = np.random.RandomState(0)
    X = [
        ["a"] * rng.randint(0, 4)
        + ["b"] * rng.randint(1, 4)
        + ["c"] * rng.randint(0, 3)
        for _ in range(80)
    ]

    detector = LogClusterDetector(distance_threshold=0.1).fit(X)

    assert detector.n_clusters_ > 1
    assert detector.decision_function(X).max() <= 0.1
    assert detector.predict(X).sum() == 0


def test_all_zero_rows_are_handled():
    """Check that all-zero vectors get distance 0 to each other and 1 to others."""
    # Centred counts of identical sequences are all zero.
    vectorizer = EventCountVectorizer(with_mean=True)
    detector = LogClusterDetector(vectorizer=vectorizer).fit([["a"]] * 3)

    scores = detector.decision_function([["a"], ["a", "a"]])

    assert detector.n_clusters_ == 1
    assert_array_equal(scores, [0.0, 1.0])
    assert_array_equal(detector.predict([["a"], ["a", "a"]]), [0, 1])


def test_single_training_sequence_forms_one_cluster():
    """Check that a single training sequence is its own cluster."""
    detector = LogClusterDetector().fit([["a", "b"]])

    assert detector.n_clusters_ == 1
    assert_array_equal(detector.predict([["b", "a"], ["c"]]), [0, 1])
