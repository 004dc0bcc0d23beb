# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""
==========================================
The command line and reading its report
==========================================

Operators need not write Python: ``sklearn-isad fit`` trains on a raw log,
``sklearn-isad explain`` flags sequences of another log and writes per-event
scores and an HTML report. This example runs the same commands through
:func:`sklearn_isad.cli.main` (the shell commands are in the comments) on
the first 40,000 lines of the bundled HDFS log, then reads the results.
"""

# %%
# Train: ``sklearn-isad fit``
# ---------------------------
# .. code-block:: console
#
#    $ sklearn-isad fit train.log --format hdfs --labels anomaly_label.csv.gz \
#        --ratio 10 --vector-size 4 --hidden-size 32 --epochs 4 -m hdfs.model
#
# ``--format hdfs`` strips the header (date, time, pid, level, component);
# for another layout pass ``--header '<Date> <Time> <Level> <Component>:
# <Content>'``. HDFS lines form one sequence per block id; ``--labels``
# keeps anomalous blocks out of training (without it every block trains).
import itertools
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np

from sklearn_isad import EventExplanation
from sklearn_isad.cli import main
from sklearn_isad.datasets import get_sample_path
from sklearn_isad.logs import iter_lines
from sklearn_isad.plotting import plot_event_attributions

work = Path(tempfile.mkdtemp())
sample = get_sample_path("hdfs_complete")
lines = list(itertools.islice(iter_lines(sample / "HDFS_complete.log.gz"), 40_000))
(work / "train.log").write_text("\n".join(lines[:20_000]) + "\n")
(work / "new.log").write_text("\n".join(lines[20_000:]) + "\n")
shutil.copy(sample / "anomaly_label.csv.gz", work)

main(
    [
        "fit",
        str(work / "train.log"),
        "--format",
        "hdfs",
        "--labels",
        str(work / "anomaly_label.csv.gz"),
        "--ratio",
        "10",
        "--vector-size",
        "4",
        "--hidden-size",
        "32",
        "--epochs",
        "4",
        "-m",
        str(work / "hdfs.model"),
    ]
)

# %%
# Detect and explain: ``sklearn-isad explain``
# --------------------------------------------
# .. code-block:: console
#
#    $ sklearn-isad explain -m hdfs.model new.log -o events.jsonl --report report.html
#
# ``detect`` writes the same records without the per-event part. Each record
# names the sequence, its first and last line, its score (the probability of
# the anomalous class) and its label (1 when the score is above 0.5).
main(
    [
        "explain",
        "-m",
        str(work / "hdfs.model"),
        str(work / "new.log"),
        "-o",
        str(work / "events.jsonl"),
        "--report",
        str(work / "report.html"),
    ]
)
records = [json.loads(line) for line in open(work / "events.jsonl")]
flagged = [r for r in records if r["label"] == 1]
print(f"{len(flagged)} of {len(records)} sessions flagged")
first = max(flagged, key=lambda r: len(r["anomalous_lines"]))
print({k: first[k] for k in ("sequence_id", "first_line", "last_line", "score")})
for event in first["events"]:
    mark = ">>" if event["anomalous"] else "  "
    print(
        f"{mark} line {event['line']:>6} {event['score']:+.3f} "
        f"{event['template'] or event['event']}"
    )

# %%
# Reading the report
# ------------------
# ``report.html`` is one file with no script and no external resource, safe
# to open from a ticket or a mail: every piece of log text in it is escaped.
# It starts with a summary (sequences scored and flagged, the thresholds,
# the model settings and what it was trained on), then has one section per
# flagged sequence, in log order. Each section lists the sequence's events
# with their line numbers, templates and raw lines; the *baseline* column
# shows the event the baseline search put in its place, and the bar draws
# the score: red to the right for events that push towards "anomalous",
# blue to the left for those that pull back. Rows above ``eta`` are shaded
# and tagged *anomalous*.
#
# Two limits shape what you see. Only events the baseline search replaced
# can score above zero: the others equal their baseline counterpart and
# score exactly 0. And when the search stops at ``tau`` replacements
# without reaching a normal baseline, the section says so: the scores then
# explain only part of the anomaly.
#
# The same picture as a figure, for the session above:
explanation = EventExplanation(
    events=[e["event"] for e in first["events"]],
    scores=np.array([e["score"] for e in first["events"]]),
    anomalous=np.array([e["anomalous"] for e in first["events"]]),
    predicted_anomalous=True,
)
labels = [f"line {e['line']}: {e['template'] or e['event']}" for e in first["events"]]
ax = plot_event_attributions(explanation, labels=labels, eta=0.0)
ax.set_title(first["sequence_id"])
shutil.rmtree(work)
