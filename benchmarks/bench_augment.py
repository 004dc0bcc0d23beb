# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Speed of negative sampling: 2,000,000 negatives from 100,000 sequences.

The normal sequences (length 100) come from a random walk over 200 events in
which each event has 5 possible successors, so most bigrams are unseen, as in
real logs. Prints the median of the repeats and the rate in negatives/s.

    python benchmarks/bench_augment.py [--sequences 100000] [--ratio 20]
"""

import argparse
import statistics
import time

import numpy as np

from sklearn_isad import NegativeSamplingAugmenter


def make_sequences(n, length, n_events=200, n_successors=5, seed=0):
    rng = np.random.default_rng(seed)
    successors = rng.integers(0, n_events, size=(n_events, n_successors))
    walk = np.empty((n, length), dtype=np.int64)
    walk[:, 0] = rng.integers(0, n_events, n)
    for t in range(1, length):
        walk[:, t] = successors[walk[:, t - 1], rng.integers(0, n_successors, n)]
    return [[f"E{e}" for e in row] for row in walk.tolist()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequences", type=int, default=100_000)
    parser.add_argument("--length", type=int, default=100)
    parser.add_argument("--ratio", type=float, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    X = make_sequences(args.sequences, args.length)
    times = []
    for repeat in range(args.repeats):
        start = time.perf_counter()
        aug = NegativeSamplingAugmenter(ratio=args.ratio, random_state=repeat)
        X_res, _ = aug.fit_resample(X)
        times.append(time.perf_counter() - start)
        del X_res
    median = statistics.median(times)
    print(
        f"{aug.n_negatives_:,} negatives from {args.sequences:,} sequences of "
        f"length {args.length}: median {median:.1f} s over {args.repeats} runs "
        f"(min {min(times):.1f}, max {max(times):.1f}); "
        f"{aug.n_negatives_ / median:,.0f} negatives/s; "
        f"{aug.n_discarded_} discarded as equal to a normal sequence"
    )


if __name__ == "__main__":
    main()
