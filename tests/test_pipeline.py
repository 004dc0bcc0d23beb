# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of ISADPipeline: prediction, baseline search, Integrated Gradients."""

from collections import Counter

import numpy as np
import pytest
import torch
from sklearn.base import clone

from sklearn_isad import ISADPipeline, make_isad_pipeline
from tests.conftest import with_params


@pytest.fixture(scope="module")
def pipe(grammar_pipeline):
    return grammar_pipeline


@pytest.fixture(scope="module")
def mixed(normal_sequences, anomalous_sequences):
    return normal_sequences[:8] + anomalous_sequences


def test_flags_grammar_breaks(pipe, normal_sequences, anomalous_sequences):
    """Check that most normal sessions pass and most broken ones are flagged."""
    assert pipe.predict(normal_sequences).mean() < 0.1
    assert pipe.predict(anomalous_sequences).sum() >= 3
    assert pipe.predict_proba(anomalous_sequences).shape == (4, 2)
    assert pipe.threshold_ == 0.5


def test_one_explanation_per_sequence_in_order(pipe, mixed):
    """Check that explanations align one to one with the input sequences."""
    explanations = pipe.explain_events(mixed)
    assert len(explanations) == len(mixed)
    for seq, ex in zip(mixed, explanations):
        assert ex.events == seq
        assert ex.scores.shape == ex.anomalous.shape == (len(seq),)


def test_normal_predictions_get_empty_explanations(pipe, mixed):
    """Check that sequences predicted normal get zero scores, no anomalous
    event and themselves as baseline."""
    predicted = pipe.predict(mixed)
    for flag, ex in zip(predicted, pipe.explain_events(mixed)):
        assert ex.predicted_anomalous == bool(flag)
        if not flag:
            assert not ex.anomalous.any()
            assert np.all(ex.scores == 0)
            assert ex.baseline == ex.events and ex.n_replacements == 0


def test_completeness(pipe, anomalous_sequences):
    """Check that scores sum to f(S) - f(S') up to 1 % of that difference."""
    flagged = [
        ex for ex in pipe.explain_events(anomalous_sequences) if ex.predicted_anomalous
    ]
    assert flagged
    for ex in flagged:
        diff = ex.f_input - ex.f_baseline
        assert ex.completeness_gap == pytest.approx(diff - ex.scores.sum(), abs=1e-9)
        assert abs(ex.completeness_gap) <= 0.01 * abs(diff) + 1e-6
        f_s = pipe.decision_function([ex.events])[0]
        f_b = pipe.decision_function([ex.baseline])[0]
        assert (ex.f_input, ex.f_baseline) == pytest.approx((f_s, f_b), abs=1e-6)


def test_only_replaced_events_score(pipe, anomalous_sequences):
    """Check that events equal to the baseline's score exactly zero and the
    mask is scores > eta."""
    for ex in pipe.explain_events(anomalous_sequences):
        same = np.array([a == b for a, b in zip(ex.events, ex.baseline)])
        assert np.all(ex.scores[same] == 0)
        if ex.predicted_anomalous:
            np.testing.assert_array_equal(ex.anomalous, ex.scores > pipe.eta)


def test_unseen_event_is_blamed(pipe):
    """Check that an event never seen in training is replaced first and
    carries the highest score."""
    seq = ["open", "read", "panic", "write", "close"]
    ex = pipe.explain_events([seq])[0]
    assert ex.predicted_anomalous
    assert ex.baseline[2] == "read"
    assert int(np.argmax(ex.scores)) == 2
    assert ex.anomalous_events == ["panic"]


def _replay_search(pipe, seq, counts, tau):
    """Independent re-implementation of Algorithm 2 for the tests."""
    base = list(seq)
    history = []
    for _ in range(tau):
        movable = [t for t in range(1, len(base)) if base[t] != base[t - 1]]
        if not movable:
            break
        t = min(movable, key=lambda k: (counts.get(base[k], 0), k))
        base[t] = base[t - 1]
        history.append(list(base))
        if pipe.predict([base])[0] == 0:
            break
    return base, history


@pytest.mark.parametrize("tau", [1, 3, 20])
def test_baseline_search_matches_algorithm_2(
    pipe, normal_sequences, anomalous_sequences, tau
):
    """Check that the search replaces the rarest movable event by its
    predecessor and stops at tau or when the baseline is predicted normal."""
    counts = Counter(e for s in normal_sequences for e in s)
    local = with_params(pipe, tau=tau)
    for seq, ex in zip(anomalous_sequences, local.explain_events(anomalous_sequences)):
        if not ex.predicted_anomalous:
            continue
        expected, history = _replay_search(pipe, seq, counts, tau)
        assert ex.baseline == expected
        assert ex.n_replacements == len(history) <= tau
        for earlier in history[:-1]:
            assert pipe.predict([earlier])[0] == 1
        assert ex.baseline_is_normal == (pipe.predict([expected])[0] == 0)


def test_eta_moves_the_event_threshold(pipe, anomalous_sequences):
    """Check that raising eta flags fewer events, with the mask following."""
    local = with_params(pipe, eta=0.05)
    low = pipe.explain_events(anomalous_sequences)
    high = local.explain_events(anomalous_sequences)
    for a, b in zip(low, high):
        np.testing.assert_array_equal(a.scores, b.scores)
        if b.predicted_anomalous:
            np.testing.assert_array_equal(b.anomalous, b.scores > 0.05)
        assert b.anomalous.sum() <= a.anomalous.sum()


def test_zero_baseline_variant(pipe, anomalous_sequences):
    """Check that baseline='zero' integrates from zero vectors: no baseline
    sequence, completeness still holds."""
    local = with_params(pipe, baseline="zero")
    for ex in local.explain_events(anomalous_sequences):
        assert ex.baseline is None
        if ex.predicted_anomalous:
            diff = ex.f_input - ex.f_baseline
            assert abs(ex.completeness_gap) <= 0.01 * abs(diff) + 1e-6


def test_params_reach_grid_search():
    """Check that eta, tau and nested step parameters are settable."""
    pipe = make_isad_pipeline(random_state=0)
    params = pipe.get_params()
    assert {"eta", "tau", "n_steps", "augment__ratio", "classify__hidden_size"} <= set(
        params
    )
    pipe.set_params(eta=0.1, augment__ratio=5)
    assert pipe.eta == 0.1 and pipe.named_steps["augment"].ratio == 5
    assert isinstance(clone(pipe), ISADPipeline) and clone(pipe).eta == 0.1


def test_bad_eta_is_named(pipe, anomalous_sequences):
    """Check that an invalid tau is reported by name."""
    local = with_params(pipe, tau=-1)
    with pytest.raises(ValueError, match="tau"):
        local.explain_events(anomalous_sequences)


def test_fit_ignores_labelled_anomalies(normal_sequences, anomalous_sequences):
    """Check that fit(X, y) trains on y == 0 only: the encoder never sees an
    event that only anomalous rows hold."""
    X = normal_sequences[:30] + anomalous_sequences
    y = [0] * 30 + [1] * len(anomalous_sequences)
    pipe = make_isad_pipeline(
        ratio=1, vector_size=2, hidden_size=4, max_epochs=1, random_state=0
    ).fit(X, y)
    assert "panic" not in pipe.named_steps["encode"].vocabulary_


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_gpu_device(normal_sequences, anomalous_sequences):
    """Check that training and explaining run on a GPU."""
    pipe = make_isad_pipeline(
        ratio=2,
        vector_size=2,
        hidden_size=4,
        max_epochs=1,
        device="cuda",
        random_state=0,
    ).fit(normal_sequences)
    assert len(pipe.explain_events(anomalous_sequences)) == len(anomalous_sequences)
