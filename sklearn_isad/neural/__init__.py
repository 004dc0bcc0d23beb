# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The neural part: LSTM module and its scikit-learn classifier."""

from sklearn_isad.neural._classifier import InterpretableSADClassifier
from sklearn_isad.neural._module import LSTMSequenceModule

__all__ = ["InterpretableSADClassifier", "LSTMSequenceModule"]
