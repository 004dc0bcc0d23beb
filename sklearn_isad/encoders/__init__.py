# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Event encoders: event ids to vectors."""

from sklearn_isad.encoders._word2vec import Word2VecEventEncoder

__all__ = ["Word2VecEventEncoder"]
