# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Drain template mining (drain3) as a scikit-learn transformer."""

import logging
import re
from array import array
from numbers import Integral, Real

import numpy as np
from drain3.drain import Drain
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from sklearn_isad.logs._masking import LinePreprocessor, check_masking
from sklearn_isad.logs._reading import get_log_format, iter_lines

logger = logging.getLogger(__name__)

_TEMPLATE_ID = re.compile(r"E\d+")

# Bound on the memo of masked message -> event id kept by a fitted parser, so
# that streaming a file of any length uses constant memory.
_CACHE_LIMIT = 1 << 16


class _Drain(Drain):
    """drain3's Drain with a fallback search over same-length clusters.

    drain3 routes a message through a prefix tree keyed on its first tokens,
    so a message whose first token is new never meets a cluster stored under
    another first token (``alpha login ok`` and ``bravo login ok`` stay apart),
    and exact matching may miss the cluster a line was merged into once the
    tree has grown a more specific branch. When the tree search finds nothing,
    this subclass also looks at the other clusters of the same length:

    - while learning, a cluster whose template equals the message on every
      token after the routing prefix (wildcards match anything) and reaches
      the similarity threshold takes the message;
    - while matching, any cluster that matches the message exactly (with
      wildcards) is accepted.
    """

    def __init__(self, *, merge_routing_variants=True, **kwargs):
        super().__init__(**kwargs)
        self.merge_routing_variants = merge_routing_variants
        self._ids_by_length = {}

    def add_seq_to_prefix_tree(self, root_node, cluster):
        super().add_seq_to_prefix_tree(root_node, cluster)
        length = len(cluster.log_template_tokens)
        self._ids_by_length.setdefault(length, []).append(cluster.cluster_id)

    def tree_search(self, root_node, tokens, sim_th, include_params):
        cluster = super().tree_search(root_node, tokens, sim_th, include_params)
        if cluster is not None:
            return cluster
        candidates = self._ids_by_length.get(len(tokens), ())
        if include_params:
            # Matching: exact agreement with any same-length template.
            return self.fast_match(candidates, tokens, sim_th, include_params)
        if not self.merge_routing_variants:
            return None

        # Learning: only the routing prefix may differ.
        prefix = min(self.max_node_depth - 1, len(tokens) - 1)
        tail = tokens[prefix:]
        param = self.param_str
        best, best_key = None, None
        for cluster_id in candidates:
            cluster = self.id_to_cluster.get(cluster_id)
            if cluster is None:
                continue
            template = cluster.log_template_tokens
            pairs = zip(template[prefix:], tail, strict=True)
            if any(t != m and t != param for t, m in pairs):
                continue
            sim, n_params = self.get_seq_distance(template, tokens, False)
            if sim >= sim_th and (best_key is None or (sim, n_params) > best_key):
                best, best_key = cluster, (sim, n_params)
        return best


def _iter_messages(X, name="X"):
    """Yield the messages of ``X`` as str, with clear errors for bad input."""
    if isinstance(X, (str, bytes)):
        raise TypeError(
            f"{name} must be an iterable of log lines (str), got a single "
            f"{type(X).__name__} ({X[:40]!r}). Wrap one line in a list, or use "
            "DrainParser.transform_file for a path."
        )
    if isinstance(X, np.ndarray) and X.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D (one log line per item), got an array of shape "
            f"{X.shape}."
        )
    try:
        iterator = iter(X)
    except TypeError:
        raise TypeError(
            f"{name} must be an iterable of log lines (str), got {type(X).__name__}."
        ) from None
    for i, line in enumerate(iterator):
        if isinstance(line, str):
            yield line
        elif isinstance(line, bytes):
            yield line.decode("utf-8", errors="replace")
        else:
            raise TypeError(
                f"{name}[{i}] is a {type(line).__name__} ({line!r:.40}); every "
                "log line must be a str (or bytes, decoded as UTF-8)."
            )


class DrainParser(TransformerMixin, BaseEstimator):
    """Map raw log messages to event ids with the Drain algorithm (drain3).

    ``fit`` learns templates from the training lines; ``transform`` maps
    lines to the id of the template they match, learning nothing. Ids are
    ``"E1"``, ``"E2"``, ... in order of first appearance in the training
    lines; a line that matches no template gets ``unseen_id`` and a blank
    line gets ``blank_id``.

    Parameters
    ----------
    sim_th : float, default=0.4
        Drain's similarity threshold: the share of equal tokens a message
        needs to join an existing cluster.
    depth : int, default=4
        Depth of Drain's prefix tree (at least 3); a message is routed by its
        first ``depth - 3`` tokens.
    max_children : int, default=100
        Most children of a prefix-tree node.
    extra_delimiters : tuple of str, default=()
        Strings that separate tokens in addition to whitespace (e.g.
        ``("=", ",")``); applied after masking.
    masking : "default", None or list, default="default"
        Variable parts replaced by ``<NAME>`` before mining. ``"default"``
        masks HDFS block ids (``<BLK>``), IPv4 addresses with or without a
        port (``<IP>``), absolute paths (``<PATH>``), UUIDs (``<UUID>``),
        numbers (``<NUM>``) and hex values (``<HEX>``), in that order; see
        :data:`sklearn_isad.logs.DEFAULT_MASKING`. A list picks default masks
        by name or adds ``(name, regex)`` pairs, applied in list order.
        ``None`` masks nothing.
    parametrize_numeric_tokens : bool, default=True
        Drain option: tokens holding a digit are routed as wildcards in the
        prefix tree.
    merge_routing_variants : bool, default=True
        Let a message join a template that it matches on every token after
        the ``depth - 3`` routing tokens, although its routing tokens differ
        (``alpha login ok`` and ``bravo login ok`` give ``<*> login ok``).
        ``False`` keeps drain3's behaviour, where each new first token starts
        a new template until ``max_children`` is reached.
    unseen_id : str, default="UNSEEN"
        Event id of a line that matches no learned template.
    blank_id : str or None, default="BLANK"
        Event id of an empty or whitespace-only line. ``None`` gives such
        lines ``unseen_id``.

    Attributes
    ----------
    templates_ : dict of str to str
        Template text of each event id, in id order. Masked parts read
        ``<NAME>``, Drain's wildcards ``<*>``. ``unseen_id`` and ``blank_id``
        are not templates and are absent.
    n_templates_ : int
        Number of learned templates.
    n_lines_ : int
        Number of training lines.
    n_blank_lines_ : int
        Number of training lines that were blank (not learned from).
    drain_ : drain3.drain.Drain
        The fitted drain3 model (a subclass with the fallback search
        described in the Notes).

    See Also
    --------
    sklearn_isad.logs.group_by_entity : Group event ids into sessions.
    sklearn_isad.logs.sliding_windows : Cut event ids into count windows.

    Notes
    -----
    Every line goes through the same preparation in ``fit`` and
    ``transform``: surrounding whitespace (including ``\\r\\n``) is removed,
    masks apply, extra delimiters become spaces and runs of whitespace
    collapse to one space.

    ``fit`` runs in two passes. The first feeds Drain each distinct prepared
    message once, in order of first appearance (repeats cannot change a
    template, so they are skipped). The second matches every training line
    against the final templates, the same matching ``transform`` uses, so a
    training line gets the same id from ``fit_transform`` and from a later
    ``transform``. The input is read once, so ``fit`` accepts a generator.

    drain3 routes a message by its first token(s) (``depth - 3`` of them), so
    messages that differ only there would never merge, however long the
    rest. When the tree search finds nothing, this parser also compares the
    message with the templates of the same length: while learning (if
    ``merge_routing_variants``), a template that agrees with it on every token
    after the routing prefix takes it, provided the similarity threshold is
    met; while matching, any template that matches it exactly is accepted.
    The price of merging is that verbs in first position also merge
    (``GET <PATH>`` and ``POST <PATH>`` give ``<*> <PATH>``); set
    ``merge_routing_variants=False`` to keep them apart. No configuration
    file is read and nothing is printed.

    The fitted parser pickles. The default masks scan in linear time; custom
    regexes should avoid nested quantifiers.

    References
    ----------
    .. [1] P. He, J. Zhu, Z. Zheng and M. R. Lyu, "Drain: An Online Log Parsing
       Approach with Fixed Depth Tree", ICWS 2017.

    Examples
    --------
    >>> from sklearn_isad.logs import DrainParser
    >>> lines = ["connected to 10.0.0.1", "connected to 10.0.0.2:22",
    ...          "disk 3 full"]
    >>> parser = DrainParser().fit(lines)
    >>> parser.templates_
    {'E1': 'connected to <IP>', 'E2': 'disk <NUM> full'}
    >>> parser.transform(["connected to 192.0.2.7", "fan failed", "  "])
    ['E1', 'UNSEEN', 'BLANK']
    """

    _parameter_constraints = {
        "sim_th": [Interval(Real, 0, 1, closed="both")],
        "depth": [Interval(Integral, 3, None, closed="left")],
        "max_children": [Interval(Integral, 2, None, closed="left")],
        "extra_delimiters": [list, tuple],
        "masking": [StrOptions({"default"}), list, tuple, None],
        "parametrize_numeric_tokens": ["boolean"],
        "merge_routing_variants": ["boolean"],
        "unseen_id": [str],
        "blank_id": [str, None],
    }

    def __init__(
        self,
        *,
        sim_th=0.4,
        depth=4,
        max_children=100,
        extra_delimiters=(),
        masking="default",
        parametrize_numeric_tokens=True,
        merge_routing_variants=True,
        unseen_id="UNSEEN",
        blank_id="BLANK",
    ):
        self.sim_th = sim_th
        self.depth = depth
        self.max_children = max_children
        self.extra_delimiters = extra_delimiters
        self.masking = masking
        self.parametrize_numeric_tokens = parametrize_numeric_tokens
        self.merge_routing_variants = merge_routing_variants
        self.unseen_id = unseen_id
        self.blank_id = blank_id

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn templates from log lines.

        Parameters
        ----------
        X : iterable of str
            Log messages (the content after any header fields), one per
            item; a list, a 1-D array or a generator.
        y : None
            Ignored.

        Returns
        -------
        self : DrainParser
            The fitted parser.
        """
        self._fit(X, return_events=False)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Learn templates from log lines and return their event ids.

        Same result as ``fit(X).transform(X)``, in one pass over ``X``.

        Parameters
        ----------
        X : iterable of str
            Log messages, one per item.
        y : None
            Ignored.

        Returns
        -------
        events : list of str
            One event id per line of ``X``.
        """
        return self._fit(X, return_events=True)

    def transform(self, X):
        """Map log lines to event ids without learning.

        Parameters
        ----------
        X : iterable of str
            Log messages, one per item.

        Returns
        -------
        events : list of str
            One event id per line: a template id, ``unseen_id`` for a line
            that matches no template, or ``blank_id`` for a blank line.
        """
        check_is_fitted(self, "templates_")
        return list(self._iter_ids(_iter_messages(X)))

    def iter_transform(self, lines):
        """Yield the event id of each line, reading ``lines`` lazily.

        Memory stays constant however many lines are read, so this suits
        streams and files larger than memory.

        Parameters
        ----------
        lines : iterable of str
            Log messages, one per item (a generator works).

        Yields
        ------
        event : str
            Event id of the next line.
        """
        check_is_fitted(self, "templates_")
        yield from self._iter_ids(_iter_messages(lines, name="lines"))

    def transform_file(self, path, *, log_format=None, report=None):
        """Yield the event id of every line of a log file, streaming it.

        Parameters
        ----------
        path : str or path-like
            Plain or gzip-compressed log file (gzip is detected from the
            content, not the name).
        log_format : LogFormat, str or None, default=None
            Header layout to strip before matching (``"hdfs"``, ``"bgl"``,
            ``"thunderbird"`` or a :class:`~sklearn_isad.logs.LogFormat`);
            ``None`` matches whole lines.
        report : dict or None, default=None
            If given, reading counts are added to it (see
            :func:`~sklearn_isad.logs.iter_lines`), and ``headerless_lines``
            when ``log_format`` is set.

        Yields
        ------
        event : str
            Event id of each physical line of the file, in order.
        """
        check_is_fitted(self, "templates_")
        lines = iter_lines(path, report=report)
        if log_format is not None:
            fmt = get_log_format(log_format)
            lines = fmt.iter_contents(lines, report=report)
        yield from self._iter_ids(lines)

    def _check_config(self):
        if any(not isinstance(d, str) or d == "" for d in self.extra_delimiters):
            raise ValueError(
                "extra_delimiters must hold non-empty strings, got "
                f"{self.extra_delimiters!r}."
            )
        for name in ("unseen_id", "blank_id"):
            value = getattr(self, name)
            if value is not None and _TEMPLATE_ID.fullmatch(value):
                raise ValueError(
                    f"{name}={value!r} has the form of a template id (E<number>); "
                    "choose a value that cannot clash, such as 'UNSEEN'."
                )
        if self.unseen_id == "":
            raise ValueError("unseen_id must be a non-empty string.")
        if self.blank_id == "":
            raise ValueError("blank_id must be a non-empty string or None.")
        return check_masking(self.masking)

    def _fit(self, X, return_events):
        masks = self._check_config()
        preprocess = LinePreprocessor(masks, self.extra_delimiters)
        drain = _Drain(
            depth=self.depth,
            sim_th=self.sim_th,
            max_children=self.max_children,
            param_str="<*>",
            parametrize_numeric_tokens=self.parametrize_numeric_tokens,
            merge_routing_variants=self.merge_routing_variants,
        )

        # Pass 1: learn from each distinct prepared message once. For
        # fit_transform, remember per line which distinct message it was (-1
        # for a blank line); fit alone keeps only the distinct messages.
        key_index = {}
        keys = []
        line_keys = array("i") if return_events else None
        n_lines = n_blank = 0
        for line in _iter_messages(X):
            n_lines += 1
            key = preprocess(line)
            if not key:
                n_blank += 1
                if return_events:
                    line_keys.append(-1)
                continue
            k = key_index.get(key)
            if k is None:
                k = len(keys)
                key_index[key] = k
                keys.append(key)
                drain.add_log_message(key)
            if return_events:
                line_keys.append(k)
        del key_index
        if n_lines == 0:
            raise ValueError("X holds no log line; at least one is required.")
        if not keys:
            raise ValueError(
                f"X holds {n_lines} line(s), all blank; there is nothing to learn "
                "templates from."
            )

        # Pass 2: match every distinct message against the final templates;
        # ids follow the order in which templates first occur.
        cluster_ids = {}
        key_events = []
        for key in keys:
            cluster = drain.match(key)
            if cluster is None:  # cannot happen with the fallback search
                key_events.append(self.unseen_id)
                continue
            event = cluster_ids.get(cluster.cluster_id)
            if event is None:
                event = f"E{len(cluster_ids) + 1}"
                cluster_ids[cluster.cluster_id] = event
            key_events.append(event)
        for cluster_id in sorted(drain.id_to_cluster):
            if cluster_id not in cluster_ids:
                cluster_ids[cluster_id] = f"E{len(cluster_ids) + 1}"

        self.drain_ = drain
        self._preprocess = preprocess
        self._cluster_ids = cluster_ids
        self._cache = {}
        if len(keys) <= _CACHE_LIMIT:
            self._cache = dict(zip(keys, key_events, strict=True))
        self.templates_ = {
            event: drain.id_to_cluster[cid].get_template()
            for cid, event in sorted(cluster_ids.items(), key=lambda kv: int(kv[1][1:]))
        }
        self.n_templates_ = len(self.templates_)
        self.n_lines_ = n_lines
        self.n_blank_lines_ = n_blank
        logger.debug(
            "DrainParser learned %d templates from %d lines (%d distinct)",
            self.n_templates_,
            self.n_lines_,
            len(keys),
        )

        if not return_events:
            return None
        blank = self.unseen_id if self.blank_id is None else self.blank_id
        return [blank if k < 0 else key_events[k] for k in line_keys]

    def _iter_ids(self, lines):
        preprocess = self._preprocess
        drain = self.drain_
        cluster_ids = self._cluster_ids
        cache = self._cache
        unseen = self.unseen_id
        blank = unseen if self.blank_id is None else self.blank_id
        for line in lines:
            key = preprocess(line)
            if not key:
                yield blank
                continue
            event = cache.get(key)
            if event is None:
                cluster = drain.match(key)
                event = unseen if cluster is None else cluster_ids[cluster.cluster_id]
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                cache[key] = event
            yield event

    def __getstate__(self):
        # The memo is rebuilt on demand; copy first, as the parent may return
        # the live __dict__.
        state = dict(super().__getstate__())
        state.pop("_cache", None)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        if "templates_" in state:
            self._cache = {}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags
