# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Parallel parsing of log files into a Dask DataFrame of event ids."""

import glob
import os

import numpy as np
from sklearn.utils.validation import check_is_fitted

from sklearn_isad.distributed._base import (
    from_parts,
    import_optional,
    ship,
)
from sklearn_isad.logs._drain import DrainParser
from sklearn_isad.logs._reading import get_log_format, iter_lines


def _expand_paths(paths):
    """A sorted glob, one path, or a list of paths -> list of str."""
    if isinstance(paths, (str, os.PathLike)):
        text = os.fspath(paths)
        if glob.has_magic(text):
            found = sorted(glob.glob(text))
            if not found:
                raise FileNotFoundError(f"No log file matches the pattern {text!r}.")
            return found
        paths = [text]
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise ValueError("paths is empty; give at least one log file.")
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        raise FileNotFoundError(
            f"{len(missing)} of {len(paths)} log file(s) do not exist, e.g. "
            f"{missing[:3]}."
        )
    return paths


def _lines_frame(file_index, line_number, text, events, alerts):
    pd = import_optional("pandas")
    columns = {
        "file": np.full(len(line_number), file_index, dtype=np.int32),
        "line_number": np.asarray(line_number, dtype=np.int64),
        "text": pd.Series(text, dtype="string[pyarrow]"),
        "event": pd.Series(events, dtype="string[pyarrow]"),
    }
    if alerts is not None:
        columns["alert"] = np.asarray(alerts, dtype=np.int8)
    return pd.DataFrame(columns)


def parse_file(path, file_index, parser, log_format):
    """Parse one log file into a pandas frame (runs on a worker)."""
    fmt = None if log_format is None else get_log_format(log_format)
    has_alerts = fmt is not None and fmt.label_field is not None
    text, contents, alerts = [], [], [] if has_alerts else None
    for line in iter_lines(path):
        text.append(line)
        if fmt is None:
            contents.append(line)
            continue
        values, content = fmt.parse(line)
        contents.append(content)
        if has_alerts:
            # As load_log: a line whose tag cannot be read is normal.
            tag = None if values is None else values[fmt.label_field]
            alerts.append(int(tag is not None and tag != fmt.normal_label))
    events = parser.transform(contents)
    return _lines_frame(file_index, range(len(text)), text, events, alerts)


def parse_log_files(paths, parser, *, log_format=None):
    """Parse log files in parallel into a Dask DataFrame of event ids.

    Each file is one partition, read and parsed by one task with the fitted
    ``parser``, which is shipped to the workers once. Rows keep the global
    line order: files in the order given (a glob is sorted), lines in file
    order.

    Parameters
    ----------
    paths : str, path-like or list of them
        Log files, plain or gzip-compressed (detected from the content): a
        glob such as ``"logs/*.log.gz"``, one path or a list of paths.
    parser : DrainParser
        A fitted parser.
    log_format : LogFormat, str or None, default=None
        Header layout (``"hdfs"``, ``"bgl"``, ``"thunderbird"`` or a
        :class:`~sklearn_isad.logs.LogFormat`): the parser sees the content
        after the header, as with :func:`~sklearn_isad.datasets.load_log`.
        ``None`` parses whole lines.

    Returns
    -------
    lines : dask.dataframe.DataFrame
        Lazy frame, one row per physical line, with columns ``file`` (index
        of the file in ``paths``), ``line_number`` (0-based in its file),
        ``text`` (the raw line), ``event`` (event id) and, when the format
        tags lines with an alert label (BGL, Thunderbird), ``alert`` (1 for
        an alert line, as in :func:`~sklearn_isad.datasets.load_log`).

    See Also
    --------
    sklearn_isad.distributed.group_by_entity : Sessions across partitions.
    sklearn_isad.distributed.sliding_windows : Windows across partitions.

    Notes
    -----
    A gzip file cannot be split, so a file is the unit of parallelism: give
    at least as many files as worker threads (rotated logs usually are).
    """
    if not isinstance(parser, DrainParser):
        raise TypeError(
            f"parser must be a fitted DrainParser, got {type(parser).__name__}."
        )
    check_is_fitted(parser, "templates_")
    fmt = None if log_format is None else get_log_format(log_format)
    paths = _expand_paths(paths)
    dask = import_optional("dask")

    has_alerts = fmt is not None and fmt.label_field is not None
    meta = _lines_frame(0, [], [], [], [] if has_alerts else None)
    shared = ship(parser)
    # Reading a file is not pure: its content may change between runs.
    parse = dask.delayed(parse_file, pure=False)
    parts = [parse(path, i, shared, log_format) for i, path in enumerate(paths)]
    return from_parts(parts, meta)
