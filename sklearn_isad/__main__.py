# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""``python -m sklearn_isad``: the command line."""

import sys

from sklearn_isad.cli import main

if __name__ == "__main__":
    sys.exit(main())
