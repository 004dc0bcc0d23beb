# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Sphinx configuration: API pages are generated from numpydoc docstrings."""

import os

import sklearn_isad

project = "sklearn-isad"
author = "The sklearn-isad developers"
release = sklearn_isad.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

# The gallery runs every examples/plot_*.py and keeps its output and
# figures. SPHINX_GALLERY_QUICK=1 (``make docs-quick``, tests/test_docs.py)
# renders the examples' code and text without running them.
_QUICK = os.environ.get("SPHINX_GALLERY_QUICK", "") not in ("", "0")
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    # the full-size quickstart is `make demo`, not a gallery page
    "ignore_pattern": r"hdfs_quickstart\.py|__init__\.py",
    "plot_gallery": "False" if _QUICK else "True",
    # run every example in a full build, even one a quick build left stale
    "run_stale_examples": not _QUICK,
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "download_all_examples": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
    "show_memory": False,
}

autosummary_generate = True
autodoc_default_options = {"members": True}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "ingestion.md",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
]
html_theme = "alabaster"
# intersphinx needs the network, which the build machines lack; the
# references to other projects then render as plain text.
intersphinx_mapping = {}
nitpicky = False


def _skip_routing_methods(app, what, name, obj, skip, options):
    """Leave methods inherited from scikit-learn and imbalanced-learn (and
    their generated set_*_request methods) to those projects' docs."""
    if name.startswith("set_") and name.endswith("_request"):
        return True
    if (getattr(obj, "__module__", None) or "").startswith(("sklearn.", "imblearn.")):
        return True
    return skip


def setup(app):
    app.connect("autodoc-skip-member", _skip_routing_methods)
