# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Sphinx configuration: API pages are generated from numpydoc docstrings."""

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
]

autosummary_generate = True
autodoc_default_options = {"members": True}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
templates_path = ["_templates"]
exclude_patterns = ["_build", "ingestion.md"]
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
