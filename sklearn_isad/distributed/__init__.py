# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Parse, group, score and explain logs on a Dask cluster.

Training stays on one machine; everything after it runs on Dask. Install the
extra with ``pip install "sklearn-isad[dask]"``; the base package never
imports Dask.

The functions build lazy Dask DataFrames and run on whatever scheduler is
current, so the same code runs on a ``LocalCluster`` or on a multi-machine
cluster: only the client changes, ``Client("tcp://scheduler-host:8786")``
instead of ``Client(LocalCluster())``. A fitted model (the parser, the
pipeline, a detector) is one node of the task graph: it is serialised once
and reaches each worker once, not once per task. It is not placed with
``Client.scatter``: Dask cannot rebuild scattered data after the workers
holding it die (a run then fails with ``FutureCancelledError``), while a
graph node is recomputed, so a run survives the loss of a worker and still
returns every sequence exactly once.

Examples
--------
A run over many log files (not executed here)::

    from distributed import Client, LocalCluster
    from sklearn_isad.distributed import (
        group_by_entity, parse_log_files, score_sequences,
    )

    with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, \\
            Client(cluster) as client:
        lines = parse_log_files("logs/*.log.gz", parser, log_format="hdfs")
        sessions = group_by_entity(lines, labels=block_labels)
        scores = score_sequences(sessions, pipe, explain=True)
        scores.to_parquet("scores.parquet")

Hyper-parameter search fans its fits out through joblib's Dask backend, with
no change to the estimator (the data is sent with each task, so keep the
training sample modest)::

    import joblib
    from sklearn.model_selection import GridSearchCV

    search = GridSearchCV(pipe, {"eta": [0.0, 0.1], "augment__ratio": [5, 20]},
                          scoring=scorer, cv=3)
    with joblib.parallel_backend("dask"):
        search.fit(X, y)
"""

# Dask, pandas and pyarrow are imported when a function runs, so that this
# module imports (and its docs build) without them; a call without them
# raises an ImportError that names the extra to install.
from sklearn_isad.distributed._parse import parse_log_files
from sklearn_isad.distributed._score import score_sequences
from sklearn_isad.distributed._sequences import (
    collect_sequences,
    group_by_entity,
    sliding_windows,
)

__all__ = [
    "collect_sequences",
    "group_by_entity",
    "parse_log_files",
    "score_sequences",
    "sliding_windows",
]
