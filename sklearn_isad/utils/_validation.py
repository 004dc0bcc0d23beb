# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Validation of event sequences and their labels."""

import numbers

import numpy as np

from sklearn_isad.utils._events import _UnseenEvent

_PLAIN_EVENT_TYPES = {str, int, _UnseenEvent}

_EVENT_HELP = (
    "An event id must be a str or an int (numpy integers and strings are "
    "accepted); 1 and '1' are different events."
)


def _is_sequence_container(obj):
    return hasattr(obj, "__len__") and hasattr(obj, "__iter__")


def check_sequences(X, *, name="X"):
    """Validate a collection of event sequences and return it as lists.

    Parameters
    ----------
    X : list of sequences or ndarray of shape (n_sequences, length)
        Each sequence is a list, tuple or 1-D array of hashable event ids
        (``str`` or ``int``) holding at least one event. A 2-D array is read
        as one sequence per row.
    name : str, default="X"
        Name used in error messages.

    Returns
    -------
    sequences : list of list
        One list of event ids per input sequence, in input order. numpy
        scalars are turned into the matching Python ``int`` or ``str``.

    Raises
    ------
    TypeError
        If ``X`` is a string, not a collection, or holds something other
        than sequences of str/int event ids.
    ValueError
        If ``X`` holds no sequence, a sequence is empty, or an event is
        ``None`` or NaN.

    Examples
    --------
    >>> from sklearn_isad.utils import check_sequences
    >>> check_sequences([["E1", "E2"], ("E3",)])
    [['E1', 'E2'], ['E3']]
    """
    if isinstance(X, (str, bytes)):
        raise TypeError(
            f"{name} must be a list of sequences of event ids, got a single "
            f"{type(X).__name__} ({X[:30]!r}). Split log lines into events "
            "first, e.g. X = [line.split()] for one sequence."
        )
    if isinstance(X, np.ndarray) and X.dtype != object:
        if X.ndim != 2:
            raise ValueError(
                f"{name} as a numeric array must be 2-D (one sequence per row), "
                f"got {X.ndim} dimension(s)."
            )
        X = X.tolist()
    if not _is_sequence_container(X):
        raise TypeError(
            f"{name} must be a list of sequences of event ids, got {type(X).__name__}."
        )
    if len(X) == 0:
        raise ValueError(f"{name} holds no sequence; at least one is required.")

    sequences = []
    for i, seq in enumerate(X):
        sequences.append(_check_one_sequence(seq, i, name))
    return sequences


def _check_one_sequence(seq, i, name):
    if isinstance(seq, (str, bytes)):
        raise TypeError(
            f"{name}[{i}] is a {type(seq).__name__} ({seq[:30]!r}), not a "
            "sequence of event ids. Split it into events first, e.g. "
            "line.split()."
        )
    if isinstance(seq, np.ndarray):
        if seq.ndim != 1:
            raise ValueError(
                f"{name}[{i}] must be 1-D, got an array of shape {seq.shape}."
            )
        if seq.dtype.kind in "iu":
            seq = seq.tolist()
        elif seq.dtype.kind == "U":
            seq = seq.tolist()
        else:
            seq = list(seq)
    elif not _is_sequence_container(seq):
        raise TypeError(
            f"{name}[{i}] must be a sequence of event ids, got {type(seq).__name__}."
        )
    else:
        seq = list(seq)
    if len(seq) == 0:
        raise ValueError(
            f"{name}[{i}] is empty; every sequence needs at least one event."
        )

    kinds = set(map(type, seq))
    if kinds <= _PLAIN_EVENT_TYPES:
        return seq
    return [_check_event(event, i, j, name) for j, event in enumerate(seq)]


def _check_event(event, i, j, name):
    if isinstance(event, bool) or event is None:
        raise ValueError(
            f"{name}[{i}][{j}] is {event!r}, which is not an event id. " + _EVENT_HELP
        )
    if isinstance(event, (str, _UnseenEvent)):
        return event if type(event) is not np.str_ else str(event)
    if isinstance(event, numbers.Integral):
        return int(event)
    if isinstance(event, numbers.Real) and np.isnan(event):
        raise ValueError(
            f"{name}[{i}][{j}] is NaN, which is not an event id; drop or "
            "replace missing events before fitting. " + _EVENT_HELP
        )
    raise TypeError(f"{name}[{i}][{j}] has type {type(event).__name__}. " + _EVENT_HELP)


def _is_event_label_container(y):
    """Whether ``y`` holds one label array per sequence (per-event labels)."""
    if isinstance(y, np.ndarray):
        return y.ndim == 2 or (
            y.dtype == object
            and y.ndim == 1
            and len(y) > 0
            and _is_sequence_container(y[0])
        )
    if isinstance(y, (list, tuple)) and len(y) > 0:
        return _is_sequence_container(y[0]) and not isinstance(y[0], (str, bytes))
    return False


def event_labels_to_sequence_labels(y_events, *, sequences=None, name="y"):
    """Sequence labels from per-event labels: anomalous when any event is.

    Parameters
    ----------
    y_events : list of array-like of 0/1
        One label per event of each sequence (1 = anomalous event, e.g. an
        alert line).
    sequences : list of sequences or None, default=None
        When given, each label array must be as long as its sequence.
    name : str, default="y"
        Name used in error messages.

    Returns
    -------
    y : ndarray of shape (n_sequences,) of int

    Examples
    --------
    >>> from sklearn_isad.utils import event_labels_to_sequence_labels
    >>> event_labels_to_sequence_labels([[0, 0], [0, 1, 0]]).tolist()
    [0, 1]
    """
    out = np.empty(len(y_events), dtype=int)
    for i, labels in enumerate(y_events):
        labels = np.asarray(labels)
        if labels.ndim != 1 or labels.dtype.kind not in "biuf":
            raise ValueError(
                f"{name}[{i}] must be a 1-D array of 0/1 event labels, got "
                f"{labels!r:.60}."
            )
        if sequences is not None and len(labels) != len(sequences[i]):
            raise ValueError(
                f"{name}[{i}] has {len(labels)} event labels but sequence {i} "
                f"has {len(sequences[i])} events; they must align one to one."
            )
        if not np.isin(labels, (0, 1)).all():
            raise ValueError(
                f"{name}[{i}] must hold only 0 (normal) and 1 (anomalous) "
                f"event labels; found {np.unique(labels)[:5].tolist()}."
            )
        out[i] = int(labels.any())
    return out


def check_sequence_labels(y, n_sequences, *, name="y", allow_none=True, sequences=None):
    """Validate binary sequence labels (0 = normal, 1 = anomalous).

    ``y`` may also hold per-event labels, one 0/1 array per sequence (or a
    2-D array for sequences of equal length); a sequence is then anomalous
    when any of its events is. This is how event labels reach the event
    scorers of :mod:`sklearn_isad.metrics` through ``GridSearchCV``.

    Parameters
    ----------
    y : array-like of shape (n_sequences,), list of array-like, or None
        Sequence labels, or per-event labels.
    n_sequences : int
        Number of sequences the labels must align with.
    name : str, default="y"
        Name used in error messages.
    allow_none : bool, default=True
        Whether ``y=None`` is accepted (it is returned as ``None``).
    sequences : list of sequences or None, default=None
        When given, per-event label arrays must match their lengths.

    Returns
    -------
    y : ndarray of shape (n_sequences,) of int or None

    Examples
    --------
    >>> from sklearn_isad.utils import check_sequence_labels
    >>> check_sequence_labels([0, 1, 0], 3)
    array([0, 1, 0])
    >>> check_sequence_labels([[0, 0], [1, 0, 0]], 2)
    array([0, 1])
    """
    if y is None:
        if allow_none:
            return None
        raise ValueError(
            f"This estimator requires {name} to be passed, but the target "
            f"{name} is None; give 0 (normal) or 1 (anomalous) per sequence."
        )
    if _is_event_label_container(y):
        if len(y) != n_sequences:
            raise ValueError(
                f"{name} has {len(y)} label arrays but X has {n_sequences} "
                "sequences; they must align one to one."
            )
        return event_labels_to_sequence_labels(y, sequences=sequences, name=name)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {y.shape}.")
    if y.shape[0] != n_sequences:
        raise ValueError(
            f"{name} has {y.shape[0]} labels but X has {n_sequences} sequences; "
            "they must align one to one."
        )
    if y.dtype.kind not in "biuf":
        raise ValueError(
            f"{name} must hold 0 (normal) and 1 (anomalous), got dtype {y.dtype}."
        )
    bad = ~np.isin(y, (0, 1))
    if bad.any():
        values = np.unique(y[bad])[:5].tolist()
        raise ValueError(
            f"{name} must hold only 0 (normal) and 1 (anomalous); found {values}."
        )
    return y.astype(int)


def select_normal_sequences(sequences, y):
    """Return the sequences labelled normal.

    Parameters
    ----------
    sequences : list of list
        Validated sequences.
    y : ndarray of shape (n_sequences,) or None
        Validated labels, 0 normal and 1 anomalous. ``None`` means that every
        sequence is normal.

    Returns
    -------
    normal : list of list
        The sequences with ``y == 0``, in input order.

    Raises
    ------
    ValueError
        If no sequence is labelled normal.
    """
    if y is None:
        return sequences
    normal = [seq for seq, label in zip(sequences, y, strict=True) if label == 0]
    if not normal:
        raise ValueError(
            f"fit needs at least one normal sequence (y == 0), but all "
            f"{len(sequences)} sequences of X are labelled 1 (anomalous), so "
            "there is no normal sequence to learn from. Pass normal sequences, "
            "or y=None when every sequence is normal."
        )
    return normal
