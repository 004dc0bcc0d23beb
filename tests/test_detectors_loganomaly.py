# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of LogAnomalyDetector."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_isad.detectors import LogAnomalyDetector
from sklearn_isad.detectors._loganomaly import template_words

TEMPLATES = {
    "open": "Opening file <*> for reading",
    "read": "Read <*> bytes from file <*>",
    "close": "Closing file <*>",
    "fail": "Disk failure while reading file <*>",
    "empty": "<*>",
}
PATTERN = ["open", "read", "close"]


def _small_loganomaly(**params):
    defaults = dict(
        templates=TEMPLATES,
        window_size=2,
        top_g=1,
        vector_size=4,
        hidden_size=16,
        num_layers=1,
        max_epochs=30,
        batch_size=32,
        lr=0.05,
        random_state=0,
    )
    return LogAnomalyDetector(**{**defaults, **params})


@pytest.fixture(scope="module")
def loganomaly():
    return _small_loganomaly().fit([PATTERN] * 20)


def test_template_words_drop_wildcards():
    """Check that template text is split into lower-case words without <*>."""
    words = template_words("<*>PacketResponder <*> for block <*> terminating<*>")

    assert words == ["packetresponder", "for", "block", "terminating"]


def test_template_vectors_are_unit_mean_word_vectors(loganomaly):
    """Check that a template vector is the normalised mean of its word vectors."""
    wv = loganomaly.word_vectors_
    mean = np.mean([wv[w] for w in ["closing", "file"]], axis=0)

    assert_allclose(
        loganomaly.template_vectors_["close"], mean / np.linalg.norm(mean), rtol=1e-5
    )
    assert_array_equal(loganomaly.template_vectors_["empty"], np.zeros(4))


def test_training_pattern_is_normal(loganomaly):
    """Check that the training sequence has every event ranked first."""
    assert_array_equal(loganomaly.decision_function([PATTERN]), [1.0])
    assert_array_equal(loganomaly.predict([PATTERN]), [0])


def test_event_out_of_order_is_flagged(loganomaly):
    """Check that an event that never followed its window is flagged."""
    assert_array_equal(loganomaly.predict([["open", "close", "read"]]), [1])


def test_unseen_events_with_and_without_template_are_scored(loganomaly):
    """Check that unseen events, with a template or none, rank past the vocabulary."""
    scores = loganomaly.decision_function([["open", "fail"], ["open", "no-template"]])

    assert_array_equal(scores, [4.0, 4.0])
    assert_array_equal(loganomaly.predict([["fail", "close"]]), [1])


def test_unseen_template_event_keeps_its_vector(loganomaly):
    """Check that an event with a template but absent from training has an input."""
    assert "fail" not in loganomaly.vocabulary_
    assert "fail" in loganomaly.template_vectors_
    assert loganomaly._input_index["fail"] != loganomaly._unknown_index


def test_missing_templates_raise():
    """Check that templates=None is refused with a hint."""
    with pytest.raises(ValueError, match="needs templates"):
        LogAnomalyDetector().fit([PATTERN])


def test_training_event_without_template_raises():
    """Check that a training event missing from templates is named."""
    with pytest.raises(ValueError, match="templates has no text for 1 event.*'zzz'"):
        _small_loganomaly(max_epochs=1).fit([PATTERN + ["zzz"]])


def test_same_random_state_gives_identical_vectors_and_scores():
    """Check that a fixed random_state repeats word vectors and network outputs."""
    first = _small_loganomaly(max_epochs=2).fit([PATTERN] * 5)
    second = _small_loganomaly(max_epochs=2).fit([PATTERN] * 5)
    windows = np.array([[0, 1], [1, 2], [2, 3]])

    assert_array_equal(first.word_vectors_.vectors, second.word_vectors_.vectors)
    assert_array_equal(
        first.net_.forward(windows).numpy(), second.net_.forward(windows).numpy()
    )
