# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Scorers for GridSearchCV and cross_validate.

Event labels reach the scorers through ``y``: pass one 0/1 array per
sequence (one label per event). Every estimator of the package turns such a
``y`` into sequence labels (a sequence is anomalous when any of its events
is), so the same ``y`` serves ``fit`` and both kinds of scorer.
"""

from sklearn_isad.metrics._metrics import event_report, sequence_report
from sklearn_isad.utils import check_sequence_labels


class _SequenceScorer:
    def __init__(self, metric, response):
        self.metric = metric
        self.response = response

    def __call__(self, estimator, X, y):
        y_true = check_sequence_labels(y, len(X), name="y", allow_none=False)
        if self.response == "decision_function":
            scores = estimator.decision_function(X)
            report = sequence_report(y_true, estimator.predict(X), y_score=scores)
        else:
            report = sequence_report(y_true, estimator.predict(X))
        value = report[self.metric]
        return 0.0 if value is None else value

    def __repr__(self):
        return f"sequence_{self.metric}_scorer"


class _EventScorer:
    def __init__(self, metric, mode):
        self.metric = metric
        self.mode = mode

    def __call__(self, estimator, X, y):
        if len(y) and not hasattr(y[0], "__len__"):
            raise ValueError(
                "Event scorers need per-event labels: pass y as one 0/1 array "
                "per sequence (one label per event)."
            )
        if not hasattr(estimator, "explain_events"):
            raise TypeError(
                f"{type(estimator).__name__} has no explain_events; event "
                "scorers need an explainer such as ISADPipeline."
            )
        return event_report(y, estimator.explain_events(X), mode=self.mode)[self.metric]

    def __repr__(self):
        return f"make_event_scorer(metric={self.metric!r}, mode={self.mode!r})"


def make_event_scorer(*, metric="f1", mode="flagged"):
    """Make a scorer of event-level precision, recall or F1.

    Parameters
    ----------
    metric : {"f1", "precision", "recall"}, default="f1"
        The event metric to return.
    mode : {"flagged", "all"}, default="flagged"
        See :func:`event_report`.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y)`` with ``y`` one 0/1 array per sequence.

    Examples
    --------
    >>> from sklearn_isad.metrics import make_event_scorer
    >>> make_event_scorer(mode="all")
    make_event_scorer(metric='f1', mode='all')
    """
    if metric not in ("f1", "precision", "recall"):
        raise ValueError(
            f"metric must be 'f1', 'precision' or 'recall', got {metric!r}."
        )
    if mode not in ("flagged", "all"):
        raise ValueError(f"mode must be 'flagged' or 'all', got {mode!r}.")
    return _EventScorer(metric, mode)


#: Sequence-level F1 of ``predict`` (``y``: sequence or per-event labels).
sequence_f1_scorer = _SequenceScorer("f1", "predict")
#: Sequence-level average precision of ``decision_function``.
sequence_pr_auc_scorer = _SequenceScorer("pr_auc", "decision_function")
#: Event-level F1 over flagged sequences (``y``: per-event labels).
event_f1_scorer = make_event_scorer()
