# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""
=====================================
Every detector on one HDFS split
=====================================

All sequence detectors of the package share one interface (``fit`` on
normal sequences, ``predict`` 1 = anomalous, ``decision_function`` higher
for more anomalous, a label-free ``threshold_``), so comparing them is a
loop. The split is the quickstart's: the first half of the normal block
sessions trains, every other session is held out. Small network settings
keep the example quick; benchmarks/bench_detectors.py has full-size ones.
"""

# %%
# Sessions of event ids
# ---------------------
import matplotlib.pyplot as plt
import numpy as np

from sklearn_isad import (
    DeepLogDetector,
    IsolationForestDetector,
    LogAnomalyDetector,
    LogClusterDetector,
    LowFreqExplainer,
    OneClassSVMDetector,
    PCADetector,
    make_isad_pipeline,
)
from sklearn_isad.datasets import load_hdfs
from sklearn_isad.logs import DrainParser, group_by_entity
from sklearn_isad.metrics import sequence_report

ds = load_hdfs("hdfs_complete")
sessions = group_by_entity(ds.lines, ds.contents).attach_labels(ds.block_labels)
y = sessions.y
normal = np.flatnonzero(y == 0)
train = normal[: len(normal) // 2]
test = np.setdiff1d(np.arange(len(sessions)), train)
train_lines = sorted(i for s in train for i in sessions.line_numbers[s])
parser = DrainParser().fit([ds.contents[i] for i in train_lines])
events = parser.transform(ds.contents)
X = [[events[i] for i in lines] for lines in sessions.line_numbers]
X_train, X_test, y_test = [X[i] for i in train], [X[i] for i in test], y[test]

# %%
# Fit and score each detector
# ---------------------------
net = dict(hidden_size=16, max_epochs=2, batch_size=256, random_state=0)
detectors = {
    "InterpretableSAD": make_isad_pipeline(
        ratio=10, vector_size=4, hidden_size=32, max_epochs=4, random_state=0
    ),
    "PCA": PCADetector(),
    "Isolation Forest": IsolationForestDetector(random_state=0),
    "One-Class SVM": OneClassSVMDetector(),
    "LogCluster": LogClusterDetector(),
    "DeepLog": DeepLogDetector(**net),
    "LogAnomaly": LogAnomalyDetector(templates=parser.templates_, **net),
    "Low-Freq (< 5)": LowFreqExplainer(min_frequency=5),
}
scores = {}
for name, detector in detectors.items():
    detector.fit(X_train)
    report = sequence_report(y_test, detector.predict(X_test))
    scores[name] = report
    print(
        f"{name:<18} precision {report['precision']:.3f}  "
        f"recall {report['recall']:.3f}  F1 {report['f1']:.3f}"
    )

# %%
# F1 side by side
# ---------------
# The rarity rule is a strong baseline on HDFS: most anomalous sessions hold
# an event that normal training sessions (almost) never show.
fig, ax = plt.subplots(figsize=(7, 3.5))
names = list(scores)
ax.barh(names, [scores[n]["f1"] for n in names], color="#0969da")
ax.invert_yaxis()
ax.set_xlim(0, 1)
ax.set_xlabel("F1 on held-out sessions")
fig.tight_layout()
