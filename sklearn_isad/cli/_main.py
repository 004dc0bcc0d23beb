# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The ``sklearn-isad`` command: fit, detect, explain, demo."""

import argparse
import contextlib
import os
import sys
import time

from sklearn_isad.cli._io import (
    MODEL_KIND,
    MODEL_VERSION,
    CLIError,
    LogLines,
    group,
    load_model,
    output_format,
    read_sequence_labels,
    resolve_format,
    save_model,
    write_records,
)
from sklearn_isad.cli._progress import Console

PROG = "sklearn-isad"
DEFAULT_ENTITY = r"blk_-?\d+"
SEQUENCE_COLUMNS = ["sequence_id", "file", "first_line", "last_line", "score", "label"]
EXPLAIN_COLUMNS = SEQUENCE_COLUMNS + [
    "anomalous_lines",
    "event_lines",
    "event_scores",
]

DESCRIPTION = """\
Find anomalous sequences in system logs with InterpretableSAD, and the events
to blame. Train a model on a log of normal operation (fit), flag anomalous
sequences in new logs (detect), and see which events made them anomalous
(explain, with an HTML report).
"""

FIT_EXAMPLE = r"""
examples:
  # HDFS: one sequence per block id (the preset's default grouping)
  sklearn-isad fit HDFS.log.gz --format hdfs --labels anomaly_label.csv -m hdfs.model
  # BGL: windows of 100 lines moved by 20; alert tags exclude windows from training
  sklearn-isad fit BGL.log --format bgl --window 100 --step 20 -m bgl.model
  # your own layout: '2024-01-02 10:00:01 WARN disk: sda full' (session ids sess-123)
  sklearn-isad fit app.log --header '<Date> <Time> <Level> <Component>: <Content>' \
      --entity 'sess-\d+' -m app.model
"""

DETECT_EXAMPLE = """
examples:
  sklearn-isad detect -m hdfs.model new.log.gz -o detections.csv
  sklearn-isad detect -m hdfs.model new.log.gz -o detections.jsonl
"""

EXPLAIN_EXAMPLE = """
examples:
  sklearn-isad explain -m hdfs.model new.log.gz -o events.jsonl --report report.html
"""

DEMO_EXAMPLE = """
examples:
  sklearn-isad demo                       # about 2-3 minutes on 2 CPU cores
  sklearn-isad demo --quick --output-dir isad-demo   # tiny model, ~20 s
"""


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an integer >= 1, got {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text!r}")
    return value


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number > 0, got {text!r}"
        ) from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser():
    """Return the argument parser of the ``sklearn-isad`` command."""
    from sklearn_isad import __version__

    common = argparse.ArgumentParser(add_help=False)
    noise = common.add_mutually_exclusive_group()
    noise.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing but errors"
    )
    noise.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print settings and timings (and a traceback on errors)",
    )

    parser = _Parser(
        prog=PROG,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'sklearn-isad COMMAND --help' for each command's options "
        "and an example.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    raw = argparse.RawDescriptionHelpFormatter

    fit = commands.add_parser(
        "fit",
        parents=[common],
        formatter_class=raw,
        epilog=FIT_EXAMPLE,
        help="train a model on raw log files",
        description="Parse raw log files (plain or gzip), cut them into sequences "
        "and train InterpretableSAD on the normal ones; write one model file "
        "holding the parser, the pipeline and the settings.",
    )
    fit.add_argument("logs", nargs="+", metavar="LOG", help="log files, plain or gzip")
    fit.add_argument(
        "-m", "--model", required=True, metavar="FILE", help="model file to write"
    )
    layout = fit.add_argument_group("line layout (one of)")
    layout_x = layout.add_mutually_exclusive_group(required=True)
    layout_x.add_argument(
        "--format",
        choices=["hdfs", "bgl", "thunderbird", "none"],
        help="loghub layout preset; 'none' parses whole lines",
    )
    layout_x.add_argument(
        "--header",
        metavar="PATTERN",
        help="header fields as <Name> tokens ending with <Content>, e.g. "
        "'<Date> <Time> <Level> <Component>: <Content>'",
    )
    layout.add_argument(
        "--label-field",
        metavar="NAME",
        help="with --header: the field holding a per-line alert tag",
    )
    layout.add_argument(
        "--normal-label",
        default="-",
        metavar="TEXT",
        help="value of the alert tag on normal lines (default: '-')",
    )
    grouping = fit.add_argument_group(
        "grouping (default: --entity 'blk_-?\\d+' for hdfs, windows of 100 "
        "lines moved by 20 otherwise)"
    ).add_mutually_exclusive_group()
    grouping.add_argument(
        "--entity",
        metavar="REGEX",
        help="one sequence per id matched by REGEX (a group named 'id' is the id)",
    )
    grouping.add_argument(
        "--window",
        type=_positive_int,
        metavar="SIZE",
        help="sliding windows of SIZE lines",
    )
    fit.add_argument(
        "--step",
        type=_positive_int,
        default=None,
        metavar="N",
        help="lines between window starts (default: 20, or SIZE if smaller)",
    )
    labels = fit.add_argument_group(
        "labels (optional; anomalous sequences are left out of training)"
    )
    labels.add_argument(
        "--labels",
        metavar="CSV",
        help="sequence labels: CSV with BlockId and Label (Normal/Anomaly) columns",
    )
    labels.add_argument(
        "--ignore-line-labels",
        action="store_true",
        help="do not use the format's per-line alert tags",
    )
    model = fit.add_argument_group("model (defaults: make_isad_pipeline's)")
    model.add_argument(
        "--ratio",
        type=_positive_float,
        default=20.0,
        help="negatives per normal sequence (default: 20)",
    )
    model.add_argument(
        "--vector-size",
        type=_positive_int,
        default=8,
        help="word2vec size (default: 8)",
    )
    model.add_argument(
        "--hidden-size",
        type=_positive_int,
        default=128,
        help="LSTM hidden size (default: 128)",
    )
    model.add_argument(
        "--bidirectional", action="store_true", help="bidirectional LSTM"
    )
    model.add_argument(
        "--epochs", type=_positive_int, default=10, help="training epochs (default: 10)"
    )
    model.add_argument(
        "--batch-size",
        type=_positive_int,
        default=128,
        help="batch size (default: 128)",
    )
    model.add_argument(
        "--eta", type=float, default=0.0, help="event score threshold (default: 0)"
    )
    model.add_argument(
        "--tau",
        type=_positive_int,
        default=20,
        help="most replacements of the baseline search (default: 20)",
    )
    model.add_argument(
        "--sim-th",
        type=float,
        default=0.4,
        help="Drain similarity threshold (default: 0.4)",
    )
    model.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")

    for name, example, helptext in [
        ("detect", DETECT_EXAMPLE, "flag anomalous sequences in log files"),
        ("explain", EXPLAIN_EXAMPLE, "flag sequences and score their events"),
    ]:
        sub = commands.add_parser(
            name,
            parents=[common],
            formatter_class=raw,
            epilog=example,
            help=helptext,
            description=helptext[0].upper() + helptext[1:] + " with a model "
            "written by 'sklearn-isad fit'. Output columns: sequence_id, file, "
            "first_line, last_line (1-based, in the file of the first line), "
            "score (probability of anomaly) and label (1 = anomalous)"
            + (
                "; plus anomalous_lines, event_lines and event_scores (CSV: "
                "space-separated; JSON Lines: an 'events' list)."
                if name == "explain"
                else "."
            )
            + " Model files are pickles: load only files you trust.",
        )
        sub.add_argument(
            "logs", nargs="+", metavar="LOG", help="log files, plain or gzip"
        )
        sub.add_argument(
            "-m",
            "--model",
            required=True,
            metavar="FILE",
            help="model file from 'sklearn-isad fit'",
        )
        sub.add_argument(
            "-o",
            "--output",
            default="-",
            metavar="FILE",
            help="where to write the results (default: standard output)",
        )
        sub.add_argument(
            "--output-format",
            choices=["csv", "jsonl"],
            help="default: jsonl for a .jsonl/.json file name, else csv",
        )
        if name == "explain":
            sub.add_argument(
                "--report",
                metavar="HTML",
                help="also write a self-contained HTML report",
            )
            sub.add_argument(
                "--max-report",
                type=_positive_int,
                default=100,
                metavar="N",
                help="flagged sequences shown in the report (default: 100)",
            )

    demo = commands.add_parser(
        "demo",
        parents=[common],
        formatter_class=raw,
        epilog=DEMO_EXAMPLE,
        help="run the main job on the bundled HDFS log",
        description="Train on the first half of the normal block sessions of the "
        "bundled real HDFS log, flag held-out sessions, print precision, recall "
        "and F1 beside the rarity rule, and write detections.csv and "
        "report.html into the output folder.",
    )
    demo.add_argument(
        "--output-dir",
        default="isad-demo",
        metavar="DIR",
        help="folder for detections.csv and report.html (default: ./isad-demo)",
    )
    demo.add_argument(
        "--quick", action="store_true", help="first 20,000 lines and a tiny model"
    )
    return parser


# --------------------------------------------------------------------------
# fit


def _grouping_from_args(args):
    if args.entity is not None:
        return {"kind": "entity", "pattern": args.entity}
    if args.window is not None:
        step = args.step if args.step is not None else min(20, args.window)
        return {"kind": "windows", "size": args.window, "step": step}
    if args.format == "hdfs":
        return {"kind": "entity", "pattern": DEFAULT_ENTITY}
    if args.format in ("bgl", "thunderbird"):
        return {"kind": "windows", "size": 100, "step": args.step or 20}
    raise CLIError(
        "choose how lines form sequences: --entity REGEX (one sequence per id) "
        "or --window SIZE [--step N]"
    )


def _describe_grouping(grouping):
    if grouping["kind"] == "entity":
        return f"one sequence per id matching '{grouping['pattern']}'"
    return f"windows of {grouping['size']} lines, step {grouping['step']}"


def _check_regex(pattern):
    import re

    try:
        re.compile(pattern)
    except re.error as exc:
        raise CLIError(f"--entity {pattern!r} is not a valid regex: {exc}") from None


class _EpochSink:
    """Stand-in stdout that turns skorch's epoch table into bar updates."""

    def __init__(self, bar):
        self.bar = bar
        self._buffer = ""

    def write(self, text):
        self._buffer += text
        *rows, self._buffer = self._buffer.split("\n")
        for row in rows:
            if row.strip()[:1].isdigit():
                self.bar.update()
        return len(text)

    def flush(self):
        pass


def _train(pipe, sequences, epochs, console):
    """Fit ``pipe``; draw a bar of training epochs when bars are on."""
    if not console.progress_enabled:
        return pipe.fit(sequences)
    pipe.set_params(classify__verbose=1)
    try:
        with console.bar("training", total=epochs, unit="epochs") as bar:
            with contextlib.redirect_stdout(_EpochSink(bar)):
                pipe.fit(sequences)
    finally:
        pipe.set_params(classify__verbose=0)
    return pipe


def _parse_events(parser, contents, console, *, fit):
    with console.bar("parsing", total=len(contents), unit="lines") as bar:
        if fit:
            return parser.fit_transform(bar.wrap(contents))
        return list(parser.iter_transform(bar.wrap(contents)))


def cmd_fit(args, console):
    """Train a model on raw logs and save it."""
    import numpy as np

    from sklearn_isad import make_isad_pipeline
    from sklearn_isad.logs import DrainParser

    start = time.perf_counter()
    if args.format is not None and args.label_field is not None:
        raise CLIError("--label-field goes with --header; presets know their tag field")
    fmt_spec = {
        "preset": args.format,
        "header": args.header,
        "label_field": args.label_field,
        "normal_label": args.normal_label,
    }
    log_format = resolve_format(fmt_spec)
    grouping = _grouping_from_args(args)
    if grouping["kind"] == "entity":
        _check_regex(grouping["pattern"])
    if args.step is not None and grouping["kind"] != "windows":
        raise CLIError("--step goes with --window")
    if args.model and os.path.isdir(args.model):
        raise CLIError(f"--model {args.model} is a directory; give a file name")
    sequence_labels = read_sequence_labels(args.labels) if args.labels else None

    log = LogLines(args.logs, log_format, console)
    if args.ignore_line_labels:
        log.alerts = None
    parser = DrainParser(sim_th=args.sim_th)
    try:
        events = _parse_events(parser, log.contents, console, fit=True)
    except ValueError as exc:
        raise CLIError(f"--sim-th: {exc}") from exc
    sequences = group(log, events, grouping)
    if len(sequences) == 0:
        raise CLIError(
            f"no sequences: {_describe_grouping(grouping)} found nothing in "
            f"{', '.join(log.files)}"
        )

    # leave out what the labels call anomalous; unlabelled sequences stay
    keep = np.ones(len(sequences), dtype=bool)
    if sequences.y is not None:
        keep &= sequences.y == 0
    if sequence_labels is not None:
        known = [sequence_labels.get(i) for i in sequences.ids]
        keep &= np.array([lab != 1 for lab in known])
        if all(lab is None for lab in known):
            raise CLIError(
                f"--labels {args.labels}: no sequence id of the log appears in it "
                f"(ids look like {sequences.ids[0]!r})"
            )
    train = [sequences.sequences[i] for i in np.flatnonzero(keep)]
    if not train:
        raise CLIError("every sequence is labelled anomalous; nothing to train on")
    console.debug(
        f"{len(sequences):,} sequences ({_describe_grouping(grouping)}), "
        f"{len(train):,} used for training; {parser.n_templates_} templates"
    )

    settings = {
        "ratio": args.ratio,
        "vector_size": args.vector_size,
        "hidden_size": args.hidden_size,
        "bidirectional": args.bidirectional,
        "max_epochs": args.epochs,
        "batch_size": args.batch_size,
        "eta": args.eta,
        "tau": args.tau,
        "random_state": args.seed,
    }
    pipe = make_isad_pipeline(**settings)
    try:
        _train(pipe, train, args.epochs, console)
    except ValueError as exc:
        raise CLIError(f"training failed: {exc}") from exc
    bundle = {
        "kind": MODEL_KIND,
        "version": MODEL_VERSION,
        "parser": parser,
        "pipeline": pipe,
        "format": fmt_spec,
        "grouping": grouping,
        "settings": dict(settings, sim_th=args.sim_th),
        "training": {
            "files": [os.path.basename(f) for f in log.files],
            "lines": len(log.lines),
            "sequences": len(sequences),
            "training_sequences": len(train),
            "templates": parser.n_templates_,
            "seconds": round(time.perf_counter() - start, 1),
        },
    }
    save_model(args.model, bundle)
    console.info(
        f"trained on {len(train):,} of {len(sequences):,} sequences "
        f"({parser.n_templates_} templates) in {time.perf_counter() - start:.1f}s; "
        f"model written to {args.model}"
    )
    return 0


# --------------------------------------------------------------------------
# detect and explain


def _score(bundle, paths, console):
    """Read, parse, group and score logs with a saved model."""
    pipe = bundle["pipeline"]
    log = LogLines(paths, resolve_format(bundle["format"]), console)
    events = _parse_events(bundle["parser"], log.contents, console, fit=False)
    sequences = group(log, events, bundle["grouping"])
    if len(sequences) == 0:
        raise CLIError(
            f"no sequences: {_describe_grouping(bundle['grouping'])} found "
            f"nothing in {', '.join(log.files)}"
        )
    with console.bar("scoring", total=len(sequences), unit="sequences") as bar:
        scores = pipe.decision_function(sequences.sequences)
        bar.update(len(sequences))
    labels = (scores > pipe.threshold_).astype(int)
    return log, sequences, scores, labels


def _where(log, positions):
    return (
        log.files[log.file_index[positions[0]]],
        int(log.line_in_file[positions[0]]),
        int(log.line_in_file[positions[-1]]),
    )


def _records(log, sequences, scores, labels):
    records = []
    for i, seq_id in enumerate(sequences.ids):
        file, first, last = _where(log, sequences.line_numbers[i])
        records.append(
            {
                "sequence_id": seq_id,
                "file": file,
                "first_line": first,
                "last_line": last,
                "score": round(float(scores[i]), 6),
                "label": int(labels[i]),
            }
        )
    return records


@contextlib.contextmanager
def _open_output(path):
    if path in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise CLIError(f"cannot write {path}: folder {directory} does not exist")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        yield handle


def cmd_detect(args, console):
    """Score sequences of new logs and write one record per sequence."""
    bundle = load_model(args.model)
    fmt = output_format(args.output, args.output_format)
    log, sequences, scores, labels = _score(bundle, args.logs, console)
    records = _records(log, sequences, scores, labels)
    with _open_output(args.output) as handle:
        write_records(records, handle, fmt, SEQUENCE_COLUMNS)
    console.info(
        f"{int(labels.sum()):,} of {len(labels):,} sequences flagged anomalous"
        + ("" if args.output == "-" else f"; results written to {args.output}")
    )
    return 0


def explain_flagged(pipe, sequences, flagged, console, chunk=32):
    """Explain the flagged sequences in chunks, with a progress bar."""
    explanations = []
    with console.bar("explaining", total=len(flagged), unit="sequences") as bar:
        for start in range(0, len(flagged), chunk):
            part = [sequences[i] for i in flagged[start : start + chunk]]
            explanations.extend(pipe.explain_events(part))
            bar.update(len(part))
    return explanations


def _summary(bundle, files, n_scored, n_flagged):
    pipe = bundle["pipeline"]
    s = bundle["settings"]
    t = bundle["training"]
    fmt = bundle["format"]
    return {
        "Log files": ", ".join(files),
        "Sequences scored": f"{n_scored:,}",
        "Sequences flagged": f"{n_flagged:,}",
        "Sequence threshold": f"anomaly probability > {pipe.threshold_:g}",
        "Event threshold (eta)": f"score > {pipe.eta:g}",
        "Baseline search (tau)": f"at most {pipe.tau} replacements",
        "Log format": fmt["preset"] or fmt["header"],
        "Grouping": _describe_grouping(bundle["grouping"]),
        "Model": (
            f"ratio {s['ratio']:g}, vector size {s['vector_size']}, LSTM hidden "
            f"{s['hidden_size']}{' bidirectional' if s['bidirectional'] else ''}, "
            f"{s['max_epochs']} epochs, seed {s['random_state']}"
        ),
        "Trained on": (
            f"{t['training_sequences']:,} sequences, {t['templates']} templates "
            f"({', '.join(t['files'])})"
        ),
    }


def cmd_explain(args, console):
    """Score sequences and their events; write records and an HTML report."""
    import numpy as np

    bundle = load_model(args.model)
    fmt = output_format(args.output, args.output_format)
    if args.report is not None:
        directory = os.path.dirname(os.path.abspath(args.report))
        if not os.path.isdir(directory):
            raise CLIError(
                f"cannot write {args.report}: folder {directory} does not exist"
            )
    pipe = bundle["pipeline"]
    templates = bundle["parser"].templates_
    log, sequences, scores, labels = _score(bundle, args.logs, console)
    flagged = np.flatnonzero(labels == 1)
    explanations = explain_flagged(pipe, sequences.sequences, flagged, console)
    by_index = dict(zip(flagged.tolist(), explanations))

    records = _records(log, sequences, scores, labels)
    for i, record in enumerate(records):
        positions = sequences.line_numbers[i]
        numbers = [int(log.line_in_file[p]) for p in positions]
        ex = by_index.get(i)
        event_scores = ex.scores if ex is not None else np.zeros(len(numbers))
        mask = ex.anomalous if ex is not None else np.zeros(len(numbers), bool)
        record["anomalous_lines"] = [n for n, m in zip(numbers, mask) if m]
        record["event_lines"] = numbers
        record["event_scores"] = [round(float(v), 6) for v in event_scores]
        if fmt == "jsonl":
            record["events"] = [
                {
                    "line": n,
                    "event": e,
                    "template": templates.get(e),
                    "score": round(float(v), 6),
                    "anomalous": bool(m),
                }
                for n, e, v, m in zip(
                    numbers, sequences.sequences[i], event_scores, mask
                )
            ]
            del record["event_lines"], record["event_scores"]
    with _open_output(args.output) as handle:
        write_records(records, handle, fmt, EXPLAIN_COLUMNS)

    if args.report is not None:
        from sklearn_isad.report import write_html_report

        shown = flagged[: args.max_report]
        write_html_report(
            args.report,
            [by_index[i] for i in shown.tolist()],
            sequence_ids=[sequences.ids[i] for i in shown],
            line_numbers=[
                [int(log.line_in_file[p]) for p in sequences.line_numbers[i]]
                for i in shown
            ],
            lines=[[log.lines[p] for p in sequences.line_numbers[i]] for i in shown],
            sources=[_where(log, sequences.line_numbers[i])[0] for i in shown],
            templates=templates,
            summary=_summary(bundle, log.files, len(sequences), len(flagged)),
            n_flagged=len(flagged),
        )
    console.info(
        f"{len(flagged):,} of {len(labels):,} sequences flagged anomalous and explained"
        + ("" if args.output == "-" else f"; results written to {args.output}")
        + ("" if args.report is None else f"; report written to {args.report}")
    )
    return 0


# --------------------------------------------------------------------------
# demo


def cmd_demo(args, console):
    """Train, detect and explain on the bundled HDFS log."""
    from sklearn_isad.cli._demo import run_demo

    return run_demo(args, console)


COMMANDS = {
    "fit": cmd_fit,
    "detect": cmd_detect,
    "explain": cmd_explain,
    "demo": cmd_demo,
}


def main(argv=None, *, stderr=None):
    """Run the ``sklearn-isad`` command line.

    Parameters
    ----------
    argv : list of str or None, default=None
        Arguments without the program name; ``sys.argv[1:]`` when ``None``.
    stderr : file-like or None, default=None
        Where messages and progress bars go; ``sys.stderr`` when ``None``.

    Returns
    -------
    status : int
        0 on success, 1 on a user error (one line on ``stderr``), 2 on a
        usage error.
    """
    args = build_parser().parse_args(argv)
    verbosity = 0 if args.quiet else 2 if args.verbose else 1
    console = Console(verbosity, stream=stderr)
    try:
        return COMMANDS[args.command](args, console)
    except CLIError as exc:
        console.stream.write(f"{PROG} {args.command}: error: {exc}\n")
        return 1
    except (OSError, ValueError) as exc:
        if args.verbose:
            raise
        console.stream.write(f"{PROG} {args.command}: error: {exc}\n")
        return 1
    except KeyboardInterrupt:
        console.stream.write(f"{PROG} {args.command}: interrupted\n")
        return 130
