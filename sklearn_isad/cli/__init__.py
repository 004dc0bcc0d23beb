# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The ``sklearn-isad`` command line: fit, detect, explain and demo.

Run ``sklearn-isad --help`` (or ``python -m sklearn_isad --help``).
"""

from sklearn_isad.cli._io import CLIError, parse_header_pattern
from sklearn_isad.cli._main import build_parser, main

__all__ = ["CLIError", "build_parser", "main", "parse_header_pattern"]
