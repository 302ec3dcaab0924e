"""``python -m policypress.cli``: the ``policypress`` command."""

import sys

from policypress.cli.driver import main

if __name__ == "__main__":
    sys.exit(main())
