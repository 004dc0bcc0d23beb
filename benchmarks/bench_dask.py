# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Throughput of the distributed parse-score-explain path, 1 and 2 workers.

Builds a large HDFS log by repeating the bundled ``hdfs_complete`` sample
with fresh block ids (copy ``k`` turns ``blk_123`` into ``blk_<k:03d>123``,
so every copy's sessions are new), one file per copy, at least 2,000,000
lines by default. The Drain parser and a small InterpretableSAD pipeline
are trained on one machine on the bundled sample; then, for each worker
count, a ``LocalCluster`` of single-threaded worker processes on loopback
runs ``parse_log_files -> group_by_entity -> score_sequences(explain=True)
-> to_parquet`` and the script prints lines per second and the speed-up.

    python benchmarks/bench_dask.py                    # 2,000,000 lines
    python benchmarks/bench_dask.py --lines 300000     # a shorter run
    python benchmarks/bench_dask.py --workers 1 2 4

Measured on the shared 2-core development machine (load from other jobs),
``--lines 2000000``, 20 files of ~100,000 lines, 88,923 sessions of which
31,203 were flagged by the small model and explained::

    1 worker(s):    99.5 s,    20,107 lines/s
    2 worker(s):    75.8 s,    26,394 lines/s
    speed-up with 2 worker(s): 1.31x

The speed-up is bounded by the machine, not by the code: two cores hold the
two workers, the scheduler, the client and other people's jobs. Most of
the work is Integrated Gradients on the flagged sessions (single-threaded
torch per worker); the shuffle by block id moves every (line, id) pair
between worker processes. The files are independent and so are the
sessions after the shuffle, so the work can spread over more cores; this
machine cannot show how far it scales.

The same code runs on a multi-machine cluster with no change: start a
scheduler (``dask scheduler``) and workers (``dask worker tcp://host:8786``)
that see the same file system, and pass ``--scheduler tcp://host:8786``; the
script then connects a ``Client`` to it instead of starting a local cluster
(``--workers`` is ignored, the cluster is measured as it is). The
library calls themselves never name a cluster: they use the current client.
"""

import argparse
import gzip
import math
import os
import re
import shutil
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

from sklearn_isad import make_isad_pipeline  # noqa: E402
from sklearn_isad.datasets import get_sample_path, load_hdfs  # noqa: E402
from sklearn_isad.logs import DrainParser  # noqa: E402

_BLOCK = re.compile(r"blk_(-?)(\d+)")


def write_big_log(folder, n_lines):
    """Write copies of the HDFS sample with fresh block ids, one file each."""
    path = get_sample_path("hdfs_complete")
    log = next(p for p in os.listdir(path) if p.endswith(".log.gz"))
    with gzip.open(os.path.join(path, log), "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    paths = []
    n_copies = math.ceil(n_lines / len(lines))
    left = n_lines
    for k in range(n_copies):
        take = lines[: min(left, len(lines))]
        text = _BLOCK.sub(lambda m, k=k: f"blk_{m[1]}{k:03d}{m[2]}", "\n".join(take))
        out = os.path.join(folder, f"hdfs-{k:03d}.log")
        with open(out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        paths.append(out)
        left -= len(take)
    return paths


def fresh_labels(block_labels, n_copies):
    """Block labels of every copy (same label as the original block)."""
    labels = {}
    for k in range(n_copies):
        for block, y in block_labels.items():
            m = _BLOCK.fullmatch(block)
            labels[f"blk_{m[1]}{k:03d}{m[2]}"] = y
    return labels


def train(seed=0):
    """Parser and a small pipeline trained on the bundled sample only."""
    ds = load_hdfs("hdfs_complete", warn=False)
    parser = DrainParser().fit(ds.contents)
    sessions = ds.sessions(parser.transform(ds.contents))
    normal = [s for s, y in zip(sessions.sequences, sessions.y) if y == 0][:2000]
    pipe = make_isad_pipeline(
        ratio=2, vector_size=4, hidden_size=16, max_epochs=3, random_state=seed
    ).fit(normal)
    return ds, parser, pipe


def run_once(paths, parser, pipe, labels, out):
    """Parse, group, score and explain; write Parquet."""
    from sklearn_isad.distributed import (
        group_by_entity,
        parse_log_files,
        score_sequences,
    )

    lines = parse_log_files(paths, parser, log_format="hdfs")
    sessions = group_by_entity(lines, labels=labels)
    scores = score_sequences(sessions, pipe, explain=True)
    scores.to_parquet(out, write_index=False)


def count_written(out):
    """Sessions and flagged sessions in the Parquet output."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(out, columns=["sequence_id", "prediction"])
    n_unique = len(pc.unique(table["sequence_id"]))
    if n_unique != table.num_rows:
        raise RuntimeError(f"{table.num_rows - n_unique} duplicated sessions")
    return table.num_rows, int(pc.sum(table["prediction"]).as_py())


def main():
    parser_ = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser_.add_argument("--lines", type=int, default=2_000_000)
    parser_.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser_.add_argument("--scheduler", default=None, help="tcp://host:8786")
    parser_.add_argument(
        "--folder", default=None, help="where to write the log (shared by workers)"
    )
    args = parser_.parse_args()

    from distributed import Client, LocalCluster

    folder = args.folder or tempfile.mkdtemp(prefix="bench-dask-")
    os.makedirs(folder, exist_ok=True)
    t0 = time.perf_counter()
    paths = write_big_log(folder, args.lines)
    print(
        f"wrote {args.lines:,} lines in {len(paths)} files ({folder}) "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    t0 = time.perf_counter()
    ds, parser, pipe = train()
    labels = fresh_labels(ds.block_labels, len(paths))
    print(
        f"trained parser ({parser.n_templates_} templates) and pipeline on the "
        f"bundled sample in {time.perf_counter() - t0:.1f} s"
    )

    configs = [None] if args.scheduler else args.workers
    results = {}
    try:
        for n_workers in configs:
            if args.scheduler:
                cluster, client = None, Client(args.scheduler)
                n_workers = len(client.scheduler_info()["workers"])
            else:
                cluster = LocalCluster(
                    n_workers=n_workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                )
                client = Client(cluster)
            try:
                out = os.path.join(folder, f"scores-{n_workers}.parquet")
                t0 = time.perf_counter()
                run_once(paths, parser, pipe, labels, out)
                elapsed = time.perf_counter() - t0
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
            results[n_workers] = elapsed
            n_seq, n_flagged = count_written(out)
            print(
                f"{n_workers} worker(s): {elapsed:7.1f} s, "
                f"{args.lines / elapsed:9,.0f} lines/s, {n_seq:,} sessions, "
                f"{n_flagged:,} flagged and explained"
            )
    finally:
        if args.folder is None:
            shutil.rmtree(folder, ignore_errors=True)
    if 1 in results and len(results) > 1:
        for n, t in sorted(results.items())[1:]:
            print(f"speed-up with {n} worker(s): {results[1] / t:.2f}x")


if __name__ == "__main__":
    main()
