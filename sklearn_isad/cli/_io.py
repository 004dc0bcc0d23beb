# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Reading logs, labels and model files, and writing results, for the CLI."""

import csv
import json
import os
import re

MODEL_KIND = "sklearn-isad-model"
MODEL_VERSION = 1

_FIELD_TOKEN = re.compile(
    r"(?P<prefix>[^<>]*)<(?P<name>[A-Za-z_]\w*)>(?P<suffix>[^<>]*)"
)


class CLIError(Exception):
    """A user error: the command line prints its message on one line."""


def parse_header_pattern(pattern, *, label_field=None, normal_label="-"):
    """Build a LogFormat from a loghub-style header pattern.

    The pattern lists the whitespace-separated header fields of a line as
    ``<Name>`` tokens and ends with ``<Content>``. Literal text may touch a
    field on either side and must then be present on every line, as in
    ``"<Date> <Time> <Level> <Component>: <Content>"`` or
    ``"<Date> [<Thread>] <Content>"``.

    Parameters
    ----------
    pattern : str
        The header pattern.
    label_field : str or None, default=None
        Field holding a per-line alert tag.
    normal_label : str, default="-"
        Value of ``label_field`` on normal lines.

    Returns
    -------
    log_format : LogFormat

    Raises
    ------
    CLIError
        If the pattern is malformed; the message says what is wrong.
    """
    from sklearn_isad.logs import LogFormat

    tokens = pattern.split()
    if not tokens or tokens[-1] != "<Content>":
        raise CLIError(
            f"header pattern {pattern!r} must end with the token <Content>, e.g. "
            "'<Date> <Time> <Level> <Component>: <Content>'."
        )
    fields, patterns = [], {}
    for token in tokens[:-1]:
        match = _FIELD_TOKEN.fullmatch(token)
        if match is None:
            raise CLIError(
                f"header pattern {pattern!r}: token {token!r} is not one field "
                "written as <Name>, optionally with literal text around it "
                "(e.g. '<Component>:' or '[<Thread>]')."
            )
        name = match["name"]
        if name == "Content":
            raise CLIError(
                f"header pattern {pattern!r}: <Content> may only be the last token."
            )
        if name in fields:
            raise CLIError(f"header pattern {pattern!r}: field <{name}> appears twice.")
        fields.append(name)
        if match["prefix"] or match["suffix"]:
            patterns[name] = (
                re.escape(match["prefix"]) + r"(\S+?)" + re.escape(match["suffix"])
            )
    if not fields:
        raise CLIError(
            f"header pattern {pattern!r} names no header field before <Content>; "
            "for lines without a header use --format none."
        )
    if label_field is not None and label_field not in fields:
        raise CLIError(
            f"--label-field {label_field!r} is not a field of the header pattern "
            f"{pattern!r} (fields: {', '.join(fields)})."
        )
    return LogFormat(
        fields,
        patterns=patterns,
        label_field=label_field,
        normal_label=normal_label,
        name="custom",
    )


def resolve_format(spec):
    """Return the LogFormat (or None for whole lines) described by ``spec``."""
    from sklearn_isad.logs import get_log_format

    if spec["preset"] == "none":
        return None
    if spec["preset"] is not None:
        return get_log_format(spec["preset"])
    return parse_header_pattern(
        spec["header"],
        label_field=spec.get("label_field"),
        normal_label=spec.get("normal_label", "-"),
    )


def check_files(paths):
    """Fail with one line when a log file is missing or unreadable."""
    for path in paths:
        if not os.path.exists(path):
            raise CLIError(f"log file not found: {path}")
        if os.path.isdir(path):
            raise CLIError(f"{path} is a directory, not a log file")
        if not os.access(path, os.R_OK):
            raise CLIError(f"log file is not readable: {path}")


class LogLines:
    """Lines of one or more log files read as one stream.

    Attributes
    ----------
    lines : list of str
        Raw lines of every file, in order.
    contents : list of str
        Message part of each line.
    alerts : ndarray of int or None
        Per-line alert labels when the format has a label field.
    files : list of str
        The file of each input, as given.
    file_index : ndarray of int
        Index into ``files`` of each line.
    line_in_file : ndarray of int
        1-based line number of each line within its file.
    """

    def __init__(self, paths, log_format, console, max_lines=None):
        import itertools

        import numpy as np

        from sklearn_isad.logs import iter_lines

        check_files(paths)
        self.files = [os.fspath(p) for p in paths]
        lines, contents, tags, file_index, numbers = [], [], [], [], []
        headerless = 0
        with console.bar("reading", unit="lines") as bar:
            for k, path in enumerate(self.files):
                for n, line in enumerate(
                    itertools.islice(iter_lines(path), max_lines), start=1
                ):
                    if log_format is None:
                        fields, content = {}, line.strip()
                    else:
                        fields, content = log_format.parse(line)
                    if fields is None:
                        headerless += bool(line.strip())
                        fields = {}
                    lines.append(line)
                    contents.append(content)
                    if log_format is not None and log_format.label_field:
                        tag = fields.get(log_format.label_field)
                        tags.append(tag is not None and tag != log_format.normal_label)
                    file_index.append(k)
                    numbers.append(n)
                    bar.update()
        if not lines:
            raise CLIError(f"no lines in {', '.join(self.files)}")
        self.lines = lines
        self.contents = contents
        self.alerts = np.asarray(tags, dtype=int) if tags else None
        self.file_index = np.asarray(file_index)
        self.line_in_file = np.asarray(numbers)
        self.headerless = headerless
        console.debug(
            f"read {len(lines):,} lines from {len(self.files)} file(s); "
            f"{headerless:,} without the expected header"
        )
        if log_format is not None and headerless == len(lines):
            raise CLIError(
                f"no line of {', '.join(self.files)} matches the {log_format.name} "
                "header; check --format or --header"
            )


def group(log, events, grouping):
    """Cut events into sequences as the grouping settings say."""
    from sklearn_isad.logs import group_by_entity, sliding_windows

    if grouping["kind"] == "entity":
        try:
            return group_by_entity(
                log.lines, events, pattern=grouping["pattern"], labels=log.alerts
            )
        except ValueError as exc:
            raise CLIError(f"--entity: {exc}") from exc
    return sliding_windows(
        events,
        window_size=grouping["size"],
        step=grouping["step"],
        labels=log.alerts,
        keep_partial=True,
    )


def read_sequence_labels(path):
    """Read a CSV of sequence id to label (loghub's ``BlockId,Label``)."""
    from sklearn_isad.datasets import read_block_labels

    check_files([path])
    try:
        labels, _ = read_block_labels(path)
    except ValueError as exc:
        raise CLIError(f"--labels: {exc}") from exc
    return labels


def save_model(path, bundle):
    """Write the model bundle with joblib."""
    import joblib

    joblib.dump(bundle, path)


def load_model(path):
    """Read a model bundle written by ``sklearn-isad fit``."""
    import joblib

    check_files_model(path)
    try:
        bundle = joblib.load(path)
    except Exception as exc:  # any unpickling failure is a bad model file
        raise CLIError(
            f"{path} is not a readable sklearn-isad model file ({exc})"
        ) from None
    if not isinstance(bundle, dict) or bundle.get("kind") != MODEL_KIND:
        raise CLIError(f"{path} is not a sklearn-isad model file")
    if bundle.get("version") != MODEL_VERSION:
        raise CLIError(
            f"{path} has model file version {bundle.get('version')}; this "
            f"sklearn-isad reads version {MODEL_VERSION}"
        )
    return bundle


def check_files_model(path):
    if not os.path.exists(path):
        raise CLIError(f"model file not found: {path}")


def output_format(path, explicit):
    """Return "csv" or "jsonl" from ``--output-format`` or the file name."""
    if explicit is not None:
        return explicit
    if path not in (None, "-") and path.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    return "csv"


def write_records(records, handle, fmt, columns):
    """Write dict records as CSV (``columns``, in order) or JSON Lines."""
    if fmt == "jsonl":
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        row = []
        for column in columns:
            value = record.get(column, "")
            if isinstance(value, list):
                value = " ".join(
                    f"{v:.6g}" if isinstance(v, float) else str(v) for v in value
                )
            row.append(value)
        writer.writerow(row)
