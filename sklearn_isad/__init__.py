# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Interpretable log anomaly detection with scikit-learn estimators."""

from sklearn_isad._explanation import EventExplanation
from sklearn_isad._pipeline import ISADPipeline, make_isad_pipeline
from sklearn_isad.augment import NegativeSamplingAugmenter
from sklearn_isad.detectors import (
    AnchorsExplainer,
    DeepLogDetector,
    EventCountVectorizer,
    IsolationForestDetector,
    LogAnomalyDetector,
    LogClusterDetector,
    LowFreqExplainer,
    OneClassSVMDetector,
    PCADetector,
)
from sklearn_isad.encoders import Word2VecEventEncoder
from sklearn_isad.neural import InterpretableSADClassifier

__version__ = "0.1.0.dev0"

__all__ = [
    "AnchorsExplainer",
    "DeepLogDetector",
    "EventCountVectorizer",
    "EventExplanation",
    "ISADPipeline",
    "InterpretableSADClassifier",
    "IsolationForestDetector",
    "LogAnomalyDetector",
    "LogClusterDetector",
    "LowFreqExplainer",
    "NegativeSamplingAugmenter",
    "OneClassSVMDetector",
    "PCADetector",
    "Word2VecEventEncoder",
    "__version__",
    "make_isad_pipeline",
]
