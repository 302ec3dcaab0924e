"""The ``policypress`` command line: a thin driver over plain command functions."""

from policypress.cli.driver import main

__all__ = ["main"]
