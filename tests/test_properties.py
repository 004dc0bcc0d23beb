# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Property-based tests (hypothesis) of the sampler, windowing and explanations."""

import copy
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sklearn_isad import LowFreqExplainer, NegativeSamplingAugmenter, make_isad_pipeline
from sklearn_isad.exceptions import NoNegativesError, SequenceWarning
from sklearn_isad.logs import sliding_windows
from sklearn_isad.utils import UNSEEN_EVENT

# a small alphabet mixing int and str ids, so that bigrams repeat
EVENTS = st.sampled_from([0, 1, 2, "0", "a", "b"])
SEQUENCES = st.lists(st.lists(EVENTS, min_size=1, max_size=8), min_size=1, max_size=6)
FAST = settings(max_examples=30, deadline=None)


def _resample(X, **params):
    sampler = NegativeSamplingAugmenter(random_state=0, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SequenceWarning)
        X_res, y_res = sampler.fit_resample(X)
    return sampler, X_res[len(X) :], y_res


@FAST
@given(X=SEQUENCES, ratio=st.sampled_from([0.5, 1, 3]))
def test_negatives_differ_from_every_normal_sequence(X, ratio):
    """Check that no negative equals a normal sequence."""
    _, negatives, y_res = _resample(X, ratio=ratio)

    normal = {tuple(s) for s in X}
    assert not any(tuple(neg) in normal for neg in negatives)
    assert y_res.tolist() == [0] * len(X) + [1] * len(negatives)


@FAST
@given(X=SEQUENCES, ratio=st.sampled_from([0.5, 1, 3]))
def test_negatives_keep_the_length_of_their_source(X, ratio):
    """Check that each negative is as long as the normal sequence it came from."""
    sampler, negatives, _ = _resample(X, ratio=ratio)

    lengths = [len(X[i]) for i in sampler.negative_sources_]
    assert [len(neg) for neg in negatives] == lengths


@FAST
@given(X=SEQUENCES, unseen_fraction=st.sampled_from([0.0, 0.3]))
def test_strict_rule_forms_only_unseen_bigrams(X, unseen_fraction):
    """Check that with rare_bigram_threshold=0 every replaced event forms a
    bigram never seen in the normal data (or is the unseen event), and a
    replaced first event never starts a normal sequence."""
    try:
        sampler, negatives, _ = _resample(
            X, ratio=2, rare_bigram_threshold=0, unseen_fraction=unseen_fraction
        )
    except NoNegativesError:
        # allowed only when every bigram and start event is already seen
        assert unseen_fraction == 0
        return

    bigrams = {(s[t - 1], s[t]) for s in X for t in range(1, len(s))}
    starts = {s[0] for s in X}
    for neg, source in zip(negatives, sampler.negative_sources_, strict=True):
        src = X[source]
        for t, (new, old) in enumerate(zip(neg, src, strict=True)):
            if new == old or new is UNSEEN_EVENT:
                continue
            if t == 0:
                assert new not in starts
            else:
                assert (neg[t - 1], new) not in bigrams


@FAST
@given(
    n=st.integers(0, 60),
    window_size=st.integers(1, 12),
    step=st.integers(1, 12),
    keep_partial=st.booleans(),
)
def test_every_line_is_in_exactly_the_windows_covering_it(
    n, window_size, step, keep_partial
):
    """Check that line i is in window k exactly when k's range covers i."""
    events = [f"E{i % 7}" for i in range(n)]

    windows = sliding_windows(
        events, window_size=window_size, step=step, keep_partial=keep_partial
    )

    starts = [lines[0] for lines in windows.line_numbers]
    assert starts == list(range(0, len(starts) * step, step))
    for k, (lines, seq) in enumerate(
        zip(windows.line_numbers, windows.sequences, strict=True)
    ):
        stop = min(starts[k] + window_size, n)
        assert list(lines) == list(range(starts[k], stop))
        assert seq == events[starts[k] : stop]
        assert keep_partial or len(lines) == window_size
    for i in range(n):
        holding = {k for k, lines in enumerate(windows.line_numbers) if i in lines}
        covering = {k for k, s in enumerate(starts) if s <= i < s + window_size}
        assert holding == covering
    missed = sum(1 for i in range(n) if not any(i in w for w in windows.line_numbers))
    assert windows.report["lines_not_in_any_window"] == missed
    assert missed == 0 or step > window_size or not keep_partial


@pytest.fixture(scope="module")
def explainers():
    """A tiny pipeline that flags everything, and Low-Freq, fitted once."""
    normal = [["a", "b"] + ["c", "d"] * k + ["e"] for k in (1, 2, 3)] * 5
    pipe = make_isad_pipeline(
        ratio=2,
        vector_size=2,
        hidden_size=4,
        max_epochs=2,
        n_steps=4,
        tau=3,
        random_state=0,
    ).fit(normal)
    pipe = copy.deepcopy(pipe)
    pipe.named_steps["classify"].threshold_ = 0.0  # explain every sequence
    return [pipe, LowFreqExplainer(min_frequency=2).fit(normal)]


EXPLAINED = st.lists(
    st.lists(
        st.sampled_from(["a", "b", "c", "d", "e", "zz", 7]), min_size=1, max_size=30
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=20, deadline=None)
@given(X=EXPLAINED)
def test_one_score_per_event_for_any_lengths(explainers, X):
    """Check that explain_events returns one explanation per sequence, in
    order, with one finite score and one flag per event."""
    for explainer in explainers:
        explanations = explainer.explain_events(X)

        assert [ex.events for ex in explanations] == X
        for seq, ex in zip(X, explanations, strict=True):
            assert ex.scores.shape == ex.anomalous.shape == (len(seq),)
            assert np.all(np.isfinite(ex.scores))
            if ex.baseline is not None:
                assert len(ex.baseline) == len(seq)
