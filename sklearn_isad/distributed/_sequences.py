# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Sessions and sliding windows over a partitioned stream of parsed lines."""

import operator
import re

import numpy as np

from sklearn_isad.distributed._base import (
    from_parts,
    import_optional,
    ship,
    to_parts,
)
from sklearn_isad.logs._grouping import Sequences, _check_positive_int

_ROW_COLUMNS = ("file", "line_number", "event")


def _check_lines(lines, needed):
    dd = import_optional("dask.dataframe")
    if not isinstance(lines, dd.DataFrame):
        raise TypeError(
            "lines must be a Dask DataFrame from parse_log_files, got "
            f"{type(lines).__name__}."
        )
    absent = [c for c in needed if c not in lines.columns]
    if absent:
        raise ValueError(
            f"lines lacks the column(s) {absent}; it needs {list(needed)} as "
            "made by parse_log_files."
        )


def _line_offsets(parts):
    """Lazy global position of the first line of each partition."""
    dask = import_optional("dask")
    offsets = [0]
    for part in parts[:-1]:
        offsets.append(dask.delayed(operator.add)(offsets[-1], dask.delayed(len)(part)))
    return offsets


def _list_array(values, offsets, value_type):
    """A pandas Series of Arrow lists from flat values and list offsets."""
    pa = import_optional("pyarrow")
    pd = import_optional("pandas")
    array = pa.ListArray.from_arrays(
        pa.array(np.asarray(offsets, dtype=np.int32)),
        pa.array(values, type=value_type),
    )
    return pd.Series(array, dtype=pd.ArrowDtype(array.type))


def _sequence_frame(ids, first, last, events, offsets, line_numbers, alerts, label):
    """Frame of one partition of sequences (also the meta when empty)."""
    pa = import_optional("pyarrow")
    pd = import_optional("pandas")
    columns = {
        "sequence_id": pd.Series(ids, dtype="string[pyarrow]"),
        "first_line": np.asarray(first, dtype=np.int64),
        "last_line": np.asarray(last, dtype=np.int64),
        "events": _list_array(events, offsets, pa.string()),
    }
    if line_numbers is not None:
        columns["line_numbers"] = _list_array(line_numbers, offsets, pa.int64())
    if alerts is not None:
        columns["event_alerts"] = _list_array(alerts, offsets, pa.int8())
    columns["label"] = pd.array(label, dtype="Int8")
    return pd.DataFrame(columns)


# -- sessions -----------------------------------------------------------------


def _entity_rows(part, offset, pattern):
    """One row per (line, entity named in it), with the global line index."""
    pd = import_optional("pandas")
    regex = re.compile(pattern)
    group = "id" if "id" in regex.groupindex else 0
    rows, lines = [], []
    for i, text in enumerate(part["text"].tolist()):
        if text is None or text is pd.NA:
            continue
        found = [m.group(group) for m in regex.finditer(text)]
        for entity in dict.fromkeys(found):
            rows.append(entity)
            lines.append(i)
    lines = np.asarray(lines, dtype=np.int64)
    out = {
        "entity": pd.Series(rows, dtype="string[pyarrow]"),
        "line": lines + offset,
        "event": part["event"].to_numpy(dtype=object)[lines],
    }
    if "alert" in part.columns:
        out["alert"] = part["alert"].to_numpy(dtype=np.int8)[lines]
    return pd.DataFrame(out)


def _aggregate_sessions(rows, labels):
    """Sessions of the entities of one shuffled partition, in line order."""
    rows = rows.sort_values(["entity", "line"], kind="stable")
    entity = rows["entity"].to_numpy(dtype=object)
    line = rows["line"].to_numpy(dtype=np.int64)
    n = len(rows)
    starts = np.flatnonzero(np.r_[True, entity[1:] != entity[:-1]]) if n else []
    starts = np.asarray(starts, dtype=np.int64)
    offsets = np.r_[starts, n]
    ids = entity[starts].tolist()
    alerts = None
    if "alert" in rows.columns:
        alerts = rows["alert"].to_numpy(dtype=np.int8)
    if labels is not None:
        label = [labels.get(i) for i in ids]
    elif alerts is not None:
        label = [int(alerts[a:b].any()) for a, b in zip(offsets[:-1], offsets[1:])]
    else:
        label = [None] * len(ids)
    frame = _sequence_frame(
        ids,
        line[starts],
        line[offsets[1:] - 1],
        rows["event"].to_numpy(dtype=object),
        offsets,
        line,
        alerts,
        label,
    )
    return frame.sort_values(["first_line", "sequence_id"], kind="stable")


def group_by_entity(
    lines,
    *,
    pattern=r"blk_-?\d+",
    labels=None,
    npartitions=None,
    shuffle_method="tasks",
):
    """Group parsed lines into entity sessions across all partitions.

    The distributed twin of :func:`sklearn_isad.logs.group_by_entity`: every
    line is searched for ``pattern``, each distinct id it names gets the
    line's event, and the (id, line) pairs are shuffled by id so that a
    session whose lines lie in several files or partitions comes out whole,
    its events in global line order (file order, then line order).

    Parameters
    ----------
    lines : dask.dataframe.DataFrame
        Parsed lines from :func:`parse_log_files`.
    pattern : str, default=r"blk\\_-?\\d+"
        Regex of an entity id; if it has a group named ``id``, that group is
        the id, else the whole match.
    labels : dict of str to int or None, default=None
        Session labels by id (e.g. HDFS block labels, see
        :func:`~sklearn_isad.datasets.read_block_labels`), shipped to the
        workers once; an id without a label gets a missing label. When
        ``None``, a session is labelled from the ``alert`` column if there is
        one (anomalous when any line is an alert), else left unlabelled.
    npartitions : int or None, default=None
        Partitions of the result; the number of input partitions if
        ``None``.
    shuffle_method : {"tasks", "p2p"} or None, default="tasks"
        Dask shuffle method. ``"tasks"`` builds the shuffle from ordinary
        tasks, which Dask recomputes when a worker is lost; ``None`` lets
        Dask choose.

    Returns
    -------
    sessions : dask.dataframe.DataFrame
        One row per session with ``sequence_id``, ``first_line`` and
        ``last_line`` (global line indices), ``events`` and
        ``line_numbers`` (lists), ``event_alerts`` (list, when ``lines`` has
        an ``alert`` column) and ``label`` (nullable 0/1). Within a partition
        rows are ordered by first line; :func:`collect_sequences` gives the
        single-machine order.

    See Also
    --------
    sklearn_isad.logs.group_by_entity : The single-machine version.
    """
    _check_lines(lines, ("text", "event"))
    try:
        re.compile(pattern)
    except (re.error, TypeError) as exc:
        raise ValueError(f"pattern {pattern!r} is not a valid regex: {exc}.") from exc
    if labels is not None and not hasattr(labels, "get"):
        raise TypeError(
            f"labels must be a dict of session id to 0/1, got {type(labels).__name__}."
        )
    if npartitions is not None:
        npartitions = _check_positive_int(npartitions, "npartitions")
    dask = import_optional("dask")

    parts = to_parts(lines)
    offsets = _line_offsets(parts)
    explode = dask.delayed(_entity_rows, pure=True)
    has_alerts = "alert" in lines.columns
    pd = import_optional("pandas")
    empty = pd.DataFrame(
        {
            "text": pd.Series([], dtype="string[pyarrow]"),
            "event": pd.Series([], dtype="string[pyarrow]"),
        }
    )
    if has_alerts:
        empty["alert"] = np.array([], dtype=np.int8)
    rows_meta = _entity_rows(empty, 0, pattern)
    rows = from_parts(
        [explode(p, o, pattern) for p, o in zip(parts, offsets)], rows_meta
    )
    shuffled = rows.shuffle(
        on="entity",
        npartitions=npartitions or len(parts),
        shuffle_method=shuffle_method,
    )

    shared = None if labels is None else ship(dict(labels))
    meta = _aggregate_sessions(rows_meta, None)
    aggregate = dask.delayed(_aggregate_sessions, pure=True)
    return from_parts([aggregate(p, shared) for p in to_parts(shuffled)], meta)


# -- windows ------------------------------------------------------------------


def _head(part, tail, k):
    """First ``k`` rows of ``part`` followed by ``tail``."""
    pd = import_optional("pandas")
    if len(part) >= k:
        return part.iloc[:k]
    return pd.concat([part, tail.iloc[: k - len(part)]], ignore_index=True)


def _windows_part(part, tail, offset, window_size, step, keep_partial):
    """Windows starting in ``part``; ``tail`` holds the lines that follow it."""
    n_own = len(part)
    events = np.concatenate(
        [part["event"].to_numpy(dtype=object), tail["event"].to_numpy(dtype=object)]
    )
    n = len(events)
    alerts = None
    if "alert" in part.columns:
        alerts = np.concatenate(
            [part["alert"].to_numpy(dtype=np.int8), tail["alert"].to_numpy(np.int8)]
        )

    # Global starts are multiples of step; local position = start - offset.
    first = -(-offset // step) * step
    local = np.arange(first - offset, n_own, step, dtype=np.int64)
    stop = np.minimum(local + window_size, n)
    if not keep_partial:
        local, stop = (
            local[stop - local == window_size],
            stop[stop - local == window_size],
        )
    lengths = stop - local
    list_offsets = np.r_[0, np.cumsum(lengths)]
    index = np.concatenate(
        [np.arange(a, b) for a, b in zip(local, stop)] or [np.array([], np.int64)]
    ).astype(np.int64)
    starts = local + offset
    label = (
        [int(alerts[a:b].any()) for a, b in zip(local, stop)]
        if alerts is not None
        else [None] * len(local)
    )
    return _sequence_frame(
        [f"{s}:{s + m}" for s, m in zip(starts.tolist(), lengths.tolist())],
        starts,
        starts + lengths - 1,
        events[index],
        list_offsets,
        None,
        None if alerts is None else alerts[index],
        label,
    )


def sliding_windows(lines, *, window_size=100, step=20, keep_partial=False):
    """Cut the partitioned stream of lines into count windows.

    The distributed twin of :func:`sklearn_isad.logs.sliding_windows` over
    the lines of all files in global order (files in order, then lines):
    window ``k`` holds global lines ``k * step`` to
    ``k * step + window_size - 1``, and the result is exactly the one of a
    single pass, windows that cross partition boundaries included. Each
    partition borrows the first ``window_size - 1`` lines that follow it
    (from as many later partitions as needed), and its global offset is
    summed lazily from the partition lengths, so no extra pass is made.

    Parameters
    ----------
    lines : dask.dataframe.DataFrame
        Parsed lines from :func:`parse_log_files`.
    window_size : int, default=100
        Lines per window.
    step : int, default=20
        Lines between the starts of consecutive windows.
    keep_partial : bool, default=False
        Also keep the shorter windows at the end of the stream.

    Returns
    -------
    windows : dask.dataframe.DataFrame
        One row per window, in window order, with ``sequence_id``
        (``"start:stop"``, global lines, stop excluded), ``first_line``,
        ``last_line``, ``events`` (list), ``event_alerts`` (list, when
        ``lines`` has an ``alert`` column) and ``label`` (1 when any line is
        an alert; missing without alert labels).

    See Also
    --------
    sklearn_isad.logs.sliding_windows : The single-machine version.
    """
    _check_lines(lines, ("event",))
    window_size = _check_positive_int(window_size, "window_size")
    step = _check_positive_int(step, "step")
    dask = import_optional("dask")

    parts = to_parts(lines)
    offsets = _line_offsets(parts)
    k = window_size - 1
    meta = lines._meta
    tails = [dask.delayed(meta.iloc[:0].copy(), pure=True)] * len(parts)
    head = dask.delayed(_head, pure=True)
    for p in range(len(parts) - 2, -1, -1):
        tails[p] = head(parts[p + 1], tails[p + 1], k)
    cut = dask.delayed(_windows_part, pure=True)
    windows = [
        cut(part, tail, offset, window_size, step, keep_partial)
        for part, tail, offset in zip(parts, tails, offsets)
    ]
    out_meta = _windows_part(meta.iloc[:0], meta.iloc[:0], 0, window_size, step, False)
    return from_parts(windows, out_meta)


# -- collecting ---------------------------------------------------------------


def collect_sequences(sequences):
    """Compute a frame of sequences into a :class:`~sklearn_isad.logs.Sequences`.

    Parameters
    ----------
    sequences : dask.dataframe.DataFrame or pandas.DataFrame
        Output of :func:`group_by_entity` or :func:`sliding_windows`.

    Returns
    -------
    sequences : Sequences
        Ordered by first line (sessions that start on the same line by id),
        which is the single-machine order except for sessions that start on
        a line naming several ids. ``y`` is set when every sequence has a
        label; ``labels`` holds per-event alert labels when available.
    """
    if hasattr(sequences, "compute"):
        sequences = sequences.compute()
    frame = sequences.sort_values(["first_line", "sequence_id"], kind="stable")
    events = [list(e) for e in frame["events"].tolist()]
    if "line_numbers" in frame.columns:
        line_numbers = [list(map(int, ln)) for ln in frame["line_numbers"].tolist()]
    else:
        line_numbers = [
            list(range(a, b + 1))
            for a, b in zip(frame["first_line"].tolist(), frame["last_line"].tolist())
        ]
    labels = None
    if "event_alerts" in frame.columns:
        labels = [list(map(int, a)) for a in frame["event_alerts"].tolist()]
    y = None
    if len(frame) and not frame["label"].isna().any():
        y = frame["label"].to_numpy(dtype=int)
    report = {"sequences": len(frame)}
    return Sequences(
        [str(i) for i in frame["sequence_id"].tolist()],
        events,
        line_numbers,
        labels,
        y,
        report,
    )
