# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Synthetic anomalous sequences for training (negative sampling)."""

from sklearn_isad.augment._negative_sampling import NegativeSamplingAugmenter

__all__ = ["NegativeSamplingAugmenter"]
