# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Input validation shared by every estimator of the package."""

from sklearn_isad.utils._validation import check_sequence_labels, check_sequences

__all__ = ["check_sequence_labels", "check_sequences"]
