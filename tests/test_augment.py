# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of NegativeSamplingAugmenter (Algorithm 1)."""

import math
from collections import Counter

import numpy as np
import pytest
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.base import clone
from sklearn.pipeline import Pipeline as SkPipeline

from sklearn_isad import NegativeSamplingAugmenter, Word2VecEventEncoder
from sklearn_isad.exceptions import NoNegativesError
from sklearn_isad.utils import UNSEEN_EVENT


def _negatives(aug, normal):
    X_res, y_res = aug.fit_resample(normal)
    return [s for s, label in zip(X_res, y_res) if label == 1]


def test_strict_mode_every_change_forms_unseen_bigram(normal_sequences):
    """Check that, with the strict rule, every replaced event forms a bigram
    (or a start) never seen in the normal sequences."""
    seen = {(a, b) for s in normal_sequences for a, b in zip(s, s[1:])}
    starts = {s[0] for s in normal_sequences}
    aug = NegativeSamplingAugmenter(ratio=5, rare_bigram_threshold=0, random_state=0)
    negatives = _negatives(aug, normal_sequences)

    n_changed = 0
    for neg, src in zip(negatives, aug.negative_sources_):
        source = normal_sequences[src]
        for t, (new, old) in enumerate(zip(neg, source)):
            if new == old or new == UNSEEN_EVENT:
                continue
            n_changed += 1
            if t == 0:
                assert new not in starts
            else:
                assert (neg[t - 1], new) not in seen
    assert n_changed > len(negatives)


def test_no_negative_equals_a_normal_sequence(normal_sequences):
    """Check that no negative is identical to a normal training sequence."""
    normal = {tuple(s) for s in normal_sequences}
    negatives = _negatives(
        NegativeSamplingAugmenter(ratio=10, random_state=1), normal_sequences
    )
    assert not any(tuple(s) in normal for s in negatives)


def test_output_layout_and_count(normal_sequences):
    """Check that the output holds the normal sequences in order, then
    ceil(ratio * n) negatives labelled 1."""
    X_res, y_res = NegativeSamplingAugmenter(ratio=0.5, random_state=0).fit_resample(
        normal_sequences
    )
    n = len(normal_sequences)
    assert X_res[:n] == normal_sequences
    assert y_res.tolist() == [0] * n + [1] * math.ceil(0.5 * n)
    assert len(X_res) == len(y_res)


def test_same_random_state_same_negatives(normal_sequences):
    """Check that a fixed random_state repeats the negatives exactly and a
    different one changes them."""
    first = _negatives(NegativeSamplingAugmenter(random_state=3), normal_sequences)
    second = _negatives(NegativeSamplingAugmenter(random_state=3), normal_sequences)
    other = _negatives(NegativeSamplingAugmenter(random_state=4), normal_sequences)
    assert first == second
    assert first != other


def test_number_of_replacements_spans_one_to_length():
    """Check that r is drawn from 1..len(S): over many negatives of length-8
    sequences whose every replacement is visible, the number of changed
    positions takes every value from 1 to 8 with mean near 4.5."""
    # after x only y is seen; every other successor differs from the source
    normal = [["x", "y"] * 4]
    aug = NegativeSamplingAugmenter(ratio=4000, unseen_fraction=0, random_state=0)
    extra = [[f"e{i}"] for i in range(30)]  # widen the vocabulary
    X_res, y_res = aug.fit_resample(normal + extra)
    changed = [
        sum(a != b for a, b in zip(neg, normal[0]))
        for neg, src in zip(
            [s for s, lab in zip(X_res, y_res) if lab == 1], aug.negative_sources_
        )
        if src == 0
    ]
    counts = Counter(changed)
    assert set(counts) == set(range(1, 9))
    assert np.mean(changed) == pytest.approx(4.5, abs=0.3)


def test_some_negatives_carry_an_unseen_event(normal_sequences):
    """Check that about unseen_fraction of the negatives hold UNSEEN_EVENT."""
    negatives = _negatives(
        NegativeSamplingAugmenter(ratio=20, unseen_fraction=0.2, random_state=0),
        normal_sequences,
    )
    share = np.mean([UNSEEN_EVENT in s for s in negatives])
    assert share == pytest.approx(0.2, abs=0.05)


def test_rare_bigram_fallback():
    """Check that a predecessor already followed by every event falls back to
    the bigrams below rare_bigram_threshold."""
    # after "a": "b" 199 times, "a" once and "c" once (shares 0.005 each)
    normal = [["a", "b"]] * 198 + [["a", "a", "b"], ["a", "c"]]
    aug = NegativeSamplingAugmenter(
        ratio=20, rare_bigram_threshold=0.01, unseen_fraction=0, random_state=0
    )
    negatives = _negatives(aug, normal)

    after_a = [
        neg[t]
        for neg, src in zip(negatives, aug.negative_sources_)
        for t in range(1, len(neg))
        if neg[t - 1] == "a" and neg[t] != normal[src][t]
    ]
    assert after_a
    assert set(after_a) <= {"a", "c"}


def test_length_one_sequences_and_tiny_vocabulary():
    """Check that one-event sequences over a one-event vocabulary still give
    negatives (the unseen event)."""
    X_res, y_res = NegativeSamplingAugmenter(ratio=2, random_state=0).fit_resample(
        [["a"], ["a"]]
    )
    assert X_res[2:] == [[UNSEEN_EVENT]] * 4
    assert y_res.tolist() == [0, 0, 1, 1, 1, 1]


def test_no_negative_possible_error_says_why():
    """Check that an impossible request raises NoNegativesError naming the
    parameters to change."""
    aug = NegativeSamplingAugmenter(ratio=2, unseen_fraction=0, random_state=0)
    with pytest.raises(NoNegativesError, match="unseen_fraction"):
        aug.fit_resample([["a"], ["a"]])


def test_labelled_anomalies_are_not_used():
    """Check that rows with y == 1 are left out of the bigram table and the
    output."""
    X = [["a", "b"], ["z", "z"], ["a", "b", "b"]]
    aug = NegativeSamplingAugmenter(ratio=1, random_state=0)
    X_res, y_res = aug.fit_resample(X, [0, 1, 0])
    assert X_res[:2] == [["a", "b"], ["a", "b", "b"]]
    assert "z" not in aug.vocabulary_


@pytest.mark.parametrize(
    "y, match",
    [([1, 1], "no normal sequence"), ([0, 2], "only 0"), ([0], "align")],
)
def test_bad_labels(y, match):
    """Check that invalid labels raise a ValueError that names the problem."""
    with pytest.raises(ValueError, match=match):
        NegativeSamplingAugmenter().fit_resample([["a", "b"], ["b", "a"]], y)


def test_bad_parameter_is_named():
    """Check that an invalid ratio is rejected at fit with its name."""
    with pytest.raises(ValueError, match="ratio"):
        NegativeSamplingAugmenter(ratio=0).fit_resample([["a", "b"]])


def test_string_input_is_refused():
    """Check that a plain string is refused rather than split into chars."""
    with pytest.raises(TypeError, match="Split"):
        NegativeSamplingAugmenter().fit_resample("E1 E2 E3")


def test_runs_in_imblearn_pipeline_only(normal_sequences):
    """Check that an imbalanced-learn Pipeline accepts the sampler while a
    scikit-learn Pipeline refuses it."""
    imb = ImbPipeline(
        [
            ("augment", NegativeSamplingAugmenter(ratio=1, random_state=0)),
            ("encode", Word2VecEventEncoder(vector_size=2, random_state=0)),
        ]
    )
    imb.fit(normal_sequences)
    assert imb.transform(normal_sequences[:3]).shape == (3,)

    sk = SkPipeline(
        [("augment", NegativeSamplingAugmenter()), ("encode", Word2VecEventEncoder())]
    )
    with pytest.raises(TypeError, match="NegativeSamplingAugmenter"):
        sk.fit(normal_sequences)


def test_clone_keeps_parameters():
    """Check that clone round-trips every parameter."""
    aug = NegativeSamplingAugmenter(ratio=3, unseen_fraction=0.3, random_state=7)
    assert clone(aug).get_params() == aug.get_params()
