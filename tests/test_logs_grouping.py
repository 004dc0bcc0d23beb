# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of grouping events into sessions and windows, and of the split."""

import warnings

import numpy as np
import pytest

from sklearn_isad.logs import (
    LogDataWarning,
    Sequences,
    chronological_split,
    group_by_entity,
    sliding_windows,
    time_windows,
)


def test_line_with_several_blocks_joins_each_session_once():
    """Check that 'blk_1 blk_2 blk_2 blk_-3' adds one event to each of 3 sessions."""
    head = "081109 203518 143 INFO dfs.FSNamesystem: "
    lines = [
        head + "BLOCK* allocateBlock: /a blk_1",
        head + "BLOCK* delete: blk_1 blk_2 blk_2 blk_-3 added to invalidSet",
        head + "Verification succeeded for blk_3",
        head + "Roll Edit Log from 10.0.0.1",
    ]
    events = ["E1", "E2", "E3", "E4"]
    seqs = group_by_entity(lines, events)

    assert seqs.ids == ["blk_1", "blk_2", "blk_-3", "blk_3"]
    assert seqs.sequences == [["E1", "E2"], ["E2"], ["E2"], ["E3"]]
    assert seqs.line_numbers == [[0, 1], [1], [1], [2]]
    assert seqs.labels is None and seqs.y is None
    assert seqs.report == {
        "lines": 4,
        "lines_without_id": 1,
        "lines_with_several_ids": 1,
    }


def test_group_by_entity_custom_pattern_and_line_labels():
    """Check a named id group and labels carried per event."""
    lines = ["req=7 start", "req=8 start", "req=7 fail"]
    seqs = group_by_entity(
        lines, ["S", "S", "F"], pattern=r"req=(?P<id>\d+)", labels=[0, 0, 1]
    )

    assert seqs.ids == ["7", "8"]
    assert seqs.labels == [[0, 1], [0]]
    assert seqs.y.tolist() == [1, 0]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"lines": ["a"], "events": ["E1", "E2"]}, "aligned"),
        ({"lines": ["a"], "events": ["E1"], "pattern": "("}, "pattern"),
        ({"lines": ["a"], "events": ["E1"], "labels": [2]}, "labels"),
    ],
)
def test_group_by_entity_rejects_bad_input(kwargs, match):
    """Check that misaligned input or a bad regex raises a named error."""
    with pytest.raises(ValueError, match=match):
        group_by_entity(**kwargs)


def test_attach_labels_reports_missing_ids():
    """Check that labels come from the mapping and missing ids are stated."""
    seqs = group_by_entity(["blk_1 a", "blk_2 b", "blk_3 c"], ["E1", "E2", "E1"])
    mapping = {"blk_1": 0, "blk_3": 1, "blk_9": 0}

    with pytest.raises(ValueError, match="1 of 3 sequences have no label"):
        seqs.attach_labels(mapping)
    with pytest.warns(LogDataWarning, match="1 of 3"):
        labelled = seqs.attach_labels(mapping, missing="drop")
    assert labelled.ids == ["blk_1", "blk_3"]
    assert labelled.y.tolist() == [0, 1]
    assert labelled.report["unlabelled_sequences"] == 1
    assert labelled.report["unlabelled_ids"] == ["blk_2"]


def test_sliding_windows_paper_settings():
    """Check windows of 100 lines, step 20, and the any-alert label rule."""
    n = 1000
    events = [f"E{i % 7}" for i in range(n)]
    labels = np.zeros(n, dtype=int)
    labels[[150, 990]] = 1
    w = sliding_windows(events, window_size=100, step=20, labels=labels)

    starts = list(range(0, n - 100 + 1, 20))
    assert len(w) == len(starts) == 46
    assert w.line_numbers == [list(range(s, s + 100)) for s in starts]
    assert w.sequences[3] == events[60:160]
    # Line 150 lies in windows starting 60..140, line 990 in 900.
    expected_y = [int(60 <= s <= 140 or s == 900) for s in starts]
    assert w.y.tolist() == expected_y
    assert w.report["lines_not_in_any_window"] == 0


def test_sliding_windows_tail_is_reported_or_kept():
    """Check that lines after the last full window are counted, or kept."""
    events = [str(i) for i in range(25)]
    full = sliding_windows(events, window_size=10, step=10)
    assert full.ids == ["0:10", "10:20"]
    assert full.report["lines_not_in_any_window"] == 5

    partial = sliding_windows(events, window_size=10, step=10, keep_partial=True)
    assert partial.sequences[-1] == events[20:]
    assert partial.report["lines_not_in_any_window"] == 0


@pytest.mark.parametrize("kwargs", [{"window_size": 0}, {"step": -1}, {"step": 1.5}])
def test_sliding_windows_rejects_bad_sizes(kwargs):
    """Check that window_size and step must be positive ints."""
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=name):
        sliding_windows(["a"] * 5, **kwargs)


def test_time_windows_assign_lines_by_time():
    """Check time windows, overlap, out-of-order lines and empty windows."""
    events = ["a", "b", "c", "d", "e"]
    times = [0.0, 30.0, 10.0, 70.0, 400.0]  # "c" is logged after "b"
    w = time_windows(events, times, window_size=60, step=30, labels=[0, 0, 0, 1, 0])

    # Windows start every 30 s: [0,60) [30,90) [60,120) hold a-d; "e" (400 s)
    # is in [360,420) and [390,450); the 9 starting 90, 120, ..., 330 are empty.
    assert w.sequences == [["a", "b", "c"], ["b", "d"], ["d"], ["e"], ["e"]]
    assert w.line_numbers[0] == [0, 1, 2]  # log order inside a window
    assert w.y.tolist() == [0, 1, 1, 0, 0]
    assert w.report["empty_windows"] == len(range(90, 331, 30)) == 9


def test_time_windows_accept_datetimes():
    """Check that datetime64 values and datetime objects work like seconds."""
    from datetime import datetime, timedelta, timezone

    base = datetime(2005, 6, 3, tzinfo=timezone.utc)
    offsets = [0, 50, 130]
    as_datetimes = [base + timedelta(seconds=s) for s in offsets]
    as_numpy = np.datetime64("2005-06-03T00:00:00") + np.array(
        offsets, dtype="timedelta64[s]"
    )
    for times in (as_datetimes, as_numpy):
        w = time_windows(["a", "b", "c"], times, window_size=timedelta(minutes=1))
        assert w.sequences == [["a", "b"], ["c"]]
    with pytest.raises(ValueError, match="timestamps must be"):
        time_windows(["a"], ["noon"], window_size=60)


def test_time_windows_reject_missing_times():
    """Check that NaN timestamps raise an error that says how many."""
    with pytest.raises(ValueError, match="1 missing"):
        time_windows(["a", "b"], [0.0, float("nan")], window_size=10)


def test_split_never_shares_a_line():
    """Check windows 100/20 over 1,000 lines split at 80%: no shared line."""
    w = sliding_windows([f"E{i % 5}" for i in range(1000)], window_size=100, step=20)
    train, test = chronological_split(w, train_size=0.8)

    train_lines = {i for ln in train.line_numbers for i in ln}
    test_lines = {i for ln in test.line_numbers for i in ln}
    assert not train_lines & test_lines
    assert max(train_lines) < min(test_lines)
    # Cut at line 800: training starts 0..700, test starts 800..900.
    assert len(train) == 700 // 20 + 1 == 36
    assert len(test) == (900 - 800) // 20 + 1 == 6
    assert train.report["straddling_dropped"] == 46 - 36 - 6


def test_split_by_start_for_interleaved_sessions():
    """Check assign='start': sessions placed by first line, none sharing a line."""
    lines = [
        "a blk_1",  # 0
        "b blk_2",  # 1
        "c blk_1",  # 2
        "d blk_3",  # 3
        "e blk_2",  # 4: blk_2 started before the cut and runs past it
        "f blk_4 blk_1",  # 5: blk_4 shares this line with training blk_1
        "g blk_5",  # 6
        "h blk_5",  # 7
    ]
    seqs = group_by_entity(lines, list("abcdefgh"))
    contained = chronological_split(seqs, train_size=0.5)
    by_start = chronological_split(seqs, train_size=0.5, assign="start")

    # Cut at line 4: lines 0-3 train, 4-7 test.
    assert contained[0].ids == ["blk_3"]  # blk_1, blk_2 straddle the cut
    assert contained[1].ids == ["blk_4", "blk_5"]
    assert by_start[0].ids == ["blk_1", "blk_2", "blk_3"]
    assert by_start[1].ids == ["blk_5"]  # blk_4 shares line 5 with blk_1
    assert by_start[1].report["straddling_dropped"] == 1
    train_lines = {i for ln in by_start[0].line_numbers for i in ln}
    assert not train_lines & {i for ln in by_start[1].line_numbers for i in ln}


def test_split_rejects_bad_input():
    """Check that the split needs Sequences and a train_size in (0, 1)."""
    w = sliding_windows(["a"] * 10, window_size=2, step=2)
    with pytest.raises(ValueError, match="train_size"):
        chronological_split(w, train_size=1.0)
    with pytest.raises(TypeError, match="Sequences"):
        chronological_split([["a"]], train_size=0.5)
    with pytest.raises(ValueError, match="assign"):
        chronological_split(w, assign="end")


def test_sequences_behave_like_a_list_of_sequences():
    """Check that Sequences iterate, have a length and pass sequence checks."""
    from sklearn_isad.utils import check_sequences

    seqs = Sequences(["x", "y"], [["E1"], ["E2", "E1"]], [[0], [1, 2]], y=[0, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check_sequences(seqs) == [["E1"], ["E2", "E1"]]
    assert len(seqs) == 2
    assert seqs.subset([1]).ids == ["y"] and seqs.subset([1]).y.tolist() == [1]
