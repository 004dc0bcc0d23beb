# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""LogCluster detector of Lin et al. (ICSE 2016)."""

from numbers import Real

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from sklearn_isad.detectors._base import BaseCountDetector
from sklearn_isad.detectors._vectorizer import EventCountVectorizer


def cosine_distances(A, B):
    """Cosine distance between every row of A and every row of B.

    Parameters
    ----------
    A : ndarray of shape (n_a, n_features)
    B : ndarray of shape (n_b, n_features)

    Returns
    -------
    distances : ndarray of shape (n_a, n_b)
        ``1 - cos(a, b)``, clipped to [0, 2]. An all-zero row has no
        direction: its distance to another all-zero row is 0 and to any
        other row 1 (as if orthogonal).
    """
    norm_a = np.linalg.norm(A, axis=1)
    norm_b = np.linalg.norm(B, axis=1)
    unit_a = A / np.where(norm_a > 0, norm_a, 1.0)[:, None]
    unit_b = B / np.where(norm_b > 0, norm_b, 1.0)[:, None]
    distances = np.clip(1.0 - unit_a @ unit_b.T, 0.0, 2.0)
    both_zero = (norm_a == 0)[:, None] & (norm_b == 0)[None, :]
    distances[both_zero] = 0.0
    return distances


class LogClusterDetector(BaseCountDetector):
    """Cluster normal sequences and flag those far from every cluster.

    The method of Lin et al. (2016): sequences become IDF-weighted event
    vectors; normal vectors are grouped by agglomerative hierarchical
    clustering under cosine distance, stopping at ``distance_threshold``; each
    cluster is summarised by one representative, its member with the
    smallest mean distance to the other members. A sequence is scored by its
    cosine distance to the nearest representative.

    Parameters
    ----------
    distance_threshold : float, default=0.3
        Cosine distance at which clusters stop merging: two clusters are
        merged only while their linkage distance is at most this value.
    linkage : {"complete", "average", "single"}, default="complete"
        Linkage criterion between clusters. With ``"complete"`` every member
        of a cluster is within ``distance_threshold`` of every other member,
        its representative included.
    contamination : "auto" or float, default="auto"
        How ``threshold_`` is set. ``"auto"``: ``distance_threshold``, so a
        sequence is anomalous when it is farther than a cluster's own radius
        bound from every representative. A float in [0, 0.5]: the
        ``1 - contamination`` quantile of the training scores.
    vectorizer : estimator or None, default=None
        Transformer of sequences into event vectors, cloned and fitted on the
        normal sequences. ``None`` uses ``EventCountVectorizer(use_idf=True)``.

    Attributes
    ----------
    vectorizer_ : estimator
        The fitted vectorizer.
    representatives_ : ndarray of shape (n_clusters, n_features)
        The representative vector of each cluster.
    cluster_sizes_ : ndarray of shape (n_clusters,)
        Number of training sequences in each cluster.
    n_clusters_ : int
        Number of clusters found.
    threshold_ : float
        Distance above which a sequence is anomalous.
    n_sequences_fit_ : int
        Number of normal sequences learned from.

    See Also
    --------
    PCADetector : Another detector on IDF-weighted counts.

    Notes
    -----
    Clustering runs on the distinct training vectors, each carrying its
    number of copies when choosing representatives. For complete and single
    linkage this gives exactly the clusters of the full data; for average
    linkage duplicates are counted once. Memory grows with the square of the
    number of distinct vectors.

    Lin et al. weight events by IDF combined with a contrast weight learned
    from labelled failures; only the label-free IDF part is used here. An
    all-zero vector (possible with a custom vectorizer) is at distance 0 from
    another all-zero vector and 1 from any other vector. A single training
    sequence forms one cluster.

    References
    ----------
    .. [1] Q. Lin, H. Zhang, J.-G. Lou, Y. Zhang and X. Chen, "Log clustering
       based problem identification for online service systems", ICSE 2016.

    Examples
    --------
    >>> from sklearn_isad.detectors import LogClusterDetector
    >>> X = [["open", "read", "close"]] * 5 + [["open", "write", "close"]] * 5
    >>> detector = LogClusterDetector().fit(X)
    >>> detector.n_clusters_
    2
    >>> detector.predict([["open", "read", "read", "close"], ["crash"]])
    array([0, 1])
    """

    _parameter_constraints: dict = {
        "distance_threshold": [Interval(Real, 0.0, 2.0, closed="both")],
        "linkage": [StrOptions({"complete", "average", "single"})],
        "contamination": [
            StrOptions({"auto"}),
            Interval(Real, 0.0, 0.5, closed="both"),
        ],
        "vectorizer": [HasMethods(["fit", "transform"]), None],
    }

    def __init__(
        self,
        *,
        distance_threshold=0.3,
        linkage="complete",
        contamination="auto",
        vectorizer=None,
    ):
        self.distance_threshold = distance_threshold
        self.linkage = linkage
        self.contamination = contamination
        self.vectorizer = vectorizer

    def _default_vectorizer(self):
        return EventCountVectorizer(use_idf=True)

    def _fit_features(self, features):
        vectors, copies = np.unique(features, axis=0, return_counts=True)

        # Agglomerative clustering of the distinct vectors.
        if len(vectors) == 1:
            labels = np.zeros(1, dtype=int)
        else:
            distances = cosine_distances(vectors, vectors)
            np.fill_diagonal(distances, 0.0)
            condensed = squareform(distances, checks=False)
            tree = linkage(condensed, method=self.linkage)
            labels = fcluster(tree, t=self.distance_threshold, criterion="distance")

        # One representative per cluster: the member closest on average to
        # all members (copies included).
        representatives, sizes = [], []
        for label in np.unique(labels):
            members = np.flatnonzero(labels == label)
            within = cosine_distances(vectors[members], vectors[members])
            mean_distance = within @ copies[members]
            representatives.append(vectors[members[np.argmin(mean_distance)]])
            sizes.append(int(copies[members].sum()))

        self.representatives_ = np.asarray(representatives)
        self.cluster_sizes_ = np.asarray(sizes)
        self.n_clusters_ = len(representatives)

    def _score_features(self, features):
        return cosine_distances(features, self.representatives_).min(axis=1)

    def _auto_threshold(self, train_scores):
        return float(self.distance_threshold)
