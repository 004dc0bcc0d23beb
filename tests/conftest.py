# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Shared fixtures: small deterministic sequences and the real-data folder."""

import csv
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone

from sklearn_isad import make_isad_pipeline

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _grammar_sequence(rng):
    """One normal session: open, then reads, then writes, then close."""
    n_read = int(rng.integers(1, 5))
    n_write = int(rng.integers(0, 4))
    return ["open"] + ["read"] * n_read + ["write"] * n_write + ["close"]


@pytest.fixture(scope="session")
def normal_sequences():
    """Two hundred normal sessions of a tiny open/read/write/close grammar."""
    rng = np.random.default_rng(0)
    return [_grammar_sequence(rng) for _ in range(200)]


@pytest.fixture(scope="session")
def anomalous_sequences():
    """Sessions that break the grammar: wrong order or an unseen event."""
    return [
        ["open", "close", "read", "read", "close"],
        ["open", "read", "panic", "write", "close"],
        ["write", "read", "open", "close"],
        ["open", "read", "read", "write", "open", "close"],
    ]


def read_hdfs_sessions():
    """Real HDFS sessions (loghub event ids) from the shared data folder.

    Returns the event sequences and their labels (1 = anomalous) in time
    order, or skips the test when the folder is not there.
    """
    path = SHARED_DATA / "hdfs_complete" / "sessions.csv"
    if not path.exists():
        pytest.skip(f"real HDFS sessions not found at ../shared/data ({path.name})")
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    sequences = [row["EventSequence"].split() for row in rows]
    labels = np.array([row["Label"] != "Normal" for row in rows], dtype=int)
    return sequences, labels


@pytest.fixture(scope="session")
def hdfs_split():
    """The HDFS benchmark split: the first half of the normal sessions (time
    order) trains; the other normal sessions and every anomalous one test.

    Returns training sequences, test sequences and test labels.
    """
    sequences, labels = read_hdfs_sessions()
    normal = np.flatnonzero(labels == 0)
    train = normal[: len(normal) // 2]
    test = np.setdiff1d(np.arange(len(sequences)), train)
    return (
        [sequences[i] for i in train],
        [sequences[i] for i in test],
        labels[test],
    )


@pytest.fixture(scope="session")
def grammar_pipeline(normal_sequences):
    """A small InterpretableSAD pipeline fitted once on the grammar sessions.

    Shared by every test that needs a fitted pipeline; tests must not refit
    it (use :func:`with_params` for other explanation settings).
    """
    return make_isad_pipeline(
        ratio=10,
        vector_size=4,
        hidden_size=16,
        max_epochs=20,
        batch_size=32,
        random_state=0,
    ).fit(normal_sequences)


def with_params(pipe, **params):
    """The fitted pipeline with other pipeline-level parameters (eta, tau,
    baseline): the fitted steps are shared, nothing is refitted."""
    variant = clone(pipe).set_params(**params)
    variant.steps = pipe.steps
    return variant
