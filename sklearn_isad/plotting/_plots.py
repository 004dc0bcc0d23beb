# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Matplotlib figures: event attributions and the ratio sensitivity."""

import numpy as np


def _import_matplotlib():
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(
            "sklearn_isad.plotting needs matplotlib: pip install 'sklearn-isad[plot]'."
        ) from exc


def _axes(ax, figsize):
    """Return (figure, axes): the given axes, or a new figure's.

    Without ``ax`` the figure comes from pyplot, so notebooks and
    sphinx-gallery show it; saving goes through :func:`_finish`.
    """
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def _finish(fig, path, own):
    if path is None:
        return
    fig.savefig(path, format="png", dpi=120, bbox_inches="tight")
    if own:
        import matplotlib.pyplot as plt

        plt.close(fig)


def plot_event_attributions(
    explanation, *, labels=None, eta=None, max_label_length=60, ax=None, path=None
):
    """Draw one sequence's event scores as horizontal bars.

    Events read from top to bottom in sequence order; anomalous events
    (``explanation.anomalous``) are red, the others grey.

    Parameters
    ----------
    explanation : EventExplanation
        One result of :meth:`~sklearn_isad.ISADPipeline.explain_events`.
    labels : list of str, dict of str to str, or None, default=None
        Text beside each bar: one string per event, or a mapping from event
        id to text such as ``DrainParser.templates_``; the event ids when
        ``None``.
    eta : float or None, default=None
        Draw the event threshold as a dashed line.
    max_label_length : int, default=60
        Longer labels are cut and end with an ellipsis.
    ax : matplotlib Axes or None, default=None
        Where to draw; a new figure when ``None``.
    path : str, path-like or None, default=None
        Save the figure there as PNG (and close it when it was created
        here).

    Returns
    -------
    ax : matplotlib Axes
    """
    _import_matplotlib()
    scores = np.asarray(explanation.scores, dtype=float)
    events = list(explanation.events)
    if isinstance(labels, dict):
        text = [str(labels.get(e, e)) for e in events]
    elif labels is None:
        text = [str(e) for e in events]
    else:
        text = [str(t) for t in labels]
        if len(text) != len(events):
            raise ValueError(
                f"labels must have one entry per event ({len(events)}), got "
                f"{len(text)}."
            )
    text = [
        t if len(t) <= max_label_length else t[: max_label_length - 1] + "\u2026"
        for t in text
    ]
    mask = np.asarray(explanation.anomalous, dtype=bool)

    own = ax is None
    fig, ax = _axes(ax, (8, 0.6 + 0.32 * len(events)))
    positions = np.arange(len(events))
    ax.barh(positions, scores, color=np.where(mask, "#cf222e", "#8c959f"))
    ax.set_yticks(positions, [f"{i + 1}. {t}" for i, t in enumerate(text)])
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    if eta is not None:
        ax.axvline(
            eta, color="#cf222e", linestyle="--", linewidth=1, label=f"eta = {eta:g}"
        )
        ax.legend(loc="lower right")
    ax.set_xlabel("attribution score (Integrated Gradients)")
    ax.tick_params(axis="y", labelsize=8)
    _finish(fig, path, own)
    return ax


def plot_ratio_sensitivity(ratios, f1, *, label="F1", ax=None, path=None):
    """Draw F1 against the negative-sampling ratio.

    Parameters
    ----------
    ratios : array-like of shape (n_ratios,)
        The ratios tried (negatives per normal sequence).
    f1 : array-like of shape (n_ratios,) or (n_ratios, n_runs), or dict
        F1 at each ratio; with several runs per ratio the mean is drawn with
        the min-max range as error bars. A dict of name to such arrays draws
        one line per name (e.g. ``{"sequences": ..., "events": ...}``).
    label : str, default="F1"
        Legend entry of a single line.
    ax : matplotlib Axes or None, default=None
        Where to draw; a new figure when ``None``.
    path : str, path-like or None, default=None
        Save the figure there as PNG.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn_isad.plotting import plot_ratio_sensitivity
    >>> ax = plot_ratio_sensitivity([0.5, 1, 5, 20], [0.61, 0.70, 0.83, 0.86])
    >>> ax.get_xlabel()
    'negative-sampling ratio'
    """
    _import_matplotlib()
    ratios = np.asarray(ratios, dtype=float)
    if ratios.ndim != 1 or ratios.size == 0:
        raise ValueError(
            f"ratios must be a non-empty 1-D array, got shape {ratios.shape}."
        )
    series = dict(f1) if isinstance(f1, dict) else {label: f1}
    own = ax is None
    fig, ax = _axes(ax, (6, 4))
    for name, values in series.items():
        values = np.asarray(values, dtype=float)
        if values.ndim == 1:
            values = values[:, None]
        if values.ndim != 2 or values.shape[0] != ratios.size:
            raise ValueError(
                f"F1 values for {name!r} must have shape ({ratios.size},) or "
                f"({ratios.size}, n_runs) to match ratios, got {values.shape}."
            )
        mean = values.mean(axis=1)
        err = np.vstack([mean - values.min(axis=1), values.max(axis=1) - mean])
        ax.errorbar(
            ratios,
            mean,
            yerr=err if values.shape[1] > 1 else None,
            marker="o",
            capsize=3,
            label=str(name),
        )
    ax.set_xlabel("negative-sampling ratio")
    ax.set_ylabel("F1")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend()
    _finish(fig, path, own)
    return ax
