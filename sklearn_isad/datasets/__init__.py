# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Loaders for loghub-format logs and the real log samples bundled with the package."""

from sklearn_isad.datasets._base import Dataset, load_log
from sklearn_isad.datasets._loghub import (
    get_sample_path,
    list_samples,
    load_bgl,
    load_hdfs,
    load_sample,
    load_structured_csv,
    load_thunderbird,
    read_block_labels,
)

__all__ = [
    "Dataset",
    "get_sample_path",
    "list_samples",
    "load_bgl",
    "load_hdfs",
    "load_log",
    "load_sample",
    "load_structured_csv",
    "load_thunderbird",
    "read_block_labels",
]
