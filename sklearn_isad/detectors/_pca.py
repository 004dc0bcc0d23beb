# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Residual-subspace (PCA) detector of Xu et al. (SOSP 2009)."""

from numbers import Integral, Real

import numpy as np
from scipy.stats import chi2, norm
from sklearn.utils._param_validation import HasMethods, Interval, RealNotInt, StrOptions

from sklearn_isad.detectors._base import BaseCountDetector
from sklearn_isad.detectors._vectorizer import EventCountVectorizer


def q_statistic(residual_variances, confidence):
    """Upper control limit of the squared prediction error.

    Jackson and Mudholkar's approximation of the ``confidence`` quantile of
    the squared prediction error of a Gaussian sample whose variances along
    the residual principal axes are ``residual_variances``.

    Parameters
    ----------
    residual_variances : ndarray of shape (n_residual,)
        Eigenvalues of the training covariance outside the normal subspace.
    confidence : float in (0, 1)
        Confidence level of the limit, e.g. 0.999.

    Returns
    -------
    limit : float
        The limit; 0.0 when there is no residual variance. When the
        approximation is undefined (its exponent ``h0`` is not positive or
        its base is negative, which happens for a few very unequal
        variances), Box's scaled chi-square approximation with the same first
        two moments is returned instead.
    """
    lam = np.clip(np.asarray(residual_variances, dtype=float), 0.0, None)
    theta1, theta2, theta3 = (np.sum(lam**i) for i in (1, 2, 3))
    if theta1 <= 0.0 or theta2 <= 0.0:
        return 0.0

    h0 = 1.0 - 2.0 * theta1 * theta3 / (3.0 * theta2**2)
    z = norm.ppf(confidence)
    if h0 > 0.0:
        base = (
            z * np.sqrt(2.0 * theta2 * h0**2) / theta1
            + 1.0
            + theta2 * h0 * (h0 - 1.0) / theta1**2
        )
        if base > 0.0:
            return float(theta1 * base ** (1.0 / h0))

    # SPE ~ g * chi2(h) with matching mean (theta1) and variance (2 theta2).
    g = theta2 / theta1
    h = theta1**2 / theta2
    return float(g * chi2.ppf(confidence, h))


class PCADetector(BaseCountDetector):
    """Residual-subspace anomaly detector on event-count vectors.

    The method of Xu et al. (2009): principal component analysis of the
    (tf-idf weighted) event-count vectors of normal sequences splits the
    feature space into a normal subspace, spanned by the leading components,
    and a residual subspace. A sequence is scored by its squared prediction
    error (SPE), the squared length of its centred count vector's projection
    on the residual subspace, and is anomalous when the SPE exceeds the
    Q-statistic of the training data.

    Parameters
    ----------
    n_components : float or int, default=0.95
        Size of the normal subspace. A float in (0, 1) keeps the fewest
        leading components whose explained variance ratio reaches it; an int
        keeps that many components (at most the number of features).
    confidence : float, default=0.999
        Confidence level of the Q-statistic threshold (Xu et al. use
        ``1 - alpha`` with ``alpha = 0.001``). Used when
        ``contamination="auto"``.
    contamination : "auto" or float, default="auto"
        How ``threshold_`` is set. ``"auto"``: the Q-statistic
        (Jackson-Mudholkar) at ``confidence``. A float in [0, 0.5]: the
        ``1 - contamination`` quantile of the training SPEs.
    vectorizer : estimator or None, default=None
        Transformer of sequences into count vectors, cloned and fitted on the
        normal sequences. ``None`` uses
        ``EventCountVectorizer(use_idf=True)``.

    Attributes
    ----------
    vectorizer_ : estimator
        The fitted vectorizer.
    mean_ : ndarray of shape (n_features,)
        Mean training feature row; rows are centred on it before projection.
    components_ : ndarray of shape (n_components, n_features)
        Orthonormal axes of the normal subspace.
    n_components_ : int
        Number of components kept.
    explained_variance_ : ndarray of shape (n_features,)
        Variances of the training data along all principal axes, decreasing.
    threshold_ : float
        Squared prediction error above which a sequence is anomalous.
    n_sequences_fit_ : int
        Number of normal sequences learned from.

    See Also
    --------
    EventCountVectorizer : The count features.
    IsolationForestDetector : Another detector on the same features.

    Notes
    -----
    The threshold is never below a rounding tolerance (machine epsilon times
    the mean squared norm of the training rows, at least machine epsilon).
    When the training data have no variance outside the normal subspace --
    for example when every training sequence holds a single event type, or all
    are identical -- the Q-statistic is 0 and the threshold is that tolerance:
    a sequence is then anomalous exactly when it leaves the subspace spanned
    by the training data.

    References
    ----------
    .. [1] W. Xu, L. Huang, A. Fox, D. Patterson and M. I. Jordan, "Detecting
       large-scale system problems by mining console logs", SOSP 2009.
    .. [2] J. E. Jackson and G. S. Mudholkar, "Control procedures for
       residuals associated with principal component analysis",
       Technometrics 21(3), 1979.

    Examples
    --------
    >>> from sklearn_isad.detectors import PCADetector
    >>> X = [["a", "b"], ["a", "a", "b", "b"], ["a", "a", "a", "b", "b", "b"]]
    >>> detector = PCADetector().fit(X)
    >>> detector.predict([["a"] * 5 + ["b"] * 5, ["a", "a", "b"]])
    array([0, 1])
    """

    _parameter_constraints: dict = {
        "n_components": [
            Interval(RealNotInt, 0.0, 1.0, closed="neither"),
            Interval(Integral, 1, None, closed="left"),
        ],
        "confidence": [Interval(Real, 0.0, 1.0, closed="neither")],
        "contamination": [
            StrOptions({"auto"}),
            Interval(Real, 0.0, 0.5, closed="both"),
        ],
        "vectorizer": [HasMethods(["fit", "transform"]), None],
    }

    def __init__(
        self,
        *,
        n_components=0.95,
        confidence=0.999,
        contamination="auto",
        vectorizer=None,
    ):
        self.n_components = n_components
        self.confidence = confidence
        self.contamination = contamination
        self.vectorizer = vectorizer

    def _default_vectorizer(self):
        return EventCountVectorizer(use_idf=True)

    def _fit_features(self, features):
        n_samples, n_features = features.shape
        if isinstance(self.n_components, Integral) and self.n_components > n_features:
            raise ValueError(
                f"n_components={self.n_components} must be at most the number "
                f"of features, {n_features} (events seen in training plus one "
                "column for unseen events); pass a float in (0, 1) to choose by "
                "explained variance."
            )

        # Principal axes of the centred training rows.
        self.mean_ = features.mean(axis=0)
        centred = features - self.mean_
        covariance = centred.T @ centred / max(n_samples - 1, 1)
        variances, axes = np.linalg.eigh(covariance)
        order = np.argsort(variances)[::-1]
        variances = np.clip(variances[order], 0.0, None)
        axes = axes[:, order]

        # Size of the normal subspace.
        if isinstance(self.n_components, Integral):
            k = int(self.n_components)
        elif variances.sum() <= 0.0:
            k = 0
        else:
            ratio = np.cumsum(variances) / variances.sum()
            k = int(np.searchsorted(ratio, self.n_components, side="left")) + 1
            k = min(k, n_features)

        self.explained_variance_ = variances
        self.n_components_ = k
        self.components_ = axes[:, :k].T
        self._tolerance = np.finfo(float).eps * max(
            1.0, float(np.mean(np.sum(features**2, axis=1)))
        )

    def _score_features(self, features):
        centred = features - self.mean_
        residual = centred - (centred @ self.components_.T) @ self.components_
        return np.sum(residual**2, axis=1)

    def _auto_threshold(self, train_scores):
        residual = self.explained_variance_[self.n_components_ :]
        return q_statistic(residual, self.confidence)

    def _fit_threshold(self, train_scores):
        return max(super()._fit_threshold(train_scores), self._tolerance)
