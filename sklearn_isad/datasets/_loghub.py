# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Loaders for the loghub log formats and the samples bundled with the package."""

import csv
import io
import os
import re
import warnings
from pathlib import Path

import numpy as np

from sklearn_isad.datasets._base import Dataset, _fill_timestamps, load_log
from sklearn_isad.exceptions import LogDataWarning
from sklearn_isad.logs._reading import _hdfs_timestamp, _open_binary

_DATA_DIR = Path(__file__).resolve().parent / "data"

# name -> (log format, folder, log file, label file or None, description)
_SAMPLES = {
    "hdfs_complete": (
        "hdfs",
        "hdfs_complete",
        "HDFS_complete.log.gz",
        "anomaly_label.csv.gz",
        "104,065 HDFS lines forming 4,600 complete block sessions "
        "(4,420 normal, 180 anomalous), with block labels.",
    ),
    "bgl_2k": (
        "bgl",
        "bgl_2k",
        "BGL_2k.log.gz",
        None,
        "loghub's 2,000-line BGL sample (143 alert lines), sampled across "
        "7 months, CRLF endings.",
    ),
    "thunderbird_vapi_slice": (
        "thunderbird",
        "thunderbird_vapi_slice",
        "Thunderbird_vapi-01593fb_head696.log.gz",
        None,
        "696 consecutive Thunderbird lines during a VAPI alert storm (50 alert lines).",
    ),
}

_HDFS_BLOCK = re.compile(r"blk_-?\d+")
_SIX_DIGITS = re.compile(r"\d{6}")


def list_samples():
    """Return the names of the log samples bundled with the package.

    Each loads by name with the loader of its format, with no download:
    ``load_hdfs("hdfs_complete")``, ``load_bgl("bgl_2k")``,
    ``load_thunderbird("thunderbird_vapi_slice")``. Every sample folder also
    holds the loghub licence notice and a PROVENANCE.md.

    Returns
    -------
    names : dict of str to str
        Sample name to a one-line description, sorted by name.

    Examples
    --------
    >>> from sklearn_isad.datasets import list_samples
    >>> sorted(list_samples())
    ['bgl_2k', 'hdfs_complete', 'thunderbird_vapi_slice']
    """
    return {name: _SAMPLES[name][4] for name in sorted(_SAMPLES)}


def get_sample_path(name):
    """Return the folder of a bundled sample (log, labels, licence, provenance).

    Parameters
    ----------
    name : str
        A name from :func:`list_samples`.

    Returns
    -------
    path : pathlib.Path
    """
    if name not in _SAMPLES:
        raise ValueError(f"name must be one of {sorted(_SAMPLES)}, got {name!r}.")
    return _DATA_DIR / _SAMPLES[name][1]


def _resolve(source, log_format, loader):
    """Return (log path, label path or None, name) for a sample name or a path."""
    if isinstance(source, str) and source in _SAMPLES:
        fmt, folder, log_file, label_file, _ = _SAMPLES[source]
        if fmt != log_format:
            raise ValueError(
                f"{source!r} is a {fmt} sample; load it with load_{fmt}(), not "
                f"{loader}()."
            )
        folder = _DATA_DIR / folder
        return folder / log_file, (folder / label_file if label_file else None), source
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(
            f"{loader}() takes a sample name or a path, got {type(source).__name__}."
        )
    if not os.path.exists(source):
        names = [n for n, spec in _SAMPLES.items() if spec[0] == log_format]
        raise FileNotFoundError(
            f"{source!r} is neither a bundled {log_format} sample ({names}) nor an "
            "existing file."
        )
    return source, None, Path(source).name


def load_sample(name, **kwargs):
    """Load a bundled sample by name with the loader of its format.

    Parameters
    ----------
    name : str
        A name from :func:`list_samples`.
    **kwargs : dict
        Passed to the loader (e.g. ``warn=False``).

    Returns
    -------
    dataset : Dataset

    Examples
    --------
    >>> from sklearn_isad.datasets import load_sample
    >>> load_sample("thunderbird_vapi_slice").log_format
    'thunderbird'
    """
    if name not in _SAMPLES:
        raise ValueError(f"name must be one of {sorted(_SAMPLES)}, got {name!r}.")
    loader = {"hdfs": load_hdfs, "bgl": load_bgl, "thunderbird": load_thunderbird}
    return loader[_SAMPLES[name][0]](name, **kwargs)


def read_block_labels(path):
    """Read an HDFS block label file such as loghub's ``anomaly_label.csv``.

    The file needs a header with ``BlockId`` and ``Label`` columns (any
    case; other columns are ignored). Labels are ``Normal`` or ``Anomaly``
    (any case). Block ids are kept as strings, exactly as written.

    Parameters
    ----------
    path : str or path-like
        CSV file, plain or gzip.

    Returns
    -------
    labels : dict of str to int
        Block id to 0 (normal) or 1 (anomalous), in file order.
    report : dict
        ``rows``, ``duplicate_labels`` (repeated ids with the same label) and
        ``blank_rows``.

    Raises
    ------
    ValueError
        If the header lacks a column, a row has a different number of fields,
        a label is neither Normal nor Anomaly, or an id is labelled twice with
        different labels. The message names the file and row.
    """
    labels = {}
    n_rows = n_duplicates = n_blank = 0
    with io.TextIOWrapper(_open_binary(path), encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text)
        header = next(reader, None)
        names = [h.strip().lower() for h in header] if header else []
        if "blockid" not in names or "label" not in names:
            raise ValueError(
                f"{path}: the first row must be a header with BlockId and Label "
                f"columns, got {header!r}."
            )
        i_id, i_label = names.index("blockid"), names.index("label")
        for row in reader:
            if not any(cell.strip() for cell in row):
                n_blank += 1
                continue
            if len(row) != len(names):
                raise ValueError(
                    f"{path}, row {reader.line_num}: {len(row)} fields, expected "
                    f"{len(names)} ({row!r:.80})."
                )
            block, value = row[i_id].strip(), row[i_label].strip().lower()
            if value == "normal":
                label = 0
            elif value == "anomaly":
                label = 1
            else:
                raise ValueError(
                    f"{path}, row {reader.line_num}: label {row[i_label]!r} for "
                    f"{block!r}; expected 'Normal' or 'Anomaly'."
                )
            n_rows += 1
            previous = labels.get(block)
            if previous is not None:
                if previous != label:
                    raise ValueError(
                        f"{path}, row {reader.line_num}: {block!r} is labelled both "
                        "Normal and Anomaly."
                    )
                n_duplicates += 1
            labels[block] = label
    return labels, {
        "rows": n_rows,
        "duplicate_labels": n_duplicates,
        "blank_rows": n_blank,
    }


def load_hdfs(source="hdfs_complete", *, label_file=None, warn=True):
    """Load an HDFS log (loghub HDFS_v1 layout) and its block labels.

    Parameters
    ----------
    source : str or path-like, default="hdfs_complete"
        A bundled sample name (see :func:`list_samples`) or the path of a raw
        HDFS log, plain or gzip (``081109 203530 147 INFO
        dfs.DataNode$DataXceiver: Receiving block blk_... ...``).
    label_file : str, path-like or None, default=None
        Block label CSV (loghub's ``anomaly_label.csv``, plain or gzip); read
        automatically for a bundled sample.
    warn : bool, default=True
        Warn (:class:`~sklearn_isad.logs.LogDataWarning`) about repaired lines
        and about sessions without a label.

    Returns
    -------
    dataset : Dataset
        With ``block_labels`` when labels are available. Its report also
        counts ``sessions`` (distinct block ids in the log),
        ``sessions_without_label`` and ``labels_without_session``, with up to
        10 example ids under ``..._ids``.

    Examples
    --------
    >>> from sklearn_isad.datasets import load_hdfs
    >>> ds = load_hdfs("hdfs_complete")
    >>> len(ds.lines), len(ds.block_labels), sum(ds.block_labels.values())
    (104065, 4600, 180)
    """
    path, default_labels, name = _resolve(source, "hdfs", "load_hdfs")
    ds = load_log(path, "hdfs", name=name, warn=warn)
    label_file = default_labels if label_file is None else label_file
    blocks = {}
    for line in ds.lines:
        for block in _HDFS_BLOCK.findall(line):
            blocks[block] = None
    ds.report["sessions"] = len(blocks)
    if label_file is None:
        return ds

    labels, label_report = read_block_labels(label_file)
    without_label = [b for b in blocks if b not in labels]
    without_session = [b for b in labels if b not in blocks]
    ds.block_labels = labels
    ds.report.update(
        duplicate_labels=label_report["duplicate_labels"],
        sessions_without_label=len(without_label),
        sessions_without_label_ids=without_label[:10],
        labels_without_session=len(without_session),
        labels_without_session_ids=without_session[:10],
    )
    if warn and without_label:
        warnings.warn(
            f"{len(without_label)} of {len(blocks)} block sessions in {path} have "
            f"no label in {label_file} (e.g. {without_label[:3]}).",
            LogDataWarning,
            stacklevel=2,
        )
    return ds


def load_bgl(source="bgl_2k", *, warn=True):
    """Load a BGL log in loghub's raw layout, with per-line alert labels.

    Each line reads ``Label Timestamp Date Node Time NodeRepeat Type Component
    Level Content``; the first token is ``-`` on a normal line and an alert
    category (e.g. ``KERNDTLB``) on an alert line.

    Parameters
    ----------
    source : str or path-like, default="bgl_2k"
        A bundled sample name or the path of a BGL log, plain or gzip.
    warn : bool, default=True
        Warn about lines with bad UTF-8 or without a header.

    Returns
    -------
    dataset : Dataset
        ``labels`` is 1 on alert lines; ``categories`` holds the tag.

    Examples
    --------
    >>> from sklearn_isad.datasets import load_bgl
    >>> ds = load_bgl("bgl_2k")
    >>> len(ds.lines), int(ds.labels.sum())
    (2000, 143)
    """
    path, _, name = _resolve(source, "bgl", "load_bgl")
    return load_log(path, "bgl", name=name, warn=warn)


def load_thunderbird(source="thunderbird_vapi_slice", *, warn=True):
    """Load a Thunderbird log in loghub's raw layout, with per-line labels.

    Each line reads ``Label Timestamp Date User Month Day Time Location
    Component[PID]: Content``; the first token is ``-`` on a normal line and
    an alert category otherwise. The component and PID are split from the
    content when present (``fields["Component"]``, ``fields["PID"]``).

    Parameters
    ----------
    source : str or path-like, default="thunderbird_vapi_slice"
        A bundled sample name or the path of a Thunderbird log, plain or gzip.
    warn : bool, default=True
        Warn about lines with bad UTF-8 or without a header.

    Returns
    -------
    dataset : Dataset

    Examples
    --------
    >>> from sklearn_isad.datasets import load_thunderbird
    >>> ds = load_thunderbird("thunderbird_vapi_slice")
    >>> len(ds.lines), int(ds.labels.sum()), ds.categories[0]
    (696, 50, '-')
    """
    path, _, name = _resolve(source, "thunderbird", "load_thunderbird")
    return load_log(path, "thunderbird", name=name, warn=warn)


def load_structured_csv(
    path, *, content_column="Content", label_column="Label", normal_label="-"
):
    """Load a loghub ``*_structured.csv`` file (one parsed line per row).

    Parameters
    ----------
    path : str or path-like
        The CSV file, plain or gzip, with a header row.
    content_column : str, default="Content"
        Column holding the message.
    label_column : str or None, default="Label"
        Column with per-line tags (``normal_label`` = normal); used when the
        file has it (BGL, Thunderbird), ignored otherwise.
    normal_label : str, default="-"
        Tag of normal lines.

    Returns
    -------
    dataset : Dataset
        ``lines`` and ``contents`` both hold the message column (the raw
        header is not in the file); ``fields`` holds every other column,
        including loghub's ``EventId`` and ``EventTemplate``; ``timestamps``
        come from a numeric ``Timestamp`` column, or from HDFS-style
        ``Date``/``Time`` columns (``yymmdd``, ``HHMMSS``), else are ``None``.
    """
    report = {"rows": 0, "bad_utf8_lines": 0}
    with io.TextIOWrapper(
        _open_binary(path), encoding="utf-8-sig", errors="replace", newline=""
    ) as text:
        reader = csv.reader(text)
        header = next(reader, None)
        if not header or content_column not in header:
            raise ValueError(
                f"{path}: content_column={content_column!r} is not a column of the "
                f"header {header!r}."
            )
        columns = {c: [] for c in header}
        for row in reader:
            if len(row) != len(header):
                raise ValueError(
                    f"{path}, row {reader.line_num}: {len(row)} fields, expected "
                    f"{len(header)}."
                )
            report["rows"] += 1
            report["bad_utf8_lines"] += any("\ufffd" in v for v in row)
            for c, v in zip(header, row, strict=True):
                columns[c].append(v)
    contents = columns.pop(content_column)
    categories = labels = None
    if label_column is not None and label_column in columns:
        categories = columns[label_column]
        labels = np.array([c != normal_label for c in categories], dtype=int)
    timestamps = None
    try:
        if "Timestamp" in columns:
            timestamps = np.array(columns["Timestamp"], dtype=float)
        elif (
            "Date" in columns
            and "Time" in columns
            and all(map(_SIX_DIGITS.fullmatch, columns["Date"]))
            and all(map(_SIX_DIGITS.fullmatch, columns["Time"]))
        ):
            # HDFS: yymmdd and HHMMSS; other layouts get no timestamps.
            timestamps = np.array(
                [
                    _hdfs_timestamp({"Date": d, "Time": t})
                    for d, t in zip(columns["Date"], columns["Time"], strict=True)
                ]
            )
    except ValueError:
        timestamps = None
    if timestamps is not None:
        timestamps, report["timestamps_filled"] = _fill_timestamps(timestamps)
    return Dataset(
        name=Path(path).name,
        source=str(path),
        log_format="structured_csv",
        lines=list(contents),
        contents=contents,
        labels=labels,
        categories=categories,
        timestamps=timestamps,
        fields=columns,
        report=report,
    )
