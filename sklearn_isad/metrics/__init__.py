# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Sequence- and event-level metrics, and scorers for model selection."""

from sklearn_isad.metrics._metrics import event_report, sequence_report
from sklearn_isad.metrics._scorers import (
    event_f1_scorer,
    make_event_scorer,
    sequence_f1_scorer,
    sequence_pr_auc_scorer,
)

__all__ = [
    "event_f1_scorer",
    "event_report",
    "make_event_scorer",
    "sequence_f1_scorer",
    "sequence_pr_auc_scorer",
    "sequence_report",
]
