# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""A self-contained HTML report of flagged sequences and their events."""

import math
from html import escape

import numpy as np

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;
color:#1b1f24;max-width:1200px}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;word-break:break-all}
table{border-collapse:collapse}
.summary th{text-align:left;padding:.2em 1em .2em 0;color:#57606a;font-weight:600}
.summary td{padding:.2em 0}
.meta{color:#57606a;font-size:.9em;margin:.3em 0 .6em}
.events{width:100%;font-size:.88em}
.events th{text-align:left;border-bottom:2px solid #d0d7de;padding:.3em .5em}
.events td{border-bottom:1px solid #eaeef2;padding:.25em .5em;vertical-align:top}
.events tr.anomalous td{background:#ffebe9}
.events tr.anomalous td.ln{border-left:4px solid #cf222e;font-weight:700}
.ln,.score{font-variant-numeric:tabular-nums;text-align:right;white-space:nowrap}
.ev{font-family:ui-monospace,monospace;white-space:nowrap}
.tpl{font-family:ui-monospace,monospace;word-break:break-all}
.raw{color:#6e7781;font-size:.85em;margin-top:.15em}
.base{color:#8250df;font-family:ui-monospace,monospace;white-space:nowrap}
.bar{width:220px;white-space:nowrap}
.half{display:inline-block;width:100px;height:.9em;vertical-align:middle}
.neg{text-align:right;border-right:1px solid #8c959f}
.half span{display:inline-block;height:100%}
.neg span{background:#0969da}.pos span{background:#cf222e}
.tag{display:inline-block;background:#cf222e;color:#fff;border-radius:3px;
padding:0 .35em;font-size:.75em;margin-left:.3em}
.note{color:#9a6700}
"""

# No script runs on the page and nothing is fetched, whatever the data holds.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _text(value):
    """Escape any value for HTML text or a quoted attribute."""
    return escape(str(value), quote=True)


def _number(value, fmt="{:+.3f}"):
    value = float(value)
    return fmt.format(value) if math.isfinite(value) else "nan"


def _bar(score, scale):
    score = float(score)
    share = 0.0
    if math.isfinite(score) and scale > 0:
        share = min(abs(score) / scale, 1.0) * 100.0
    neg = share if score < 0 else 0.0
    pos = share if score > 0 else 0.0
    return (
        f'<span class="half neg"><span style="width:{neg:.1f}%"></span></span>'
        f'<span class="half pos"><span style="width:{pos:.1f}%"></span></span>'
    )


def _section(k, ex, seq_id, numbers, raw, source, templates):
    scores = np.asarray(ex.scores, dtype=float)
    finite = scores[np.isfinite(scores)]
    scale = float(np.abs(finite).max()) if finite.size else 0.0
    baseline = ex.baseline if ex.baseline is not None else [None] * len(ex.events)
    first, last = (numbers[0], numbers[-1]) if len(numbers) else ("", "")
    where = f"{_text(source)}, " if source is not None else ""
    out = [
        f'<section class="sequence" id="seq-{k}">',
        f"<h2>{k + 1}. Sequence {_text(seq_id)}</h2>",
        f'<p class="meta">{where}lines {_text(first)}&ndash;{_text(last)}; '
        f"{len(ex.events)} events, {int(np.sum(ex.anomalous))} anomalous; "
        f"f(S) = {_number(ex.f_input, '{:.3f}')}, baseline f(S&prime;) = "
        f"{_number(ex.f_baseline, '{:.3f}')} after {int(ex.n_replacements)} "
        f"replacement(s); completeness gap {_number(ex.completeness_gap, '{:.1e}')}."
        "</p>",
    ]
    if ex.predicted_anomalous and not ex.baseline_is_normal:
        out.append(
            '<p class="note">The baseline search did not reach a sequence the '
            "model calls normal; the scores explain only part of the anomaly.</p>"
        )
    out.append(
        '<table class="events"><thead><tr><th>line</th><th>event</th>'
        "<th>template / log line</th><th>baseline</th><th>score</th>"
        "<th></th></tr></thead><tbody>"
    )
    for j, event in enumerate(ex.events):
        bad = bool(ex.anomalous[j])
        template = templates.get(event) if templates is not None else None
        text = _text(template if template is not None else event)
        if raw is not None:
            text += f'<div class="raw">{_text(raw[j])}</div>'
        base = baseline[j]
        replaced = base is not None and base != event
        line = numbers[j] if j < len(numbers) else ""
        tag = '<span class="tag">anomalous</span>' if bad else ""
        out.append(
            f'<tr class="{"event anomalous" if bad else "event"}">'
            f'<td class="ln">{_text(line)}</td>'
            f'<td class="ev">{_text(event)}{tag}</td>'
            f'<td class="tpl">{text}</td>'
            f'<td class="base">{_text(base) if replaced else ""}</td>'
            f'<td class="score">{_number(scores[j])}</td>'
            f'<td class="bar">{_bar(scores[j], scale)}</td></tr>'
        )
    out.append("</tbody></table></section>")
    return "\n".join(out)


def _per_sequence(value, n, name):
    if value is None:
        return [None] * n
    value = list(value)
    if len(value) != n:
        raise ValueError(
            f"{name} must have one entry per explanation ({n}), got {len(value)}."
        )
    return value


def render_html_report(
    explanations,
    *,
    sequence_ids=None,
    line_numbers=None,
    lines=None,
    sources=None,
    templates=None,
    summary=None,
    n_flagged=None,
    title="sklearn-isad report",
):
    """Render explanations of flagged sequences as one self-contained page.

    The page starts with a summary table, then has one section per
    explanation: its events in order, each with its line number, event id,
    template text (and the raw log line when given), the baseline event
    that replaced it when the baseline search replaced it, and its score
    drawn as a bar (red to the right for positive scores, blue to the left
    for negative ones, scaled to the largest absolute score of the
    sequence). Anomalous events are highlighted, as in Figure 6 of the
    InterpretableSAD paper.

    Every string that comes from the data (ids, templates, lines, summary
    keys and values) is HTML-escaped; the page holds no script, no event
    handler and no external resource, and its Content-Security-Policy
    forbids both scripts and network fetches.

    Parameters
    ----------
    explanations : list of EventExplanation
        Usually the flagged sequences' results of
        :meth:`~sklearn_isad.ISADPipeline.explain_events`.
    sequence_ids : list of str or None, default=None
        Name of each sequence (its position when ``None``).
    line_numbers : list of list of int or None, default=None
        Line number of each event, as it should be shown.
    lines : list of list of str or None, default=None
        Raw log line of each event, shown under its template.
    sources : list of str or None, default=None
        File each sequence comes from.
    templates : dict of str to str or None, default=None
        Template text of each event id (``DrainParser.templates_``).
    summary : dict or None, default=None
        Rows of the summary table, in order (thresholds, model settings,
        counts...).
    n_flagged : int or None, default=None
        Number of flagged sequences in all; when larger than
        ``len(explanations)``, the page says how many are not shown.
    title : str, default="sklearn-isad report"
        Page title and heading.

    Returns
    -------
    html : str
        The page.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_isad import EventExplanation
    >>> from sklearn_isad.report import render_html_report
    >>> ex = EventExplanation(events=["E1", "E9"], scores=np.array([0.0, 0.7]),
    ...                       anomalous=np.array([False, True]),
    ...                       predicted_anomalous=True)
    >>> page = render_html_report([ex], templates={"E9": "<script>x</script>"})
    >>> "&lt;script&gt;x&lt;/script&gt;" in page, "<script>" in page
    (True, False)
    """
    n = len(explanations)
    ids = _per_sequence(sequence_ids, n, "sequence_ids")
    ids = [i if v is None else v for i, v in enumerate(ids)]
    numbers = _per_sequence(line_numbers, n, "line_numbers")
    raws = _per_sequence(lines, n, "lines")
    srcs = _per_sequence(sources, n, "sources")
    for k, ex in enumerate(explanations):
        if numbers[k] is None:
            numbers[k] = list(range(1, len(ex.events) + 1))
        for name, value in (("line_numbers", numbers[k]), ("lines", raws[k])):
            if value is not None and len(value) != len(ex.events):
                raise ValueError(
                    f"{name}[{k}] has {len(value)} entries for a sequence of "
                    f"{len(ex.events)} events."
                )

    rows = dict(summary or {})
    rows.setdefault("Sequences in this report", f"{n:,}")
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_text(title)}</h1>",
        '<table class="summary">',
    ]
    head += [
        f"<tr><th>{_text(k)}</th><td>{_text(v)}</td></tr>" for k, v in rows.items()
    ]
    head.append("</table>")
    if n_flagged is not None and n_flagged > n:
        head.append(
            f'<p class="note">{n_flagged - n:,} more flagged sequence(s) are not '
            "shown; the detection file lists them all.</p>"
        )
    if n == 0:
        head.append("<p>No sequence was flagged.</p>")
    sections = [
        _section(k, ex, ids[k], numbers[k], raws[k], srcs[k], templates)
        for k, ex in enumerate(explanations)
    ]
    return "\n".join(head + sections + ["</body></html>", ""])


def write_html_report(path, explanations, **kwargs):
    """Write :func:`render_html_report`'s page to ``path`` (UTF-8).

    Parameters
    ----------
    path : str or path-like
        The HTML file to write.
    explanations : list of EventExplanation
        See :func:`render_html_report`.
    **kwargs
        Passed to :func:`render_html_report`.

    Returns
    -------
    path : str or path-like
        ``path``, as given.
    """
    page = render_html_report(explanations, **kwargs)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(page)
    return path
