# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Throughput of log ingestion: reading, Drain parsing and grouping.

Measures lines per second on the bundled loghub samples and on a synthetic
stream (2,000,000 lines by default), and splits the time of ``transform`` into
its parts so the limiting step is visible. Every figure is the median of
``--repeats`` runs.

Run::

    python benchmarks/bench_parsing.py             # full run (a few minutes)
    python benchmarks/bench_parsing.py --lines 200000 --repeats 3
"""

import argparse
import gzip
import os
import platform
import resource
import statistics
import sys
import tempfile
import time

import numpy as np

from sklearn_isad.datasets import list_samples, load_sample
from sklearn_isad.logs import DrainParser, group_by_entity

# Templates of the synthetic stream; {n} number, {ip} address with port,
# {hex} hex value, {path} path, {blk} block id, {user}/{word} unmasked words.
TEMPLATES = [
    "Receiving block {blk} src: /{ip} dest: /{ip}",
    "PacketResponder {n} for block {blk} terminating",
    "Received block {blk} of size {n} from /{ip}",
    "BLOCK* NameSystem.allocateBlock: {path} {blk}",
    "Verification succeeded for {blk}",
    "session opened for user {user} by (uid={n})",
    "session closed for user {user}",
    "Accepted publickey for {user} from {ip} port {n} ssh2",
    "instruction cache parity error corrected",
    "generating core.{n}",
    "CE sym {n}, at {hex}, mask {hex}",
    "data TLB error interrupt",
    "Got trap from peer on fd {n}",
    "{word} login ok from gateway",
    "job {n} finished in {n}.{n} s with status {word}",
    "cache miss for key {hex} on shard {n}",
    "GET {path} 200 {n} ms",
    "POST {path} 500 {n} ms",
    "connection from {ip} closed",
    "worker {n} heartbeat late by {n} ms",
]


def synthetic_pool(n, seed=0):
    """Return n synthetic lines (drawn from TEMPLATES with random values)."""
    rng = np.random.default_rng(seed)
    users = [f"user{i:04d}" for i in range(2000)]
    words = [
        "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), 7)) for _ in range(500)
    ]
    pool = []
    t_idx = rng.integers(0, len(TEMPLATES), n)
    for i in range(n):
        values = rng.integers(0, 1 << 31, 8)
        octets = ".".join(str(v % 256) for v in values[1:4])
        line = TEMPLATES[t_idx[i]].format(
            n=values[0] % 5000,
            ip=f"10.{octets}:{values[4] % 65536}",
            hex=f"0x{values[5]:08x}",
            path=f"/user/hadoop/job_{values[6] % 999}/part-{values[7] % 99:05d}",
            blk=f"blk_{'-' if values[0] % 2 else ''}{values[2] * values[3]}",
            user=users[values[6] % len(users)],
            word=words[values[7] % len(words)],
        )
        pool.append(line)
    return pool


def stream(pool, n_lines):
    """Yield n_lines lines by cycling through pool."""
    full, rest = divmod(n_lines, len(pool))
    for _ in range(full):
        yield from pool
    yield from pool[:rest]


def timed(fn, repeats):
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_rss_mb():
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def bench_samples(repeats):
    print(f"\n## Bundled samples (median of {repeats} runs)")
    header = f"{'sample':24s} {'lines':>8s} {'load/s':>10s} {'fit/s':>10s} "
    print(header + f"{'transform/s':>12s} {'templates':>9s}")
    for name in list_samples():
        t_load, ds = timed(lambda n=name: load_sample(n), repeats)
        n = len(ds.contents)
        t_fit, parser = timed(lambda c=ds.contents: DrainParser().fit(c), repeats)
        t_tr, _ = timed(lambda c=ds.contents, p=parser: p.transform(c), repeats)
        print(
            f"{name:24s} {n:8d} {n / t_load:10.0f} {n / t_fit:10.0f} "
            f"{n / t_tr:12.0f} {parser.n_templates_:9d}"
        )
        if ds.log_format == "hdfs":
            events = parser.transform(ds.contents)
            t_grp, _ = timed(
                lambda d=ds, e=events: group_by_entity(d.lines, e), repeats
            )
            print(f"{'  group_by_entity':24s} {n:8d} {n / t_grp:10.0f} lines/s")


def bench_stream(n_lines, fit_lines, repeats):
    print(f"\n## Synthetic stream: {n_lines:,} lines (median of {repeats} runs)")
    pool = synthetic_pool(min(200_000, n_lines))
    fit_lines = min(fit_lines, len(pool))

    t_fit, parser = timed(lambda: DrainParser().fit(pool[:fit_lines]), repeats)
    print(
        f"fit on {fit_lines:,} lines: {fit_lines / t_fit:,.0f} lines/s, "
        f"{parser.n_templates_} templates"
    )

    def run():
        count = 0
        for _ in parser.iter_transform(stream(pool, n_lines)):
            count += 1
        return count

    rss_before = peak_rss_mb()
    t_tr, count = timed(run, repeats)
    rss_after = peak_rss_mb()
    assert count == n_lines
    print(f"iter_transform: {n_lines / t_tr:,.0f} lines/s ({t_tr:.1f} s per pass)")
    print(
        f"process peak RSS {rss_before:.0f} MB before streaming (the synthetic pool "
        f"is in memory), {rss_after:.0f} MB after {repeats} passes: streaming "
        "keeps no per-line state"
    )

    # Where the time goes, on a 200,000-line slice.
    part = list(stream(pool, min(n_lines, 200_000)))
    k = len(part)
    prep = parser._preprocess
    t_iter, _ = timed(lambda: sum(1 for _ in stream(part, k)), repeats)
    t_mask, keys = timed(lambda: [prep(line) for line in part], repeats)
    t_all, _ = timed(lambda: parser.transform(part), repeats)
    n_distinct = len(set(keys))
    print(f"\nTime per line of transform (slice of {k:,} lines):")
    print(f"  input iteration        {1e6 * t_iter / k:6.2f} us")
    print(f"  masking + whitespace   {1e6 * t_mask / k:6.2f} us")
    rest = max(t_all - t_mask, 0.0)
    print(f"  lookup + Drain match   {1e6 * rest / k:6.2f} us")
    print(f"  total                  {1e6 * t_all / k:6.2f} us")
    print(
        f"  {n_distinct:,} distinct masked messages "
        f"({100 * n_distinct / k:.1f}% of lines need a Drain match; the rest hit the "
        "memo)"
    )
    share = 100 * t_mask / t_all if t_all else 0.0
    print(
        f"Limit: masking takes {share:.0f}% of transform time (one regex pass per "
        "mask, pure Python loop around it); a single CPU core does all the work."
    )

    # Reading from a gzip file adds decoding and the line split.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stream.log.gz")
        with gzip.open(path, "wt", compresslevel=1) as f:
            for line in part:
                f.write(line + "\n")
        t_file, _ = timed(lambda: sum(1 for _ in parser.transform_file(path)), repeats)
    print(f"transform_file (gzip, {k:,} lines): {k / t_file:,.0f} lines/s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_000_000, help="stream length")
    parser.add_argument("--fit-lines", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-samples", action="store_true")
    args = parser.parse_args(argv)

    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPU(s) visible; OMP_NUM_THREADS="
        f"{os.environ.get('OMP_NUM_THREADS', 'unset')}"
    )
    if not args.skip_samples:
        bench_samples(args.repeats)
    bench_stream(args.lines, args.fit_lines, args.repeats)


if __name__ == "__main__":
    main()
