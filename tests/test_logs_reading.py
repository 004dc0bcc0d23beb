# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of robust, streaming reading of raw log files."""

import gzip
import itertools
import time
import tracemalloc

import pytest

import sklearn_isad.logs._drain as drain_module
from sklearn_isad.logs import (
    BGL_FORMAT,
    HDFS_FORMAT,
    THUNDERBIRD_FORMAT,
    DrainParser,
    LogFormat,
    get_log_format,
    iter_lines,
)

BGL_HEADER = (
    "- 1117838570 2005.06.03 R02-M1 2005-06-03-15.42.50.675872 R02-M1 RAS KERNEL"
)


def test_crlf_and_missing_final_newline(tmp_path):
    """Check that CRLF endings and an unterminated last line read like LF."""
    path = tmp_path / "a.log"
    path.write_bytes(b"first\r\nsecond line\r\nthird")
    report = {}
    assert list(iter_lines(path, report=report)) == ["first", "second line", "third"]
    assert report["crlf_lines"] == 2
    assert report["missing_final_newline"] is True
    assert report["lines"] == 3

    path.write_bytes(b"first\nsecond line\nthird\n")
    report = {}
    assert list(iter_lines(path, report=report)) == ["first", "second line", "third"]
    assert report["missing_final_newline"] is False


def test_only_newline_splits_lines(tmp_path):
    """Check that \\r, form feed, \\x1c and U+2028 inside a line do not split it."""
    text = "a\rb\x0cc\x1cd\u2028e"
    path = tmp_path / "odd.log"
    path.write_bytes((text + "\nnext\n").encode())
    assert list(iter_lines(path)) == [text, "next"]


def test_invalid_utf8_is_replaced_and_counted(tmp_path):
    """Check that a 0xF7 byte inside a line keeps the line, with U+FFFD."""
    path = tmp_path / "bad.log"
    path.write_bytes(b"ok line\nvalue \xf7 here\nlast\n")
    report = {}
    lines = list(iter_lines(path, report=report))
    assert lines == ["ok line", "value \ufffd here", "last"]
    assert report["bad_utf8_lines"] == 1


def test_gzip_detected_from_content(tmp_path):
    """Check that gzip input is read whatever the file is called."""
    for name in ("x.log.gz", "x.log"):
        path = tmp_path / name
        with gzip.open(path, "wb") as f:
            f.write(b"\xef\xbb\xbfone\r\ntwo\n")
        assert list(iter_lines(path)) == ["one", "two"]  # BOM removed too


def test_blank_lines_are_counted(tmp_path):
    """Check that blank and whitespace-only lines are kept and counted."""
    path = tmp_path / "b.log"
    path.write_bytes(b"a\n\n  \n\t\r\nb\n")
    report = {}
    assert list(iter_lines(path, report=report)) == ["a", "", "  ", "\t", "b"]
    assert report["blank_lines"] == 3


@pytest.mark.parametrize("path", [None, 3])
def test_iter_lines_rejects_non_paths(path):
    """Check that a non-path argument raises a TypeError naming path."""
    with pytest.raises(TypeError, match="path"):
        next(iter_lines(path))


def test_log_format_parse_and_headerless_lines():
    """Check field patterns, capture groups and the headerless fallback."""
    fields, content = HDFS_FORMAT.parse(
        "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 ends"
    )
    assert fields == {
        "Date": "081109",
        "Time": "203615",
        "Pid": "148",
        "Level": "INFO",
        "Component": "dfs.DataNode$PacketResponder",
    }
    assert content == "PacketResponder 1 ends"
    assert HDFS_FORMAT.parse("  java.io.IOException: broken pipe ") == (
        None,
        "java.io.IOException: broken pipe",
    )
    # A BGL line with a header but no message has empty content.
    assert BGL_FORMAT.parse(BGL_HEADER + " FATAL")[1] == ""


def test_thunderbird_component_split():
    """Check that component and PID are split off the Thunderbird content."""
    head = "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228"
    fields, content = THUNDERBIRD_FORMAT.parse(
        head + " crond(pam_unix)[2915]: session closed for user root"
    )
    assert (fields["Component"], fields["PID"]) == ("crond(pam_unix)", "2915")
    assert content == "session closed for user root"
    fields, content = THUNDERBIRD_FORMAT.parse(head + " last message repeated 8 times")
    assert fields["Component"] is None and content == "last message repeated 8 times"


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"fields": "a b"}, "fields"),
        ({"fields": ["a", "a"]}, "distinct"),
        ({"fields": ["a"], "patterns": {"b": "x"}}, "unknown"),
        ({"fields": ["a"], "label_field": "b"}, "label_field"),
        ({"fields": ["a"], "content_pattern": "(?P<x>.*)"}, "content"),
    ],
)
def test_log_format_rejects_bad_definitions(kwargs, match):
    """Check that an inconsistent LogFormat raises an error naming the problem."""
    with pytest.raises(ValueError, match=match):
        LogFormat(**kwargs)


def test_get_log_format():
    """Check built-in names and the error for an unknown one."""
    assert get_log_format("BGL") is BGL_FORMAT
    with pytest.raises(ValueError, match="log_format"):
        get_log_format("syslog")


def test_transform_file_streams_contents(tmp_path):
    """Check that transform_file strips headers and yields one id per line."""
    lines = [
        BGL_HEADER + " INFO instruction cache parity error corrected",
        BGL_HEADER + " INFO generating core.2275",
        "no header at all",
        "",
        BGL_HEADER + " INFO generating core.862",
    ]
    path = tmp_path / "bgl.log.gz"
    with gzip.open(path, "wt") as f:
        f.write("\r\n".join(lines))
    parser = DrainParser().fit(
        ["instruction cache parity error corrected", "generating core.12"]
    )
    report = {}
    events = list(parser.transform_file(path, log_format="bgl", report=report))

    assert events == ["E1", "E2", "UNSEEN", "BLANK", "E2"]
    assert report["headerless_lines"] == 1 and report["blank_lines"] == 1


def test_iter_transform_is_lazy():
    """Check that iter_transform consumes its input lazily (endless input)."""
    parser = DrainParser().fit(["tick 1", "tock went 2"])
    endless = itertools.cycle(["tick 5", "tock went 6"])
    first = list(itertools.islice(parser.iter_transform(endless), 5))
    assert first == ["E1", "E2", "E1", "E2", "E1"]


@pytest.mark.parametrize(
    "unit",
    [
        "1.",  # dotted digits: IP and number masks
        "/a",  # nested slashes: path mask
        "[1",  # Thunderbird component/PID pattern
        "blk_-",  # block ids
        "10.0.0.1:80 /x 0x1f 12 ",  # every mask matching
    ],
)
def test_one_megabyte_line_parses_fast(tmp_path, unit):
    """Check that a 1 MB line is read, split and matched in well under 1 s."""
    line = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    head = "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 "
    path = tmp_path / "long.log"
    path.write_text(head + line + "\nshort line\n")
    parser = DrainParser().fit(["short line"])

    # CPU time of this process, so that other jobs on the machine do not count.
    start = time.process_time()
    events = list(parser.transform_file(path, log_format="thunderbird"))
    elapsed = time.process_time() - start

    assert events == ["UNSEEN", "E1"]
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def _peak_bytes(parser, path):
    tracemalloc.start()
    count = sum(1 for _ in parser.transform_file(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, peak


def test_streaming_memory_does_not_grow_with_length(tmp_path, monkeypatch):
    """Check that transform_file's peak memory is the same for 10x more lines."""
    # Every line is a distinct message after masking (worst case for the memo).
    monkeypatch.setattr(drain_module, "_CACHE_LIMIT", 500)
    parser = DrainParser().fit(["user alice logged in", "user bob logged out"])
    peaks = {}
    for n in (3_000, 30_000):
        path = tmp_path / f"{n}.log"
        with open(path, "w") as f:
            for i in range(n):
                f.write(f"user u{i:06x}x logged in\n")
        count, peaks[n] = _peak_bytes(parser, path)
        assert count == n
    assert peaks[30_000] < 1.5 * peaks[3_000] + 100_000, peaks
