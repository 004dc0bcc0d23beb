# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Integrated Gradients from a zero baseline, the paper's ablation (item 8)."""

import numpy as np
import pytest
import torch

from sklearn_isad import make_isad_pipeline
from tests.conftest import with_params


@pytest.fixture(scope="module")
def generated(grammar_pipeline):
    """The shared small pipeline, with the generated baseline."""
    return grammar_pipeline


@pytest.fixture(scope="module")
def zero(generated):
    """The same fitted steps, explained from the zero baseline."""
    return with_params(generated, baseline="zero")


@pytest.fixture(scope="module")
def flagged(generated, normal_sequences, anomalous_sequences):
    """Sessions the generated-baseline model flags (most are grammar breaks)."""
    X = anomalous_sequences + normal_sequences[:20]
    X = [seq for seq, y in zip(X, generated.predict(X), strict=True) if y == 1]
    assert len(X) >= 3
    return X


def test_no_baseline_sequence(zero, flagged):
    """Check that the zero baseline has no baseline sequence and no replacement."""
    for ex in zero.explain_events(flagged):
        assert ex.predicted_anomalous
        assert ex.baseline is None
        assert ex.n_replacements == 0


def test_baseline_output_is_model_on_zero_vectors(zero, flagged):
    """Check that f(S') is the model's anomaly probability on all-zero vectors."""
    clf = zero.named_steps["classify"]
    for ex in zero.explain_events(flagged):
        x = torch.zeros((1, len(ex.events), clf.n_features_in_))
        lengths = torch.tensor([len(ex.events)])
        with torch.no_grad():
            expected = float(clf._forward_proba(x, lengths)[0])
        assert ex.f_baseline == pytest.approx(expected, abs=1e-6)


def test_completeness(zero, flagged):
    """Check that scores sum to f(S) - f(S') within 1 % of that difference."""
    for ex in zero.explain_events(flagged):
        diff = ex.f_input - ex.f_baseline
        assert ex.completeness_gap == pytest.approx(diff - ex.scores.sum(), abs=1e-9)
        assert abs(ex.completeness_gap) <= 0.01 * abs(diff) + 1e-6


def test_scores_differ_from_generated_baseline(generated, zero, flagged):
    """Check that the zero baseline gives other scores than the generated one."""
    for a, b in zip(
        generated.explain_events(flagged), zero.explain_events(flagged), strict=True
    ):
        assert a.f_input == pytest.approx(b.f_input)
        assert not np.allclose(a.scores, b.scores, atol=1e-4)


def test_unchanged_events_can_score(generated, zero, flagged):
    """Check that events the generated baseline keeps score 0 there but not
    from the zero baseline."""
    nonzero_kept = 0
    for a, b in zip(
        generated.explain_events(flagged), zero.explain_events(flagged), strict=True
    ):
        kept = np.array([e == s for e, s in zip(a.events, a.baseline, strict=True)])
        assert kept.any()
        assert np.all(a.scores[kept] == 0)
        nonzero_kept += int(np.count_nonzero(np.abs(b.scores[kept]) > 1e-6))
    assert nonzero_kept > 0


def test_mask_is_scores_above_eta(zero, flagged):
    """Check that the anomalous mask of the zero baseline is scores > eta."""
    local = with_params(zero, eta=0.01)
    for ex in local.explain_events(flagged):
        np.testing.assert_array_equal(ex.anomalous, ex.scores > 0.01)


def test_factory_passes_baseline():
    """Check that make_isad_pipeline(baseline='zero') sets the pipeline parameter."""
    assert make_isad_pipeline(baseline="zero").baseline == "zero"


def test_bad_baseline_is_named(zero, flagged):
    """Check that an unknown baseline is reported by name."""
    local = with_params(zero, baseline="mean")
    with pytest.raises(ValueError, match="baseline"):
        local.explain_events(flagged)
