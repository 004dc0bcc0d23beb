# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""
==========================================
Quickstart: flag HDFS blocks, blame events
==========================================

Train InterpretableSAD on normal block sessions of the bundled HDFS log,
flag held-out sessions, and draw which events of a flagged session are to
blame. The settings are smaller than the paper's so the example runs in
about a minute; ``make demo`` runs the full-size version.
"""

# %%
# Raw lines to block sessions
# ---------------------------
# The bundled log holds 104,065 lines and 4,600 complete block sessions,
# 180 of them labelled anomalous. Sessions are grouped from the raw lines by
# block id; the first half of the normal sessions will train the model.
import numpy as np

from sklearn_isad import make_isad_pipeline
from sklearn_isad.datasets import load_hdfs
from sklearn_isad.logs import DrainParser, group_by_entity
from sklearn_isad.metrics import sequence_report
from sklearn_isad.plotting import plot_event_attributions

ds = load_hdfs("hdfs_complete")
sessions = group_by_entity(ds.lines, ds.contents).attach_labels(ds.block_labels)
y = sessions.y
normal = np.flatnonzero(y == 0)
train = normal[: len(normal) // 2]
test = np.setdiff1d(np.arange(len(sessions)), train)
print(f"{len(sessions)} sessions, {len(train)} for training, {len(test)} held out")

# %%
# Lines to events with Drain
# --------------------------
# The parser learns templates from the training sessions' lines only, then
# maps every line to an event id (``UNSEEN`` when no template matches).
train_lines = sorted(i for s in train for i in sessions.line_numbers[s])
parser = DrainParser().fit([ds.contents[i] for i in train_lines])
events = parser.transform(ds.contents)
X = [[events[i] for i in lines] for lines in sessions.line_numbers]
for event_id, template in list(parser.templates_.items())[:5]:
    print(event_id, template)

# %%
# Train and detect
# ----------------
# ``fit`` sees normal sessions only; negative sampling makes the anomalous
# class. The threshold (0.5 on the anomaly probability) uses no label.
pipe = make_isad_pipeline(
    ratio=10, vector_size=4, hidden_size=32, max_epochs=4, random_state=0
)
pipe.fit([X[i] for i in train])
X_test = [X[i] for i in test]
pred = pipe.predict(X_test)
report = sequence_report(y[test], pred)
print({k: report[k] for k in ("precision", "recall", "f1")})

# %%
# Which events are to blame
# -------------------------
# For truly anomalous sessions the model flags, the baseline search builds a
# normal-looking twin and Integrated Gradients scores each event from it.
# We draw the first one with a flagged event. Red bars are events above
# ``eta``; an event the search did not replace scores exactly 0.
hits = [k for k in np.flatnonzero(pred == 1) if y[test[k]] == 1][:20]
explanations = pipe.explain_events([X_test[k] for k in hits])
j = next((j for j, ex in enumerate(explanations) if ex.anomalous.any()), 0)
k, explanation = hits[j], explanations[j]
print(
    f"f(S) = {explanation.f_input:.2f}, f(baseline) = {explanation.f_baseline:.2f}, "
    f"{explanation.n_replacements} event(s) replaced"
)
ax = plot_event_attributions(explanation, labels=parser.templates_, eta=pipe.eta)
ax.set_title(f"Block {sessions.ids[test[k]]}")
