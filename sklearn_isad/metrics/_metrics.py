# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Precision, recall and F1 for sequences and for events."""

import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import average_precision_score

from sklearn_isad.utils import check_sequence_labels, check_sequences


def _prf(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _dedup_keys(X, y_true):
    """One key per (sequence, true label); returns the first index of each."""
    seen = {}
    for i, (seq, label) in enumerate(zip(X, y_true)):
        seen.setdefault((tuple(seq), int(label)), i)
    return np.fromiter(seen.values(), dtype=int, count=len(seen))


def sequence_report(y_true, y_pred, *, y_score=None, X=None, deduplicate=False):
    """Sequence-level precision, recall, F1 and PR-AUC with class counts.

    Parameters
    ----------
    y_true : array-like of shape (n_sequences,) or list of array-like
        True labels (1 = anomalous), or per-event labels from which
        sequence labels follow (anomalous when any event is).
    y_pred : array-like of shape (n_sequences,)
        Predicted labels (1 = anomalous).
    y_score : array-like of shape (n_sequences,), default=None
        Anomaly scores (higher = more anomalous) for the PR-AUC (average
        precision). Omitted from the report when None.
    X : list of sequences, default=None
        The sequences; needed only with ``deduplicate=True``.
    deduplicate : bool, default=False
        Count identical sequences with the same true label once. By default
        every sequence counts as often as it occurs.

    Returns
    -------
    report : dict
        ``precision``, ``recall``, ``f1``, ``pr_auc`` (or None), ``support``
        (sequences counted), ``n_anomalous``, ``n_normal``, ``tp``, ``fp``,
        ``fn``, ``tn`` and ``merged`` (sequences merged by de-duplication).

    Warns
    -----
    UndefinedMetricWarning
        When ``y_true`` holds no anomalous or no normal sequence: recall or
        precision is then not meaningful.

    Examples
    --------
    >>> from sklearn_isad.metrics import sequence_report
    >>> r = sequence_report([0, 1, 1, 0], [0, 1, 0, 1])
    >>> r["precision"], r["recall"], r["support"]
    (0.5, 0.5, 4)
    """
    y_pred = np.asarray(y_pred)
    y_true = check_sequence_labels(y_true, len(y_pred), name="y_true", allow_none=False)
    y_pred = check_sequence_labels(y_pred, len(y_true), name="y_pred", allow_none=False)
    keep = np.arange(len(y_true))
    if deduplicate:
        if X is None:
            raise ValueError("deduplicate=True needs the sequences X.")
        keep = _dedup_keys(check_sequences(X), y_true)
    merged = len(y_true) - len(keep)
    t, p = y_true[keep], y_pred[keep]

    for label, name in ((1, "anomalous"), (0, "normal")):
        if not (t == label).any():
            warnings.warn(
                f"y_true holds no {name} sequence; precision, recall or F1 "
                "may not be meaningful.",
                UndefinedMetricWarning,
                stacklevel=2,
            )
    tp = int(((t == 1) & (p == 1)).sum())
    fp = int(((t == 0) & (p == 1)).sum())
    fn = int(((t == 1) & (p == 0)).sum())
    tn = int(((t == 0) & (p == 0)).sum())
    precision, recall, f1 = _prf(tp, fp, fn)
    pr_auc = None
    if y_score is not None and 0 < t.sum() < len(t):
        pr_auc = float(average_precision_score(t, np.asarray(y_score)[keep]))
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "pr_auc": pr_auc,
        "support": len(t),
        "n_anomalous": int(t.sum()),
        "n_normal": int(len(t) - t.sum()),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "merged": merged,
    }


def event_report(y_events, explanations, *, mode="flagged", deduplicate=False):
    """Event-level precision, recall and F1 of explanations.

    Parameters
    ----------
    y_events : list of array-like of 0/1
        True label of each event of each sequence (1 = anomalous event,
        e.g. an alert line).
    explanations : list of EventExplanation
        One per sequence, in the same order (from any ``explain_events``).
    mode : {"flagged", "all"}, default="flagged"
        ``"flagged"``: count only the sequences the model flagged (the
        paper's protocol: how well the flagged events match the truth
        inside detected sequences). ``"all"``: count every sequence, so the
        anomalous events of a sequence the model missed all count as missed,
        and events flagged in normal sequences as false alarms.
    deduplicate : bool, default=False
        Count identical (sequence, event labels) pairs once.

    Returns
    -------
    report : dict
        ``precision``, ``recall``, ``f1``, ``tp``, ``fp``, ``fn``,
        ``n_sequences`` (sequences counted), ``n_events`` (events counted)
        and ``merged`` (sequences merged by de-duplication).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_isad import EventExplanation
    >>> from sklearn_isad.metrics import event_report
    >>> ex = EventExplanation(events=["a", "b", "c"], scores=np.zeros(3),
    ...     anomalous=np.array([False, True, True]), predicted_anomalous=True)
    >>> r = event_report([[0, 1, 0]], [ex])
    >>> r["precision"], r["recall"]
    (0.5, 1.0)
    """
    if mode not in ("flagged", "all"):
        raise ValueError(f"mode must be 'flagged' or 'all', got {mode!r}.")
    if len(y_events) != len(explanations):
        raise ValueError(
            f"y_events has {len(y_events)} label arrays but there are "
            f"{len(explanations)} explanations; they must align one to one."
        )
    seen, merged = set(), 0
    tp = fp = fn = n_sequences = n_events = 0
    for i, (labels, ex) in enumerate(zip(y_events, explanations)):
        truth = np.asarray(labels).astype(bool)
        if truth.shape != ex.anomalous.shape:
            raise ValueError(
                f"y_events[{i}] has {truth.size} labels but its explanation "
                f"covers {ex.anomalous.size} events."
            )
        if deduplicate:
            key = (tuple(ex.events), truth.tobytes())
            if key in seen:
                merged += 1
                continue
            seen.add(key)
        if mode == "flagged" and not ex.predicted_anomalous:
            continue
        flagged = ex.anomalous.astype(bool)
        tp += int((flagged & truth).sum())
        fp += int((flagged & ~truth).sum())
        fn += int((~flagged & truth).sum())
        n_sequences += 1
        n_events += truth.size
    precision, recall, f1 = _prf(tp, fp, fn)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "n_sequences": n_sequences,
        "n_events": n_events,
        "merged": merged,
    }
