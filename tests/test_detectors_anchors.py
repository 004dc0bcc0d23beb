# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of AnchorsExplainer, with stub models whose anchors are known."""

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import check_no_attributes_set_in_init

from sklearn_isad import EventExplanation
from sklearn_isad.detectors import AnchorsExplainer, LowFreqExplainer

# Normal data never holds X, Y or Z; 6 of 10 sequences start with "a".
NORMAL = [["a", "b", "c"]] * 6 + [["b", "b", "c"]] * 4


class ContainsAll:
    """Stub model: a sequence is anomalous iff it holds every required event."""

    def __init__(self, *required):
        self.required = required

    def predict(self, X):
        return np.array([int(all(r in seq for r in self.required)) for seq in X])


class AtLeastTwoX:
    """Stub model: a sequence is anomalous iff it holds X twice or more."""

    def predict(self, X):
        return np.array([int(list(seq).count("X") >= 2) for seq in X])


class StartsWithB:
    """Stub model: a sequence is anomalous iff its first event is b."""

    def predict(self, X):
        return np.array([int(seq[0] == "b") for seq in X])


def explain(model, X, **params):
    params.setdefault("random_state", 0)
    return AnchorsExplainer(model, **params).fit(NORMAL).explain_events(X)


def test_single_event_anchor():
    """Check that a model flagging X gets the anchor {position of X}, precision 1."""
    [ex] = explain(ContainsAll("X"), [["a", "X", "b"]])

    assert_array_equal(ex.anomalous, [False, True, False])
    assert ex.extra["anchor"] == (1,)
    assert ex.extra["precision"] == 1.0
    assert ex.extra["precision_reached"]
    assert ex.extra["precision_empty"] == 0.0


def test_scores_are_single_position_gains():
    """Check that scores are precision({t}) - precision({}) per position."""
    [ex] = explain(ContainsAll("X"), [["a", "X", "c"]])

    # keeping a or c alone leaves no X in any draw; keeping X flags them all
    assert_array_equal(ex.scores, [0.0, 1.0, 0.0])


def test_events_needed_together_form_the_anchor():
    """Check that a model needing both X and Y gets an anchor of both."""
    [ex] = explain(ContainsAll("X", "Y"), [["X", "a", "Y", "c"]])

    assert ex.extra["anchor"] == (0, 2)
    assert ex.anomalous_events == ["X", "Y"]
    assert ex.extra["precision"] == 1.0
    # neither event alone makes the model flag a draw
    assert_array_equal(ex.scores, np.zeros(4))


def test_greedy_search_finds_pair_anchor():
    """Check that beam_width=1 still finds the pair, by trying rarer events first."""
    [ex] = explain(ContainsAll("X", "Y"), [["a", "X", "b", "Y"]], beam_width=1)

    assert ex.extra["anchor"] == (1, 3)


def test_coverage_is_share_of_normal_data_holding_the_anchor():
    """Check that coverage counts the normal sequences agreeing on the anchor."""
    # b and c at positions 1 and 2 are in every normal sequence: only
    # position 0 can change a draw; 4 of 10 normal sequences start with b.
    [ex] = explain(StartsWithB(), [["b", "b", "c"]])

    assert ex.extra["anchor"] == (0,)
    assert ex.extra["precision"] == 1.0
    assert ex.extra["coverage"] == pytest.approx(0.4)


def test_positions_every_draw_already_holds_are_never_added():
    """Check that normal sequences map by relative position and that
    positions no draw differs at score 0 and stay outside the anchor."""
    # length-3 normal sequences mapped to length 6: a a b b c c (or b b b b c c)
    [ex] = explain(ContainsAll("X"), [["a", "b", "X", "b", "c", "c"]])

    assert ex.extra["anchor"] == (2,)
    assert_array_equal(ex.scores[[1, 3, 4, 5]], 0.0)


def test_threshold_decides_anchor_size():
    """Check that a lower precision threshold accepts a smaller anchor."""
    model = ContainsAll("X", "a")
    # keeping X alone: the draws starting with a (about 60 %) are flagged
    seq = [["a", "X", "c"]]

    [strict] = explain(model, seq, precision_threshold=0.95)
    [loose] = explain(model, seq, precision_threshold=0.3)

    assert strict.extra["anchor"] == (0, 1)
    assert loose.extra["anchor"] == (1,)
    assert 0.3 <= loose.extra["precision"] < 0.95


def test_max_anchor_size_bounds_the_search():
    """Check that an anchor not reached within max_anchor_size is reported."""
    [ex] = explain(
        ContainsAll("X", "Y", "Z"), [["X", "Y", "Z", "a"]], max_anchor_size=2
    )

    assert not ex.extra["precision_reached"]
    assert ex.anomalous.sum() <= 2
    assert ex.extra["precision"] < 0.95


def test_no_anchor_better_than_empty_gives_empty_mask():
    """Check that when no anchor beats the empty one, the mask stays empty."""
    # the model needs X, Y and Z together; no single event makes it flag
    model = ContainsAll("X", "Y", "Z")

    [ex] = explain(model, [["X", "Y", "Z"]], max_anchor_size=1)

    assert not ex.extra["precision_reached"]
    assert ex.extra["anchor"] == ()
    assert not ex.anomalous.any()
    assert ex.extra["precision"] == ex.extra["precision_empty"] == 0.0


def test_event_unit_keeps_every_occurrence():
    """Check that unit='event' anchors all positions of one event id at once."""
    seq = [["X", "a", "X", "c"]]

    [by_position] = explain(AtLeastTwoX(), seq, unit="position")
    [by_event] = explain(AtLeastTwoX(), seq, unit="event", max_anchor_size=1)

    assert by_position.extra["anchor"] == (0, 2)
    assert by_event.extra["anchor"] == (0, 2)
    assert by_event.extra["precision"] == 1.0
    # one X alone never makes two; both together always do
    assert_array_equal(by_position.scores, [0.0, 0.0, 0.0, 0.0])
    assert_array_equal(by_event.scores, [1.0, 0.0, 1.0, 0.0])


def test_predicted_normal_sequences_get_empty_masks():
    """Check that sequences the model does not flag get no anchor and zero scores."""
    explanations = explain(ContainsAll("X"), [["a", "b"], ["a", "X"], ["c"]])

    for i in (0, 2):
        assert not explanations[i].predicted_anomalous
        assert not explanations[i].anomalous.any()
        assert_array_equal(explanations[i].scores, 0.0)
        assert explanations[i].extra == {}
    assert explanations[1].predicted_anomalous


def test_explanations_align_with_inputs():
    """Check that there is one EventExplanation per input sequence, in order."""
    X = [["X"], ["a", "b", "c", "X"], ["b", "b"], ["X", "c"]]

    explanations = explain(ContainsAll("X"), X)

    assert all(isinstance(ex, EventExplanation) for ex in explanations)
    assert [ex.events for ex in explanations] == X
    assert [ex.anomalous.shape for ex in explanations] == [(1,), (4,), (2,), (2,)]
    assert [ex.anomalous_events for ex in explanations] == [["X"], ["X"], [], ["X"]]
    assert all(ex.baseline is None for ex in explanations)


def test_same_random_state_same_explanations():
    """Check that a fixed random_state makes explain_events repeatable."""
    model = ContainsAll("X", "a")
    explainer = AnchorsExplainer(
        model, precision_threshold=0.5, n_samples=30, random_state=3
    ).fit(NORMAL)
    X = [["a", "X", "c"], ["b", "X", "a", "c"]]

    first = explainer.explain_events(X)
    second = clone(explainer).fit(NORMAL).explain_events(X)

    for a, b in zip(first, second, strict=True):
        assert_array_equal(a.scores, b.scores)
        assert_array_equal(a.anomalous, b.anomalous)
        assert a.extra == b.extra


def test_wraps_a_fitted_detector():
    """Check that a package detector can be explained: the unseen event anchors."""
    model = LowFreqExplainer(min_frequency=1).fit(NORMAL)

    [ex] = explain(model, [["a", "b", "panic"]])

    assert ex.anomalous_events == ["panic"]


def test_fit_keeps_only_normal_sequences():
    """Check that fit stores only the sequences labelled 0."""
    explainer = AnchorsExplainer(ContainsAll("X")).fit(
        NORMAL + [["X", "a"]], y=[0] * len(NORMAL) + [1]
    )

    assert explainer.n_sequences_fit_ == len(NORMAL)
    assert "X" not in explainer.event_counts_


def test_explain_before_fit_raises():
    """Check that explain_events needs fit first."""
    with pytest.raises(NotFittedError, match="AnchorsExplainer"):
        AnchorsExplainer(ContainsAll("X")).explain_events([["X"]])


@pytest.mark.parametrize(
    "params, name",
    [
        ({"precision_threshold": 1.5}, "precision_threshold"),
        ({"n_samples": 0}, "n_samples"),
        ({"max_anchor_size": 0}, "max_anchor_size"),
        ({"beam_width": 0}, "beam_width"),
        ({"unit": "token"}, "unit"),
        ({"random_state": "seed"}, "random_state"),
    ],
)
def test_bad_parameters_are_named(params, name):
    """Check that an invalid parameter is reported by name at fit."""
    with pytest.raises(ValueError, match=name):
        AnchorsExplainer(ContainsAll("X"), **params).fit(NORMAL)


def test_estimator_without_predict_is_refused():
    """Check that a model without predict is reported as the estimator parameter."""
    with pytest.raises(ValueError, match="estimator"):
        AnchorsExplainer(object()).fit(NORMAL)


def test_init_stores_parameters_unchanged():
    """Check the estimator API: params stored as given, nothing set in init."""
    model = ContainsAll("X")
    explainer = AnchorsExplainer(model, n_samples=7)

    check_no_attributes_set_in_init("AnchorsExplainer", explainer)
    assert explainer.get_params()["estimator"] is model
    assert clone(explainer).n_samples == 7
