# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of DrainParser."""

import logging
import pickle
import random
import string

import pytest
from sklearn.base import clone
from sklearn.utils import estimator_checks

from sklearn_isad.logs import DrainParser


def test_transform_gives_training_lines_their_fit_ids():
    """Check that training lines keep their ids when transformed after fit."""
    lines = ["worker7Init begin", "cacheInit begin", "cacheInit end"]
    parser = DrainParser()
    fitted = parser.fit_transform(lines)

    assert parser.transform(lines) == fitted
    # Independently: the two "begin" lines share an event, "end" does not.
    assert fitted[0] == fitted[1] != fitted[2]
    assert DrainParser().fit(lines).transform(lines) == fitted


def test_fit_transform_equals_fit_then_transform_on_real_sample():
    """Check that fit_transform and fit + transform agree on loghub HDFS lines."""
    from sklearn_isad.datasets import load_hdfs

    contents = load_hdfs("hdfs_complete").contents[:5000]
    parser = DrainParser()
    assert parser.fit_transform(contents) == parser.transform(contents)


def test_unseen_line_gets_unseen_id():
    """Check that a line matching no template maps to unseen_id, not an error."""
    parser = DrainParser(unseen_id="NEW").fit(["disk full", "disk empty"])
    before = dict(parser.templates_)
    events = parser.transform(["completely different message here", "disk full"])

    assert parser.templates_ == before  # transform learns nothing
    assert parser.transform(["completely different message here"]) == ["NEW"]
    assert events[0] == "NEW"
    assert events[1] in parser.templates_
    assert "NEW" not in parser.templates_


def test_numbers_masked_match_longer_number():
    """Check that node 123456 ready maps to the event of node 17 / node 4 ready."""
    parser = DrainParser().fit(["node 17 ready", "node 4 ready"])

    assert parser.n_templates_ == 1
    (event,) = parser.templates_
    assert parser.transform(["node 123456 ready"]) == [event]
    assert parser.templates_[event] == "node <NUM> ready"


def test_ip_with_port_masked_version_kept():
    """Check that an address with port is one <IP> and a dotted version is not."""
    parser = DrainParser().fit(
        ["peer 192.0.2.10:443 up", "firmware 3.10.2.15.4 loaded"]
    )
    templates = sorted(parser.templates_.values())

    assert templates == ["firmware 3.10.2.15.4 loaded", "peer <IP> up"]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("from 10.0.0.1.", "from <IP>."),
        ("src: /10.250.18.114:43996 dest", "src: /<IP> dest"),
        ("v1.2.3.4 ok", "v1.2.3.4 ok"),
        ("read /var/log/app-1.log now", "read <PATH> now"),
        ("see http://host/a/b", "see http://host/a/b"),
        ("and/or 1/2", "and/or <NUM>/<NUM>"),
        ("addr 0x1F3a ok", "addr <HEX> ok"),
        ("hash e3b0c44298fc1c14 ok", "hash <HEX> ok"),
        ("word deadbeefcafe stays", "word deadbeefcafe stays"),
        ("took -5 ms, 3.25 s", "took <NUM> ms, <NUM> s"),
        ("generating core.2275", "generating core.<NUM>"),
        (
            "[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] ok",
            "[instance: <UUID>] ok",
        ),
        ("R02-M1-N0 up", "R02-M1-N0 up"),
        ("blk_-3 and blk_3", "<BLK> and <BLK>"),
    ],
)
def test_default_masking(line, expected):
    """Check what each default mask replaces, and what it must leave alone."""
    parser = DrainParser().fit([line])
    assert list(parser.templates_.values()) == [expected]


def test_masking_is_configurable():
    """Check that masking=None keeps values and a custom mask applies."""
    lines = ["user alice logged in from 10.0.0.1", "user bob logged in from 10.0.0.2"]

    raw = DrainParser(masking=None, sim_th=0.9).fit(lines)
    assert raw.n_templates_ == 2

    custom = DrainParser(masking=[("USER", r"(?<=user )\w+"), "ip"]).fit(lines)
    assert list(custom.templates_.values()) == ["user <USER> logged in from <IP>"]


@pytest.mark.parametrize(
    "params, match",
    [
        ({"masking": "everything"}, "masking"),
        ({"masking": ["nope"]}, r"masking\[0\]"),
        ({"masking": [("X", "(")]}, r"masking\[0\]"),
        ({"sim_th": 1.5}, "sim_th"),
        ({"depth": 2}, "depth"),
        ({"extra_delimiters": ("",)}, "extra_delimiters"),
        ({"unseen_id": "E3"}, "unseen_id"),
    ],
)
def test_invalid_parameters_are_named(params, match):
    """Check that a bad parameter raises an error naming it, at fit time."""
    parser = DrainParser(**params)  # __init__ never validates
    with pytest.raises((ValueError, TypeError), match=match):
        parser.fit(["a line"])


@pytest.mark.parametrize(
    "X, match",
    [
        ("just one string", "single str"),
        ([b"ok", 3], r"X\[1\]"),
        ([], "no log line"),
        (["", "  ", "\r\n"], "all blank"),
    ],
)
def test_invalid_input_is_explained(X, match):
    """Check that unusable input raises a clear error."""
    with pytest.raises((ValueError, TypeError), match=match):
        DrainParser().fit(X)


def test_fit_reads_its_input_once():
    """Check that fit accepts a generator and a numpy array of strings."""
    import numpy as np

    lines = ["job 1 done", "job 2 done", "queue empty"]
    from_generator = DrainParser().fit_transform(line for line in lines)
    from_array = DrainParser().fit_transform(np.array(lines))
    assert from_generator == from_array == ["E1", "E1", "E2"]


def test_whitespace_and_line_endings_do_not_change_the_event():
    """Check that surrounding whitespace, \\r\\n and \\n leave the event as is."""
    parser = DrainParser().fit(["service 12 started", "service 13 stopped"])
    variants = [
        "service 99 started",
        "  service 99 started",
        "service 99 started\r\n",
        "service 99 started\n",
        "\tservice   99 started  ",
    ]
    events = parser.transform(variants)
    assert len(set(events)) == 1 and events[0] in parser.templates_

    # The same preparation applies when learning.
    messy = DrainParser().fit([" service 12 started\r\n", "service 13  stopped\n"])
    assert messy.templates_ == parser.templates_


def test_blank_lines_never_become_templates():
    """Check that blank lines produce no template and map to blank_id."""
    lines = ["job 1 done", "", "   ", "\t\r\n", "job 2 done", "queue empty"]
    parser = DrainParser()
    events = parser.fit_transform(lines)

    assert parser.n_templates_ == 2
    assert all(t.strip() for t in parser.templates_.values())
    assert events[1:4] == ["BLANK"] * 3
    assert parser.n_blank_lines_ == 3
    assert DrainParser(blank_id=None).fit_transform(lines)[1] == "UNSEEN"


def test_first_word_variants_give_one_template():
    """Check that 300 '<random word> login ok from gateway' lines make one template."""
    rng = random.Random(0)
    words = {"".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(300)}
    lines = [f"{w} login ok from gateway" for w in sorted(words)]
    parser = DrainParser()
    events = parser.fit_transform(lines)

    assert len(lines) == 300
    assert parser.n_templates_ == 1
    assert set(events) == {"E1"}
    assert parser.templates_["E1"] == "<*> login ok from gateway"

    # drain3's own routing keeps first words apart until max_children is hit.
    vanilla = DrainParser(merge_routing_variants=False, max_children=50)
    assert vanilla.fit(lines).n_templates_ == 50


def test_same_result_in_any_working_directory(tmp_path, monkeypatch, capfd, caplog):
    """Check that no drain3.ini is read and nothing is printed, wherever we run."""
    lines = ["connected to 10.1.2.3", "connected to 10.9.8.7"]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    # A config file that would disable masking if drain3 read it.
    (tmp_path / "b" / "drain3.ini").write_text("[MASKING]\nmasking = []\n")
    results = []
    caplog.set_level(logging.INFO)
    for folder in ("a", "b"):
        monkeypatch.chdir(tmp_path / folder)
        results.append(DrainParser().fit(lines).templates_)

    assert results[0] == results[1] == {"E1": "connected to <IP>"}
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    assert not [r for r in caplog.records if r.levelno >= logging.INFO]


def test_drain_parameters_change_the_result():
    """Check that sim_th, depth and extra_delimiters reach Drain."""
    lines = ["a b c d", "a b x y"]  # half of the tokens agree
    assert DrainParser(sim_th=0.4).fit(lines).n_templates_ == 1
    assert DrainParser(sim_th=0.6).fit(lines).n_templates_ == 2

    lines = ["open file=a mode=r", "open file=b mode=w"]
    assert DrainParser(extra_delimiters=("=",), sim_th=0.6).fit(lines).templates_ == {
        "E1": "open file <*> mode <*>"
    }
    # depth=4 routes by the first token, depth=5 by the first two: with a
    # different second token, depth=5 keeps apart what depth=4 merges.
    lines = ["a b c d", "a x c y"]
    assert DrainParser(depth=4, masking=None).fit(lines).n_templates_ == 1
    assert DrainParser(depth=5, masking=None).fit(lines).n_templates_ == 2


def test_pickle_round_trip_keeps_the_mapping():
    """Check that a pickled parser maps lines exactly as the original."""
    lines = ["a 1", "b 2 c", "a 3", "unknown thing here"]
    parser = DrainParser().fit(lines[:3])
    expected = parser.transform(lines)
    restored = pickle.loads(pickle.dumps(parser))

    assert hasattr(parser, "_cache")  # pickling left the original intact
    assert restored.templates_ == parser.templates_
    assert restored.transform(lines) == parser.transform(lines) == expected


@pytest.mark.parametrize(
    "check",
    [
        estimator_checks.check_no_attributes_set_in_init,
        estimator_checks.check_parameters_default_constructible,
        estimator_checks.check_get_params_invariance,
        estimator_checks.check_set_params,
        estimator_checks.check_estimator_repr,
        estimator_checks.check_estimator_cloneable,
        estimator_checks.check_mixin_order,
        estimator_checks.check_do_not_raise_errors_in_init_or_set_params,
    ],
    ids=lambda check: check.__name__,
)
def test_fit_free_estimator_checks(check):
    """Check the scikit-learn API checks that need no 2-D numeric input."""
    check("DrainParser", DrainParser())


def test_clone_and_params():
    """Check that the parser follows the scikit-learn parameter contract."""
    parser = DrainParser(sim_th=0.5, masking=["num"])
    cloned = clone(parser)
    assert cloned.get_params() == parser.get_params()
    assert not hasattr(cloned, "templates_")
    with pytest.raises(Exception, match="not fitted"):
        cloned.transform(["x"])
