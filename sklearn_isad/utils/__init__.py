# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Input validation and helpers shared by every estimator of the package."""

from sklearn_isad.utils._events import UNSEEN_EVENT
from sklearn_isad.utils._validation import (
    check_sequence_labels,
    check_sequences,
    event_labels_to_sequence_labels,
    select_normal_sequences,
)

__all__ = [
    "UNSEEN_EVENT",
    "check_sequence_labels",
    "check_sequences",
    "event_labels_to_sequence_labels",
    "select_normal_sequences",
]
