# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of sklearn_isad.distributed on a LocalCluster bound to loopback."""

import gzip
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

distributed = pytest.importorskip(
    "distributed", reason="dask[distributed] is not installed (pip install .[dask])"
)
pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install .[dask])")

import joblib  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402

from sklearn_isad import make_isad_pipeline  # noqa: E402
from sklearn_isad.datasets import load_bgl, load_hdfs  # noqa: E402
from sklearn_isad.detectors import PCADetector  # noqa: E402
from sklearn_isad.distributed import (  # noqa: E402
    collect_sequences,
    group_by_entity,
    parse_log_files,
    score_sequences,
    sliding_windows,
)
from sklearn_isad.logs import DrainParser  # noqa: E402
from sklearn_isad.logs import group_by_entity as single_group_by_entity  # noqa: E402
from sklearn_isad.logs import sliding_windows as single_sliding_windows  # noqa: E402
from sklearn_isad.metrics import sequence_f1_scorer  # noqa: E402

# Lines of the bundled HDFS sample used here: enough for sessions that span
# several files, few enough for the time budget.
N_HDFS_LINES = 12_000


def _write_parts(lines, sizes, folder, stem):
    """Write consecutive slices of lines to files, every other one gzipped."""
    assert sum(sizes) == len(lines)
    paths, start = [], 0
    for k, size in enumerate(sizes):
        compressed = k % 2 == 1
        path = folder / f"{stem}-{k:02d}.log{'.gz' if compressed else ''}"
        opener = gzip.open if compressed else open
        with opener(path, "wt", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines[start : start + size]))
        paths.append(str(path))
        start += size
    return paths


@pytest.fixture(scope="module")
def client():
    """Two single-threaded worker processes on loopback, closed afterwards."""
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def bgl(tmp_path_factory):
    """BGL sample cut into files of uneven sizes, some shorter than a window."""
    ds = load_bgl("bgl_2k")
    parser = DrainParser().fit(ds.contents)
    folder = tmp_path_factory.mktemp("bgl")
    paths = _write_parts(ds.lines, [730, 40, 30, 5, 600, 595], folder, "bgl")
    return ds, parser, paths


@pytest.fixture(scope="module")
def hdfs(tmp_path_factory):
    """Head of the HDFS sample in four files, its parser and a tiny model."""
    ds = load_hdfs("hdfs_complete", warn=False)
    lines = ds.lines[:N_HDFS_LINES]
    contents = ds.contents[:N_HDFS_LINES]
    parser = DrainParser().fit(contents)
    events = parser.transform(contents)
    sessions = single_group_by_entity(lines, events)
    sessions = sessions.attach_labels(ds.block_labels)
    normal = [s for s, y in zip(sessions.sequences, sessions.y) if y == 0]
    pipe = make_isad_pipeline(
        ratio=2, vector_size=4, hidden_size=8, max_epochs=2, random_state=0
    ).fit(normal)
    folder = tmp_path_factory.mktemp("hdfs")
    paths = _write_parts(lines, [3000, 2500, 3500, 3000], folder, "hdfs")
    return ds, parser, paths, events, sessions, pipe


@pytest.fixture(scope="module")
def hdfs_sessions(client, hdfs):
    """The distributed sessions of the HDFS files, in three partitions."""
    ds, parser, paths, *_ = hdfs
    lines = parse_log_files(paths, parser, log_format="hdfs")
    return group_by_entity(lines, labels=ds.block_labels, npartitions=3)


def test_parse_log_files_matches_single_process(client, bgl):
    """Check that parallel parsing gives each line its single-process event."""
    ds, parser, paths = bgl
    lines = parse_log_files(paths, parser, log_format="bgl").compute()

    assert lines["event"].tolist() == parser.transform(ds.contents)
    assert lines["text"].tolist() == ds.lines
    assert lines["alert"].tolist() == ds.labels.tolist()
    assert lines["file"].tolist() == [
        k for k, n in enumerate([730, 40, 30, 5, 600, 595]) for _ in range(n)
    ]


@pytest.mark.parametrize("keep_partial", [False, True])
def test_sliding_windows_match_single_pass(client, bgl, keep_partial):
    """Check that windows across file boundaries equal one pass over the log."""
    ds, parser, paths = bgl
    expected = single_sliding_windows(
        parser.transform(ds.contents),
        window_size=100,
        step=20,
        labels=ds.labels,
        keep_partial=keep_partial,
    )

    lines = parse_log_files(paths, parser, log_format="bgl")
    windows = sliding_windows(
        lines, window_size=100, step=20, keep_partial=keep_partial
    )
    got = collect_sequences(windows)

    assert got.ids == expected.ids
    assert got.sequences == expected.sequences
    assert got.line_numbers == expected.line_numbers
    assert got.labels == expected.labels
    np.testing.assert_array_equal(got.y, expected.y)


def test_group_by_entity_matches_single_pass(hdfs, hdfs_sessions):
    """Check that sessions spread over several files come out whole, in order."""
    _, _, _, _, expected, _ = hdfs
    got = collect_sequences(hdfs_sessions)

    assert got.ids == expected.ids
    assert got.sequences == expected.sequences
    assert got.line_numbers == expected.line_numbers
    np.testing.assert_array_equal(got.y, expected.y)
    # the split really cut sessions: some span more than one file
    assert any(ln[0] < 3000 <= ln[-1] for ln in got.line_numbers)


def test_score_sequences_matches_single_process(hdfs, hdfs_sessions):
    """Check that distributed scores and explanations equal one process's."""
    _, _, _, _, sessions, pipe = hdfs
    expected_scores = pipe.decision_function(sessions.sequences)
    expected = dict(zip(sessions.ids, pipe.explain_events(sessions.sequences)))
    expected_score = dict(zip(sessions.ids, expected_scores))

    got = score_sequences(hdfs_sessions, pipe, explain=True).compute()

    assert sorted(got["sequence_id"]) == sorted(sessions.ids)
    assert got["prediction"].sum() > 0
    for row in got.itertuples():
        ex = expected[row.sequence_id]
        # float32 LSTM: a score depends on its batch mates at the last bit
        # (as in one process); predictions and flags are exact.
        np.testing.assert_allclose(
            row.score, expected_score[row.sequence_id], rtol=0, atol=1e-6
        )
        assert row.prediction == int(ex.predicted_anomalous)
        np.testing.assert_allclose(row.event_scores, ex.scores, rtol=0, atol=1e-6)
        assert list(row.event_anomalous) == ex.anomalous.tolist()
        assert list(row.anomalous_events) == ex.anomalous_events


def test_score_sequences_writes_parquet(hdfs_sessions, tmp_path):
    """Check that scores with per-event lists round-trip through Parquet."""
    pd = pytest.importorskip("pandas")
    detector = PCADetector().fit(collect_sequences(hdfs_sessions).sequences)
    scores = score_sequences(hdfs_sessions, detector)
    scores.to_parquet(tmp_path / "scores.parquet", write_index=False)

    back = pd.read_parquet(tmp_path / "scores.parquet", dtype_backend="pyarrow")
    expected = scores.compute()

    assert len(back) == len(expected)
    assert sorted(back["sequence_id"].tolist()) == sorted(expected["sequence_id"])
    assert set(back.columns) >= {"first_line", "last_line", "score", "label"}


def test_worker_killed_mid_run_loses_no_sequence(client, hdfs, hdfs_sessions):
    """Check that killing a worker mid-run still gives every sequence once."""
    _, _, _, _, sessions, pipe = hdfs
    pids = client.run(os.getpid)
    future = client.compute(score_sequences(hdfs_sessions, pipe, explain=True))

    # Wait until a scoring task runs, then kill the process running it.
    deadline = time.monotonic() + 60
    victim = None
    while victim is None and time.monotonic() < deadline:
        for address, keys in client.processing().items():
            if any("_score_part" in str(k) for k in keys):
                victim = address
                break
        else:
            time.sleep(0.01)
    assert victim is not None, "no scoring task started within 60 s"
    was_done = future.done()
    os.kill(pids[victim], signal.SIGKILL)

    result = future.result(timeout=120)

    assert not was_done
    assert victim not in client.scheduler_info()["workers"] or (
        client.run(os.getpid).get(victim) != pids[victim]
    )
    ids = result["sequence_id"].tolist()
    assert len(ids) == len(sessions.ids)
    assert sorted(ids) == sorted(sessions.ids)


def test_grid_search_runs_on_dask_backend(client):
    """Check that GridSearchCV fans its fits out through joblib's Dask backend."""
    rng = np.random.default_rng(0)
    normal = [
        ["open"] + ["read"] * int(rng.integers(1, 4)) + ["close"] for _ in range(40)
    ]
    anomalous = [["open", "close", "read"], ["read", "open", "panic", "close"]] * 4
    X = normal + anomalous
    y = np.r_[np.zeros(len(normal), int), np.ones(len(anomalous), int)]
    pipe = make_isad_pipeline(
        vector_size=4, hidden_size=8, max_epochs=1, n_steps=8, random_state=0
    )
    search = GridSearchCV(
        pipe,
        {"eta": [0.0, 0.1], "augment__ratio": [1, 2]},
        scoring=sequence_f1_scorer,
        cv=2,
    )

    # joblib runs in-process when the backend reports one core, which happens
    # while a worker killed by an earlier test is still coming back
    client.wait_for_workers(2, timeout=60)
    with joblib.parallel_backend("dask", n_jobs=2):
        search.fit(X, y)

    assert len(search.cv_results_["params"]) == 4
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    prefixes = client.run_on_scheduler(
        lambda dask_scheduler: list(dask_scheduler.task_prefixes)
    )
    assert any("fit_and_score" in p for p in prefixes), prefixes


def test_parse_log_files_rejects_unfitted_parser(tmp_path):
    """Check that an unfitted parser is refused before any work is sent."""
    path = tmp_path / "a.log"
    path.write_text("x\n")
    with pytest.raises(NotFittedError, match="DrainParser"):
        parse_log_files([path], DrainParser())


def test_parse_log_files_names_missing_files(bgl, tmp_path):
    """Check that missing files and empty globs are named in the error."""
    _, parser, _ = bgl
    with pytest.raises(FileNotFoundError, match="do not exist"):
        parse_log_files([tmp_path / "nope.log"], parser)
    with pytest.raises(FileNotFoundError, match="matches the pattern"):
        parse_log_files(str(tmp_path / "*.log.gz"), parser)


def test_score_sequences_needs_explain_events(hdfs_sessions):
    """Check that explain=True with a model lacking explain_events is refused."""
    detector = PCADetector().fit([["a", "b"], ["a", "c"], ["b", "c"]])
    with pytest.raises(TypeError, match="explain_events"):
        score_sequences(hdfs_sessions, detector, explain=True)


def test_base_package_does_not_import_dask():
    """Check that importing sklearn_isad leaves dask unimported."""
    code = "import sys, sklearn_isad; print('dask' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
