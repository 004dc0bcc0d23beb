# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The sklearn-isad command line, end to end on a slice of the bundled HDFS log."""

import csv
import gzip
import io
import itertools
import json
import os
import subprocess
import sys

import pytest

from sklearn_isad.cli import CLIError, main, parse_header_pattern
from sklearn_isad.datasets import get_sample_path
from sklearn_isad.logs import iter_lines

TINY = ["--ratio", "2", "--vector-size", "4", "--hidden-size", "8", "--epochs", "2"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder with the first 20,000 HDFS lines (plain and gzip) and labels."""
    folder = tmp_path_factory.mktemp("cli")
    sample = get_sample_path("hdfs_complete")
    lines = list(itertools.islice(iter_lines(sample / "HDFS_complete.log.gz"), 20_000))
    text = "\n".join(lines) + "\n"
    (folder / "train.log").write_text(text[: len(text) // 2], encoding="utf-8")
    with gzip.open(folder / "test.log.gz", "wt", encoding="utf-8") as handle:
        handle.write(text)
    (folder / "labels.csv.gz").write_bytes(
        (sample / "anomaly_label.csv.gz").read_bytes()
    )
    return folder


@pytest.fixture(scope="module")
def model(workdir):
    """A model file written by ``sklearn-isad fit`` with tiny settings."""
    path = workdir / "hdfs.model"
    args = [
        "fit",
        str(workdir / "train.log"),
        "--format",
        "hdfs",
        "--labels",
        str(workdir / "labels.csv.gz"),
        "-m",
        str(path),
        "-q",
        *TINY,
    ]
    assert main(args, stderr=io.StringIO()) == 0
    return path


def _run(args):
    err = io.StringIO()
    status = main([str(a) for a in args], stderr=err)
    return status, err.getvalue()


def test_fit_writes_one_model_file(model):
    """Check that fit writes a model holding the parser, pipeline and settings."""
    import joblib

    bundle = joblib.load(model)
    assert bundle["kind"] == "sklearn-isad-model"
    assert bundle["parser"].n_templates_ > 0
    assert bundle["pipeline"].predict([["E1", "E2"]]).shape == (1,)
    assert bundle["format"]["preset"] == "hdfs"
    assert bundle["grouping"] == {"kind": "entity", "pattern": r"blk_-?\d+"}
    assert bundle["settings"]["ratio"] == 2.0
    # the block labels left the anomalous sessions out of training
    training = bundle["training"]
    assert training["training_sequences"] < training["sequences"]


def test_detect_writes_csv(workdir, model):
    """Check that detect writes one CSV row per block session of a gzip log."""
    out = workdir / "detections.csv"
    status, err = _run(["detect", "-m", model, workdir / "test.log.gz", "-o", out])

    assert status == 0, err
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == [
        "sequence_id",
        "file",
        "first_line",
        "last_line",
        "score",
        "label",
    ]
    assert len(rows) == 1324  # distinct block ids in the first 20,000 lines
    assert all(r["sequence_id"].startswith("blk_") for r in rows)
    assert all(1 <= int(r["first_line"]) <= int(r["last_line"]) <= 20_000 for r in rows)
    assert all((float(r["score"]) > 0.5) == (r["label"] == "1") for r in rows)
    assert "flagged anomalous" in err


def test_explain_writes_jsonl_and_report(workdir, model):
    """Check that explain writes per-event scores as JSON Lines and a report."""
    out, report = workdir / "events.jsonl", workdir / "report.html"
    status, err = _run(
        ["explain", "-m", model, workdir / "test.log.gz", "-o", out, "--report", report]
    )

    assert status == 0, err
    records = [json.loads(line) for line in out.open()]
    assert len(records) == 1324
    flagged = [r for r in records if r["label"] == 1]
    assert flagged, "the tiny model should flag some sessions"
    for r in records:
        assert [e["line"] for e in r["events"]] == sorted(
            e["line"] for e in r["events"]
        )
        assert r["events"][0]["line"] == r["first_line"]
        assert r["anomalous_lines"] == [
            e["line"] for e in r["events"] if e["anomalous"]
        ]
    page = report.read_text(encoding="utf-8")
    assert page.count('<section class="sequence"') == min(len(flagged), 100)
    assert flagged[0]["sequence_id"] in page


def test_explain_csv_has_event_columns(workdir, model):
    """Check that explain's CSV holds space-separated event lines and scores."""
    out = workdir / "events.csv"
    status, err = _run(["explain", "-m", model, workdir / "train.log", "-o", out])

    assert status == 0, err
    rows = list(csv.DictReader(out.open()))
    for r in rows:
        assert len(r["event_lines"].split()) == len(r["event_scores"].split())


def test_window_grouping_with_header_pattern(tmp_path):
    """Check fit and detect with a custom header pattern and sliding windows."""
    bgl = get_sample_path("bgl_2k") / "BGL_2k.log.gz"
    model = tmp_path / "bgl.model"
    header = (
        "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> "
        "<Component> <Level> <Content>"
    )
    status, err = _run(
        [
            "fit",
            bgl,
            "--header",
            header,
            "--label-field",
            "Label",
            "--window",
            50,
            "--step",
            50,
            "-m",
            model,
            *TINY,
        ]
    )
    assert status == 0, err

    out = tmp_path / "windows.jsonl"
    status, err = _run(["detect", "-m", model, bgl, "-o", out])
    assert status == 0, err
    records = [json.loads(line) for line in out.open()]
    assert [(r["first_line"], r["last_line"]) for r in records[:2]] == [
        (1, 50),
        (51, 100),
    ]
    assert len(records) == 40


def test_missing_file_is_one_line_error(tmp_path, model):
    """Check that a missing log file gives one error line and status 1."""
    status, err = _run(["detect", "-m", model, tmp_path / "nope.log"])

    assert status == 1
    assert err.strip().splitlines() == [
        f"sklearn-isad detect: error: log file not found: {tmp_path / 'nope.log'}"
    ]


@pytest.mark.parametrize(
    "pattern, problem",
    [
        ("<Date> <Time> <Level>", "must end with the token <Content>"),
        ("<Date> <Time <Content>", "is not one field written as <Name>"),
        ("<Date> <Date> <Content>", "field <Date> appears twice"),
        ("<Content> <Level> <Content>", "may only be the last token"),
    ],
)
def test_malformed_header_pattern_is_named(tmp_path, pattern, problem):
    """Check that a malformed header pattern is refused with its problem named."""
    log = tmp_path / "a.log"
    log.write_text("2024-01-01 10:00 INFO hello blk_1\n")
    status, err = _run(
        ["fit", log, "--header", pattern, "--entity", "blk_\\d+", "-m", tmp_path / "m"]
    )

    assert status == 1
    assert len(err.strip().splitlines()) == 1
    assert problem in err


def test_header_pattern_literal_text():
    """Check that literal text around a field must be present and is stripped."""
    fmt = parse_header_pattern("<Date> [<Thread>] <Level>: <Content>")

    assert fmt.parse("2024-01-01 [main] WARN: disk full") == (
        {"Date": "2024-01-01", "Thread": "main", "Level": "WARN"},
        "disk full",
    )
    assert fmt.parse("2024-01-01 main WARN: disk full")[0] is None
    with pytest.raises(CLIError, match="--label-field 'Tag' is not a field"):
        parse_header_pattern("<Date> <Content>", label_field="Tag")


def test_subprocess_error_has_no_traceback(tmp_path):
    """Check that ``python -m sklearn_isad`` reports a user error without a
    traceback and exits non-zero."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sklearn_isad",
            "fit",
            str(tmp_path / "missing.log"),
            "--format",
            "hdfs",
            "-m",
            str(tmp_path / "m"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"sklearn-isad fit: error: log file not found: {tmp_path / 'missing.log'}"
    ]


@pytest.mark.parametrize("command", ["fit", "detect", "explain", "demo"])
def test_help_has_an_example(command, capsys):
    """Check that every command's --help ends with an example."""
    with pytest.raises(SystemExit, match="0"):
        main([command, "--help"])

    out = capsys.readouterr().out
    assert "examples:" in out
    assert f"sklearn-isad {command}" in out.split("examples:")[1]


def test_progress_bars_only_on_a_terminal(workdir, model):
    """Check that progress bars are drawn on a terminal and not on a pipe."""

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    args = [
        "detect",
        "-m",
        str(model),
        str(workdir / "train.log"),
        "-o",
        str(workdir / "d.csv"),
    ]
    assert main(args, stderr=terminal) == 0
    piped = io.StringIO()
    assert main(args, stderr=piped) == 0
    quiet = Terminal()
    assert main([*args, "--quiet"], stderr=quiet) == 0

    assert "\rparsing [" in terminal.getvalue()
    assert "\r" not in piped.getvalue()
    assert quiet.getvalue() == ""
