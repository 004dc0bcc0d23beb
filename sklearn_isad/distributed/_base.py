# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Shared helpers of the Dask integration: optional import, shipping, frames."""

import importlib

_INSTALL_HINT = (
    "sklearn_isad.distributed needs dask[distributed], pandas and pyarrow; "
    'install them with: pip install "sklearn-isad[dask]"'
)


def import_optional(name):
    """Import ``name`` or raise an ImportError that says how to install it."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ImportError(f"{_INSTALL_HINT} (could not import {name!r}).") from exc


def ship(obj):
    """Make ``obj`` one shared, recomputable input of the tasks that use it.

    The object becomes a single node of the task graph: it is serialised
    once, and each worker that runs a dependent task receives it once (from
    the scheduler's task or from a peer), not once per task. Unlike data
    placed with ``Client.scatter``, a graph node can be rebuilt by Dask when
    the workers holding it are lost, so a run survives a worker failure.
    """
    dask = import_optional("dask")
    return dask.delayed(obj, pure=True, traverse=False)


def from_parts(parts, meta):
    """Dask DataFrame from delayed pandas frames with the columns of ``meta``."""
    dd = import_optional("dask.dataframe")
    return dd.from_delayed(list(parts), meta=meta, verify_meta=False)


def to_parts(frame):
    """Delayed pandas partitions of a Dask DataFrame, in order."""
    return list(frame.to_delayed())
