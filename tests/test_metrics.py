# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of sequence and event metrics and of model selection with them."""

import numpy as np
import pytest
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.model_selection import GridSearchCV, KFold

from sklearn_isad import EventExplanation, make_isad_pipeline
from sklearn_isad.metrics import (
    event_f1_scorer,
    event_report,
    make_event_scorer,
    sequence_f1_scorer,
    sequence_pr_auc_scorer,
    sequence_report,
)


def _ex(events, flagged_mask, predicted=True):
    mask = np.array(flagged_mask, dtype=bool)
    return EventExplanation(
        events=list(events),
        scores=mask.astype(float),
        anomalous=mask,
        predicted_anomalous=predicted,
    )


def test_sequence_report_counts():
    """Check precision, recall, F1, PR-AUC and class counts on a worked case."""
    y_true = [1, 0, 1, 0, 0]
    y_pred = [1, 1, 0, 0, 0]
    scores = [0.9, 0.8, 0.7, 0.2, 0.1]
    r = sequence_report(y_true, y_pred, y_score=scores)
    # tp=1 fp=1 fn=1: P = R = F1 = 0.5; AP = (1/1 + 2/3) / 2
    assert (r["tp"], r["fp"], r["fn"], r["tn"]) == (1, 1, 1, 2)
    assert r["precision"] == r["recall"] == r["f1"] == 0.5
    assert r["pr_auc"] == pytest.approx((1 + 2 / 3) / 2)
    assert (r["support"], r["n_anomalous"], r["n_normal"]) == (5, 2, 3)


def test_sequence_report_warns_on_missing_class():
    """Check that a y_true without anomalous sequences warns."""
    with pytest.warns(UndefinedMetricWarning, match="no anomalous"):
        sequence_report([0, 0], [0, 1])


def test_sequence_report_deduplication_reports_merged():
    """Check that identical sequences count as often as they occur unless
    de-duplication is asked for, and that merges are counted."""
    X = [["a", "b"], ["a", "b"], ["a", "b"], ["c"]]
    y_true, y_pred = [0, 0, 0, 1], [1, 1, 1, 1]
    plain = sequence_report(y_true, y_pred)
    dedup = sequence_report(y_true, y_pred, X=X, deduplicate=True)
    assert (plain["fp"], plain["merged"]) == (3, 0)
    assert (dedup["fp"], dedup["support"], dedup["merged"]) == (1, 2, 2)


def test_sequence_report_accepts_event_labels():
    """Check that per-event labels give sequence labels (any event)."""
    r = sequence_report([[0, 0], [0, 1, 0]], [0, 1])
    assert (r["tp"], r["tn"]) == (1, 1)


def test_event_report_two_modes():
    """Check the flagged-only and all-sequences modes on a worked case."""
    y_events = [[0, 1, 1], [1, 0], [0, 0]]
    explanations = [
        _ex("abc", [0, 1, 0]),  # flagged: tp 1, fn 1
        _ex("de", [0, 0], predicted=False),  # missed: fn 1 in "all" only
        _ex("fg", [1, 0]),  # false alarm on a normal sequence: fp 1
    ]
    flagged = event_report(y_events, explanations, mode="flagged")
    everything = event_report(y_events, explanations, mode="all")
    assert (flagged["tp"], flagged["fp"], flagged["fn"]) == (1, 1, 1)
    assert flagged["n_sequences"] == 2
    assert (everything["tp"], everything["fp"], everything["fn"]) == (1, 1, 2)
    assert everything["recall"] == pytest.approx(1 / 3)


def test_event_report_rejects_misaligned_labels():
    """Check that labels of the wrong length name the sequence."""
    with pytest.raises(ValueError, match=r"y_events\[0\] has 2 labels"):
        event_report([[0, 1]], [_ex("abc", [0, 1, 0])])


def test_event_report_deduplicates():
    """Check that identical (sequence, labels) pairs can be merged."""
    y_events = [[0, 1], [0, 1]]
    explanations = [_ex("ab", [0, 1]), _ex("ab", [0, 1])]
    r = event_report(y_events, explanations, deduplicate=True)
    assert (r["tp"], r["merged"]) == (1, 1)


@pytest.fixture(scope="module")
def labelled(normal_sequences):
    """Normal sessions plus sessions with one event replaced by 'panic', with
    per-event labels (1 on the replaced event)."""
    rng = np.random.default_rng(1)
    X = [list(s) for s in normal_sequences[:120]]
    y = [np.zeros(len(s), dtype=int) for s in X]
    for s in normal_sequences[120:150]:
        s = list(s)
        t = int(rng.integers(1, len(s)))
        s[t] = "panic"
        labels = np.zeros(len(s), dtype=int)
        labels[t] = 1
        X.append(s)
        y.append(labels)
    return X, y


def test_grid_search_over_eta_picks_the_predictable_best(labelled):
    """Check that GridSearchCV over eta, ratio and tau runs with event labels
    in y and picks eta=0: eta=5 can flag nothing, because an event score is
    bounded by |f(S) - f(S')| <= 1."""
    X, y = labelled
    pipe = make_isad_pipeline(
        ratio=10,
        vector_size=4,
        hidden_size=16,
        max_epochs=15,
        batch_size=32,
        random_state=0,
    )
    search = GridSearchCV(
        pipe,
        {"eta": [0.0, 5.0], "augment__ratio": [10], "tau": [5]},
        scoring={"event_f1": event_f1_scorer, "seq_f1": sequence_f1_scorer},
        refit="event_f1",
        cv=KFold(2, shuffle=True, random_state=0),
    )
    search.fit(X, y)

    assert search.best_params_["eta"] == 0.0
    results = search.cv_results_
    high = list(results["param_eta"]).index(5.0)
    assert results["mean_test_event_f1"][high] == 0.0
    assert results["mean_test_event_f1"][1 - high] > 0.5
    assert results["mean_test_seq_f1"][high] == results["mean_test_seq_f1"][1 - high]


def test_pr_auc_scorer_uses_scores(labelled):
    """Check that the PR-AUC scorer reads decision_function."""
    X, y = labelled
    pipe = make_isad_pipeline(
        ratio=2, vector_size=2, hidden_size=4, max_epochs=1, random_state=0
    ).fit(X, y)
    value = sequence_pr_auc_scorer(pipe, X, y)
    y_seq = [int(np.any(lab)) for lab in y]
    expected = sequence_report(
        y_seq, pipe.predict(X), y_score=pipe.decision_function(X)
    )["pr_auc"]
    assert value == pytest.approx(expected)


def test_event_scorer_needs_event_labels(labelled):
    """Check that sequence labels given to an event scorer raise an error
    that says what to pass."""
    X, _ = labelled
    scorer = make_event_scorer(metric="recall")
    with pytest.raises(ValueError, match="per-event labels"):
        scorer(None, X, [0] * len(X))
