# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Self-contained HTML reports of flagged sequences and their events."""

from sklearn_isad.report._html import render_html_report, write_html_report

__all__ = ["render_html_report", "write_html_report"]
