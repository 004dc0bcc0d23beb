# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Interpretable log anomaly detection with scikit-learn estimators."""

__version__ = "0.1.0.dev0"

__all__ = ["__version__"]
