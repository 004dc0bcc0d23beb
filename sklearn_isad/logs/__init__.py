# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""From raw log lines to event sequences: reading, Drain parsing, grouping."""

from sklearn_isad.exceptions import LogDataWarning
from sklearn_isad.logs._drain import DrainParser
from sklearn_isad.logs._grouping import (
    Sequences,
    chronological_split,
    group_by_entity,
    sliding_windows,
    time_windows,
)
from sklearn_isad.logs._masking import DEFAULT_MASKING
from sklearn_isad.logs._reading import (
    BGL_FORMAT,
    HDFS_FORMAT,
    THUNDERBIRD_FORMAT,
    LogFormat,
    get_log_format,
    iter_lines,
)

__all__ = [
    "BGL_FORMAT",
    "DEFAULT_MASKING",
    "DrainParser",
    "HDFS_FORMAT",
    "LogDataWarning",
    "LogFormat",
    "Sequences",
    "THUNDERBIRD_FORMAT",
    "chronological_split",
    "get_log_format",
    "group_by_entity",
    "iter_lines",
    "sliding_windows",
    "time_windows",
]
