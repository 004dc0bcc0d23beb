# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Isolation Forest and One-Class SVM detectors on event-count vectors."""

from numbers import Integral, Real

from sklearn.ensemble import IsolationForest
from sklearn.svm import OneClassSVM
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, RealNotInt, StrOptions

from sklearn_isad.detectors._base import BaseSklearnOutlierDetector
from sklearn_isad.detectors._vectorizer import EventCountVectorizer

_CONTAMINATION = [StrOptions({"auto"}), Interval(Real, 0.0, 0.5, closed="both")]
_VECTORIZER = [HasMethods(["fit", "transform"]), None]


class IsolationForestDetector(BaseSklearnOutlierDetector):
    """Isolation Forest on the event-count vectors of sequences.

    Wraps :class:`sklearn.ensemble.IsolationForest` (Liu et al., 2008) in the
    package's detector convention. The anomaly score is the forest's
    ``s(x) = 2 ** (-E[h(x)] / c(n))`` in (0, 1], where ``E[h(x)]`` is the mean
    depth at which trees isolate the count vector ``x``: sequences that are
    isolated quickly score close to 1.

    Parameters
    ----------
    n_estimators : int, default=100
        Number of trees.
    max_samples : "auto", int or float, default="auto"
        Sequences drawn to build each tree, as in
        :class:`~sklearn.ensemble.IsolationForest`.
    max_features : int or float, default=1.0
        Features drawn to build each tree.
    contamination : "auto" or float, default="auto"
        How ``threshold_`` is set. ``"auto"``: 0.5, the score of a point
        that is as easy to isolate as an average point (the rule of Liu et
        al.), raised to the lowest training score if that is higher; a
        sequence is anomalous when isolated faster. A float in [0, 0.5]: the
        ``1 - contamination`` quantile of the training scores.
    vectorizer : estimator or None, default=None
        Transformer of sequences into count vectors, cloned and fitted on the
        normal sequences. ``None`` uses ``EventCountVectorizer()`` (raw
        counts).
    random_state : int, RandomState instance or None, default=None
        Controls tree building; an int gives identical results across calls.
    n_jobs : int, default=None
        Parallel jobs for fitting and scoring the trees.

    Attributes
    ----------
    vectorizer_ : estimator
        The fitted vectorizer.
    estimator_ : IsolationForest
        The fitted forest.
    threshold_ : float
        Score above which a sequence is anomalous.
    n_sequences_fit_ : int
        Number of normal sequences learned from.

    See Also
    --------
    OneClassSVMDetector : Kernel boundary on the same features.
    PCADetector : Residual-subspace detector on the same features.

    Notes
    -----
    Trained on normal data only, the forest can split only on features that
    vary in training. Counts that are constant in the normal sequences -- an
    event that always occurs the same number of times, or the column of
    unseen events -- are invisible to it, however far a test sequence
    departs from them. On HDFS, where most normal sessions hold each of
    their core events exactly three times, this makes the forest a weak
    detector; it is kept because the InterpretableSAD paper compares
    against it.

    When all training sequences are identical the trees cannot split them
    and every one scores 0.5 up to rounding; the threshold is then the
    training score itself, so such sequences are not flagged.

    References
    ----------
    .. [1] F. T. Liu, K. M. Ting and Z.-H. Zhou, "Isolation forest",
       ICDM 2008.

    Examples
    --------
    >>> from sklearn_isad.detectors import IsolationForestDetector
    >>> X = [["a"] * k + ["b"] for k in range(1, 41)]
    >>> detector = IsolationForestDetector(random_state=0).fit(X)
    >>> detector.predict([["a"] * 20 + ["b"], ["a"] * 200 + ["b"]])
    array([0, 1])
    """

    _parameter_constraints: dict = {
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "max_samples": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
            Interval(RealNotInt, 0.0, 1.0, closed="right"),
        ],
        "max_features": [
            Interval(Integral, 1, None, closed="left"),
            Interval(Real, 0.0, 1.0, closed="right"),
        ],
        "contamination": _CONTAMINATION,
        "vectorizer": _VECTORIZER,
        "random_state": ["random_state"],
        "n_jobs": [Integral, None],
    }

    def __init__(
        self,
        *,
        n_estimators=100,
        max_samples="auto",
        max_features=1.0,
        contamination="auto",
        vectorizer=None,
        random_state=None,
        n_jobs=None,
    ):
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.max_features = max_features
        self.contamination = contamination
        self.vectorizer = vectorizer
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _default_vectorizer(self):
        return EventCountVectorizer()

    def _make_estimator(self):
        random_state = check_random_state(self.random_state)
        return IsolationForest(
            n_estimators=self.n_estimators,
            max_samples=self.max_samples,
            max_features=self.max_features,
            contamination="auto",
            random_state=random_state.randint(2**31 - 1),
            n_jobs=self.n_jobs,
        )


class OneClassSVMDetector(BaseSklearnOutlierDetector):
    """One-Class SVM on the event-count vectors of sequences.

    Wraps :class:`sklearn.svm.OneClassSVM` (Schölkopf et al., 2001) in the
    package's detector convention. The anomaly score is minus the SVM's
    kernel expansion ``sum_i alpha_i k(x_i, x)``: sequences far from the
    support vectors score high.

    Parameters
    ----------
    kernel : {"rbf", "linear", "poly", "sigmoid"}, default="rbf"
        Kernel of the SVM.
    nu : float, default=0.01
        Upper bound on the fraction of training sequences outside the
        learned boundary (and lower bound on the fraction of support vectors).
        Training data are normal, so a small value suits.
    gamma : "scale", "auto" or float, default="scale"
        Kernel coefficient, as in :class:`~sklearn.svm.OneClassSVM`.
    degree : int, default=3
        Degree of the polynomial kernel.
    coef0 : float, default=0.0
        Independent term of the polynomial and sigmoid kernels.
    tol : float, default=1e-3
        Stopping tolerance of the solver.
    contamination : "auto" or float, default="auto"
        How ``threshold_`` is set. ``"auto"``: the SVM's own boundary
        ``-offset_`` (so about a fraction ``nu`` of training sequences lie
        above it). A float in [0, 0.5]: the ``1 - contamination`` quantile of
        the training scores.
    vectorizer : estimator or None, default=None
        Transformer of sequences into count vectors, cloned and fitted on the
        normal sequences. ``None`` uses ``EventCountVectorizer()`` (raw
        counts).

    Attributes
    ----------
    vectorizer_ : estimator
        The fitted vectorizer.
    estimator_ : OneClassSVM
        The fitted SVM.
    threshold_ : float
        Score above which a sequence is anomalous.
    n_sequences_fit_ : int
        Number of normal sequences learned from.

    See Also
    --------
    IsolationForestDetector : Tree-based detector on the same features.

    Notes
    -----
    The SVM is deterministic, so the detector takes no ``random_state``.
    The ``"auto"`` boundary is never set below the lowest training score, so
    the detector cannot flag every one of its normal training sequences; in
    particular, training on identical sequences (where the SVM's boundary
    and their shared score differ only by rounding) flags none of them.

    References
    ----------
    .. [1] B. Schölkopf, J. C. Platt, J. Shawe-Taylor, A. J. Smola and
       R. C. Williamson, "Estimating the support of a high-dimensional
       distribution", Neural Computation 13(7), 2001.

    Examples
    --------
    >>> from sklearn_isad.detectors import OneClassSVMDetector
    >>> X = [["a", "b", "c"]] * 30 + [["a", "b", "b", "c"]] * 10
    >>> detector = OneClassSVMDetector().fit(X)
    >>> detector.predict([["a", "b", "c"], ["a", "x", "x", "x", "x"]])
    array([0, 1])
    """

    _parameter_constraints: dict = {
        "kernel": [StrOptions({"rbf", "linear", "poly", "sigmoid"})],
        "nu": [Interval(Real, 0.0, 1.0, closed="right")],
        "gamma": [
            StrOptions({"scale", "auto"}),
            Interval(Real, 0.0, None, closed="left"),
        ],
        "degree": [Interval(Integral, 0, None, closed="left")],
        "coef0": [Interval(Real, None, None, closed="neither")],
        "tol": [Interval(Real, 0.0, None, closed="neither")],
        "contamination": _CONTAMINATION,
        "vectorizer": _VECTORIZER,
    }

    def __init__(
        self,
        *,
        kernel="rbf",
        nu=0.01,
        gamma="scale",
        degree=3,
        coef0=0.0,
        tol=1e-3,
        contamination="auto",
        vectorizer=None,
    ):
        self.kernel = kernel
        self.nu = nu
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.tol = tol
        self.contamination = contamination
        self.vectorizer = vectorizer

    def _default_vectorizer(self):
        return EventCountVectorizer()

    def _make_estimator(self):
        return OneClassSVM(
            kernel=self.kernel,
            nu=self.nu,
            gamma=self.gamma,
            degree=self.degree,
            coef0=self.coef0,
            tol=self.tol,
        )
