# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Robust, streaming reading of raw log files and their header fields."""

import gzip
import os
import re
from calendar import timegm

_GZIP_MAGIC = b"\x1f\x8b"


def _open_binary(path):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"path must be a str or path-like object, got {type(path).__name__}."
        )
    if os.path.isdir(path):
        raise IsADirectoryError(
            f"path {os.fspath(path)!r} is a directory, not a log file."
        )
    with open(path, "rb") as handle:
        is_gzip = handle.read(2) == _GZIP_MAGIC
    # gzip.open(path) owns and closes its file; a wrapped handle would leak.
    return gzip.open(path, "rb") if is_gzip else open(path, "rb")


def iter_lines(path, *, report=None):
    """Yield the lines of a plain or gzip log file, one per physical line.

    The file is streamed: memory does not depend on its length. A line is
    split at ``\\n`` only, then one trailing ``\\r`` is removed, so CRLF and
    LF files read the same, a missing final newline loses nothing and no other
    character (form feed, ``\\x1c``, ``\\u2028``, a lone ``\\r``) starts a new
    line. Bytes that are not valid UTF-8 become U+FFFD; the line is kept.

    Parameters
    ----------
    path : str or path-like
        Log file, plain or gzip-compressed (detected from its first bytes).
    report : dict or None, default=None
        If given, counts are added to it: ``lines``, ``blank_lines``,
        ``bad_utf8_lines``, ``crlf_lines``, and ``missing_final_newline``
        (``True`` if the last line had no terminator).

    Yields
    ------
    line : str
        The line without its terminator; other whitespace is kept.

    Examples
    --------
    >>> import gzip, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "x.log.gz")
    >>> with gzip.open(path, "wb") as f:
    ...     _ = f.write(b"a\\r\\nb \\xf7 c\\r\\n\\nlast")
    >>> report = {}
    >>> list(iter_lines(path, report=report))
    ['a', 'b \\ufffd c', '', 'last']
    >>> report["bad_utf8_lines"], report["blank_lines"], report["missing_final_newline"]
    (1, 1, True)
    """
    n_lines = n_blank = n_bad = n_crlf = 0
    missing_newline = False
    try:
        with _open_binary(path) as handle:
            for raw in handle:
                n_lines += 1
                if raw.endswith(b"\n"):
                    raw = raw[:-1]
                else:
                    missing_newline = True
                if raw.endswith(b"\r"):
                    raw = raw[:-1]
                    n_crlf += 1
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    line = raw.decode("utf-8", errors="replace")
                    n_bad += 1
                if n_lines == 1 and line.startswith("\ufeff"):
                    line = line[1:]
                if not line or line.isspace():
                    n_blank += 1
                yield line
    finally:
        if report is not None:
            report["lines"] = report.get("lines", 0) + n_lines
            report["blank_lines"] = report.get("blank_lines", 0) + n_blank
            report["bad_utf8_lines"] = report.get("bad_utf8_lines", 0) + n_bad
            report["crlf_lines"] = report.get("crlf_lines", 0) + n_crlf
            report["missing_final_newline"] = missing_newline


class LogFormat:
    """Layout of the header fields that precede the message on each line.

    A line is split at whitespace into ``len(fields)`` header tokens and the
    rest, which is the message content. Each header token must match its
    pattern (if any); a line with too few tokens or a token that does not
    match is *headerless*: it is kept, with the whole stripped line as its
    content and no fields. Splitting is plain string work and patterns only
    ever see one token, so a line of any length is parsed in linear time.

    Parameters
    ----------
    fields : sequence of str
        Names of the header fields, in line order.
    patterns : dict of str to str, default=None
        Regex each named field must match in full. If the regex has a
        capturing group, the field's value is its first group (e.g.
        ``r"(\\S+):"`` keeps a component name without its colon).
    content_pattern : str, default=None
        Optional regex applied to the content after the header; its named
        groups become extra fields and its group ``content`` becomes the
        content. When it does not match, the content stays whole and the
        extra fields are ``None``.
    label_field : str, default=None
        Field holding a per-line alert tag (BGL, Thunderbird).
    normal_label : str, default="-"
        Value of ``label_field`` on normal lines; any other value is an alert.
    timestamp : callable, default=None
        Function of the fields dict returning the line's time in seconds
        (a float), or ``None`` when the format carries no usable time.
    name : str, default="custom"
        Name used in messages.

    Examples
    --------
    >>> from sklearn_isad.logs import LogFormat
    >>> fmt = LogFormat(["level", "component"], patterns={"component": r"(\\S+):"})
    >>> fmt.parse("WARN disk: sda is full")
    ({'level': 'WARN', 'component': 'disk'}, 'sda is full')
    >>> fmt.parse("continued text")
    (None, 'continued text')
    """

    def __init__(
        self,
        fields,
        *,
        patterns=None,
        content_pattern=None,
        label_field=None,
        normal_label="-",
        timestamp=None,
        name="custom",
    ):
        if isinstance(fields, str) or not fields:
            raise ValueError(
                f"fields must be a non-empty sequence of field names, got {fields!r}."
            )
        self.fields = tuple(fields)
        if len(set(self.fields)) != len(self.fields) or "content" in self.fields:
            raise ValueError(
                f"fields must be distinct and must not include 'content', got "
                f"{self.fields!r}."
            )
        patterns = dict(patterns or {})
        unknown = set(patterns) - set(self.fields)
        if unknown:
            raise ValueError(
                f"patterns name unknown fields {sorted(unknown)}; fields are "
                f"{list(self.fields)}."
            )
        self.patterns = patterns
        self._checks = [
            (i, re.compile(patterns[f]) if f in patterns else None)
            for i, f in enumerate(self.fields)
        ]
        self.content_pattern = content_pattern
        self._content_regex = None
        self.extra_fields = ()
        if content_pattern is not None:
            self._content_regex = re.compile(content_pattern, re.DOTALL)
            if "content" not in self._content_regex.groupindex:
                raise ValueError(
                    "content_pattern must define a named group 'content', got "
                    f"{content_pattern!r}."
                )
            self.extra_fields = tuple(
                g for g in self._content_regex.groupindex if g != "content"
            )
        if label_field is not None and label_field not in self.fields:
            raise ValueError(
                f"label_field={label_field!r} is not one of the fields "
                f"{list(self.fields)}."
            )
        self.label_field = label_field
        self.normal_label = normal_label
        self.timestamp = timestamp
        self.name = name

    @property
    def all_fields(self):
        """Header fields followed by the fields of ``content_pattern``."""
        return self.fields + self.extra_fields

    def __repr__(self):
        return f"LogFormat(name={self.name!r}, fields={list(self.fields)!r})"

    def parse(self, line):
        """Split one line into its header fields and its content.

        Parameters
        ----------
        line : str
            One log line, without its terminator.

        Returns
        -------
        fields : dict of str to str, or None
            Field values, or ``None`` for a headerless line.
        content : str
            The message after the header (the whole stripped line for a
            headerless line).
        """
        n = len(self.fields)
        parts = line.split(None, n)
        if len(parts) < n:
            return None, line.strip()
        values = {}
        for i, regex in self._checks:
            token = parts[i]
            if regex is not None:
                match = regex.fullmatch(token)
                if match is None:
                    return None, line.strip()
                if match.re.groups:
                    token = match.group(1)
            values[self.fields[i]] = token
        content = parts[n].rstrip() if len(parts) > n else ""
        if self._content_regex is not None:
            match = self._content_regex.match(content)
            if match is None:
                for name in self.extra_fields:
                    values[name] = None
            else:
                groups = match.groupdict()
                content = groups.pop("content")
                values.update(groups)
        return values, content

    def iter_contents(self, lines, *, report=None):
        """Yield the content of each line, one per input line.

        Parameters
        ----------
        lines : iterable of str
            Raw lines.
        report : dict or None, default=None
            If given, ``headerless_lines`` is added to it.

        Yields
        ------
        content : str
        """
        n_headerless = 0
        try:
            for line in lines:
                fields, content = self.parse(line)
                if fields is None and line.strip():
                    n_headerless += 1
                yield content
        finally:
            if report is not None:
                report["headerless_lines"] = (
                    report.get("headerless_lines", 0) + n_headerless
                )


def _epoch_field(name):
    def timestamp(fields):
        return float(fields[name])

    timestamp.__name__ = f"epoch_seconds_of_{name}"
    return timestamp


def _hdfs_timestamp(fields):
    # Date yymmdd and Time HHMMSS, read as UTC (the HDFS log gives no zone).
    d, t = fields["Date"], fields["Time"]
    return float(
        timegm(
            (
                2000 + int(d[:2]),
                int(d[2:4]),
                int(d[4:6]),
                int(t[:2]),
                int(t[2:4]),
                int(t[4:6]),
                0,
                0,
                0,
            )
        )
    )


HDFS_FORMAT = LogFormat(
    ["Date", "Time", "Pid", "Level", "Component"],
    patterns={
        "Date": r"\d{6}",
        "Time": r"\d{6}",
        "Pid": r"\d+",
        "Level": r"[A-Z]+",
        "Component": r"(\S+):",
    },
    timestamp=_hdfs_timestamp,
    name="hdfs",
)

BGL_FORMAT = LogFormat(
    [
        "Label",
        "Timestamp",
        "Date",
        "Node",
        "Time",
        "NodeRepeat",
        "Type",
        "Component",
        "Level",
    ],
    patterns={
        "Timestamp": r"\d+",
        "Date": r"\d{4}\.\d{2}\.\d{2}",
        "Time": r"\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}\.\d+",
    },
    label_field="Label",
    timestamp=_epoch_field("Timestamp"),
    name="bgl",
)

THUNDERBIRD_FORMAT = LogFormat(
    ["Label", "Timestamp", "Date", "User", "Month", "Day", "Time", "Location"],
    patterns={
        "Timestamp": r"\d+",
        "Date": r"\d{4}\.\d{2}\.\d{2}",
        "Day": r"\d{1,2}",
        "Time": r"\d{2}:\d{2}:\d{2}",
    },
    # "crond(pam_unix)[2915]: session closed" -> component, PID, content; the
    # lazy component stops at the first ": ", so the scan stays linear.
    content_pattern=r"(?P<Component>.*?)(?:\[(?P<PID>\d+)\])?: (?P<content>.*)",
    label_field="Label",
    timestamp=_epoch_field("Timestamp"),
    name="thunderbird",
)

_FORMATS = {"hdfs": HDFS_FORMAT, "bgl": BGL_FORMAT, "thunderbird": THUNDERBIRD_FORMAT}


def get_log_format(log_format):
    """Return a :class:`LogFormat` from an instance or a built-in name.

    Parameters
    ----------
    log_format : LogFormat or {"hdfs", "bgl", "thunderbird"}
        The format, or the name of a loghub format.

    Returns
    -------
    log_format : LogFormat
    """
    if isinstance(log_format, LogFormat):
        return log_format
    if isinstance(log_format, str) and log_format.lower() in _FORMATS:
        return _FORMATS[log_format.lower()]
    raise ValueError(
        f"log_format must be a LogFormat or one of {sorted(_FORMATS)}, got "
        f"{log_format!r}."
    )
