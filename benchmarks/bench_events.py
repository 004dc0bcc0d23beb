# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Event-level explanations side by side on BGL windows.

Which lines of a flagged BGL window are alerts? Four explainers answer:
InterpretableSAD (Integrated Gradients from the generated baseline,
eta = 0), Integrated Gradients from a zero baseline (eta = 0), Anchors
around the same InterpretableSAD model (a predicate keeps one event id at
all its positions, or one position), and Low-Freq (events seen fewer than
5 times in training).

Data (``../shared/data``): ``bgl_sampled`` holds four independent random
samples of BGL with the alert tag of every line, ``bgl_2k`` (bundled with
the package) loghub's 2,000-line sample. Each file is cut into windows of
100 lines, step 20 (the paper's setting). Training: the normal windows
(no alert line) of BGL_6k, BGL_8k and BGL_10k; ``DrainParser`` is fitted
on the lines of those three files only. Test: every window of BGL_4k and
of bgl_2k, reported separately.

Protocol (the paper's): event-level precision, recall and F1 are computed
over the windows that the method's own sequence model flags, and only
those. The truth of an event is the alert label of its line; the
prediction is the explainer's ``anomalous`` mask. Every (window, position)
pair counts once, so a line shared by several flagged windows counts once
per window; alert lines in windows the model missed do not count against
recall. The three InterpretableSAD explainers share one sequence model
(the same flagged windows); Low-Freq flags windows with its own rarity
rule, and is also shown on the windows InterpretableSAD flags.

What to expect from the zero baseline: the word2vec encoder gives events
never seen in the normal training windows the zero vector, and on these
samples nearly all alert lines are such events, so from an all-zero
baseline their Integrated Gradients score is exactly 0 and they are not
flagged.

Run from the repository root::

    OMP_NUM_THREADS=1 python benchmarks/bench_events.py          # < 10 min
    OMP_NUM_THREADS=1 python benchmarks/bench_events.py --quick  # < 2 min

``--quick`` trains on BGL_10k only, with a smaller network and a smaller
Anchors budget. The script prints one markdown table.
"""

import argparse
import time
from pathlib import Path

import numpy as np

from sklearn_isad import make_isad_pipeline
from sklearn_isad.datasets import load_bgl
from sklearn_isad.detectors import AnchorsExplainer, LowFreqExplainer
from sklearn_isad.logs import DrainParser, sliding_windows

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TRAIN_FILES = ("BGL_6k", "BGL_8k", "BGL_10k")
QUICK_TRAIN_FILES = ("BGL_10k",)
TEST_FILES = ("BGL_4k", "bgl_2k")


def load_windows(data, train_files):
    """Parse the logs and cut windows.

    Returns the normal training windows and, per test file, its windows
    (a :class:`~sklearn_isad.logs.Sequences` with per-event labels).
    """

    def read(name):
        if name == "bgl_2k":
            return load_bgl("bgl_2k")
        return load_bgl(data / "bgl_sampled" / f"{name}.log")

    train = [read(name) for name in train_files]
    test = {name: read(name) for name in TEST_FILES}
    parser = DrainParser().fit([line for ds in train for line in ds.contents])

    def windows(ds):
        events = parser.transform(ds.contents)
        return sliding_windows(events, window_size=100, step=20, labels=ds.labels)

    normal = []
    for ds in train:
        w = windows(ds)
        normal += [seq for seq, y in zip(w.sequences, w.y, strict=True) if y == 0]
    return normal, {name: windows(ds) for name, ds in test.items()}, parser


def event_scores(windows, explanations):
    """Sequence and event precision, recall and F1 of one explainer.

    Events are scored in the windows whose explanation says the sequence
    model flagged them.
    """
    flagged = np.array([ex.predicted_anomalous for ex in explanations])
    y = np.asarray(windows.y)
    seq = _prf(int((flagged & (y == 1)).sum()), int(flagged.sum()), int(y.sum()))

    tp = n_pred = n_true = 0
    for ex, labels in zip(explanations, windows.labels, strict=True):
        if not ex.predicted_anomalous:
            continue
        truth = np.asarray(labels) == 1
        tp += int((ex.anomalous & truth).sum())
        n_pred += int(ex.anomalous.sum())
        n_true += int(truth.sum())
    return int(flagged.sum()), seq, _prf(tp, n_pred, n_true)


def _prf(tp, n_pred, n_true):
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def with_flags(explanations, flagged):
    """Low-Freq explanations restricted to the windows another model flags."""
    return [
        type(ex)(
            events=ex.events,
            scores=ex.scores,
            anomalous=ex.anomalous & bool(flag),
            predicted_anomalous=bool(flag),
        )
        for ex, flag in zip(explanations, flagged, strict=True)
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    start_all = time.perf_counter()

    train_files = QUICK_TRAIN_FILES if args.quick else TRAIN_FILES
    normal, tests, drain = load_windows(args.data, train_files)
    # Anchors over single positions needs a model call per position and
    # draw; it runs with a small budget in both modes
    by_position = dict(unit="position", n_samples=30, max_anchor_size=3, beam_width=1)
    if args.quick:
        net = dict(ratio=5, hidden_size=32, max_epochs=5)
        by_event = dict(unit="event", n_samples=30, max_anchor_size=3, beam_width=1)
    else:
        net = dict(ratio=10, hidden_size=128, max_epochs=10)
        by_event = dict(unit="event", n_samples=100, max_anchor_size=5, beam_width=2)

    start = time.perf_counter()
    pipe = make_isad_pipeline(vector_size=8, eta=0.0, random_state=0, **net)
    pipe.fit(normal)
    fit_isad = time.perf_counter() - start
    lowfreq = LowFreqExplainer(min_frequency=5).fit(normal)
    anchors = {
        unit: AnchorsExplainer(
            pipe, precision_threshold=0.95, random_state=0, **params
        ).fit(normal)
        for unit, params in (("event", by_event), ("position", by_position))
    }

    def ig(baseline):
        def explain(X):
            pipe.set_params(baseline=baseline)
            return pipe.explain_events(X)

        return explain

    methods = [
        ("InterpretableSAD (IG, generated baseline)", ig("generated")),
        ("IG, zero baseline", ig("zero")),
        ("Anchors, event predicates", anchors["event"].explain_events),
        ("Anchors, position predicates", anchors["position"].explain_events),
        ("Low-Freq", lowfreq.explain_events),
    ]

    print(
        f"BGL windows of 100 lines, step 20. Train: {len(normal)} normal windows "
        f"of {', '.join(train_files)} ({drain.n_templates_} Drain templates); "
        f"InterpretableSAD {net} fitted in {fit_isad:.0f} s; Anchors "
        f"precision_threshold 0.95, {by_event} and {by_position}.\n"
    )
    print(
        "| test | explainer | sequence model | flagged windows | seq. P | seq. R "
        "| seq. F1 | event P | event R | event F1 | explain (s) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for test_name, windows in tests.items():
        X = windows.sequences
        isad_flags = pipe.predict(X) == 1
        label = f"{test_name} ({len(X)} windows, {int(windows.y.sum())} anomalous)"
        rows = []
        for name, explain in methods:
            start = time.perf_counter()
            explanations = explain(X)
            seconds = time.perf_counter() - start
            model = "Low-Freq rule" if name == "Low-Freq" else "InterpretableSAD"
            rows.append((name, model, explanations, seconds))
            if name == "Low-Freq":
                rows.append(
                    (name, "InterpretableSAD", with_flags(explanations, isad_flags), 0)
                )
        for name, model, explanations, seconds in rows:
            n_flagged, seq, event = event_scores(windows, explanations)
            print(
                f"| {label} | {name} | {model} | {n_flagged} | "
                + " | ".join(f"{v:.3f}" for v in (*seq, *event))
                + f" | {seconds:.1f} |",
                flush=True,
            )
    pipe.set_params(baseline="generated")
    print(f"\nTotal time: {time.perf_counter() - start_all:.0f} s")


if __name__ == "__main__":
    main()
