# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Grouping of per-line event ids into sequences: sessions and windows."""

import math
import re
import warnings
from datetime import datetime, timedelta
from numbers import Integral, Real

import numpy as np

from sklearn_isad.exceptions import LogDataWarning


class Sequences:
    """Event sequences cut from a log, with where each event came from.

    It iterates over its sequences and has a length, so it can be passed
    directly wherever a list of sequences is expected.

    Parameters
    ----------
    ids : list of str
        One id per sequence (an entity id such as a block id, or a window
        name).
    sequences : list of list of str
        Event ids of each sequence, in log order.
    line_numbers : list of list of int
        For each event, the 0-based position of its line in the input.
    labels : list of list of int or None, default=None
        Per-event labels (1 = alert line) where the source labels lines.
    y : array-like of shape (n_sequences,) or None, default=None
        Sequence labels, 0 = normal, 1 = anomalous.
    report : dict or None, default=None
        Counts about how the sequences were built.

    Attributes
    ----------
    ids, sequences, line_numbers, labels, y, report
        As given.
    """

    def __init__(self, ids, sequences, line_numbers, labels=None, y=None, report=None):
        self.ids = ids
        self.sequences = sequences
        self.line_numbers = line_numbers
        self.labels = labels
        self.y = None if y is None else np.asarray(y, dtype=int)
        self.report = {} if report is None else report

    def __len__(self):
        return len(self.sequences)

    def __iter__(self):
        return iter(self.sequences)

    def __repr__(self):
        labelled = "unlabelled" if self.y is None else f"{int(self.y.sum())} anomalous"
        return f"<Sequences: {len(self)} sequences, {labelled}>"

    def subset(self, indices, *, report=None):
        """Return the sequences at ``indices``, in that order.

        Parameters
        ----------
        indices : array-like of int or bool mask
            Positions to keep.
        report : dict or None, default=None
            Report of the new object (a copy of this one if ``None``).

        Returns
        -------
        sequences : Sequences
        """
        indices = np.asarray(indices)
        if indices.dtype == bool:
            if indices.shape != (len(self),):
                raise ValueError(
                    f"A boolean mask must have shape ({len(self)},), got "
                    f"{indices.shape}."
                )
            indices = np.flatnonzero(indices)
        indices = [int(i) for i in indices]
        return Sequences(
            [self.ids[i] for i in indices],
            [self.sequences[i] for i in indices],
            [self.line_numbers[i] for i in indices],
            None if self.labels is None else [self.labels[i] for i in indices],
            None if self.y is None else self.y[indices],
            dict(self.report) if report is None else report,
        )

    def attach_labels(self, mapping, *, missing="raise"):
        """Label each sequence by looking its id up in ``mapping``.

        Parameters
        ----------
        mapping : dict of str to int
            Sequence id to label (0 normal, 1 anomalous), e.g. the block
            labels of an HDFS dataset.
        missing : {"raise", "drop"}, default="raise"
            What to do with sequences whose id has no label: raise a
            ``ValueError``, or drop them with a :class:`LogDataWarning`. Either
            way their number is stated.

        Returns
        -------
        sequences : Sequences
            A new object with ``y`` set; its report gains
            ``unlabelled_sequences`` (how many lacked a label) and
            ``unlabelled_ids`` (up to 10 of them).
        """
        if missing not in ("raise", "drop"):
            raise ValueError(f"missing must be 'raise' or 'drop', got {missing!r}.")
        keep, absent = [], []
        for i, seq_id in enumerate(self.ids):
            (keep if seq_id in mapping else absent).append(i)
        if absent:
            examples = [self.ids[i] for i in absent[:5]]
            if missing == "raise":
                raise ValueError(
                    f"{len(absent)} of {len(self)} sequences have no label in "
                    f"mapping (e.g. {examples}); pass missing='drop' to leave "
                    "them out."
                )
            warnings.warn(
                f"{len(absent)} of {len(self)} sequences have no label and were "
                f"left out (e.g. {examples}).",
                LogDataWarning,
                stacklevel=2,
            )
        report = dict(self.report)
        report["unlabelled_sequences"] = len(absent)
        report["unlabelled_ids"] = [self.ids[i] for i in absent[:10]]
        out = self.subset(keep, report=report)
        y = [mapping[out.ids[i]] for i in range(len(out))]
        bad = sorted({v for v in y if v not in (0, 1)}, key=repr)
        if bad:
            raise ValueError(f"mapping must hold labels 0 and 1 only, found {bad[:5]}.")
        out.y = np.asarray(y, dtype=int)
        return out


def _check_aligned(events, labels, name="events"):
    if isinstance(events, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of event ids, got a single string.")
    n = len(events)
    if labels is not None:
        labels = np.asarray(labels)
        if labels.ndim != 1 or labels.shape[0] != n:
            raise ValueError(
                f"labels must hold one label per line: {n} expected, got shape "
                f"{labels.shape}."
            )
        if labels.dtype.kind not in "biu" or not np.isin(labels, (0, 1)).all():
            raise ValueError("labels must hold 0 (normal) and 1 (alert) only.")
        labels = labels.astype(int).tolist()
    return n, labels


def _sequences_from_positions(ids, groups, events, labels, report):
    sequences = [[events[i] for i in g] for g in groups]
    seq_labels = None
    y = None
    if labels is not None:
        seq_labels = [[labels[i] for i in g] for g in groups]
        # Window / session rule: anomalous as soon as one line is an alert.
        y = [int(any(s)) for s in seq_labels]
    return Sequences(ids, sequences, groups, seq_labels, y, report)


def group_by_entity(lines, events, *, pattern=r"blk_-?\d+", labels=None):
    """Group events into sessions, one per entity id named in the lines.

    Each line is searched for ``pattern``; every distinct id it names gets the
    line's event appended to its session once (a line naming ``blk_1 blk_2
    blk_2`` adds one event to ``blk_1`` and one to ``blk_2``). Ids are the
    matched text, so ``blk_-3`` and ``blk_3`` are different entities.

    Parameters
    ----------
    lines : sequence of str
        Raw lines (or contents) to search for ids.
    events : sequence of str
        Event id of each line, aligned with ``lines``.
    pattern : str, default=r"blk\\_-?\\d+"
        Regex of an entity id; if it has a group named ``id``, that group is
        the id, else the whole match.
    labels : array-like of int or None, default=None
        Per-line alert labels; when given, sessions carry per-event labels and
        ``y`` (anomalous when any line is an alert).

    Returns
    -------
    sequences : Sequences
        Sessions in order of the first line naming their id. Its report
        holds ``lines``, ``lines_without_id`` (lines naming no id, which join
        no session) and ``lines_with_several_ids``.

    Examples
    --------
    >>> from sklearn_isad.logs import group_by_entity
    >>> seqs = group_by_entity(["open blk_1", "open blk_-2", "close blk_1 blk_1"],
    ...                        ["E1", "E1", "E2"])
    >>> seqs.ids, seqs.sequences, seqs.line_numbers
    (['blk_1', 'blk_-2'], [['E1', 'E2'], ['E1']], [[0, 2], [1]])
    """
    n, labels = _check_aligned(events, labels)
    if isinstance(lines, (str, bytes)) or len(lines) != n:
        raise ValueError(
            f"lines and events must be aligned one to one: got "
            f"{'a string' if isinstance(lines, (str, bytes)) else len(lines)} lines "
            f"and {n} events."
        )
    try:
        regex = re.compile(pattern)
    except (re.error, TypeError) as exc:
        raise ValueError(f"pattern {pattern!r} is not a valid regex: {exc}.") from exc
    group = "id" if "id" in regex.groupindex else 0

    positions = {}
    n_without = n_several = 0
    for i, line in enumerate(lines):
        found = [m.group(group) for m in regex.finditer(line)]
        if not found:
            n_without += 1
            continue
        if len(found) > 1:
            found = list(dict.fromkeys(found))
            n_several += len(found) > 1
        for entity in found:
            positions.setdefault(entity, []).append(i)
    report = {
        "lines": n,
        "lines_without_id": n_without,
        "lines_with_several_ids": n_several,
    }
    return _sequences_from_positions(
        list(positions), list(positions.values()), events, labels, report
    )


def _check_positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be an int >= 1, got {value!r}.")
    return int(value)


def sliding_windows(
    events, *, window_size=100, step=20, labels=None, keep_partial=False
):
    """Cut a stream of events into windows of a fixed number of lines.

    Window ``k`` holds lines ``k * step`` to ``k * step + window_size - 1``.
    The paper uses 100 lines and a step of 20 for BGL and Thunderbird.

    Parameters
    ----------
    events : sequence of str
        Event id of each line, in log order.
    window_size : int, default=100
        Lines per window.
    step : int, default=20
        Lines between the starts of consecutive windows.
    labels : array-like of int or None, default=None
        Per-line alert labels (1 = alert). When given, windows carry per-event
        labels and ``y``: **a window is anomalous when any of its lines is an
        alert**, normal otherwise.
    keep_partial : bool, default=False
        Also keep the shorter windows that start before the end but run past
        it. By default only full windows are kept; lines in no window (after
        the last full window, or between windows when ``step`` is larger than
        ``window_size``) are counted in the report.

    Returns
    -------
    sequences : Sequences
        Windows with ids ``"start:stop"`` (line positions, stop excluded). Its
        report holds ``lines``, ``windows`` and ``lines_not_in_any_window``.

    Examples
    --------
    >>> from sklearn_isad.logs import sliding_windows
    >>> w = sliding_windows(list("abcdefg"), window_size=3, step=2,
    ...                     labels=[0, 0, 0, 1, 0, 0, 0])
    >>> w.ids, w.y.tolist()
    (['0:3', '2:5', '4:7'], [0, 1, 0])
    >>> w.sequences
    [['a', 'b', 'c'], ['c', 'd', 'e'], ['e', 'f', 'g']]
    """
    n, labels = _check_aligned(events, labels)
    window_size = _check_positive_int(window_size, "window_size")
    step = _check_positive_int(step, "step")
    if keep_partial:
        starts = range(0, n, step)
    else:
        starts = range(0, n - window_size + 1, step)
    groups = [list(range(s, min(s + window_size, n))) for s in starts]
    # lines after the last window, and between windows when step > window_size
    covered = len({i for g in groups for i in g})
    report = {
        "lines": n,
        "windows": len(groups),
        "lines_not_in_any_window": n - covered,
    }
    ids = [f"{g[0]}:{g[-1] + 1}" for g in groups]
    return _sequences_from_positions(ids, groups, events, labels, report)


def _seconds(value, name):
    if isinstance(value, timedelta):
        value = value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, Real) or not value > 0:
        raise ValueError(
            f"{name} must be a positive number of seconds or a timedelta, got "
            f"{value!r}."
        )
    return float(value)


def _as_seconds(timestamps):
    """Return times as float seconds from numbers, datetime64 or datetimes."""
    ts = np.asarray(timestamps)
    if ts.dtype.kind == "M":
        nat = np.isnat(ts)
        seconds = ts.astype("datetime64[ns]").astype(np.int64) / 1e9
        return np.where(nat, np.nan, seconds)
    if ts.dtype.kind == "O" and ts.size and all(isinstance(t, datetime) for t in ts):
        return np.array([t.timestamp() for t in ts], dtype=float)
    try:
        return ts.astype(float)
    except (TypeError, ValueError):
        raise ValueError(
            "timestamps must be numbers of seconds, datetime64 values or datetime "
            f"objects, got dtype {ts.dtype}."
        ) from None


def time_windows(events, timestamps, *, window_size, step=None, labels=None):
    """Cut a stream of events into windows of a fixed duration.

    Window ``k`` holds the lines whose time ``t`` satisfies
    ``t0 + k * step <= t < t0 + k * step + window_size``, with ``t0`` the
    earliest time, in log order. Windows with no line are skipped (and
    counted); lines out of time order still land in the right window.

    Parameters
    ----------
    events : sequence of str
        Event id of each line.
    timestamps : array-like of float, datetime64 or datetime
        Time of each line: seconds (e.g. a dataset's ``timestamps``),
        ``numpy.datetime64`` values or ``datetime.datetime`` objects.
    window_size : float or timedelta
        Duration of a window, in seconds.
    step : float, timedelta or None, default=None
        Time between window starts; ``None`` means ``window_size`` (windows
        that do not overlap).
    labels : array-like of int or None, default=None
        Per-line alert labels; a window is anomalous when any line is an
        alert.

    Returns
    -------
    sequences : Sequences
        Windows with ids ``"<start>:<end>"`` in seconds. Its report holds
        ``lines``, ``windows`` and ``empty_windows``.

    Examples
    --------
    >>> from sklearn_isad.logs import time_windows
    >>> w = time_windows(["a", "b", "c", "d"], [0.0, 5.0, 61.0, 200.0],
    ...                  window_size=60)
    >>> w.sequences, w.report["empty_windows"]
    ([['a', 'b'], ['c'], ['d']], 1)
    """
    n, labels = _check_aligned(events, labels)
    size = _seconds(window_size, "window_size")
    step = size if step is None else _seconds(step, "step")
    ts = _as_seconds(timestamps)
    if ts.shape != (n,):
        raise ValueError(
            f"timestamps must hold one time per line: {n} expected, got shape "
            f"{ts.shape}."
        )
    if n and not np.isfinite(ts).all():
        raise ValueError(
            f"timestamps hold {int((~np.isfinite(ts)).sum())} missing or infinite "
            "value(s); fill them (e.g. from the previous line) first."
        )

    order = np.argsort(ts, kind="stable")
    ts_sorted = ts[order]
    groups, ids = [], []
    n_empty = 0
    t0 = ts_sorted[0] if n else 0.0
    k = 0
    while n:
        start = t0 + k * step
        lo = int(np.searchsorted(ts_sorted, start, side="left"))
        if lo >= n:
            break
        hi = int(np.searchsorted(ts_sorted, start + size, side="left"))
        if hi > lo:
            groups.append(sorted(order[lo:hi].tolist()))
            ids.append(f"{start:g}:{start + size:g}")
            k += 1
        else:
            # Jump to the first window that can hold the next line.
            k_next = max(k + 1, math.floor((ts_sorted[lo] - size - t0) / step) + 1)
            n_empty += k_next - k
            k = k_next
    report = {"lines": n, "windows": len(groups), "empty_windows": n_empty}
    return _sequences_from_positions(ids, groups, events, labels, report)


def chronological_split(sequences, *, train_size=0.8, assign="contained"):
    """Split sequences in time, so that no line is shared across the split.

    Lines are taken in log order. The first ``train_size`` of the covered line
    range is the training range, the rest the test range.

    - ``assign="contained"`` (windows): a sequence goes to training when all
      its lines are in the training range, to test when all are in the test
      range; a sequence that straddles the cut is in neither, so no test
      window ever shares a line with a training window.
    - ``assign="start"`` (entity sessions, which interleave and can last long):
      a sequence goes to training when its first line is in the training range,
      else to test; a test sequence that shares a line with a training
      sequence (a line naming two entities) is left out. Training sessions may
      then run on past the cut, but no line is in both sets.

    Parameters
    ----------
    sequences : Sequences
        Sequences with line numbers (from the grouping functions).
    train_size : float, default=0.8
        Share of the line range, strictly between 0 and 1, used for training.
    assign : {"contained", "start"}, default="contained"
        Rule that places a sequence, as described above.

    Returns
    -------
    train, test : Sequences
        Both reports gain ``cut_line`` (first line of the test range),
        ``train_sequences``, ``test_sequences`` and ``straddling_dropped``
        (how many sequences were left out because they would share lines
        with the other side).

    Examples
    --------
    >>> from sklearn_isad.logs import sliding_windows, chronological_split
    >>> w = sliding_windows(["e"] * 10, window_size=4, step=2)
    >>> train, test = chronological_split(w, train_size=0.6)
    >>> train.ids, test.ids, train.report["straddling_dropped"]
    (['0:4', '2:6'], ['6:10'], 1)
    """
    if not isinstance(sequences, Sequences):
        raise TypeError(
            "sequences must be a Sequences object (from group_by_entity, "
            f"sliding_windows or time_windows), got {type(sequences).__name__}."
        )
    if (
        isinstance(train_size, bool)
        or not isinstance(train_size, Real)
        or not 0 < train_size < 1
    ):
        raise ValueError(f"train_size must be a float in (0, 1), got {train_size!r}.")
    if assign not in ("contained", "start"):
        raise ValueError(f"assign must be 'contained' or 'start', got {assign!r}.")
    if len(sequences) == 0:
        raise ValueError("sequences is empty; there is nothing to split.")
    first = np.array([min(ln) for ln in sequences.line_numbers])
    last = np.array([max(ln) for ln in sequences.line_numbers])
    lo, hi = int(first.min()), int(last.max())
    cut = lo + int(round(train_size * (hi - lo + 1)))
    if assign == "contained":
        train_mask = last < cut
        test_mask = first >= cut
    else:
        train_mask = first < cut
        train_lines = {
            i
            for ln, keep in zip(sequences.line_numbers, train_mask, strict=True)
            if keep
            for i in ln
        }
        test_mask = np.array(
            [
                start >= cut and train_lines.isdisjoint(ln)
                for start, ln in zip(first, sequences.line_numbers, strict=True)
            ],
            dtype=bool,
        )
    report = dict(sequences.report)
    report.update(
        cut_line=cut,
        train_sequences=int(train_mask.sum()),
        test_sequences=int(test_mask.sum()),
        straddling_dropped=int((~train_mask & ~test_mask).sum()),
    )
    return (
        sequences.subset(train_mask, report=dict(report)),
        sequences.subset(test_mask, report=dict(report)),
    )
