# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of PCADetector."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.stats import chi2, norm

from sklearn_isad.detectors import EventCountVectorizer, PCADetector
from sklearn_isad.detectors._pca import q_statistic


def _counts_to_sequences(counts, events=("a", "b")):
    return [
        [e for e, c in zip(events, row, strict=True) for _ in range(c)]
        for row in counts
    ]


def test_score_in_normal_subspace_is_zero():
    """Check that a sequence on the line of the training counts scores near zero."""
    # Counts (1, 1), (2, 2), (3, 3) span the direction (1, 1); idf weights are
    # 1 because both events occur in every sequence.
    X = _counts_to_sequences([(1, 1), (2, 2), (3, 3)])
    detector = PCADetector().fit(X)

    score = detector.decision_function(_counts_to_sequences([(5, 5)]))

    assert detector.n_components_ == 1
    assert_allclose(score, 0.0, atol=1e-12)
    assert detector.predict(_counts_to_sequences([(5, 5)]))[0] == 0


def test_score_off_subspace_matches_hand_computation():
    """Check the squared prediction error of a sequence off the normal subspace."""
    # (2, 1) centred on the mean (2, 2) is (0, -1); its part orthogonal to
    # (1, 1) / sqrt(2) is (0.5, -0.5), of squared length 0.5.
    detector = PCADetector().fit(_counts_to_sequences([(1, 1), (2, 2), (3, 3)]))

    score = detector.decision_function(_counts_to_sequences([(2, 1)]))

    assert_allclose(score, [0.5])
    assert detector.predict(_counts_to_sequences([(2, 1)]))[0] == 1


def test_float_n_components_keeps_fewest_reaching_ratio():
    """Check that a float n_components keeps the fewest components reaching it."""
    # Count columns with variances 4/3 and 1/3 and no covariance: ratios 0.8, 0.2.
    X = _counts_to_sequences([(1, 1), (3, 1), (1, 2), (3, 2)])
    vectorizer = EventCountVectorizer()

    one = PCADetector(n_components=0.75, vectorizer=vectorizer).fit(X)
    two = PCADetector(n_components=0.85, vectorizer=vectorizer).fit(X)

    assert_allclose(one.explained_variance_, [4 / 3, 1 / 3, 0.0], atol=1e-12)
    assert (one.n_components_, two.n_components_) == (1, 2)


def test_threshold_is_q_statistic_of_single_residual_direction():
    """Check the Jackson-Mudholkar limit against its closed form for one residual."""
    # With one residual variance lam, h0 = 1/3 and the limit reduces to
    # lam * (7/9 + z * sqrt(2) / 3) ** 3, z the normal quantile.
    counts = [(1, 2), (2, 1), (3, 5), (4, 3), (5, 6), (6, 4)]
    detector = PCADetector(
        n_components=1, confidence=0.999, vectorizer=EventCountVectorizer()
    ).fit(_counts_to_sequences(counts))
    lam = np.linalg.eigvalsh(np.cov(np.asarray(counts, dtype=float).T))[0]

    z = norm.ppf(0.999)
    assert_allclose(detector.threshold_, lam * (7 / 9 + z * np.sqrt(2) / 3) ** 3)
    # The exact limit for one Gaussian residual is lam * chi2(1) quantile.
    assert detector.threshold_ == pytest.approx(lam * chi2.ppf(0.999, 1), rel=0.05)


def test_q_statistic_falls_back_when_h0_is_not_positive():
    """Check the scaled chi-square fallback when the Jackson-Mudholkar h0 <= 0."""
    # One large and a hundred small variances give h0 < 0.
    variances = np.r_[1.0, np.full(100, 0.01)]
    theta1, theta2 = variances.sum(), (variances**2).sum()

    limit = q_statistic(variances, 0.99)

    expected = theta2 / theta1 * chi2.ppf(0.99, theta1**2 / theta2)
    assert_allclose(limit, expected)


def test_single_event_type_gives_finite_threshold():
    """Check that training on one event type gives a finite, usable threshold."""
    X = [["a"] * k for k in range(1, 6)]
    detector = PCADetector().fit(X)

    labels = detector.predict([["a"] * 7, ["a", "b"]])

    assert np.isfinite(detector.threshold_)
    assert_array_equal(labels, [0, 1])


def test_identical_training_sequences_are_not_flagged():
    """Check that with no variance at all the training sequence stays normal."""
    X = [["a", "b", "b"]] * 10
    detector = PCADetector().fit(X)

    assert np.isfinite(detector.threshold_)
    assert_array_equal(detector.predict([["b", "a", "b"], ["a", "b"]]), [0, 1])


def test_int_n_components_above_features_raises():
    """Check that asking for more components than features is refused."""
    with pytest.raises(ValueError, match="n_components=5 must be at most"):
        PCADetector(n_components=5).fit([["a", "b"], ["a"]])


def test_contamination_quantile_threshold():
    """Check that contamination=0 sets the threshold to the largest training SPE."""
    rng = np.random.RandomState(0)
    X = _counts_to_sequences(rng.randint(1, 6, size=(30, 3)), events="abc")
    detector = PCADetector(n_components=1, contamination=0.0).fit(X)

    assert detector.threshold_ == pytest.approx(detector.decision_function(X).max())
    assert detector.predict(X).sum() == 0
