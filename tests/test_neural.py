# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of InterpretableSADClassifier."""

import numpy as np
import pytest
import torch

from sklearn_isad import InterpretableSADClassifier


def _data(n=160, seed=0):
    rng = np.random.default_rng(seed)
    X = [
        rng.normal(size=(int(rng.integers(1, 9)), 3)).astype(np.float32)
        for _ in range(n)
    ]
    y = np.array([int(x[:, 0].sum() > 0) for x in X])
    return X, y


@pytest.fixture(scope="module")
def fitted():
    """One small classifier fitted for the whole module."""
    X, y = _data()
    clf = InterpretableSADClassifier(hidden_size=8, max_epochs=3, random_state=0)
    return clf.fit(X, y), X


def test_score_does_not_depend_on_batch(fitted):
    """Check that a sequence scores the same alone and in a padded batch of
    longer sequences."""
    clf, X = fitted
    short = X[0][:2]
    longer = [np.ones((30, 3), np.float32), short, np.zeros((7, 3), np.float32)]
    alone = clf.predict_proba([short])[0]
    in_batch = clf.predict_proba(longer)[1]
    np.testing.assert_allclose(alone, in_batch, rtol=0, atol=1e-6)


def test_outputs_follow_input_order(fitted):
    """Check that lengths [5, 3, 1] come back in input order."""
    clf, X = fitted
    seqs = [X[0][:1].repeat(5, 0), X[1][:1].repeat(3, 0), X[2][:1]]
    together = clf.decision_function(seqs)
    one_by_one = [clf.decision_function([s])[0] for s in seqs]
    np.testing.assert_allclose(together, one_by_one, atol=1e-6)


def test_predict_applies_threshold(fitted):
    """Check that predict is decision_function > threshold_ and probabilities
    sum to one."""
    clf, X = fitted
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)
    np.testing.assert_array_equal(clf.predict(X), (proba[:, 1] > 0.5).astype(int))
    assert clf.threshold_ == 0.5


def test_learns_a_separable_rule():
    """Check that the LSTM learns a rule a linear read-out can express."""
    X, y = _data(400, seed=1)
    clf = InterpretableSADClassifier(hidden_size=16, max_epochs=15, random_state=0)
    assert clf.fit(X, y).score(X, y) > 0.85


def test_same_seed_same_model_and_global_rng_untouched():
    """Check that a fixed random_state repeats the probabilities exactly and
    leaves torch's global generator as it was."""
    X, y = _data(60)
    state = torch.random.get_rng_state()
    a = InterpretableSADClassifier(hidden_size=4, max_epochs=2, random_state=1)
    b = InterpretableSADClassifier(hidden_size=4, max_epochs=2, random_state=1)
    pa = a.fit(X, y).predict_proba(X)
    pb = b.fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(pa, pb)
    assert torch.equal(state, torch.random.get_rng_state())


def test_silent_by_default_verbose_prints_epochs(capsys):
    """Check that nothing is printed unless verbose is set."""
    X, y = _data(40)
    InterpretableSADClassifier(hidden_size=4, max_epochs=2, random_state=0).fit(X, y)
    assert capsys.readouterr().out == ""
    InterpretableSADClassifier(
        hidden_size=4, max_epochs=2, random_state=0, verbose=1
    ).fit(X, y)
    out = capsys.readouterr().out
    assert "epoch" in out and "train_loss" in out


@pytest.mark.parametrize("bidirectional, num_layers", [(True, 2), (False, 2)])
def test_paper_architectures_train(bidirectional, num_layers):
    """Check that stacked and bidirectional LSTMs train and predict."""
    X, y = _data(40)
    clf = InterpretableSADClassifier(
        hidden_size=4,
        num_layers=num_layers,
        bidirectional=bidirectional,
        max_epochs=1,
        random_state=0,
    ).fit(X, y)
    assert clf.module_.lstm.bidirectional is bidirectional
    assert clf.predict_proba(X).shape == (40, 2)


def test_one_class_only_is_refused():
    """Check that training without negatives names the fix."""
    X, _ = _data(10)
    with pytest.raises(ValueError, match="NegativeSamplingAugmenter"):
        InterpretableSADClassifier().fit(X, np.zeros(10, dtype=int))


def test_wrong_vector_width_is_refused(fitted):
    """Check that event vectors of another width raise a clear error."""
    clf, _ = fitted
    with pytest.raises(ValueError, match="features per event"):
        clf.predict_proba([np.zeros((2, 5), np.float32)])


def test_event_ids_instead_of_vectors_are_refused(fitted):
    """Check that raw event ids raise an error pointing to the encoder."""
    clf, _ = fitted
    with pytest.raises(TypeError, match="encode"):
        clf.predict_proba([["a", "b"]])
