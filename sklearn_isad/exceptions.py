# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Exceptions and warnings raised by sklearn_isad."""

from sklearn.exceptions import NotFittedError

__all__ = [
    "LogDataWarning",
    "NoNegativesError",
    "NotFittedError",
    "SequenceWarning",
]


class NoNegativesError(ValueError):
    """Raised when negative sampling cannot build a single anomalous sequence.

    This happens when every event that could replace a successor already
    follows its predecessor in the normal data, and unseen events are
    disabled.
    """


class SequenceWarning(UserWarning):
    """Warning about input sequences the user should look at."""


class LogDataWarning(UserWarning):
    """Warning about log data that was read with repairs.

    Raised, for instance, when lines had invalid UTF-8 bytes or lacked the
    expected header fields. Such lines are kept and counted, never dropped.
    """
