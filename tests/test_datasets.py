# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of the loghub loaders and the bundled samples."""

import csv
import gzip
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from sklearn_isad.datasets import (
    get_sample_path,
    list_samples,
    load_bgl,
    load_hdfs,
    load_log,
    load_structured_csv,
    load_thunderbird,
    read_block_labels,
)
from sklearn_isad.logs import DrainParser, LogDataWarning

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared = pytest.mark.skipif(
    not SHARED_DATA.is_dir(),
    reason="the shared loghub data folder (../shared/data) is not present",
)


@pytest.fixture(scope="module")
def hdfs():
    return load_hdfs("hdfs_complete")


def _sample_file(name, suffix):
    (path,) = [p for p in get_sample_path(name).iterdir() if p.name.endswith(suffix)]
    return path


def test_bundled_samples_carry_licence_and_provenance():
    """Check that every bundled sample folder holds the loghub notice."""
    names = list_samples()
    assert set(names) == {"hdfs_complete", "bgl_2k", "thunderbird_vapi_slice"}
    total = 0
    for name in names:
        folder = get_sample_path(name)
        assert "LICENSE OF LOGHUB" in (folder / "LICENSE-loghub.txt").read_text()
        assert (folder / "PROVENANCE.md").is_file()
        assert (folder / "BUNDLED.md").is_file()
        total += sum(p.stat().st_size for p in folder.iterdir())
    assert total < 4_000_000


@needs_shared
@pytest.mark.parametrize("name", ["hdfs_complete", "bgl_2k", "thunderbird_vapi_slice"])
def test_bundled_files_equal_the_shared_originals(name):
    """Check that each bundled file decompresses to its shared original."""
    for path in get_sample_path(name).iterdir():
        if path.name == "BUNDLED.md":  # our note, not a copy
            continue
        original = SHARED_DATA / name / path.name.removesuffix(".gz")
        if not original.exists():  # HDFS_complete.log.gz is stored as is
            original = SHARED_DATA / name / path.name
        data = path.read_bytes()
        if path.suffix == ".gz" and original.suffix != ".gz":
            data = gzip.decompress(data)
        assert data == original.read_bytes(), path.name


def test_load_hdfs_bundled_sample(hdfs):
    """Check the bundled HDFS sample against counts read directly from its files."""
    with gzip.open(_sample_file("hdfs_complete", ".log.gz"), "rt") as f:
        raw = f.read().split("\n")
    if raw[-1] == "":
        raw.pop()
    with gzip.open(_sample_file("hdfs_complete", "anomaly_label.csv.gz"), "rt") as f:
        rows = list(csv.DictReader(f))

    assert hdfs.lines == raw
    assert len(hdfs.contents) == len(raw)
    assert hdfs.block_labels == {
        r["BlockId"]: int(r["Label"] == "Anomaly") for r in rows
    }
    assert sum(hdfs.block_labels.values()) == 180 and len(hdfs.block_labels) == 4600
    assert hdfs.report["sessions"] == 4600
    assert hdfs.report["sessions_without_label"] == 0
    assert hdfs.report["labels_without_session"] == 0
    assert hdfs.report["headerless_lines"] == 0
    # The content is what follows "Component: ".
    assert hdfs.contents[0] == raw[0].split(": ", 1)[1]
    assert hdfs.fields["Component"][0] == raw[0].split()[4].rstrip(":")


def test_hdfs_end_to_end_sessions(hdfs):
    """Check parse + group: one labelled session per block, every line used."""
    events = DrainParser().fit_transform(hdfs.contents)
    seqs = hdfs.sessions(events)

    assert len(seqs) == 4600
    assert sum(len(s) for s in seqs.sequences) == len(hdfs.lines)
    assert seqs.y.tolist() == [hdfs.block_labels[i] for i in seqs.ids]


@needs_shared
def test_hdfs_parse_refines_loghub_events(hdfs):
    """Check that our events never mix two of loghub's events on HDFS_complete.

    loghub's sessions.csv gives each line's event id (E1-E30); each of our
    event ids must stand for one loghub event.
    """
    with open(SHARED_DATA / "hdfs_complete" / "sessions.csv") as f:
        reference = {
            r["BlockId"]: r["EventSequence"].split() for r in csv.DictReader(f)
        }
    events = DrainParser().fit_transform(hdfs.contents)
    seqs = hdfs.sessions(events)
    theirs = defaultdict(set)
    for block, seq in zip(seqs.ids, seqs.sequences, strict=True):
        assert len(seq) == len(reference[block])
        for ours, loghub in zip(seq, reference[block], strict=True):
            theirs[ours].add(loghub)
    assert all(len(v) == 1 for v in theirs.values()), dict(theirs)


def test_load_bgl_bundled_sample():
    """Check BGL labels: first token '-' is normal, anything else an alert."""
    ds = load_bgl("bgl_2k")
    with gzip.open(_sample_file("bgl_2k", ".log.gz"), "rb") as f:
        raw = f.read().decode().split("\r\n")
    tags = [line.split(" ", 1)[0] for line in raw]

    assert len(ds.lines) == len(raw) == 2000
    assert ds.categories == tags
    assert ds.labels.tolist() == [int(t != "-") for t in tags]
    assert int(ds.labels.sum()) == 143
    assert Counter(tags)["KERNDTLB"] == 60
    assert ds.report["crlf_lines"] == 1999 and ds.report["missing_final_newline"]
    assert ds.timestamps[0] == 1117838570.0
    assert ds.contents[0] == "instruction cache parity error corrected"


def test_load_thunderbird_bundled_sample():
    """Check Thunderbird labels and the split of component and content."""
    ds = load_thunderbird("thunderbird_vapi_slice")
    assert len(ds) == 696
    assert Counter(ds.categories) == {"-": 646, "VAPI": 50}
    assert ds.contents[0] == "Got trap from peer on fd 13"
    assert ds.fields["Component"][0] == "snmpd"
    assert ds.fields["PID"][0] == "13354"


@pytest.mark.parametrize(
    "loader, name", [(load_bgl, "hdfs_complete"), (load_hdfs, "bgl_2k")]
)
def test_sample_with_wrong_loader_is_refused(loader, name):
    """Check that loading a sample with another format's loader says which to use."""
    with pytest.raises(ValueError, match="load_"):
        loader(name)


def test_unknown_source_lists_samples():
    """Check that a name that is neither a sample nor a file is explained."""
    with pytest.raises(FileNotFoundError, match="bgl_2k"):
        load_bgl("bgl_does_not_exist")


BGL_HEAD = (
    "{tag} {ts} 2005.06.03 R02-M1-N0 2005-06-03-15.42.50.675872 R02-M1-N0 RAS KERNEL"
)


def _bgl_line(tag, ts, rest):
    return BGL_HEAD.format(tag=tag, ts=ts) + " " + rest


def test_bgl_headerless_line_keeps_alignment(tmp_path):
    """Check that a line without header is kept and later labels stay aligned."""
    lines = [
        _bgl_line("-", 100, "INFO cache ok"),
        "stray continuation text without any header",
        _bgl_line("-", 101, "INFO cache ok"),
        _bgl_line("KERNDTLB", 102, "FATAL data TLB error interrupt"),
        _bgl_line("-", 103, "INFO cache ok"),
    ]
    path = tmp_path / "bgl.log"
    path.write_text("\n".join(lines) + "\n")
    with pytest.warns(LogDataWarning, match="1 line\\(s\\) without the bgl header"):
        ds = load_bgl(path)

    assert ds.lines == lines
    assert ds.labels.tolist() == [0, 0, 0, 1, 0]
    assert ds.categories == ["-", None, "-", "KERNDTLB", "-"]
    assert ds.contents[1] == lines[1]
    assert ds.contents[3] == "data TLB error interrupt"
    assert ds.report["headerless_lines"] == 1
    # The headerless line takes the time of the line before it.
    assert ds.timestamps.tolist() == [100, 100, 101, 102, 103]
    assert ds.report["timestamps_filled"] == 1


def test_bgl_invalid_byte_and_blank_lines(tmp_path):
    """Check that a 0xF7 byte and blank lines neither raise nor drop lines."""
    raw = b"\r\n".join(
        [
            _bgl_line("-", 1, "INFO value ").encode() + b"\xf7 seen",
            b"",
            b"   ",
            _bgl_line("APPSEV", 2, "ERROR ciod: failed").encode(),
        ]
    )
    path = tmp_path / "bgl.log"
    path.write_bytes(raw)
    with pytest.warns(LogDataWarning, match="1 line\\(s\\) with invalid UTF-8"):
        ds = load_bgl(path)

    assert len(ds) == 4
    # The level (INFO, ERROR) is the last header field; the content follows.
    assert ds.contents == ["value \ufffd seen", "", "", "ciod: failed"]
    assert ds.labels.tolist() == [0, 0, 0, 1]
    assert ds.report["bad_utf8_lines"] == 1
    assert ds.report["blank_lines"] == 2
    assert ds.report["headerless_lines"] == 0  # blank lines are not headerless

    parser = DrainParser()
    events = parser.fit_transform(ds.contents)
    assert events[1:3] == ["BLANK", "BLANK"]
    assert "" not in parser.templates_.values()


def _write_hdfs(tmp_path, lines, labels_csv, gz=True):
    log = tmp_path / ("h.log.gz" if gz else "h.log")
    data = ("\n".join(lines) + "\n").encode()
    log.write_bytes(gzip.compress(data) if gz else data)
    label_file = tmp_path / "labels.csv"
    label_file.write_text(labels_csv)
    return log, label_file


HDFS_LINES = [
    "081109 203518 143 INFO dfs.DataNode$DataXceiver: Receiving block blk_0012 src",
    "081109 203519 145 INFO dfs.DataNode$DataXceiver: Receiving block blk_-5 src",
    "081109 203520 147 INFO dfs.FSNamesystem: BLOCK* delete: blk_0012 blk_77 added",
]


def test_load_hdfs_reports_label_mismatches(tmp_path):
    """Check that unlabelled sessions and unused labels are counted, ids as text."""
    log, labels = _write_hdfs(
        tmp_path,
        HDFS_LINES,
        "BlockId,Label\nblk_0012,Anomaly\nblk_-5,Normal\nblk_12,Normal\nblk_9,Normal\n",
    )
    with pytest.warns(LogDataWarning, match="1 of 3 block sessions"):
        ds = load_hdfs(log, label_file=labels)

    # "blk_0012" and "blk_12" are different ids: ids are never read as numbers.
    assert ds.block_labels == {"blk_0012": 1, "blk_-5": 0, "blk_12": 0, "blk_9": 0}
    assert ds.report["sessions"] == 3
    assert ds.report["sessions_without_label"] == 1
    assert ds.report["sessions_without_label_ids"] == ["blk_77"]
    assert ds.report["labels_without_session"] == 2
    assert ds.report["labels_without_session_ids"] == ["blk_12", "blk_9"]
    assert ds.timestamps[1] - ds.timestamps[0] == 1.0

    events = DrainParser().fit_transform(ds.contents)
    with pytest.warns(LogDataWarning):
        seqs = ds.sessions(events, missing="drop")
    assert seqs.ids == ["blk_0012", "blk_-5"]
    assert seqs.y.tolist() == [1, 0]
    assert seqs.line_numbers == [[0, 2], [1]]


@pytest.mark.parametrize(
    "csv_text, match",
    [
        ("blk_1,Normal\n", "header"),
        ("BlockId,Label\nblk_1,Anomalous\n", "row 2"),
        ("BlockId,Label\nblk_1,Normal\nblk_1,Anomaly\n", "both"),
        ("BlockId,Label\nblk_1,Normal,extra\n", "3 fields"),
    ],
)
def test_bad_label_file_is_explained(tmp_path, csv_text, match):
    """Check that a malformed label file raises an error naming the problem."""
    path = tmp_path / "labels.csv"
    path.write_text(csv_text)
    with pytest.raises(ValueError, match=match):
        read_block_labels(path)


def test_label_file_tolerates_case_bom_and_duplicates(tmp_path):
    """Check a BOM, other letter case, an extra column and a repeated row."""
    path = tmp_path / "labels.csv.gz"
    text = "\ufeffblockid,LABEL,Source\r\nblk_1,normal,x\r\nblk_2,ANOMALY,y\r\n"
    text += "blk_1,Normal,z\r\n"
    path.write_bytes(gzip.compress(text.encode()))
    labels, report = read_block_labels(path)
    assert labels == {"blk_1": 0, "blk_2": 1}
    assert report == {"rows": 3, "duplicate_labels": 1, "blank_rows": 0}


def test_load_log_custom_format(tmp_path):
    """Check that a user's own log format loads through load_log."""
    from sklearn_isad.logs import LogFormat

    fmt = LogFormat(
        ["level", "host"],
        patterns={"level": r"INFO|WARN|ERROR", "host": r"(\w+):"},
        label_field="level",
        normal_label="INFO",
        name="mine",
    )
    path = tmp_path / "mine.log"
    path.write_text("INFO web1: started\nERROR db2: disk full\nno header\n")
    with pytest.warns(LogDataWarning, match="without the mine header"):
        ds = load_log(path, fmt)
    assert ds.contents == ["started", "disk full", "no header"]
    assert ds.fields["host"] == ["web1", "db2", None]
    assert ds.labels.tolist() == [0, 1, 0]
    assert ds.timestamps is None


def test_load_structured_csv_small_file(tmp_path):
    """Check the structured CSV loader on a file written for the purpose."""
    path = tmp_path / "x_structured.csv"
    path.write_text(
        "LineId,Label,Timestamp,Content,EventId\n"
        '1,-,100,"a, quoted content",E1\n'
        "2,KERNDTLB,105,b,E2\n"
    )
    ds = load_structured_csv(path)
    assert ds.contents == ["a, quoted content", "b"]
    assert ds.labels.tolist() == [0, 1]
    assert ds.timestamps.tolist() == [100.0, 105.0]
    assert ds.fields["EventId"] == ["E1", "E2"]
    with pytest.raises(ValueError, match="content_column"):
        load_structured_csv(path, content_column="Message")


def test_load_structured_csv_times_and_bytes(tmp_path):
    """Check HDFS-style times, other date layouts, and invalid UTF-8 rows."""
    hdfs = tmp_path / "hdfs_structured.csv"
    hdfs.write_bytes(
        b"LineId,Date,Time,Content\n1,081109,203615,a \xf7\n2,081109,203616,b\n"
    )
    ds = load_structured_csv(hdfs)
    assert ds.timestamps[1] - ds.timestamps[0] == 1.0
    assert ds.labels is None
    assert ds.contents[0] == "a \ufffd" and ds.report["bad_utf8_lines"] == 1

    other = tmp_path / "hadoop_structured.csv"
    other.write_text("LineId,Date,Time,Content\n1,2015-10-18,18:01:47,c\n")
    assert load_structured_csv(other).timestamps is None


@needs_shared
@pytest.mark.parametrize(
    "folder, loader",
    [
        ("bgl_2k/BGL_2k.log", load_bgl),
        ("thunderbird_2k/Thunderbird_2k.log", load_thunderbird),
        ("hdfs_2k/HDFS_2k.log", load_hdfs),
    ],
)
def test_raw_loaders_agree_with_loghub_structured_csv(folder, loader):
    """Check that our header split gives loghub's Content (and labels) per line."""
    raw = loader(SHARED_DATA / folder)
    structured = load_structured_csv(SHARED_DATA / (folder + "_structured.csv"))
    assert raw.contents == structured.contents
    if structured.labels is not None:
        assert raw.labels.tolist() == structured.labels.tolist()
    assert raw.timestamps.tolist() == structured.timestamps.tolist()


@needs_shared
def test_sample_windows_match_provenance_counts():
    """Check BGL_2k windows: 96 full windows of 100/20, 58 anomalous."""
    ds = load_bgl("bgl_2k")
    events = DrainParser().fit_transform(ds.contents)
    windows = ds.windows(events, window_size=100, step=20)
    assert len(windows) == 96
    assert int(windows.y.sum()) == 58
    partial = ds.windows(events, keep_partial=True)
    assert (len(partial), int(partial.y.sum())) == (100, 62)
