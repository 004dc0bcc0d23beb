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
    load_thunderbird,
)
from sklearn_isad.logs import DrainParser

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
        total += sum(p.stat().st_size for p in folder.iterdir())
    assert total < 4_000_000


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
