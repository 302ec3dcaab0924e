"""Where the files the package ships live: templates, catalogs, stylesheet and script, schemas.

One place, so that modules moving between subpackages never break a path.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"
"""Jinja2 templates: generated pages, notices, the theme's blocks, the scaffold of a new site."""
LOCALES = PACKAGE / "locales"
"""The package's gettext catalogs (``<code>/LC_MESSAGES/policypress.po``)."""
ASSETS = PACKAGE / "assets"
"""policypress.css and policypress.js, published under ``assets/policypress/``."""
DATA = PACKAGE / "data"
"""JSON Schemas the package publishes (``policies.schema.json``)."""
