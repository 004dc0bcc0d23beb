# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""A fixed random_state gives bit-identical models across processes.

Two fresh Python processes with different ``PYTHONHASHSEED`` values fit the
same models on the CPU and return every output; all must be equal bit for
bit. Nothing here needs a tolerance: word2vec runs on one worker with a hash
that ignores ``PYTHONHASHSEED``, vocabularies follow first appearance or a
sort, and torch is seeded inside a forked generator. (On a GPU, cuDNN's LSTM
kernels are not bit-reproducible; those results are equal to float32
rounding only, and no test claims more.)
"""

import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np

_ROOT = Path(__file__).resolve().parents[1]

_SCRIPT = """
import pickle, sys
import numpy as np
from sklearn_isad import (
    DeepLogDetector, LogAnomalyDetector, NegativeSamplingAugmenter,
    Word2VecEventEncoder, make_isad_pipeline,
)

normal = [["a", "b"] + ["c", "d"] * k + ["e"] for k in (1, 2, 3, 1, 2)] * 6
normal += [[3, "3", "b", "e"]] * 2
probe = normal[:4] + [["a", "zz", "e"], ["e", "d", "c", "b", "a"], [3, "b"]]
out = {}

X_res, y_res = NegativeSamplingAugmenter(ratio=3, random_state=0).fit_resample(
    normal
)
out["negatives"] = repr(X_res)

encoder = Word2VecEventEncoder(vector_size=4, random_state=0).fit(normal)
out["vocabulary"] = repr(encoder.vocabulary_)
out["word_vectors"] = encoder.vectors_.tobytes()

pipe = make_isad_pipeline(
    ratio=3, vector_size=4, hidden_size=8, max_epochs=3, n_steps=8,
    random_state=0,
).fit(normal)
out["predict_proba"] = pipe.predict_proba(probe).tobytes()
pipe.named_steps["classify"].threshold_ = 0.0  # explain every sequence
out["explain"] = [
    (ex.scores.tobytes(), repr(ex.baseline)) for ex in pipe.explain_events(probe)
]

net = dict(window_size=3, hidden_size=4, num_layers=1, max_epochs=2, random_state=0)
out["deeplog"] = DeepLogDetector(**net).fit(normal).decision_function(probe).tobytes()
templates = {e: f"step {e} of job <*>" for e in ["a", "b", "c", "d", "e", 3, "3"]}
out["loganomaly"] = (
    LogAnomalyDetector(templates=templates, vector_size=4, **net)
    .fit(normal)
    .decision_function(probe)
    .tobytes()
)
sys.stdout.buffer.write(pickle.dumps(out))
"""


def _start(hash_seed):
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed), OMP_NUM_THREADS="1")
    return subprocess.Popen(
        [sys.executable, "-c", _SCRIPT],
        cwd=_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_processes_give_bit_identical_results():
    """Check that negatives, word vectors, probabilities, explanations and
    detector scores are bit-identical across processes and hash seeds."""
    first, second = _start(1), _start(2024)

    results = []
    for process in (first, second):
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr.decode()[-2000:]
        results.append(pickle.loads(stdout))

    a, b = results
    assert a.keys() == b.keys()
    for key in a:
        assert a[key] == b[key], key
    # the explained sequences did get non-zero scores
    assert any(np.frombuffer(s, dtype=float).any() for s, _ in a["explain"])
