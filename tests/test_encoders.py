# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of Word2VecEventEncoder."""

import os
import subprocess
import sys
from collections import Counter

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from sklearn_isad import Word2VecEventEncoder
from sklearn_isad.utils import UNSEEN_EVENT


def test_trained_on_normal_rows_only():
    """Check that events only present in rows with y == 1 stay unseen."""
    X = [["a", "b"], ["a", "z"], ["b", "a"]]
    enc = Word2VecEventEncoder(vector_size=3, random_state=0).fit(X, [0, 1, 0])
    assert set(enc.vocabulary_) == {"a", "b"}
    np.testing.assert_array_equal(enc.transform([["z"]])[0], np.zeros((1, 3)))


def test_event_counts_match_training_data(normal_sequences):
    """Check that event_counts_ holds each event's count in the data."""
    enc = Word2VecEventEncoder(vector_size=2, random_state=0).fit(normal_sequences)
    expected = Counter(e for s in normal_sequences for e in s)
    got = {e: enc.event_counts_[i] for e, i in enc.vocabulary_.items()}
    assert got == dict(expected)
    assert enc.event_frequency(["read", "never"]).tolist() == [expected["read"], 0]


def test_unseen_events_get_the_unseen_vector(normal_sequences):
    """Check that unseen ids, ints and UNSEEN_EVENT all map to
    unseen_vector_ while seen events map to their own row."""
    enc = Word2VecEventEncoder(vector_size=4, random_state=0).fit(normal_sequences)
    out = enc.transform([["open", "nope", 7, UNSEEN_EVENT]])[0]
    np.testing.assert_array_equal(out[0], enc.vectors_[enc.vocabulary_["open"]])
    for row in out[1:]:
        np.testing.assert_array_equal(row, enc.unseen_vector_)
    assert out.dtype == np.float32 and out.shape == (4, 4)


def test_int_and_str_ids_are_different_events():
    """Check that 1 and '1' are kept apart."""
    enc = Word2VecEventEncoder(vector_size=2, random_state=0).fit([[1, "1", 1]])
    assert enc.vocabulary_ == {1: 0, "1": 1}
    assert enc.event_counts_.tolist() == [2, 1]


def test_same_random_state_same_vectors(normal_sequences):
    """Check that two fits with one random_state give identical vectors."""
    a = Word2VecEventEncoder(random_state=5).fit(normal_sequences).vectors_
    b = Word2VecEventEncoder(random_state=5).fit(normal_sequences).vectors_
    c = Word2VecEventEncoder(random_state=6).fit(normal_sequences).vectors_
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


_CHILD = """
import sys
from sklearn_isad import Word2VecEventEncoder
X = [["open", "read", "write", "close"], ["open", "read", "close"]] * 5
enc = Word2VecEventEncoder(vector_size=4, random_state=11).fit(X)
sys.stdout.write(enc.vectors_.tobytes().hex())
"""


def test_vectors_identical_across_processes():
    """Check that processes with different PYTHONHASHSEED get bit-identical
    vectors for one random_state."""
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", _CHILD],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] and outputs[0] == outputs[1]


def test_transform_before_fit_raises():
    """Check that transform before fit raises NotFittedError."""
    with pytest.raises(NotFittedError):
        Word2VecEventEncoder().transform([["a"]])


def test_no_normal_row_raises():
    """Check that fitting with only anomalous rows names the problem."""
    with pytest.raises(ValueError, match="no normal sequence"):
        Word2VecEventEncoder().fit([["a"]], [1])
