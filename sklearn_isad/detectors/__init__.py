# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Sequence anomaly detectors InterpretableSAD is compared against.

Every detector learns from normal sequences of event ids, returns higher
``decision_function`` values for more anomalous sequences, predicts 1 for
anomalous and 0 for normal, and exposes the cut-off as ``threshold_``.
"""

from sklearn_isad.detectors._anchors import AnchorsExplainer
from sklearn_isad.detectors._base import BaseDetector
from sklearn_isad.detectors._deeplog import DeepLogDetector
from sklearn_isad.detectors._loganomaly import LogAnomalyDetector
from sklearn_isad.detectors._logcluster import LogClusterDetector
from sklearn_isad.detectors._lowfreq import LowFreqExplainer
from sklearn_isad.detectors._outlier import (
    IsolationForestDetector,
    OneClassSVMDetector,
)
from sklearn_isad.detectors._pca import PCADetector
from sklearn_isad.detectors._vectorizer import EventCountVectorizer

__all__ = [
    "AnchorsExplainer",
    "BaseDetector",
    "DeepLogDetector",
    "EventCountVectorizer",
    "IsolationForestDetector",
    "LogAnomalyDetector",
    "LogClusterDetector",
    "LowFreqExplainer",
    "OneClassSVMDetector",
    "PCADetector",
]
