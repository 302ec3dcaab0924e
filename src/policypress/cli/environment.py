"""What the command reads from its environment: the front end's settings, never the core's.

``POLICYPRESS_AS_OF`` (the moment a site shows), ``POLICYPRESS_PREVIEW`` and
``POLICYPRESS_SITE_URL`` are read here, once per command, and passed on as
arguments; a flag given on the command line wins over its variable.
"""

from __future__ import annotations

import os
from typing import Mapping

from policypress.core.flags import flag
from policypress.core.schedule import AsOf, now, parse_as_of

AS_OF_ENV = "POLICYPRESS_AS_OF"
PREVIEW_ENV = "POLICYPRESS_PREVIEW"
SITE_URL_ENV = "POLICYPRESS_SITE_URL"


def truthy(value: str | None) -> bool:
    """Whether a yes/no environment variable says yes (:func:`policypress.core.flags.flag`; anything else is no).

    >>> truthy("1"), truthy(" Yes "), truthy("0"), truthy(None)
    (True, True, False, False)
    """
    return flag(value) is True


def as_of(flag: str | None = None, environ: Mapping[str, str] | None = None) -> AsOf:
    """The moment to show: ``--as-of`` if given, else ``POLICYPRESS_AS_OF`` if set, else now.

    Errors name where the value came from (the flag or the variable).
    """
    if flag:
        return parse_as_of(flag, "--as-of")
    text = (os.environ if environ is None else environ).get(AS_OF_ENV, "").strip()
    return parse_as_of(text, AS_OF_ENV) if text else now()


def preview(flag: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to build a preview: ``--preview``, or ``POLICYPRESS_PREVIEW=1``."""
    return flag or truthy((os.environ if environ is None else environ).get(PREVIEW_ENV))


def site_url(environ: Mapping[str, str] | None = None) -> str | None:
    """``POLICYPRESS_SITE_URL``: the address a preview is published at, when it is not the site's own."""
    return (os.environ if environ is None else environ).get(SITE_URL_ENV, "").strip() or None
