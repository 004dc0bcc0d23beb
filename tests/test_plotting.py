# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""PNG figures: event attributions and the ratio sensitivity."""

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from sklearn_isad import EventExplanation  # noqa: E402
from sklearn_isad.plotting import (  # noqa: E402
    plot_event_attributions,
    plot_ratio_sensitivity,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _explanation():
    return EventExplanation(
        events=["E1", "E7", "E2"],
        scores=np.array([0.0, 0.62, -0.1]),
        anomalous=np.array([False, True, False]),
        predicted_anomalous=True,
    )


def test_attribution_bars_saved_as_png(tmp_path):
    """Check that the attribution plot saves a PNG with one bar per event."""
    path = tmp_path / "attr.png"
    ax = plot_event_attributions(
        _explanation(), labels={"E7": "panic <*>"}, eta=0.0, path=path
    )

    assert path.read_bytes()[:8] == PNG_MAGIC
    assert [round(p.get_width(), 2) for p in ax.patches] == [0.0, 0.62, -0.1]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "1. E1",
        "2. panic <*>",
        "3. E2",
    ]


def test_attribution_bars_colour_anomalous_events():
    """Check that anomalous events are drawn in a different colour."""
    ax = plot_event_attributions(_explanation())
    colours = [p.get_facecolor() for p in ax.patches]

    assert colours[0] == colours[2] != colours[1]


def test_attribution_labels_length_checked():
    """Check that a label list of the wrong length is refused."""
    with pytest.raises(ValueError, match="one entry per event"):
        plot_event_attributions(_explanation(), labels=["a"])


def test_ratio_sensitivity_runs_and_series(tmp_path):
    """Check that several runs per ratio draw their mean, one line per series."""
    path = tmp_path / "ratio.png"
    ratios = [0.5, 1, 5, 20]
    runs = np.array([[0.5, 0.7], [0.6, 0.8], [0.8, 0.9], [0.85, 0.87]])
    ax = plot_ratio_sensitivity(
        ratios, {"sequences": runs, "events": [0.4, 0.5, 0.6, 0.6]}, path=path
    )

    assert path.read_bytes()[:8] == PNG_MAGIC
    assert len(ax.get_lines()) >= 2
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), runs.mean(axis=1))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "sequences",
        "events",
    ]


def test_ratio_sensitivity_shape_checked():
    """Check that F1 values that do not match the ratios are refused."""
    with pytest.raises(ValueError, match=r"must have shape \(3,\)"):
        plot_ratio_sensitivity([1, 5, 20], [0.5, 0.6])
