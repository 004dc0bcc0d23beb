# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The paper-tables benchmark in its quick mode."""

import pytest

from tests.conftest import SHARED_DATA


@pytest.mark.skipif(
    not (SHARED_DATA / "hdfs_100k_sessions").exists(), reason="needs ../shared/data"
)
def test_paper_tables_quick(tmp_path, capsys):
    """Check that the quick run writes both tables with every method and data
    set, the truncated-HDFS recall ceiling, and the sensitivity plot."""
    from benchmarks.paper_tables import main

    report = main(["--quick", "--out", str(tmp_path)])

    written = (tmp_path / "paper_tables_quick.md").read_text()
    assert written == report
    assert (tmp_path / "sensitivity_ratio.png").stat().st_size > 1000
    for method in (
        "PCA",
        "IsolationForest",
        "OneClassSVM",
        "LogCluster",
        "DeepLog",
        "LogAnomaly",
        "Low-Freq",
        "InterpretableSAD",
    ):
        assert f"| {method} |" in report
    for column in (
        "HDFS complete",
        "HDFS 100k (truncated)",
        "BGL BGL_4k",
        "BGL bgl_2k",
        "BGL bgl_head10k",
        "Thunderbird",
    ):
        assert column in report
    # 159 of the 313 anomalous truncated sessions equal a normal one
    assert "recall ceiling 0.492" in report
    assert "eta tuned on test (paper protocol)" in report
