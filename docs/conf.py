"""Sphinx configuration: MyST Markdown pages, the furo theme, autodoc API."""

from __future__ import annotations

from importlib.metadata import version as _version

project = "kzcn_relations"
author = "The kzcn_relations developers"
copyright = "2026, The kzcn_relations developers"  # noqa: A001
release = _version("kzcn-relations")
version = release

extensions = ["myst_parser", "sphinx.ext.autodoc"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "kzcn_relations"
html_static_path = ["_static"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False}
