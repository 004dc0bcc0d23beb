# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of IsolationForestDetector and OneClassSVMDetector."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_isad.detectors import (
    EventCountVectorizer,
    IsolationForestDetector,
    OneClassSVMDetector,
)

FIFTY_IDENTICAL = [["E5", "E22", "E11", "E9", "E26"]] * 50


@pytest.mark.parametrize(
    "detector",
    [
        IsolationForestDetector(n_estimators=20, random_state=0),
        OneClassSVMDetector(),
        OneClassSVMDetector(nu=0.5),
        OneClassSVMDetector(kernel="linear"),
    ],
    ids=repr,
)
def test_fifty_identical_normal_sequences_not_flagged(detector):
    """Check that fifty identical training sequences are all predicted normal."""
    labels = detector.fit(FIFTY_IDENTICAL).predict(FIFTY_IDENTICAL)

    assert_array_equal(labels, np.zeros(50))


def test_isolation_forest_score_of_unsplittable_data_is_one_half():
    """Check that rows the trees cannot split score s = 2 ** -1 = 0.5."""
    detector = IsolationForestDetector(n_estimators=20, random_state=0)

    scores = detector.fit(FIFTY_IDENTICAL).decision_function(FIFTY_IDENTICAL[:3])

    assert_allclose(scores, 0.5)


def test_isolation_forest_flags_far_count():
    """Check that a count far outside the training range is flagged."""
    X = [["a"] * k + ["b"] for k in range(1, 41)]
    detector = IsolationForestDetector(random_state=0).fit(X)

    assert_array_equal(
        detector.predict([["a"] * 20 + ["b"], ["a"] * 200 + ["b"]]), [0, 1]
    )


def test_isolation_forest_auto_threshold_is_one_half():
    """Check that the auto threshold is Liu et al.'s 0.5 on varied data."""
    X = [["a"] * k + ["b"] for k in range(1, 41)]

    detector = IsolationForestDetector(random_state=0).fit(X)

    assert detector.threshold_ == 0.5


def test_one_class_svm_flags_unseen_events():
    """Check that the SVM flags a sequence made of events never seen in training."""
    X = [["a"] * k + ["b"] for k in range(1, 41)]
    detector = OneClassSVMDetector().fit(X)

    assert_array_equal(detector.predict([["a"] * 20 + ["b"], ["x", "y", "z"]]), [0, 1])


def test_one_class_svm_flags_at_most_nu_of_training():
    """Check that the auto boundary leaves at most a fraction nu of training out."""
    rng = np.random.RandomState(0)
    X = [["a"] * rng.randint(1, 9) + ["b"] * rng.randint(1, 9) for _ in range(200)]

    detector = OneClassSVMDetector(nu=0.1).fit(X)

    assert detector.predict(X).mean() <= 0.1 + 0.01


def test_one_class_svm_score_is_minus_kernel_expansion():
    """Check that the score is minus the SVM's score_samples (sign flipped once)."""
    X = [["a"] * k + ["b"] for k in range(1, 11)]
    detector = OneClassSVMDetector(vectorizer=EventCountVectorizer()).fit(X)
    features = detector.vectorizer_.transform(X)

    assert_allclose(
        detector.decision_function(X), -detector.estimator_.score_samples(features)
    )


def test_isolation_forest_random_state_changes_trees():
    """Check that different random_state values give different forests."""
    rng = np.random.RandomState(0)
    X = [["a"] * rng.randint(1, 9) + ["b"] * rng.randint(1, 9) for _ in range(60)]

    first = IsolationForestDetector(n_estimators=10, random_state=0).fit(X)
    second = IsolationForestDetector(n_estimators=10, random_state=1).fit(X)

    assert not np.allclose(first.decision_function(X), second.decision_function(X))
