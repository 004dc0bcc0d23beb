# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""``sklearn-isad demo``: the main job on the bundled HDFS log."""

import os
import time

from sklearn_isad.cli._io import CLIError, LogLines, write_records


def run_demo(args, console):
    """Train on normal HDFS sessions, flag held-out ones, explain, report.

    The protocol is the quickstart example's: sessions in order of their
    first line, the first half of the normal ones train the parser and the
    model, every other session is held out; thresholds are fixed (0.5 and
    eta = 0), so no test label chooses anything.
    """
    import numpy as np
    from sklearn.metrics import precision_recall_fscore_support

    from sklearn_isad import make_isad_pipeline
    from sklearn_isad.cli._main import (
        SEQUENCE_COLUMNS,
        _records,
        _train,
        explain_flagged,
    )
    from sklearn_isad.datasets import get_sample_path, read_block_labels
    from sklearn_isad.detectors import LowFreqExplainer
    from sklearn_isad.logs import DrainParser, get_log_format, group_by_entity
    from sklearn_isad.report import write_html_report

    start = time.perf_counter()
    out = args.output_dir
    if os.path.exists(out) and not os.path.isdir(out):
        raise CLIError(f"--output-dir {out} exists and is not a folder")
    os.makedirs(out, exist_ok=True)

    folder = get_sample_path("hdfs_complete")
    max_lines = 20_000 if args.quick else None
    log = LogLines(
        [os.path.join(folder, "HDFS_complete.log.gz")],
        get_log_format("hdfs"),
        console,
        max_lines=max_lines,
    )
    block_labels, _ = read_block_labels(os.path.join(folder, "anomaly_label.csv.gz"))
    sessions = group_by_entity(log.lines, log.contents)
    sessions = sessions.attach_labels(
        block_labels, missing="drop" if args.quick else "raise"
    )
    y = sessions.y
    normal = np.flatnonzero(y == 0)
    train = normal[: len(normal) // 2]
    test = np.setdiff1d(np.arange(len(sessions)), train)

    train_lines = sorted(i for s in train for i in sessions.line_numbers[s])
    parser = DrainParser()
    with console.bar("parsing", total=len(log.contents), unit="lines") as bar:
        parser.fit([log.contents[i] for i in train_lines])
        events = list(parser.iter_transform(bar.wrap(log.contents)))
    X = [[events[i] for i in lines] for lines in sessions.line_numbers]
    console.info(
        f"{len(log.lines):,} lines, {len(sessions):,} block sessions "
        f"({int(y.sum())} anomalous); training on {len(train):,} normal sessions, "
        f"{parser.n_templates_} templates"
    )

    if args.quick:
        settings = dict(ratio=2, vector_size=4, hidden_size=8, max_epochs=2)
    else:  # the paper's HDFS settings, 5 epochs
        settings = dict(ratio=20, vector_size=4, hidden_size=64, max_epochs=5)
    pipe = make_isad_pipeline(**settings, random_state=0)
    _train(pipe, [X[i] for i in train], settings["max_epochs"], console)

    X_test = [X[i] for i in test]
    scores = pipe.decision_function(X_test)
    pred = (scores > pipe.threshold_).astype(int)
    rarity = LowFreqExplainer(min_frequency=5).fit([X[i] for i in train])
    lines = [f"held-out sessions: {len(test):,} ({int(y[test].sum())} anomalous)"]
    for name, p in [
        ("InterpretableSAD", pred),
        ("rarity rule (Low-Freq < 5)", rarity.predict(X_test)),
    ]:
        prec, rec, f1, _ = precision_recall_fscore_support(
            y[test], p, average="binary", zero_division=0
        )
        lines.append(f"{name:<28} precision {prec:.3f}  recall {rec:.3f}  F1 {f1:.3f}")

    subset = sessions.subset(test)
    records = _records(log, subset, scores, pred)
    for record, truth in zip(records, y[test]):
        record["true_label"] = int(truth)
    csv_path = os.path.join(out, "detections.csv")
    with open(csv_path, "w", encoding="utf-8", newline="") as handle:
        write_records(records, handle, "csv", SEQUENCE_COLUMNS + ["true_label"])

    flagged = np.flatnonzero(pred == 1)
    shown = flagged[:50]
    explanations = explain_flagged(pipe, X_test, shown, console)
    report_path = os.path.join(out, "report.html")
    write_html_report(
        report_path,
        explanations,
        sequence_ids=[subset.ids[k] for k in shown],
        line_numbers=[
            [int(log.line_in_file[p]) for p in subset.line_numbers[k]] for k in shown
        ],
        lines=[[log.lines[p] for p in subset.line_numbers[k]] for k in shown],
        sources=["HDFS_complete.log.gz"] * len(shown),
        templates=parser.templates_,
        summary={
            "Log files": "HDFS_complete.log.gz (bundled loghub sample)"
            + (", first 20,000 lines" if args.quick else ""),
            "Sequences scored": f"{len(test):,} held-out block sessions",
            "Sequences flagged": f"{len(flagged):,}",
            "Truly anomalous among flagged": f"{int(y[test][flagged].sum()):,}",
            "Sequence threshold": f"anomaly probability > {pipe.threshold_:g}",
            "Event threshold (eta)": f"score > {pipe.eta:g}",
            "Baseline search (tau)": f"at most {pipe.tau} replacements",
            "Model": ", ".join(f"{k} {v}" for k, v in settings.items()),
            "Trained on": f"{len(train):,} normal sessions, "
            f"{parser.n_templates_} templates",
        },
        n_flagged=len(flagged),
        title="sklearn-isad demo: HDFS block sessions",
    )
    lines.append(f"wrote {csv_path} and {report_path} (first {len(shown)} flagged)")
    lines.append(f"wall time {time.perf_counter() - start:.1f}s")
    # the demo's results are its output: stdout, even when quiet
    print("\n".join(lines))
    return 0
