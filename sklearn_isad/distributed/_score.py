# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Scoring and explaining partitions of sequences with a fitted model."""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from sklearn_isad.distributed._base import (
    from_parts,
    import_optional,
    ship,
    to_parts,
)

_PASSED = ("sequence_id", "first_line", "last_line", "label")


def _score_part(part, estimator, explain):
    """Scores (and explanations) of one partition of sequences."""
    pa = import_optional("pyarrow")
    pd = import_optional("pandas")
    X = [list(e) for e in part["events"].tolist()]
    n = len(X)
    if n:
        scores = np.asarray(estimator.decision_function(X), dtype=np.float64)
        threshold = getattr(estimator, "threshold_", None)
        if threshold is None:
            prediction = np.asarray(estimator.predict(X))
        else:
            # The rule of every predict in this package, without a second pass.
            prediction = scores > threshold
    else:
        scores, prediction = np.empty(0), np.empty(0)
    out = part[list(_PASSED)].reset_index(drop=True)
    out["score"] = scores
    out["prediction"] = np.asarray(prediction, dtype=np.int8)
    if not explain:
        return out

    explanations = estimator.explain_events(X) if n else []
    lists = {
        "event_scores": (
            [np.asarray(e.scores, float).tolist() for e in explanations],
            pa.float64(),
        ),
        "event_anomalous": (
            [np.asarray(e.anomalous, bool).tolist() for e in explanations],
            pa.bool_(),
        ),
        "anomalous_events": (
            [[str(v) for v in e.anomalous_events] for e in explanations],
            pa.string(),
        ),
    }
    for name, (values, value_type) in lists.items():
        array = pa.array(values, type=pa.list_(value_type))
        out[name] = pd.Series(array, dtype=pd.ArrowDtype(array.type))
    out["n_anomalous_events"] = np.array(
        [int(np.sum(e.anomalous)) for e in explanations], dtype=np.int32
    )
    return out


def score_sequences(sequences, estimator, *, explain=False):
    """Score, and optionally explain, partitioned sequences with a fitted model.

    The model (an :class:`~sklearn_isad.ISADPipeline` or any detector of the
    package) is trained on one machine and shipped to the workers once;
    each partition is then scored where it lies. Each sequence is scored
    exactly as the model would score it in one process.

    Parameters
    ----------
    sequences : dask.dataframe.DataFrame
        Sequences from :func:`group_by_entity` or :func:`sliding_windows`
        (columns ``sequence_id``, ``first_line``, ``last_line``, ``events``
        and ``label``).
    estimator : estimator
        A fitted model with ``decision_function`` (and ``explain_events``
        when ``explain`` is True).
    explain : bool, default=False
        Also return per-event scores from ``explain_events``.

    Returns
    -------
    scores : dask.dataframe.DataFrame
        One row per sequence, in the order of ``sequences``, with
        ``sequence_id``, ``first_line``, ``last_line``, ``label`` (from the
        logs, may be missing), ``score`` (``decision_function``, higher is
        more anomalous) and ``prediction`` (1 when ``score`` is above the
        model's ``threshold_``). With ``explain=True`` also
        ``event_scores`` (one float per event), ``event_anomalous`` (one bool
        per event), ``anomalous_events`` (the flagged event ids) and
        ``n_anomalous_events``. Write it with ``to_parquet``.

    Notes
    -----
    List columns are Arrow lists, stored as Parquet lists. Read them back
    with ``pandas.read_parquet(path, dtype_backend="pyarrow")`` or
    ``pyarrow.parquet.read_table``; some pandas versions (3.1 with pyarrow
    26) cannot rebuild Arrow list columns from the stored pandas metadata
    otherwise, and ``dask.dataframe.read_parquet`` fails on them there.
    """
    _check_sequences_frame(sequences)
    if not hasattr(estimator, "decision_function"):
        raise TypeError(
            f"estimator must have decision_function; got {type(estimator).__name__}."
        )
    if explain and not hasattr(estimator, "explain_events"):
        raise TypeError(
            f"explain=True needs an estimator with explain_events; "
            f"{type(estimator).__name__} has none."
        )
    _check_fitted(estimator)
    dask = import_optional("dask")

    shared = ship(estimator)
    meta = _score_meta(sequences._meta, explain)
    score = dask.delayed(_score_part, pure=True)
    return from_parts([score(p, shared, explain) for p in to_parts(sequences)], meta)


def _check_sequences_frame(sequences):
    dd = import_optional("dask.dataframe")
    if not isinstance(sequences, dd.DataFrame):
        raise TypeError(
            "sequences must be a Dask DataFrame from group_by_entity or "
            f"sliding_windows, got {type(sequences).__name__}."
        )
    needed = (*_PASSED, "events")
    absent = [c for c in needed if c not in sequences.columns]
    if absent:
        raise ValueError(
            f"sequences lacks the column(s) {absent}; it needs {list(needed)}."
        )


def _check_fitted(estimator):
    # A pipeline is fitted when its last step is.
    final = getattr(estimator, "_final_estimator", estimator)
    check_is_fitted(final)


def _score_meta(meta, explain):
    pa = import_optional("pyarrow")
    pd = import_optional("pandas")
    out = meta[list(_PASSED)].iloc[:0].reset_index(drop=True)
    out["score"] = np.array([], dtype=np.float64)
    out["prediction"] = np.array([], dtype=np.int8)
    if explain:
        for name, value_type in (
            ("event_scores", pa.float64()),
            ("event_anomalous", pa.bool_()),
            ("anomalous_events", pa.string()),
        ):
            out[name] = pd.Series([], dtype=pd.ArrowDtype(pa.list_(value_type)))
        out["n_anomalous_events"] = np.array([], dtype=np.int32)
    return out
