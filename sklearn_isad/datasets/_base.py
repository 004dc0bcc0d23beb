# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The Dataset container and the generic raw-log reader."""

import warnings

import numpy as np

from sklearn_isad.exceptions import LogDataWarning
from sklearn_isad.logs._grouping import group_by_entity, sliding_windows, time_windows
from sklearn_isad.logs._reading import get_log_format, iter_lines


class Dataset:
    """Lines of one log file with their contents, labels, times and counts.

    Every physical line of the file is kept, in order: ``lines[i]`` is line
    ``i + 1`` of the file, and every per-line attribute is aligned with it.

    Attributes
    ----------
    name : str
        Sample name or file name.
    source : str
        Where the data was read from.
    log_format : str
        Name of the header layout (``"hdfs"``, ``"bgl"``, ...).
    lines : list of str
        Raw lines, header included, without line terminators.
    contents : list of str
        Message part of each line (what a parser should see); the whole
        stripped line for a line without the expected header; ``""`` for a
        blank line.
    labels : ndarray of shape (n_lines,) of int or None
        Per-line alert labels (1 = alert) for formats that tag lines; lines
        whose tag could not be read (headerless, blank) are 0.
    categories : list of str or None
        Per-line tag as written (``"-"`` or an alert category); ``None`` for
        lines whose tag could not be read.
    timestamps : ndarray of shape (n_lines,) of float or None
        Seconds since the epoch (UTC). A line without a readable time takes
        the time of the line before it (the first readable time for lines at
        the start); ``report["timestamps_filled"]`` counts them.
    fields : dict of str to list
        Header fields of each line (``None`` where the header is missing).
    block_labels : dict of str to int or None
        HDFS only: block id to label (0 normal, 1 anomalous).
    report : dict
        Counts of what was repaired or could not be matched: ``lines``,
        ``blank_lines``, ``bad_utf8_lines``, ``crlf_lines``,
        ``missing_final_newline``, ``headerless_lines``,
        ``timestamps_filled``, and for HDFS ``sessions``,
        ``sessions_without_label``, ``labels_without_session`` (with up to 10
        example ids each) and ``duplicate_labels``.
    """

    def __init__(
        self,
        *,
        name,
        source,
        log_format,
        lines,
        contents,
        labels=None,
        categories=None,
        timestamps=None,
        fields=None,
        block_labels=None,
        report=None,
    ):
        self.name = name
        self.source = source
        self.log_format = log_format
        self.lines = lines
        self.contents = contents
        self.labels = labels
        self.categories = categories
        self.timestamps = timestamps
        self.fields = {} if fields is None else fields
        self.block_labels = block_labels
        self.report = {} if report is None else report

    def __len__(self):
        return len(self.lines)

    def __repr__(self):
        extra = ""
        if self.labels is not None:
            extra = f", {int(self.labels.sum())} alert lines"
        if self.block_labels is not None:
            n_anomalous = sum(self.block_labels.values())
            extra = (
                f", {len(self.block_labels)} labelled blocks ({n_anomalous} anomalous)"
            )
        return f"<Dataset {self.name!r}: {len(self)} lines{extra}>"

    def sessions(self, events, *, pattern=r"blk_-?\d+", missing="raise"):
        """Group events by entity id and label the sessions.

        Parameters
        ----------
        events : sequence of str
            Event id of each line (e.g. ``DrainParser().fit_transform(
            ds.contents)``).
        pattern : str, default=r"blk\\_-?\\d+"
            Regex of the entity id searched in ``lines``.
        missing : {"raise", "drop"}, default="raise"
            What to do with sessions that have no block label (see
            :meth:`Sequences.attach_labels`); ignored without block labels.

        Returns
        -------
        sequences : Sequences
            Sessions, labelled from ``block_labels`` when the dataset has
            them, else from per-line labels when it has those.
        """
        seqs = group_by_entity(self.lines, events, pattern=pattern, labels=self.labels)
        if self.block_labels is not None:
            seqs = seqs.attach_labels(self.block_labels, missing=missing)
        return seqs

    def windows(self, events, *, window_size=100, step=20, keep_partial=False):
        """Cut events into count windows labelled by the per-line labels.

        Parameters
        ----------
        events : sequence of str
            Event id of each line.
        window_size, step, keep_partial
            See :func:`sklearn_isad.logs.sliding_windows`.

        Returns
        -------
        sequences : Sequences
            A window is anomalous when any of its lines is an alert.
        """
        return sliding_windows(
            events,
            window_size=window_size,
            step=step,
            labels=self.labels,
            keep_partial=keep_partial,
        )

    def time_windows(self, events, *, window_size, step=None):
        """Cut events into time windows labelled by the per-line labels.

        Parameters
        ----------
        events : sequence of str
            Event id of each line.
        window_size, step
            See :func:`sklearn_isad.logs.time_windows`.

        Returns
        -------
        sequences : Sequences
        """
        if self.timestamps is None:
            raise ValueError(f"Dataset {self.name!r} has no timestamps.")
        return time_windows(
            events,
            self.timestamps,
            window_size=window_size,
            step=step,
            labels=self.labels,
        )


def _fill_timestamps(values):
    """Fill NaN times from the previous line (leading ones from the first)."""
    ts = np.asarray(values, dtype=float)
    missing = np.isnan(ts)
    n_missing = int(missing.sum())
    if n_missing == 0:
        return ts, 0
    if n_missing == len(ts):
        return None, n_missing
    idx = np.where(missing, 0, np.arange(len(ts)))
    np.maximum.accumulate(idx, out=idx)
    filled = ts[idx]
    first = ts[~missing][0]
    filled[np.isnan(filled)] = first
    return filled, n_missing


def load_log(path, log_format, *, name=None, warn=True):
    """Read a raw log file into a :class:`Dataset`, streaming it line by line.

    Use this for a log of your own: describe its header with
    :class:`sklearn_isad.logs.LogFormat`.

    Parameters
    ----------
    path : str or path-like
        Plain or gzip log file.
    log_format : LogFormat or {"hdfs", "bgl", "thunderbird"}
        Header layout of the lines.
    name : str or None, default=None
        Name of the dataset (the file name if ``None``).
    warn : bool, default=True
        Emit a :class:`~sklearn_isad.logs.LogDataWarning` when lines had bad
        UTF-8 or no header. The counts are in ``report`` either way.

    Returns
    -------
    dataset : Dataset
        Every physical line, in order; see :class:`Dataset`.
    """
    fmt = get_log_format(log_format)
    report = {}
    lines, contents = [], []
    all_fields = fmt.all_fields
    fields = {f: [] for f in all_fields}
    categories = [] if fmt.label_field is not None else None
    times = [] if fmt.timestamp is not None else None
    n_headerless = 0
    nan = float("nan")
    for line in iter_lines(path, report=report):
        values, content = fmt.parse(line)
        lines.append(line)
        contents.append(content)
        if values is None:
            if content:
                n_headerless += 1
            for f in all_fields:
                fields[f].append(None)
            if categories is not None:
                categories.append(None)
            if times is not None:
                times.append(nan)
            continue
        for f in all_fields:
            fields[f].append(values[f])
        if categories is not None:
            categories.append(values[fmt.label_field])
        if times is not None:
            try:
                times.append(fmt.timestamp(values))
            except (ValueError, OverflowError):
                times.append(nan)
    report["headerless_lines"] = n_headerless

    labels = None
    if categories is not None:
        normal = fmt.normal_label
        labels = np.fromiter(
            (c is not None and c != normal for c in categories),
            dtype=int,
            count=len(categories),
        )
    timestamps = None
    if times is not None:
        timestamps, report["timestamps_filled"] = _fill_timestamps(times)
    if warn and (report["bad_utf8_lines"] or n_headerless):
        warnings.warn(
            f"{path}: {report['bad_utf8_lines']} line(s) with invalid UTF-8 "
            f"(bytes replaced by U+FFFD) and {n_headerless} line(s) without the "
            f"{fmt.name} header (kept whole as content"
            + (", label 0" if categories is not None else "")
            + "); see the dataset's report.",
            LogDataWarning,
            stacklevel=2,
        )
    return Dataset(
        name=name
        if name is not None
        else str(path).replace("\\", "/").rsplit("/", 1)[-1],
        source=str(path),
        log_format=fmt.name,
        lines=lines,
        contents=contents,
        labels=labels,
        categories=categories,
        timestamps=timestamps,
        fields=fields,
        report=report,
    )
