# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Every baseline detector side by side on the same HDFS split.

Split: the first half of the normal sessions of ``hdfs_complete/sessions.csv``
(file order, which is time order) for training; the other normal sessions and
all anomalous sessions for testing. Each detector runs with its default
settings and its own threshold, learned from the training sessions only.
LogAnomaly gets the template texts of ``hdfs_2k/HDFS_templates.csv``.

Run from the repository root (takes a few minutes on one CPU thread)::

    OMP_NUM_THREADS=1 python benchmarks/bench_detectors.py

``--quick`` trains the two LSTM detectors with small networks for 2 epochs.
The script prints one markdown table.
"""

import argparse
import csv
import time
from pathlib import Path

from sklearn.metrics import precision_recall_fscore_support

from sklearn_isad.detectors import (
    DeepLogDetector,
    IsolationForestDetector,
    LogAnomalyDetector,
    LogClusterDetector,
    LowFreqExplainer,
    OneClassSVMDetector,
    PCADetector,
)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def load_split(data):
    """Return train sequences, test sequences and test labels."""
    with (data / "hdfs_complete" / "sessions.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    sequences = [row["EventSequence"].split() for row in rows]
    labels = [int(row["Label"] == "Anomaly") for row in rows]
    normal = [i for i, label in enumerate(labels) if label == 0]
    train = set(normal[: len(normal) // 2])
    test = [i for i in range(len(rows)) if i not in train]
    return (
        [sequences[i] for i in sorted(train)],
        [sequences[i] for i in test],
        [labels[i] for i in test],
    )


def load_templates(data):
    """Return the HDFS event id -> template text mapping."""
    with (data / "hdfs_2k" / "HDFS_templates.csv").open(newline="") as f:
        return {row["EventId"]: row["EventTemplate"] for row in csv.DictReader(f)}


def make_detectors(templates, quick):
    """Return (name, detector) pairs, all with their default thresholds."""
    net = dict(random_state=0)
    if quick:
        net.update(hidden_size=16, num_layers=1, max_epochs=2, batch_size=512, lr=0.01)
    return [
        ("PCA", PCADetector()),
        ("IsolationForest", IsolationForestDetector(random_state=0)),
        ("OneClassSVM", OneClassSVMDetector()),
        ("LogCluster", LogClusterDetector()),
        ("DeepLog", DeepLogDetector(**net)),
        ("LogAnomaly", LogAnomalyDetector(templates=templates, **net)),
        ("Low-Freq (count < 5)", LowFreqExplainer(min_frequency=5)),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()

    train, test, y_test = load_split(args.data)
    templates = load_templates(args.data)

    print(
        f"HDFS split: {len(train)} normal training sessions; {len(test)} test "
        f"sessions ({sum(y_test)} anomalous)\n"
    )
    print("| detector | precision | recall | F1 | fit (s) | predict (s) |")
    print("|---|---|---|---|---|---|")
    for name, detector in make_detectors(templates, args.quick):
        start = time.perf_counter()
        detector.fit(train)
        fit_seconds = time.perf_counter() - start

        start = time.perf_counter()
        y_pred = detector.predict(test)
        predict_seconds = time.perf_counter() - start

        precision, recall, f1, _ = precision_recall_fscore_support(
            y_test, y_pred, average="binary", zero_division=0
        )
        print(
            f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} | "
            f"{fit_seconds:.2f} | {predict_seconds:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
