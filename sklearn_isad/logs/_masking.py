# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Masking of variable tokens (ids, addresses, numbers) before template mining."""

import re

# Each pattern is anchored by look-arounds on single characters only and uses
# no nested quantifiers over overlapping classes, so a scan is linear in the
# length of the line (a 1 MB line costs milliseconds, not minutes).
DEFAULT_MASKING = (
    # HDFS block ids; the sign is part of the id (blk_-3 and blk_3 differ).
    ("BLK", r"(?<![\w-])blk_-?\d+(?!\w)"),
    # IPv4 address with an optional port. Not preceded by a word character or
    # a dot and not followed by ".<digit>", so a dotted version such as
    # 3.10.2.15.4 is never read as an address.
    ("IP", r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?!\w|\.\d|:\d)"),
    # Absolute paths (also ./ ../ ~/ prefixed). A slash after a word character
    # (and/or, 1/2, TCP/IP) or a second slash (http://host/a) does not start one.
    ("PATH", r"(?<![\w/.~-])(?:~|\.{1,2})?(?:/[\w.~@%+-]+)+/?"),
    # UUIDs (OpenStack instance and request ids).
    (
        "UUID",
        r"(?<![\w-])[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}(?![\w-])",
    ),
    # Decimal integers and decimals with an optional sign; "core.2275" gives
    # "core.<NUM>", but no part of a dotted version (1.2.3) is masked.
    ("NUM", r"(?<!\w)(?<!\d\.)[-+]?\d+(?:\.\d+)?(?!\w|\.\d)"),
    # 0x-prefixed hex values, and bare hex runs of 8 or more characters that
    # hold at least one digit (digit-only runs were masked as NUM above).
    ("HEX", r"(?<![\w.])(?:0[xX][0-9a-fA-F]+|(?=[a-fA-F]*\d)[0-9a-fA-F]{8,})(?![\w.])"),
)

_DEFAULT_BY_NAME = {name: pattern for name, pattern in DEFAULT_MASKING}


def check_masking(masking):
    """Validate a ``masking`` parameter and return ``(name, pattern)`` pairs.

    Parameters
    ----------
    masking : "default", None or list
        ``"default"`` for :data:`DEFAULT_MASKING`, ``None`` (or an empty list)
        for no masking, or a list whose items are either the name of a
        default mask (``"BLK"``, ``"IP"``, ``"PATH"``, ``"UUID"``, ``"NUM"``,
        ``"HEX"``, any case) or a ``(name, regex)`` pair. Masks apply in list order.

    Returns
    -------
    masks : list of tuple of (str, str)
    """
    if masking is None:
        return []
    if isinstance(masking, str):
        if masking == "default":
            return list(DEFAULT_MASKING)
        raise ValueError(
            f"masking must be 'default', None or a list of masks, got {masking!r}."
        )
    masks = []
    for i, item in enumerate(masking):
        if isinstance(item, str):
            pattern = _DEFAULT_BY_NAME.get(item.upper())
            if pattern is None:
                raise ValueError(
                    f"masking[{i}] is {item!r}, which is not a default mask; "
                    f"use one of {sorted(_DEFAULT_BY_NAME)} or a (name, regex) pair."
                )
            masks.append((item.upper(), pattern))
            continue
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise TypeError(
                f"masking[{i}] must be a default mask name or a (name, regex) "
                f"pair, got {item!r}."
            )
        name, pattern = item
        if not isinstance(name, str) or not name or any(c.isspace() for c in name):
            raise ValueError(
                f"masking[{i}] has name {name!r}; a mask name must be a non-empty "
                "string without whitespace."
            )
        if not isinstance(pattern, str):
            raise TypeError(
                f"masking[{i}] has pattern {pattern!r}; it must be a regex string."
            )
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(
                f"masking[{i}] ({name}) has an invalid regex {pattern!r}: {exc}."
            ) from exc
        masks.append((name, pattern))
    return masks


class LinePreprocessor:
    """Turn a raw message into the masked, whitespace-normalised text Drain sees.

    One instance serves both learning and matching, so the two can never
    disagree on how a line is prepared.

    Parameters
    ----------
    masks : list of tuple of (str, str)
        ``(name, regex)`` pairs applied in order; each match becomes
        ``<name>``.
    extra_delimiters : sequence of str
        Literal strings replaced by a space after masking.
    """

    def __init__(self, masks, extra_delimiters):
        self.masks = list(masks)
        self.extra_delimiters = tuple(extra_delimiters)
        # A replacement string is a template for re.sub: escape backslashes.
        self._subs = [
            (re.compile(pattern), f"<{name}>".replace("\\", "\\\\"))
            for name, pattern in self.masks
        ]

    def __call__(self, line):
        line = line.strip()
        for regex, replacement in self._subs:
            line = regex.sub(replacement, line)
        for delimiter in self.extra_delimiters:
            line = line.replace(delimiter, " ")
        return " ".join(line.split())
