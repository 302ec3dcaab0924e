"""policypress: bilingual, versioned policies published as a static site with diffs, history and notice of changes."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("policypress")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

GENERATOR = "policypress"
"""The name a site's ``policies.json`` gives as its generator, followed by the version that built it."""


def built_by_policypress(generator: object) -> bool:
    """Whether a ``policies.json`` generator field names policypress (``policypress 0.1.0``; ``policypress`` before 0.1.0).

    >>> built_by_policypress("policypress 0.1.0"), built_by_policypress("policypress"), built_by_policypress("policypressx")
    (True, True, False)
    """
    return isinstance(generator, str) and (generator == GENERATOR or generator.startswith(GENERATOR + " "))
