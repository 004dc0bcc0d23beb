# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The HTML report: content, escaping, and rendering in a headless browser."""

import re
import shutil
import subprocess

import numpy as np
import pytest

from sklearn_isad import EventExplanation
from sklearn_isad.report import render_html_report, write_html_report

SCRIPT = (
    "<script>document.title='pwned';"
    "document.body.appendChild(document.createElement('pwned-marker'))</script>"
)
IMG = "<img src=x onerror=\"document.title='pwned'\">"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _explanation():
    return EventExplanation(
        events=["E1", "E7", "E2"],
        scores=np.array([0.0, 0.62, -0.1]),
        anomalous=np.array([False, True, False]),
        baseline=["E1", "E1", "E2"],
        f_input=0.91,
        f_baseline=0.39,
        completeness_gap=0.0,
        predicted_anomalous=True,
        n_replacements=1,
        baseline_is_normal=True,
    )


def _hostile_page():
    return render_html_report(
        [_explanation()],
        sequence_ids=[f"blk_1{IMG}"],
        line_numbers=[[10, 11, 14]],
        lines=[["ok line", f"user input {SCRIPT}", f"x {IMG}"]],
        sources=["app.log"],
        templates={"E1": "Receiving <*>", "E7": SCRIPT, "E2": IMG},
        summary={"Log files": f"a.log {SCRIPT}"},
    )


def test_report_shows_events_in_order_with_bars():
    """Check that a section lists every event with its line, template and bar."""
    page = render_html_report(
        [_explanation()],
        line_numbers=[[10, 11, 14]],
        templates={"E1": "open <*>", "E7": "panic <*>", "E2": "close <*>"},
    )
    rows = re.findall(r'<tr class="(event[^"]*)"><td class="ln">(\d+)</td>', page)
    assert rows == [("event", "10"), ("event anomalous", "11"), ("event", "14")]
    assert page.index("open &lt;*&gt;") < page.index("panic &lt;*&gt;")
    # the largest score fills its half of the bar; the negative one goes left
    assert '<span class="half pos"><span style="width:100.0%">' in page
    assert '<span class="half neg"><span style="width:16.1%">' in page


def test_report_escapes_every_string():
    """Check that markup in ids, templates, lines and summary is escaped."""
    page = _hostile_page()

    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert page.count("&lt;script&gt;") == 3
    assert "onerror=&quot;" in page


def test_report_is_self_contained():
    """Check that the page references no external resource and forbids scripts."""
    page = _hostile_page()

    assert not re.search(r"<[^>]*\b(src|href)\s*=", page)
    assert "url(" not in page and "@import" not in page
    assert "default-src 'none'" in page


def test_report_counts_flagged_sequences_not_shown(tmp_path):
    """Check that the page says how many flagged sequences it leaves out."""
    path = write_html_report(tmp_path / "r.html", [_explanation()], n_flagged=5)

    assert "4 more flagged sequence(s) are not shown" in path.read_text()


def test_report_checks_lengths():
    """Check that line numbers of the wrong length are refused."""
    with pytest.raises(ValueError, match=r"line_numbers\[0\] has 2 entries"):
        render_html_report([_explanation()], line_numbers=[[1, 2]])


def _dump_dom(path, tmp_path):
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install -y chromium); "
    "the report's escaping is then checked on the HTML text only",
)


@needs_chromium
def test_browser_runs_an_unescaped_script(tmp_path):
    """Check that the browser harness sees a script run (control for the
    escaping test: the same payload, unescaped, changes the page)."""
    path = tmp_path / "control.html"
    path.write_text(
        f"<html><head><title>report</title></head><body>{SCRIPT}</body></html>"
    )

    dom = _dump_dom(path, tmp_path)

    assert "<title>pwned</title>" in dom
    assert "<pwned-marker>" in dom


@needs_chromium
def test_browser_shows_hostile_log_text_and_runs_nothing(tmp_path):
    """Check in headless chromium that markup in log text renders as text
    and that neither the script nor the onerror handler runs."""
    path = tmp_path / "report.html"
    path.write_text(_hostile_page(), encoding="utf-8")

    dom = _dump_dom(path, tmp_path)

    assert "<title>sklearn-isad report</title>" in dom
    assert "<pwned-marker" not in dom
    assert not re.search(r"<img\b", dom)
    assert not re.search(r"<script\b", dom)
    # rendered as visible text, with the event rows in place
    assert "user input &lt;script&gt;document.title='pwned'" in dom
    assert dom.count('class="event anomalous"') == 1
