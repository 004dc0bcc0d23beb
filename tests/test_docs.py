# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The Sphinx documentation builds without warnings (quick mode)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("sphinx_gallery")
pytest.importorskip("numpydoc")


def test_docs_quick_build_has_no_warnings(tmp_path):
    """Check that the docs build with -W in quick mode: the user guide, the
    command-line page, the API reference and the gallery pages (examples
    rendered, not executed)."""
    # a copy, so generated pages never land in the working tree
    shutil.copytree(
        ROOT / "docs",
        tmp_path / "docs",
        ignore=shutil.ignore_patterns("_build", "generated", "auto_examples"),
    )
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = {**os.environ, "SPHINX_GALLERY_QUICK": "1", "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(tmp_path / "docs"),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    html = tmp_path / "html"
    for page in [
        "user_guide.html",
        "cli.html",
        "api.html",
        "auto_examples/index.html",
        "auto_examples/plot_quickstart.html",
        "generated/sklearn_isad.report.write_html_report.html",
    ]:
        assert (html / page).is_file(), page
