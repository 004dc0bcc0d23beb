# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Matplotlib figures of explanations and benchmark results.

Needs matplotlib (``pip install 'sklearn-isad[plot]'``). The functions draw
on a given Axes or on a new pyplot figure; ``path=`` saves it as PNG. For
files only (servers, scripts), select the Agg backend first:
``matplotlib.use("Agg")``.
"""

from sklearn_isad.plotting._plots import (
    plot_event_attributions,
    plot_ratio_sensitivity,
)

__all__ = ["plot_event_attributions", "plot_ratio_sensitivity"]
