# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Fitted models survive pickle and joblib, and GPU models load on a CPU."""

import io
import pickle
import warnings

import joblib
import numpy as np
import pytest
import torch
from numpy.testing import assert_array_equal
from sklearn.base import clone
from skorch.exceptions import DeviceWarning

from sklearn_isad import (
    AnchorsExplainer,
    DeepLogDetector,
    EventCountVectorizer,
    IsolationForestDetector,
    LogAnomalyDetector,
    LogClusterDetector,
    LowFreqExplainer,
    NegativeSamplingAugmenter,
    OneClassSVMDetector,
    PCADetector,
    Word2VecEventEncoder,
    make_isad_pipeline,
)

NORMAL = [["a", "b"] + ["c", "d"] * k + ["e"] for k in (1, 2, 3, 1, 2)] * 6
PROBE = NORMAL[:3] + [["a", "zz", "e"], ["e"], ["a", "d", "c", "b", "e", "e"]]
_NET = dict(window_size=3, hidden_size=4, num_layers=1, max_epochs=2, random_state=0)

ESTIMATORS = [
    make_isad_pipeline(
        ratio=2, vector_size=2, hidden_size=4, max_epochs=3, n_steps=8, random_state=0
    ),
    PCADetector(),
    IsolationForestDetector(n_estimators=10, random_state=0),
    OneClassSVMDetector(),
    LogClusterDetector(),
    DeepLogDetector(**_NET),
    LogAnomalyDetector(
        templates={e: f"step {e} <*>" for e in "abcde"}, vector_size=4, **_NET
    ),
    LowFreqExplainer(),
    EventCountVectorizer(use_idf=True),
    Word2VecEventEncoder(vector_size=2, random_state=0),
    NegativeSamplingAugmenter(ratio=1, random_state=0),
]
IDS = [type(e).__name__ for e in ESTIMATORS]


def _pickle(obj):
    return pickle.loads(pickle.dumps(obj))


def _joblib(obj):
    buffer = io.BytesIO()
    joblib.dump(obj, buffer)
    buffer.seek(0)
    return joblib.load(buffer)


def _results(model):
    """Every output of a fitted model on PROBE."""
    out = {}
    for method in ("predict_proba", "decision_function", "predict"):
        if hasattr(model, method):
            out[method] = np.asarray(getattr(model, method)(PROBE))
    if hasattr(model, "transform"):
        Xt = model.transform(PROBE)
        out["transform"] = np.concatenate([np.ravel(x) for x in Xt])
    if hasattr(model, "explain_events"):
        for i, ex in enumerate(model.explain_events(PROBE)):
            out[f"scores{i}"] = ex.scores
            out[f"anomalous{i}"] = ex.anomalous
            out[f"baseline{i}"] = np.asarray(repr(ex.baseline))
    if hasattr(model, "threshold_"):
        out["threshold_"] = np.asarray(model.threshold_)
    if hasattr(model, "vocabulary_"):
        out["vocabulary_"] = np.asarray(repr(model.vocabulary_))
    if hasattr(model, "negative_sources_"):
        out["negative_sources_"] = model.negative_sources_
    return out


_FITTED = {}


def _fitted(estimator):
    """Fit each estimator of ESTIMATORS once per test session."""
    key = id(estimator)
    if key not in _FITTED:
        _FITTED[key] = clone(estimator).fit(NORMAL)
    return _FITTED[key]


@pytest.fixture(scope="module", params=ESTIMATORS, ids=IDS)
def fitted(request):
    return _fitted(request.param)


# AnchorsExplainer wraps a model that predicts sequences (not the encoder,
# vectorizer or sampler).
MODELS = [e for e in ESTIMATORS if hasattr(e, "predict")]


@pytest.mark.parametrize("round_trip", [_pickle, _joblib], ids=["pickle", "joblib"])
def test_round_trip_keeps_every_output(fitted, round_trip):
    """Check that a reloaded model gives bit-identical scores and explanations."""
    expected = _results(fitted)

    restored = round_trip(fitted)

    got = _results(restored)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert_array_equal(got[key], value, err_msg=key)


@pytest.mark.parametrize("model", MODELS, ids=[type(m).__name__ for m in MODELS])
def test_anchors_explainer_round_trip(model):
    """Check that AnchorsExplainer, wrapping a reloaded model, explains alike."""
    explainer = AnchorsExplainer(_fitted(model), n_samples=10, random_state=0).fit(
        NORMAL
    )

    restored = _joblib(explainer)

    for a, b in zip(
        explainer.explain_events(PROBE), restored.explain_events(PROBE), strict=True
    ):
        assert_array_equal(a.scores, b.scores)
        assert a.extra == b.extra


def test_reloaded_pipeline_module_is_the_nets_module():
    """Check that after a reload the classifier's module_ is its net's module,
    so that the model is stored once and moves with the net."""
    pipe = clone(ESTIMATORS[0]).fit(NORMAL)

    clf = _pickle(pipe).named_steps["classify"]

    assert clf.module_ is clf.net_.module_
    assert "module_" not in pipe.named_steps["classify"].__getstate__()
    assert hasattr(pipe.named_steps["classify"], "module_")


@pytest.mark.parametrize("index", [0, 5, 6], ids=[IDS[0], IDS[5], IDS[6]])
def test_model_saved_for_cuda_loads_on_cpu(index, monkeypatch):
    """Check the load path of a model fitted on a GPU, on a machine without
    CUDA: the weights are mapped to the CPU and the scores are unchanged."""
    model = clone(ESTIMATORS[index]).fit(NORMAL)
    expected = _results(model)
    net = model.named_steps["classify"].net_ if index == 0 else model.net_
    # what a fit with device="cuda" records; the tensors stay on the CPU
    net.device = "cuda"
    saved = pickle.dumps(model)
    net.device = "cpu"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)

    with pytest.warns(DeviceWarning) as record:
        restored = pickle.loads(saved)
    assert any("no CUDA devices" in str(w.message) for w in record)

    restored_net = (
        restored.named_steps["classify"].net_ if index == 0 else restored.net_
    )
    assert torch.device(restored_net.device).type == "cpu"
    assert all(p.device.type == "cpu" for p in restored_net.module_.parameters())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = _results(restored)
    for key, value in expected.items():
        assert_array_equal(got[key], value, err_msg=key)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_gpu_fitted_pipeline_round_trip():
    """Check that a pipeline fitted on a GPU pickles and scores alike."""
    pipe = clone(ESTIMATORS[0]).set_params(classify__device="cuda").fit(NORMAL)

    restored = _pickle(pipe)

    np.testing.assert_array_equal(
        restored.predict_proba(PROBE), pipe.predict_proba(PROBE)
    )
