# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Where InterpretableSAD's time and memory go.

For 1,000, 10,000 and 100,000 normal sequences of length 20 and 100
(synthetic: a random walk over 300 events, each with 6 likely successors,
so most bigrams are unseen, as in real logs), prints fit time, predict
throughput, explain throughput, negative-sampling throughput and the peak
resident memory of each configuration (each runs in a fresh process).

It also times ``explain_events`` against a plain loop that calls captum's
IntegratedGradients once per sequence with the same number of steps and
the same baselines, and against the bare forward-plus-backward passes that
Integrated Gradients needs (the same interpolated batches pushed through
the model by hand), and prints the ratios.

    python benchmarks/bench_speed.py              # all sizes (long)
    python benchmarks/bench_speed.py --max 10000  # skip 100,000
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import date

import numpy as np


def make_sequences(n, length, seed=0, n_events=300, n_successors=6):
    rng = np.random.default_rng(seed)
    succ = rng.integers(0, n_events, size=(n_events, n_successors))
    walk = np.empty((n, length), dtype=np.int64)
    walk[:, 0] = rng.integers(0, n_events, n)
    for t in range(1, length):
        walk[:, t] = succ[walk[:, t - 1], rng.integers(0, n_successors, n)]
    return [[f"E{e}" for e in row] for row in walk.tolist()]


def anomalies(normal, n, seed=1):
    """Normal sequences with one event replaced by an unseen one."""
    rng = np.random.default_rng(seed)
    out = []
    for i in rng.integers(0, len(normal), n):
        seq = list(normal[i])
        seq[int(rng.integers(1, len(seq)))] = "NEW"
        out.append(seq)
    return out


def one_config(n, length, n_explain):
    """Runs in a child process; returns a dict of figures."""
    from sklearn_isad import NegativeSamplingAugmenter, make_isad_pipeline

    X = make_sequences(n, length)
    start = time.perf_counter()
    NegativeSamplingAugmenter(ratio=20, random_state=0).fit_resample(X)
    sampling = n * 20 / (time.perf_counter() - start)

    pipe = make_isad_pipeline(
        ratio=1, vector_size=8, hidden_size=64, max_epochs=1, random_state=0
    )
    start = time.perf_counter()
    pipe.fit(X)
    fit = time.perf_counter() - start

    test = X[: min(n, 2000)]
    start = time.perf_counter()
    pipe.predict(test)
    predict = len(test) / (time.perf_counter() - start)

    bad = anomalies(X, n_explain)
    start = time.perf_counter()
    flagged = sum(ex.predicted_anomalous for ex in pipe.explain_events(bad))
    explain = len(bad) / (time.perf_counter() - start)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(
        n=n,
        length=length,
        fit=fit,
        predict=predict,
        explain=explain,
        flagged=int(flagged),
        n_explain=n_explain,
        sampling=sampling,
        peak_mb=peak_mb,
    )


def explain_ratio(n_seq=200, length=50, n_steps=50):
    """explain_events vs a per-sequence captum loop vs bare IG passes."""
    import torch
    from captum.attr import IntegratedGradients

    from sklearn_isad import make_isad_pipeline
    from sklearn_isad.neural._module import pad_batch

    X = make_sequences(2000, length)
    pipe = make_isad_pipeline(
        ratio=2,
        vector_size=8,
        hidden_size=64,
        max_epochs=1,
        n_steps=n_steps,
        random_state=0,
    ).fit(X)
    bad = anomalies(X, n_seq)

    start = time.perf_counter()
    explanations = pipe.explain_events(bad)
    ours = time.perf_counter() - start

    clf = pipe.named_steps["classify"]
    flagged = [ex for ex in explanations if ex.predicted_anomalous]
    vec = pipe._encode([ex.events for ex in flagged])
    base = pipe._encode([ex.baseline for ex in flagged])

    def forward(x):
        lengths = torch.full((x.shape[0],), x.shape[1], dtype=torch.int64)
        return clf._forward_proba(x, lengths)

    ig = IntegratedGradients(forward)
    start = time.perf_counter()
    for v, b in zip(vec, base):
        ig.attribute(
            torch.from_numpy(v)[None],
            baselines=torch.from_numpy(b)[None],
            n_steps=n_steps,
        )
    loop = time.perf_counter() - start

    # the passes IG needs: n_steps interpolations per sequence, forward and
    # backward, in batches of 50 sequences
    start = time.perf_counter()
    for i in range(0, len(vec), 50):
        x = pad_batch(list(vec[i : i + 50]))["x"]
        b = pad_batch(list(base[i : i + 50]))["x"]
        alphas = torch.linspace(0, 1, n_steps)
        path = (b[None] + alphas[:, None, None, None] * (x - b)[None]).reshape(
            -1, x.shape[1], x.shape[2]
        )
        path.requires_grad_(True)
        forward(path).sum().backward()
    passes = time.perf_counter() - start
    return dict(
        n_flagged=len(flagged),
        ours=ours,
        loop=loop,
        passes=passes,
        n_sequences=n_seq,
        length=length,
        n_steps=n_steps,
    )


def _child(kind, *args):
    code = (
        "import json, sys; sys.path.insert(0, '.');"
        "from benchmarks.bench_speed import one_config, explain_ratio;"
        f"print(json.dumps({kind}(*{list(args)!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=100_000)
    parser.add_argument("--explain", type=int, default=200)
    args = parser.parse_args(argv)

    from benchmarks.paper_tables import _cpu_model

    print(
        f"# Speed and memory\n\n- date: {date.today().isoformat()}\n"
        f"- machine: {platform.machine()}, {_cpu_model()}, {os.cpu_count()} cores\n"
        f"- command: `OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '')} "
        f"python -m benchmarks.bench_speed {' '.join(argv or sys.argv[1:])}`\n"
        "- each row runs in a fresh process; peak RSS is that process's maximum\n"
    )
    print(
        "| normal sequences | length | fit (s, ratio 1, 1 epoch) | predict "
        "(seq/s) | explain (seq/s; flagged of explained) | negative sampling "
        "(neg/s, ratio 20) | peak RSS (MB) |"
    )
    print("|---|---|---|---|---|---|---|")
    for n in (1_000, 10_000, 100_000):
        if n > args.max:
            continue
        for length in (20, 100):
            r = _child("one_config", n, length, args.explain)
            print(
                f"| {n:,} | {length} | {r['fit']:.1f} | {r['predict']:,.0f} | "
                f"{r['explain']:,.1f} ({r['flagged']} of {r['n_explain']}) | "
                f"{r['sampling']:,.0f} | {r['peak_mb']:,.0f} |",
                flush=True,
            )

    r = _child("explain_ratio")
    print(
        f"\nexplain_events on {r['n_sequences']} anomalous sequences of length "
        f"{r['length']} ({r['n_flagged']} flagged), n_steps={r['n_steps']}: "
        f"{r['ours']:.2f} s; a per-sequence captum loop over the flagged ones: "
        f"{r['loop']:.2f} s (ratio {r['loop'] / r['ours']:.1f}x slower); the bare "
        f"forward+backward passes IG needs: {r['passes']:.2f} s (explain_events "
        f"costs {r['ours'] / r['passes']:.2f}x those passes, baseline search "
        "included)."
    )


if __name__ == "__main__":
    main()
